/// RFC 5322 address lists: `Name <a@b>`, `"Doe, Jane" <a@b>`, `a@b (Name)`, groups (`Team: a@b, c@d;`,
/// `undisclosed-recipients:;`), comments, RFC 2047 display names.
public enum MIMEAddressList {
    /// The mailboxes in a raw header value, in order; groups contribute their members. Entries without a usable
    /// address are skipped. Domains are lowercased; local parts are kept as written.
    public static func parse(_ text: String) -> [EmailAddress] {
        var parser = Parser(bytes: Array(text.utf8))
        return parser.run()
    }

    /// Whitespace-separated run of atoms and quoted strings: `Jane`, `"Doe, Jane"`, `"j d"@example.com`.
    private struct Segment {
        var name: [UInt8] = []
        var spec: [UInt8] = []
        var hasAt = false
    }

    private struct Parser {
        let bytes: [UInt8]
        var index = 0
        var result: [EmailAddress] = []
        /// The words of the mailbox being read.
        var segments: [Segment] = []
        /// Whether the next atom or quoted string continues the last segment (nothing separated them).
        var open = false
        /// The first `<…>` of the mailbox being read.
        var angle: [UInt8]?
        /// The first comment of the mailbox being read: the display name of `a@b (Name)`.
        var comment: [UInt8]?

        init(bytes: [UInt8]) {
            self.bytes = bytes
        }

        mutating func run() -> [EmailAddress] {
            while index < bytes.count {
                let byte = bytes[index]
                switch byte {
                case MIMEBytes.space, MIMEBytes.tab, MIMEBytes.cr, MIMEBytes.lf:
                    open = false
                    index += 1
                case MIMEBytes.comma:
                    finish()
                    index += 1
                case MIMEBytes.semicolon:
                    // Ends a group.
                    finish()
                    index += 1
                case MIMEBytes.colon where angle == nil:
                    // Starts a group: what came before is its name, not a mailbox.
                    segments.removeAll()
                    comment = nil
                    index += 1
                case MIMEBytes.openParen:
                    let text = readComment()
                    if comment == nil { comment = text }
                    open = false
                case MIMEBytes.lessThan:
                    let text = readAngle()
                    if angle == nil { angle = text }
                    open = false
                case MIMEBytes.quote:
                    let text = readQuoted()
                    append(name: text, spec: [MIMEBytes.quote] + text + [MIMEBytes.quote], hasAt: false)
                default:
                    let start = index
                    while index < bytes.count, !Self.isDelimiter(bytes[index]) { index += 1 }
                    if index == start { index += 1; continue }
                    let atom = Array(bytes[start..<index])
                    append(name: atom, spec: atom, hasAt: atom.contains(MIMEBytes.at))
                }
            }
            finish()
            return result
        }

        private static func isDelimiter(_ byte: UInt8) -> Bool {
            switch byte {
            case MIMEBytes.space, MIMEBytes.tab, MIMEBytes.cr, MIMEBytes.lf, MIMEBytes.comma, MIMEBytes.semicolon, MIMEBytes.colon,
                MIMEBytes.openParen, MIMEBytes.lessThan, MIMEBytes.quote, MIMEBytes.greaterThan, MIMEBytes.closeParen:
                true
            default: false
            }
        }

        private mutating func append(name: [UInt8], spec: [UInt8], hasAt: Bool) {
            if open, !segments.isEmpty {
                segments[segments.count - 1].name += name
                segments[segments.count - 1].spec += spec
                segments[segments.count - 1].hasAt = segments[segments.count - 1].hasAt || hasAt
            } else {
                segments.append(Segment(name: name, spec: spec, hasAt: hasAt))
            }
            open = true
        }

        /// Reads `"…"` with backslash escapes; an unterminated string runs to the end.
        private mutating func readQuoted() -> [UInt8] {
            var out: [UInt8] = []
            index += 1
            while index < bytes.count, bytes[index] != MIMEBytes.quote {
                if bytes[index] == MIMEBytes.backslash, index + 1 < bytes.count { index += 1 }
                out.append(bytes[index])
                index += 1
            }
            index += 1
            return out
        }

        /// Reads a possibly nested `(…)` comment and returns its text.
        private mutating func readComment() -> [UInt8] {
            var out: [UInt8] = []
            var depth = 0
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                if byte == MIMEBytes.backslash, index < bytes.count {
                    out.append(bytes[index])
                    index += 1
                    continue
                }
                if byte == MIMEBytes.openParen {
                    depth += 1
                    if depth == 1 { continue }
                } else if byte == MIMEBytes.closeParen {
                    depth -= 1
                    if depth == 0 { break }
                }
                out.append(byte)
            }
            return out
        }

        /// Reads `<…>` (quoted strings inside are kept whole); an unterminated bracket runs to the end.
        private mutating func readAngle() -> [UInt8] {
            var out: [UInt8] = []
            index += 1
            while index < bytes.count, bytes[index] != MIMEBytes.greaterThan {
                if bytes[index] == MIMEBytes.quote {
                    out.append(MIMEBytes.quote)
                    out += readQuoted()
                    out.append(MIMEBytes.quote)
                    continue
                }
                if !MIMEBytes.isWhitespace(bytes[index]) { out.append(bytes[index]) }
                index += 1
            }
            index += 1
            return out
        }

        /// Turns what was collected since the last separator into a mailbox, if it holds an address.
        private mutating func finish() {
            defer {
                segments.removeAll()
                angle = nil
                comment = nil
                open = false
            }
            var spec: [UInt8]
            var nameSegments = segments
            if let angle {
                spec = angle
            } else if let at = segments.lastIndex(where: \.hasAt) {
                // A bare address, possibly with stray words beside it (`Jane jane@example.com`).
                spec = segments[at].spec
                nameSegments.remove(at: at)
            } else {
                return
            }
            // Source routes (`@relay1,@relay2:jane@example.com`) and `mailto:` prefixes are not part of the address.
            if spec.first == MIMEBytes.at, let colon = spec.lastIndex(of: MIMEBytes.colon) { spec.removeSubrange(...colon) }
            if spec.count > 7, spec[0..<7].map(MIMEBytes.lower).elementsEqual("mailto:".utf8) { spec.removeFirst(7) }
            guard let email = Self.normalizedAddress(spec) else { return }
            var name = nameSegments.map { String(decoding: $0.name, as: UTF8.self) }.joined(separator: " ")
            if name.isEmpty, let comment { name = String(decoding: comment, as: UTF8.self) }
            result.append(EmailAddress(email: email, name: Self.displayName(name)))
        }

        /// `local@domain` with the domain lowercased, or nil without both halves.
        private static func normalizedAddress(_ spec: [UInt8]) -> String? {
            guard let at = spec.lastIndex(of: MIMEBytes.at), at > 0, at < spec.count - 1 else { return nil }
            var bytes = spec
            for index in (at + 1)..<bytes.count { bytes[index] = MIMEBytes.lower(bytes[index]) }
            return String(decoding: bytes, as: UTF8.self)
        }

        /// The decoded display name; surrounding quotes that some mailers double up are removed.
        private static func displayName(_ raw: String) -> String? {
            var name = MIMEBytes.trimmed(MIMEEncodedWords.decode(raw))
            while name.count >= 2, let first = name.first, first == "'" || first == "\"", name.last == first {
                name = MIMEBytes.trimmed(String(name.dropFirst().dropLast()))
            }
            return name.isEmpty ? nil : name
        }
    }
}
