import FloWorxCore
import Foundation

/// Builds the RFC 5322 reply FloWorx stores as a Gmail draft (`drafts.create` with `message.raw`): From, To (the
/// original's Reply-To when it has one, else its From), `Subject: Re: …` with exactly one "Re: ", In-Reply-To and
/// References (RFC 5322 §3.6.4, so Gmail keeps the draft in the thread), a `text/plain; charset=utf-8` body in
/// quoted-printable, CRLF line ends.
///
/// Header injection is impossible by construction: display names and the subject have CR, LF and other controls
/// replaced by spaces and are written as quoted strings or RFC 2047 encoded words; addresses and message ids that
/// contain anything but their grammar's characters are refused (addresses) or dropped (message ids).
public struct MIMEReplyBuilder: Sendable {
    /// What the reply answers.
    public struct Original: Sendable, Hashable {
        public var from: EmailAddress
        /// Reply-To mailboxes; when present the reply goes to them instead of `from`.
        public var replyTo: [EmailAddress]
        public var subject: String
        /// The original's `Message-ID`, with or without angle brackets.
        public var messageId: String?
        /// The original's `References` identifiers, oldest first.
        public var references: [String]

        public init(from: EmailAddress, replyTo: [EmailAddress] = [], subject: String, messageId: String?, references: [String] = []) {
            self.from = from
            self.replyTo = replyTo
            self.subject = subject
            self.messageId = messageId
            self.references = references
        }

        /// From a message parsed with `EmailMessage(mime:)` (its `messageId` is the `Message-ID` header there).
        public init(_ message: EmailMessage, messageIdHeader: String? = nil) {
            self.init(from: message.from, replyTo: message.replyTo.map { [$0] } ?? [], subject: message.subject,
                      messageId: messageIdHeader ?? message.messageId, references: message.headers.references ?? [])
        }
    }

    /// Why a reply could not be built.
    public struct BuildError: Error, Sendable, Hashable, CustomStringConvertible {
        public var message: String
        public var description: String { "reply not built: \(message)" }
    }

    /// The sender: the connected mailbox.
    public var from: EmailAddress
    /// The reply's Date header.
    public var date: Date
    /// When set, the reply gets `Message-ID: <random@messageIdDomain>` (Gmail assigns one otherwise).
    public var messageIdDomain: String?
    /// The most References identifiers kept: the first and the most recent ones (long threads would grow the header
    /// without bound).
    public var maxReferences: Int

    public init(from: EmailAddress, date: Date = Date(), messageIdDomain: String? = nil, maxReferences: Int = 20) {
        self.from = from
        self.date = date
        self.messageIdDomain = messageIdDomain
        self.maxReferences = max(2, maxReferences)
    }

    /// The reply's bytes.
    public func build(replyingTo original: Original, body: String) throws(BuildError) -> Data {
        let recipients = original.replyTo.isEmpty ? [original.from] : original.replyTo
        var lines: [String] = []
        lines.append("From: " + (try Self.mailbox(from)))
        lines.append("To: " + (try recipients.map { address throws(BuildError) in try Self.mailbox(address) }.joined(separator: ", ")))
        lines.append(Self.fold("Subject: ", Self.encodeText(Self.replySubject(original.subject))))
        lines.append("Date: " + Self.rfc5322Date(date))
        if let domain = messageIdDomain, let id = Self.messageId(UUID().uuidString.lowercased() + "@" + domain) {
            lines.append("Message-ID: <\(id)>")
        }
        if let parent = original.messageId.flatMap(Self.messageId) {
            lines.append("In-Reply-To: <\(parent)>")
            var seen = Set<String>()
            var ids = (original.references.compactMap(Self.messageId) + [parent]).filter { seen.insert($0).inserted }
            if ids.count > maxReferences { ids = [ids[0]] + ids.suffix(maxReferences - 1) }
            lines.append(ids.map { "<\($0)>" }.joined(separator: "\r\n ").prepending("References: "))
        }
        lines.append("MIME-Version: 1.0")
        lines.append("Content-Type: text/plain; charset=utf-8")
        lines.append("Content-Transfer-Encoding: quoted-printable")
        return Data((lines.joined(separator: "\r\n") + "\r\n\r\n" + Self.quotedPrintable(body)).utf8)
    }

    // MARK: Pieces (internal for tests)

    /// "Re: " once, then the original subject without its own reply prefixes (`Re:`, `RE:`, `re :`, `Re[2]:`).
    static func replySubject(_ subject: String) -> String {
        var text = Self.singleLine(subject)
        while true {
            let trimmed = text.drop { $0 == " " }
            guard trimmed.prefix(2).lowercased() == "re" else { break }
            var rest = trimmed.dropFirst(2)
            if rest.first == "[", let close = rest.firstIndex(of: "]"), rest[rest.index(after: rest.startIndex)..<close].allSatisfy(\.isNumber) {
                rest = rest[rest.index(after: close)...]
            }
            rest = rest.drop { $0 == " " }
            guard rest.first == ":" else { break }
            text = String(rest.dropFirst())
        }
        let core = text.trimmingCharacters(in: .whitespaces)
        return core.isEmpty ? "Re:" : "Re: " + core
    }

    /// `"Name" <address>` or `address`; the name quoted or RFC 2047-encoded, the address checked.
    static func mailbox(_ address: EmailAddress) throws(BuildError) -> String {
        guard isValidAddress(address.email) else { throw BuildError(message: "not a usable address") }
        let name = singleLine(address.name ?? "").trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { return address.email }
        if name.unicodeScalars.allSatisfy({ $0.isASCII }) {
            let escaped = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return "\"\(escaped)\" <\(address.email)>"
        }
        // Encoded words on their own folded lines, the address on the next: every line stays within 78 characters.
        return encodedWords(name).joined(separator: "\r\n ") + "\r\n <\(address.email)>"
    }

    /// An addr-spec FloWorx is willing to write: one `@`, both sides non-empty, no whitespace, controls or the
    /// characters that end or nest an address (`<>()[],;:\"`).
    static func isValidAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, text.utf8.count <= 254 else { return false }
        return text.unicodeScalars.allSatisfy { scalar in
            !(scalar.value < 0x21 || scalar.value == 0x7F || "<>()[],;:\\\"".unicodeScalars.contains(scalar)
              || scalar.properties.isWhitespace)
        }
    }

    /// A message id without brackets if it is `left@right` of visible ASCII without brackets; nil otherwise.
    static func messageId(_ text: String) -> String? {
        var id = text.trimmingCharacters(in: .whitespaces)
        if id.hasPrefix("<") && id.hasSuffix(">") && id.count >= 2 { id = String(id.dropFirst().dropLast()) }
        guard id.contains("@"), id.utf8.count <= 250,
              id.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "<") && $0 != UInt8(ascii: ">") }) else { return nil }
        return id
    }

    /// Controls (CR and LF included) become spaces: a header value can never start a new header line.
    static func singleLine(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.properties.generalCategory == .control || $0 == "\u{2028}" || $0 == "\u{2029}" ? " " : $0 }))
    }

    /// ASCII text as it is; anything else as RFC 2047 encoded words (the words separated by folding).
    static func encodeText(_ text: String) -> String {
        if text.unicodeScalars.allSatisfy({ $0.isASCII }) { return text }
        return encodedWords(text).joined(separator: "\r\n ")
    }

    /// `=?UTF-8?B?…?=` words of 60 characters at most (RFC 2047 allows 75; 60 leaves room for `Subject: ` on the
    /// first line), never splitting a UTF-8 sequence (RFC 2047 §2, §5).
    static func encodedWords(_ text: String) -> [String] {
        var words: [String] = []
        var chunk: [UInt8] = []
        // At most 36 bytes: 48 base64 characters plus the 12 of `=?UTF-8?B?` and `?=`.
        for scalar in text.unicodeScalars {
            let bytes = Array(String(scalar).utf8)
            if chunk.count + bytes.count > 36 {
                words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=") }
        return words
    }

    /// Folds a long ASCII header at spaces so lines stay within 78 characters where possible (RFC 5322 §2.2.3).
    static func fold(_ name: String, _ value: String) -> String {
        guard !value.contains("\r\n"), name.count + value.count > 78 else { return name + value }
        var lines: [String] = []
        var line = name
        for word in value.split(separator: " ", omittingEmptySubsequences: false) {
            if line.count + 1 + word.count > 78 && line.count > name.count {
                lines.append(line)
                line = " " + word
            } else {
                line += (line == name ? "" : " ") + word
            }
        }
        lines.append(line)
        return lines.joined(separator: "\r\n")
    }

    static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return formatter.string(from: date)
    }

    /// Quoted-printable (RFC 2045 §6.7) of UTF-8 text with CRLF line breaks: encoded lines of at most 76 characters,
    /// trailing whitespace encoded, no `=XX` split by a soft break.
    static func quotedPrintable(_ text: String) -> String {
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        var output: [String] = []
        for line in normalized.split(separator: "\n", omittingEmptySubsequences: false) {
            let bytes = Array(line.utf8)
            var encoded = ""
            var lineLength = 0
            for (index, byte) in bytes.enumerated() {
                let isLast = index == bytes.count - 1
                let literal = (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "=")) || ((byte == 0x20 || byte == 0x09) && !isLast)
                let token = literal ? String(UnicodeScalar(byte)) : String(format: "=%02X", byte)
                // Keep room for the soft break "=" unless this token ends the line.
                let limit = isLast ? 76 : 75
                if lineLength + token.count > limit {
                    encoded += "=\r\n"
                    lineLength = 0
                }
                encoded += token
                lineLength += token.count
            }
            output.append(encoded)
        }
        return output.joined(separator: "\r\n")
    }
}

extension String {
    fileprivate func prepending(_ prefix: String) -> String { prefix + self }
}
