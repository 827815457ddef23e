/// Finds contact details and reference numbers in an email: the sender's name, a phone number, a street
/// address, an order number and an invoice number. Hand-written scanners over the UTF-8 bytes; no regular expressions.
enum EntityExtractor {
    /// Scans the subject and the new part of the body.
    static func extract(
        subject: UnsafeBufferPointer<UInt8>, subjectTokens: [Token],
        body: UnsafeBufferPointer<UInt8>, bodyTokens: [Token],
        message: EmailMessage, profile: ClientProfile, machineSender: Bool
    ) -> ExtractedEntities {
        var entities = ExtractedEntities()
        let own = ownPhones(profile)
        entities.phone = phone(in: body, excluding: own) ?? phone(in: subject, excluding: own)
        entities.address = address(in: body, tokens: bodyTokens) ?? address(in: subject, tokens: subjectTokens)
        entities.orderNumber = reference(in: subject, tokens: subjectTokens, kind: .order) ?? reference(in: body, tokens: bodyTokens, kind: .order)
        entities.invoiceNumber = reference(in: subject, tokens: subjectTokens, kind: .invoice)
            ?? reference(in: body, tokens: bodyTokens, kind: .invoice)
        entities.contactName = contactName(in: body, tokens: bodyTokens, message: message, machineSender: machineSender)
        return entities
    }

    // MARK: Phone numbers

    /// The last ten digits of the business's own numbers, which signatures and notifications repeat.
    static func ownPhones(_ profile: ClientProfile) -> [String] {
        var numbers = profile.managers.compactMap(\.phone)
        if let phone = profile.config.contact?.afterHoursPhone { numbers.append(phone) }
        return numbers.map { String(decoding: $0.utf8.filter { isDigit($0) }.suffix(10), as: UTF8.self) }
    }

    /// The first North American (`780-555-0142`, `(780) 555 0142`, `+1 780.555.0142`) or international
    /// (`+44 20 7946 0958`) number that is not one of `excluding`. North American numbers come back as `780-555-0142`,
    /// international ones as written.
    static func phone(in bytes: UnsafeBufferPointer<UInt8>, excluding: [String]) -> String? {
        let count = bytes.count
        var index = 0
        while index < count {
            let byte = bytes[index]
            let startsNumber = isDigit(byte) || byte == 0x2B || byte == 0x28  // digit, "+", "("
            if !startsNumber || (index > 0 && (isAlphanumeric(bytes[index - 1]) || bytes[index - 1] == 0x23 || bytes[index - 1] == 0x24
                || bytes[index - 1] == 0x2D || bytes[index - 1] == 0x2F)) {
                index += 1
                continue
            }
            var digits: [UInt8] = []
            var groups: [Int] = []
            var groupLength = 0
            var end = index
            var cursor = byte == 0x2B ? index + 1 : index
            while cursor < count && cursor - index < 26 {
                let c = bytes[cursor]
                if isDigit(c) {
                    digits.append(c)
                    groupLength += 1
                    end = cursor + 1
                } else if c == 0x20 || c == 0x2D || c == 0x2E || c == 0x28 || c == 0x29 {
                    if groupLength > 0 { groups.append(groupLength) }
                    groupLength = 0
                    if c == 0x20 && cursor > 0 && bytes[cursor - 1] == 0x20 { break }
                    if c == 0x2E && (cursor + 1 >= count || !isDigit(bytes[cursor + 1])) { break }
                } else {
                    break
                }
                cursor += 1
            }
            if groupLength > 0 { groups.append(groupLength) }
            let followedByWord = end < count && isAlphanumeric(bytes[end])
            if !followedByWord, let number = validNumber(digits: digits, groups: groups, international: byte == 0x2B) {
                let lastTen = String(decoding: digits.suffix(10), as: UTF8.self)
                if !excluding.contains(lastTen) {
                    if let formatted = number { return formatted }
                    return String(decoding: UnsafeBufferPointer(rebasing: bytes[index..<end]), as: UTF8.self)
                }
            }
            index = max(index + 1, end)
        }
        return nil
    }

    /// `.some(formatted)` for a North American number, `.some(nil)` for a valid international one (kept as written), `nil` otherwise.
    private static func validNumber(digits: [UInt8], groups: [Int], international: Bool) -> String?? {
        var local = digits
        if local.count == 11 && local[0] == 0x31 && (groups == [1, 3, 3, 4] || groups == [11] || groups == [1, 10]) {
            local.removeFirst()
        } else if local.count == 10 && (groups == [3, 3, 4] || groups == [10] || groups == [3, 7]) {
            // A plain North American number.
        } else if international && digits.first != 0x31 && (8...15).contains(digits.count) && groups.count >= 2 {
            return .some(nil)
        } else {
            return nil
        }
        // Area code and exchange never start with 0 or 1.
        guard local[0] >= 0x32, local[3] >= 0x32 else { return nil }
        let text = String(decoding: local, as: UTF8.self)
        let area = text.prefix(3), exchange = text.dropFirst(3).prefix(3), line = text.suffix(4)
        return .some("\(area)-\(exchange)-\(line)")
    }

    // MARK: Street addresses

    /// `10234 105 Street NW`, `45 Sage Hill Dr NW`, `1820 Bayshore Blvd`: a house number, one to four capitalised
    /// or numbered words, a street suffix and an optional direction, on one line.
    static func address(in bytes: UnsafeBufferPointer<UInt8>, tokens: [Token]) -> String? {
        let words = Words.shared
        var index = 0
        while index < tokens.count {
            let number = tokens[index]
            guard number.flags.contains(.numeric), number.end - number.start <= 6,
                  index == 0 || (tokens[index - 1].hash != words.dollar && tokens[index - 1].hash != words.hash)
            else {
                index += 1
                continue
            }
            var cursor = index + 1
            var names = 0
            var found: Int? = nil
            // The last suffix wins: "4812 W Bay Villa Ave", "2716 Willow Bend Dr".
            while cursor < tokens.count && cursor - index <= 5 {
                let token = tokens[cursor]
                if token.flags.contains(.lineStart) || (token.flags.contains(.breakBefore) && !onlyDots(bytes, tokens[cursor - 1].end, token.start)) { break }
                guard token.flags.contains(.capitalized) || token.flags.contains(.startsWithDigit) else { break }
                if names > 0 && words.streetSuffixes.contains(token.hash) { found = cursor }
                names += 1
                cursor += 1
            }
            if let suffix = found {
                var last = suffix
                if suffix + 1 < tokens.count {
                    let next = tokens[suffix + 1]
                    if !next.flags.contains(.lineStart), words.directions.contains(next.hash),
                       next.flags.contains(.allCaps) || (next.flags.contains(.capitalized) && next.end - next.start > 2),
                       onlyDots(bytes, tokens[suffix].end, next.start) {
                        last = suffix + 1
                    }
                }
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[Int(number.start)..<Int(tokens[last].end)]), as: UTF8.self)
            }
            index += 1
        }
        return nil
    }

    /// Whether only spaces and dots separate two byte offsets (`Dr. NW`).
    private static func onlyDots(_ bytes: UnsafeBufferPointer<UInt8>, _ from: Int32, _ to: Int32) -> Bool {
        var index = Int(from)
        while index < Int(to) {
            if bytes[index] != 0x20 && bytes[index] != 0x2E { return false }
            index += 1
        }
        return true
    }

    // MARK: Order and invoice numbers

    enum ReferenceKind {
        case order, invoice
    }

    /// `order #12345`, `Order No. WEB-10443`, `PO-88213`, `P.O. # 4471` for orders; `INV-2026-0042`, `invoice #8841`,
    /// `Invoice number: 55012` for invoices. Purchase orders come back as `PO-…`, other numbers as written.
    static func reference(in bytes: UnsafeBufferPointer<UInt8>, tokens: [Token], kind: ReferenceKind) -> String? {
        let words = Words.shared
        for (index, token) in tokens.enumerated() {
            switch kind {
            case .order:
                if token.hash == words.po && token.flags.contains(.allCaps) || (token.hash == words.p && index + 1 < tokens.count
                    && tokens[index + 1].hash == words.o && tokens[index + 1].start == token.end + 1) {
                    let after = token.hash == words.p ? tokens[index + 1].end : token.end
                    if let (identifier, _) = identifier(bytes, from: Int(after), marked: true, words: words) {
                        return identifier.hasPrefix("PO") ? identifier : "PO-" + identifier
                    }
                }
                if token.hash == words.order, let (identifier, marked) = identifier(bytes, from: Int(token.end), marked: false, words: words),
                   marked || identifier.filter(\.isNumber).count >= 4 {
                    return identifier
                }
            case .invoice:
                if token.hash == words.inv || (token.flags.contains(.allCaps) && bytes[Int(token.start)..<Int(token.end)].elementsEqual("INV".utf8)) {
                    if let (identifier, _) = identifier(bytes, from: Int(token.start), marked: true, words: words), identifier.count > 4 {
                        return identifier
                    }
                }
                if token.hash == words.invoice, let (identifier, marked) = identifier(bytes, from: Int(token.end), marked: false, words: words),
                   marked || identifier.filter(\.isNumber).count >= 4 {
                    return identifier
                }
            }
        }
        return nil
    }

    /// The identifier after a keyword: skips ` #`, `:`, `-`, `No.`, `number`, `confirmation`; returns it (letters, digits,
    /// inner `-` and `/`, at least one digit) and whether such a marker was seen.
    private static func identifier(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, marked: Bool, words: Words) -> (String, Bool)? {
        var index = start
        var marker = marked
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            if byte == 0x20 || byte == 0x3A || byte == 0x23 || byte == 0x2E || byte == 0x2D {
                if byte != 0x20 { marker = true }
                index += 1
                continue
            }
            // Marker words: "number", "no", "num", "confirmation".
            var end = index
            while end < count && isLetter(bytes[end]) { end += 1 }
            if end > index {
                let word = bytes[index..<end].map { $0 | 0x20 }
                if words.markerWords.contains(where: { $0 == word }) {
                    marker = true
                    index = end
                    continue
                }
            }
            break
        }
        var end = index
        var digits = 0
        while end < count {
            let byte = bytes[end]
            if isAlphanumeric(byte) {
                if isDigit(byte) { digits += 1 }
            } else if (byte == 0x2D || byte == 0x2F) && end + 1 < count && isAlphanumeric(bytes[end + 1]) {
                // inner separator
            } else {
                break
            }
            end += 1
        }
        guard digits > 0, end - index >= 3, end - index <= 24 else { return nil }
        return (String(decoding: UnsafeBufferPointer(rebasing: bytes[index..<end]), as: UTF8.self), marker)
    }

    // MARK: Contact name

    /// A form's `Name:` field, else "my name is …", else the name under the closing of the letter, else a personal display name.
    static func contactName(in bytes: UnsafeBufferPointer<UInt8>, tokens: [Token], message: EmailMessage, machineSender: Bool) -> String? {
        let words = Words.shared
        // "Name: Jane Doe" or "First Name: Jane" + "Last Name: Doe".
        var first: String? = nil
        var last: String? = nil
        for (index, token) in tokens.enumerated() where token.hash == words.name && token.flags.contains(.colonAfter) {
            let label: Token? = token.flags.contains(.lineStart) || index == 0 ? nil : tokens[index - 1]
            if let label, !label.flags.contains(.lineStart) { continue }
            guard let value = name(bytes, tokens, from: index + 1, maxWords: 4, wholeLine: true) else { continue }
            guard let label else { return value }
            if label.hash == words.first {
                first = value
            } else if label.hash == words.last {
                last = value
            } else if label.hash == words.full || label.hash == words.your || label.hash == words.contact || label.hash == words.customer {
                return value
            }
        }
        if let first { return last.map { "\(first) \($0)" } ?? first }

        // "My name is Jane Doe".
        var index = 0
        while index + 3 < tokens.count {
            if tokens[index].hash == words.my && tokens[index + 1].hash == words.name && tokens[index + 2].hash == words.isWord,
               let value = name(bytes, tokens, from: index + 3, maxWords: 3, wholeLine: false) {
                return value
            }
            index += 1
        }

        if let value = signatureName(bytes, tokens: tokens) { return value }
        return machineSender ? nil : displayName(message.from.name)
    }

    /// The name on the line after a closing such as "Thanks," or "Regards," (or on the same line: "Thanks, Mike").
    private static func signatureName(_ bytes: UnsafeBufferPointer<UInt8>, tokens: [Token]) -> String? {
        let closings = Words.shared.closings
        var found: String? = nil
        var start = 0
        while start < tokens.count {
            var end = start + 1
            while end < tokens.count && !tokens[end].flags.contains(.lineStart) { end += 1 }
            for closing in closings where end - start >= closing.count {
                var matches = true
                for offset in closing.indices where tokens[start + offset].hash != closing[offset] {
                    matches = false
                    break
                }
                guard matches else { continue }
                if end - start == closing.count {
                    if end < tokens.count, let value = name(bytes, tokens, from: end, maxWords: 3, wholeLine: true) { found = value }
                } else if tokens[start + closing.count].flags.contains(.breakBefore),
                          let value = name(bytes, tokens, from: start + closing.count, maxWords: 3, wholeLine: true) {
                    found = value
                }
                break
            }
            start = end
        }
        return found
    }

    /// One to `maxWords` capitalised words starting at token `from`, on one line, separated only by spaces, `.`, `-` or `'`;
    /// with `wholeLine`, nothing else may follow on the line.
    private static func name(_ bytes: UnsafeBufferPointer<UInt8>, _ tokens: [Token], from: Int, maxWords: Int, wholeLine: Bool) -> String? {
        var end = from
        while end < tokens.count && end - from < maxWords {
            let token = tokens[end]
            if end > from && (token.flags.contains(.lineStart) || !onlyNameGap(bytes, tokens[end - 1].end, token.start)) { break }
            guard isNameWord(bytes, token) else { break }
            end += 1
        }
        guard end > from else { return nil }
        if wholeLine && end < tokens.count && !tokens[end].flags.contains(.lineStart) { return nil }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[Int(tokens[from].start)..<Int(tokens[end - 1].end)]), as: UTF8.self)
    }

    /// A capitalised word of letters (ASCII or not).
    private static func isNameWord(_ bytes: UnsafeBufferPointer<UInt8>, _ token: Token) -> Bool {
        guard token.flags.contains(.capitalized) || bytes[Int(token.start)] == 0xC3 else { return false }
        var index = Int(token.start)
        while index < Int(token.end) {
            let byte = bytes[index]
            if byte < 0x80 && !isLetter(byte) && byte != 0x27 { return false }
            index += 1
        }
        return true
    }

    private static func onlyNameGap(_ bytes: UnsafeBufferPointer<UInt8>, _ from: Int32, _ to: Int32) -> Bool {
        var index = Int(from)
        while index < Int(to) {
            let byte = bytes[index]
            if byte != 0x20 && byte != 0x2E && byte != 0x2D && byte != 0x27 { return false }
            index += 1
        }
        return true
    }

    /// A display name that names a person: `Jane Doe`, `Doe, Jane`, `Jane Doe via Jotform`; not `Acme Billing`.
    static func displayName(_ raw: String?) -> String? {
        guard let raw else { return nil }
        var parts = raw.split(separator: " ").map { $0.filter { $0 != "\"" } }.filter { !$0.isEmpty }
        if let via = parts.firstIndex(of: "via") { parts = Array(parts[..<via]) }
        if parts.count == 2, parts[0].hasSuffix(",") { parts = [parts[1], String(parts[0].dropLast())] }
        let companyWords = Words.shared.companyWords
        guard (1...3).contains(parts.count), !parts.contains(where: { companyWords.contains($0.lowercased()) }) else { return nil }
        let display = parts.joined(separator: " ")
        return looksLikeName(display, maxWords: 3) ? display : nil
    }

    /// One to `maxWords` words, each starting with a capital letter and made of letters, `.`, `-` and `'`.
    static func looksLikeName(_ text: String, maxWords: Int) -> Bool {
        let parts = text.split(separator: " ")
        guard !parts.isEmpty, parts.count <= maxWords, text.count <= 40 else { return false }
        return parts.allSatisfy { part in
            guard let first = part.first, first.isUppercase else { return false }
            return part.allSatisfy { $0.isLetter || $0 == "." || $0 == "-" || $0 == "'" || $0 == "\u{2019}" }
        }
    }

    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    @inline(__always) static func isLetter(_ b: UInt8) -> Bool { (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) }
    @inline(__always) static func isAlphanumeric(_ b: UInt8) -> Bool { isDigit(b) || isLetter(b) }

    /// Word hashes and lists the scanners use, computed once.
    struct Words: Sendable {
        static let shared = Words()

        /// Letter closings, longest first, as word hashes.
        let closings: [[UInt64]] = [
            "thanks", "thank you", "thanks again", "thanks so much", "thank you so much", "many thanks", "regards", "best regards",
            "kind regards", "warm regards", "best", "all the best", "cheers", "sincerely", "yours truly", "respectfully", "take care",
            "thx", "thanks in advance", "talk soon", "appreciate it", "have a great day", "best wishes", "warmly", "merci", "gracias",
            "with thanks", "thank you again",
        ].map { TokenScanner.hashes(phrase: $0) }.sorted { $0.count > $1.count }
        let dollar = TokenScanner.hashes(phrase: "$")[0]
        let hash = TokenScanner.hashes(phrase: "#")[0]
        let po = TokenScanner.hashes(phrase: "po")[0]
        let p = TokenScanner.hashes(phrase: "p")[0]
        let o = TokenScanner.hashes(phrase: "o")[0]
        let order = TokenScanner.hashes(phrase: "order")[0]
        let inv = TokenScanner.hashes(phrase: "inv")[0]
        let invoice = TokenScanner.hashes(phrase: "invoice")[0]
        let name = TokenScanner.hashes(phrase: "name")[0]
        let first = TokenScanner.hashes(phrase: "first")[0]
        let last = TokenScanner.hashes(phrase: "last")[0]
        let full = TokenScanner.hashes(phrase: "full")[0]
        let your = TokenScanner.hashes(phrase: "your")[0]
        let contact = TokenScanner.hashes(phrase: "contact")[0]
        let customer = TokenScanner.hashes(phrase: "customer")[0]
        let my = TokenScanner.hashes(phrase: "my")[0]
        let isWord = TokenScanner.hashes(phrase: "is")[0]
        let markerWords: [[UInt8]] = ["number", "no", "num", "nbr", "confirmation", "id", "ref"].map { Array($0.utf8) }
        let streetSuffixes: Set<UInt64> = Set([
            "street", "st", "avenue", "ave", "av", "road", "rd", "boulevard", "blvd", "drive", "dr", "lane", "ln", "court", "ct",
            "crescent", "cres", "close", "way", "place", "pl", "trail", "trl", "terrace", "ter", "circle", "cir", "parkway", "pkwy",
            "highway", "hwy", "square", "sq", "gate", "gardens", "grove", "heights", "landing", "loop", "point", "pointe", "run", "row",
            "bay", "bend", "cove", "green", "manor", "mews", "park", "path", "ridge", "view", "vista", "walk", "common", "commons",
        ].map { TokenScanner.hashes(phrase: $0)[0] })
        let directions: Set<UInt64> = Set(["nw", "ne", "sw", "se", "n", "s", "e", "w", "north", "south", "east", "west"]
            .map { TokenScanner.hashes(phrase: $0)[0] })
        let companyWords: Set<String> = [
            "inc", "inc.", "ltd", "ltd.", "llc", "corp", "co.", "team", "support", "service", "services", "notifications", "notification",
            "google", "facebook", "bank", "noreply", "info", "sales", "office", "customer", "billing", "accounts", "alerts", "supply",
            "heating", "cooling", "roofing", "pools", "spas", "the", "group", "company", "admin", "reception", "dispatch", "jobs",
            "careers", "newsletter", "news", "marketing", "receivable", "payable", "wordpress", "website", "form", "forms",
        ]
    }
}
