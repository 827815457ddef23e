import Foundation

/// Removes payment and access secrets from text before it leaves the machine (the LLM second opinion): card numbers,
/// IBANs, bank account, routing and sort code numbers, passwords, PINs and card security codes. Pure and deterministic.
///
/// What counts as a secret, and how it is recognised:
/// - **card numbers**: 13–19 digits, in one block or in groups separated by single spaces or dashes, that pass the
///   Luhn check (a random number passes one time in ten, so unlabelled digit runs that fail it are left alone);
/// - **IBANs**: two letters, two check digits and 11–30 letters or digits (compact, or printed in groups separated
///   by single spaces) whose ISO 13616 mod-97 check gives 1;
/// - **bank accounts**: digits after a label — routing / ABA / transit / institution number, account / acct /
///   numéro de compte / número de cuenta, RIB, BIC/SWIFT codes after their label;
/// - **sort codes**: `12-34-56` (or `123456`, `12 34 56`) after "sort code";
/// - **passwords**: the value after password / passwd / pwd / passcode / mot de passe / mdp / contraseña / clave
///   followed by `:`, `=`, "is", "est" or "es" (so "I forgot my password for the portal" keeps its words);
/// - **PINs**: 4–8 digits after "PIN" / "NIP", and the value after a security answer or an access code (gate, door,
///   lockbox, alarm, keypad code; code de porte / d'accès; código de acceso), all redacted as a password;
/// - **CVV**: 3–4 digits after CVV / CVC / CID / security code / cryptogramme / código de seguridad.
/// A label is kept and only its value replaced (`password: [redacted password]`), so the text still reads naturally.
/// Every pattern is bounded (no nested quantifiers), so the work is linear in the text.
public enum TriageRedactor {
    /// A kind of secret.
    public enum Kind: String, Sendable, Hashable, CaseIterable, Codable {
        case cardNumber = "card_number"
        case iban
        case bankAccount = "bank_account"
        case sortCode = "sort_code"
        case password
        case securityCode = "security_code"

        /// What replaces a value of this kind.
        public var placeholder: String {
            switch self {
            case .cardNumber: "[redacted card number]"
            case .iban: "[redacted IBAN]"
            case .bankAccount: "[redacted account number]"
            case .sortCode: "[redacted sort code]"
            case .password: "[redacted password]"
            case .securityCode: "[redacted security code]"
            }
        }
    }

    /// Redacted text and what was removed from it.
    public struct Result: Sendable, Hashable {
        public var text: String
        /// The kinds found, with how many values of each.
        public var counts: [Kind: Int]

        /// The kinds found.
        public var kinds: Set<Kind> { Set(counts.keys) }
        /// How many values were replaced.
        public var total: Int { counts.values.reduce(0, +) }
    }

    /// Labelled secrets: the label (kept) is group 1, the value (replaced) group 2. Case-insensitive.
    private static let labelled: [(Kind, NSRegularExpression)] = {
        let separator = #"(?:\s{0,3}(?:[:=#]|\bis\b|\best\b|\bes\b|\bwas\b|\bétait\b|\bera\b)){1,2}\s{0,3}"#
        let patterns: [(Kind, String)] = [
            (.password, #"(\b(?:passwords?|passwd|pwd|pass\s?code|mot\s+de\s+passe|mdp|contraseña|contrasena|clave)"# + separator
                + #")("?[^\s"]{1,128}"?)"#),
            // Security answers (e-Transfer) after a separator.
            (.password, #"(\b(?:security\s+(?:answer|question\s+answer)|réponse\s+(?:de\s+sécurité|secrète)|respuesta\s+(?:de\s+seguridad|secreta))"#
                + #"(?:\s{0,3}(?:[:=#]|\bis\b|\best\b|\bes\b)){1,2}\s{0,3})("?[^\s"]{1,64}"?)"#),
            // The access codes trades are given (gate, door, lockbox, alarm, keypad): the value must hold a digit, so
            // "the gate code / password: …" leaves the slash alone and the password rule takes the password.
            (.password, #"(\b(?:(?:gate|door|lock\s?box|alarm|garage|access|entry|key\s?pad)\s+code|code\s+(?:de\s+(?:la\s+)?(?:porte|barrière|portail)|d'accès|d'alarme)"#
                + #"|c[óo]digo\s+de\s+(?:acceso|(?:la\s+)?puerta|alarma))"# + #"(?:\s{0,3}(?:[:=#]|\bis\b|\best\b|\bes\b))?\s{0,3})((?=[^\s"]{0,63}\d)"?[^\s"]{1,64}"?)"#),
            (.password, #"(\b(?:PIN|NIP)(?:\s{1,3}(?:code|number|no\.?|num(?:éro|ero)?))?(?:\s{0,3}(?:[:=#]|\bis\b|\best\b|\bes\b))?\s{0,3})(\d{4,8})\b"#),
            (.securityCode, #"(\b(?:CVV2?|CVC2?|CID|security\s+code|code\s+de\s+sécurité|cryptogramme(?:\s+visuel)?|código\s+de\s+seguridad)"#
                + #"(?:\s{0,3}(?:[:=#-]|\bis\b|\best\b|\bes\b))?\s{0,3})(\d{3,4})\b"#),
            (.sortCode, #"(\bsort\s?code(?:\s{0,3}(?:[:=#-]|\bis\b))?\s{0,3})(\d{2}[ -]?\d{2}[ -]?\d{2})\b"#),
            (.bankAccount, #"(\b(?:routing|ABA|transit|institution|account|acct|a/c|compte|cuenta|RIB|BSB)"#
                + #"(?:\s{1,3}(?:number|no\.?|num(?:éro|ero)?|#|nr\.?))?"# + #"(?:\s{0,3}(?:[:=#]|\bis\b|\best\b|\bes\b))?\s{0,3})"#
                + #"(\d[\d -]{2,32}\d)"#),
            (.bankAccount, #"(\b(?:num(?:éro|ero)\s+de\s+(?:compte|cuenta))(?:\s{0,3}(?:[:=#]|\best\b|\bes\b))?\s{0,3})(\d[\d -]{2,32}\d)"#),
            (.bankAccount, #"(\b(?:BIC|SWIFT)(?:\s{1,3}code)?(?:\s{0,3}[:=#])?\s{0,3})([A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?)\b"#),
        ]
        return patterns.map { kind, pattern in
            // ICU patterns: compiled once; a failure here is a programming error caught by the tests.
            (kind, try! NSRegularExpression(pattern: pattern, options: [.caseInsensitive]))
        }
    }()

    /// For each pattern of `labelled`, in order: ASCII stems of which a match must contain one (lower-cased). Every
    /// alert and forward redacts its text, and nine ICU regexes per text were 3 % of the pipeline's CPU; text without
    /// any stem cannot match. Text with a non-ASCII scalar always runs every pattern (ICU folds case beyond ASCII).
    private static let labelStems: [[String]] = [
        ["pass", "pwd", "mdp", "contrase", "clave"],
        ["security", "respuesta"],
        ["code", "codigo"],
        ["pin", "nip"],
        ["cvv", "cvc", "cid", "security", "code", "cryptogramme", "codigo"],
        ["sort"],
        ["routing", "aba", "transit", "institution", "account", "acct", "a/c", "compte", "cuenta", "rib", "bsb"],
        ["num"],
        ["bic", "swift"],
    ]

    /// Redacts every secret `text` holds.
    public static func redact(_ text: String) -> Result {
        assert(labelStems.count == labelled.count, "one stem list per labelled pattern")
        var counts: [Kind: Int] = [:]
        var current = text
        let ascii = text.utf8.allSatisfy { $0 < 0x80 }
        let lower = ascii ? text.lowercased() : ""
        for (index, (kind, regex)) in labelled.enumerated() {
            if ascii && !labelStems[index].contains(where: { lower.utf8.containsBytes($0.utf8) }) { continue }
            current = replaceLabelled(current, regex: regex, kind: kind, counts: &counts)
        }
        // An IBAN holds two check digits, a card number at least 13 digits (both ASCII).
        let digits = current.utf8.count { $0 >= 0x30 && $0 <= 0x39 }
        if digits >= 2 { current = replaceIBANs(current, counts: &counts) }
        if digits >= 13 { current = replaceCardNumbers(current, counts: &counts) }
        return Result(text: current, counts: counts)
    }

    // MARK: Labelled values

    private static func replaceLabelled(_ text: String, regex: NSRegularExpression, kind: Kind, counts: inout [Kind: Int]) -> String {
        let source = text as NSString
        let matches = regex.matches(in: text, range: NSRange(location: 0, length: source.length))
        guard !matches.isEmpty else { return text }
        var output = ""
        var cursor = 0
        for match in matches {
            let value = match.range(at: 2)
            guard value.location != NSNotFound else { continue }
            // An account label followed by a number that is too short to be one (a count, "account 12") stays.
            if kind == .bankAccount && source.substring(with: value).filter(\.isNumber).count < 4 && !isBIC(source.substring(with: value)) { continue }
            output += source.substring(with: NSRange(location: cursor, length: value.location - cursor))
            output += kind.placeholder
            cursor = value.location + value.length
            counts[kind, default: 0] += 1
        }
        output += source.substring(from: cursor)
        return output
    }

    private static func isBIC(_ value: String) -> Bool {
        value.count >= 8 && value.prefix(6).allSatisfy(\.isLetter)
    }

    // MARK: IBANs

    /// The characters of an IBAN candidate: ASCII letters and digits.
    private static func isAlnum(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber) }

    private static func replaceIBANs(_ text: String, counts: inout [Kind: Int]) -> String {
        let chars = Array(text)
        var output = ""
        var i = 0
        var copiedUpTo = 0
        while i < chars.count {
            // A candidate starts a word with two letters and two digits.
            guard i + 4 <= chars.count, chars[i].isASCII, chars[i].isLetter, chars[i + 1].isASCII, chars[i + 1].isLetter,
                chars[i + 2].isASCII, chars[i + 2].isNumber, chars[i + 3].isASCII, chars[i + 3].isNumber,
                i == 0 || !isAlnum(chars[i - 1])
            else { i += 1; continue }
            // Its groups: runs of letters and digits separated by single spaces; every group end is a possible IBAN end.
            var ends: [Int] = []
            var j = i
            while true {
                while j < chars.count && isAlnum(chars[j]) { j += 1 }
                ends.append(j)
                if j + 1 < chars.count && chars[j] == " " && isAlnum(chars[j + 1]) && ends.count < 12 { j += 1 } else { break }
            }
            var matched: Int?
            for end in ends.reversed() {
                let compact = String(chars[i..<end].filter { $0 != " " }).uppercased()
                if (15...34).contains(compact.count) && ibanChecksumValid(compact) { matched = end; break }
            }
            if let end = matched {
                output += String(chars[copiedUpTo..<i]) + Kind.iban.placeholder
                counts[.iban, default: 0] += 1
                copiedUpTo = end
                i = end
            } else {
                i += 1
            }
        }
        guard copiedUpTo > 0 else { return text }
        return output + String(chars[copiedUpTo...])
    }

    /// ISO 13616: the first four characters moved to the end, letters as 10–35, the number mod 97 is 1.
    static func ibanChecksumValid(_ iban: String) -> Bool {
        let chars = Array(iban)
        guard chars.count >= 5, chars[0].isLetter, chars[1].isLetter, chars[2].isNumber, chars[3].isNumber else { return false }
        var remainder = 0
        for c in chars[4...] + chars[..<4] {
            guard let ascii = c.asciiValue else { return false }
            switch ascii {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                remainder = (remainder * 10 + Int(ascii - UInt8(ascii: "0"))) % 97
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                remainder = (remainder * 100 + Int(ascii - UInt8(ascii: "A")) + 10) % 97
            default:
                return false
            }
        }
        return remainder == 1
    }

    // MARK: Card numbers

    private static func replaceCardNumbers(_ text: String, counts: inout [Kind: Int]) -> String {
        let chars = Array(text)
        var output = ""
        var copiedUpTo = 0
        var i = 0
        while i < chars.count {
            guard chars[i].isASCII, chars[i].isNumber, i == 0 || !isAlnum(chars[i - 1]) else { i += 1; continue }
            // The run of digit groups separated by single spaces or dashes.
            var groups: [(start: Int, end: Int)] = []
            var j = i
            while true {
                let start = j
                while j < chars.count && chars[j].isASCII && chars[j].isNumber { j += 1 }
                // A group glued to a letter ("12abc") is not a number: the run ends before it.
                if j < chars.count && chars[j].isLetter { break }
                groups.append((start, j))
                if j + 1 < chars.count && (chars[j] == " " || chars[j] == "-") && chars[j + 1].isASCII && chars[j + 1].isNumber && groups.count < 19 {
                    j += 1
                } else {
                    break
                }
            }
            guard !groups.isEmpty else { i = j + 1; continue }
            var g = 0
            while g < groups.count {
                var matchedEnd: Int?
                var digits: [UInt8] = []
                var candidates: [Int] = []
                for h in g..<groups.count {
                    for c in chars[groups[h].start..<groups[h].end] { digits.append(c.asciiValue! - UInt8(ascii: "0")) }
                    if digits.count > 19 { break }
                    if digits.count >= 13 && luhnValid(digits) { candidates.append(h) }
                }
                if let h = candidates.last { matchedEnd = h }  // the longest number that passes
                if let h = matchedEnd {
                    output += String(chars[copiedUpTo..<groups[g].start]) + Kind.cardNumber.placeholder
                    counts[.cardNumber, default: 0] += 1
                    copiedUpTo = groups[h].end
                    g = h + 1
                } else {
                    g += 1
                }
            }
            i = max(j, i + 1)
        }
        guard copiedUpTo > 0 else { return text }
        return output + String(chars[copiedUpTo...])
    }

    /// The Luhn check of a card number's digits.
    static func luhnValid(_ digits: [UInt8]) -> Bool {
        var sum = 0
        for (index, digit) in digits.reversed().enumerated() {
            var d = Int(digit)
            if index % 2 == 1 {
                d *= 2
                if d > 9 { d -= 9 }
            }
            sum += d
        }
        return sum % 10 == 0
    }
}
