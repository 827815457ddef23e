import Foundation

/// The little MIME reading the Gmail server needs: headers (unfolded), the body, multipart parts, a snippet.
/// Not a full parser: enough for `format=metadata|full`, `snippet` and threading by `In-Reply-To`/`References`.
struct GmailMIME: Sendable {
    var headers: [(name: String, value: String)]
    var body: Data
    var parts: [GmailMIME]

    init(_ raw: Data) {
        let bytes = [UInt8](raw)
        var split = bytes.count
        var bodyStart = bytes.count
        var index = 0
        while index < bytes.count {
            if bytes[index] == 10 {
                if index + 1 < bytes.count, bytes[index + 1] == 10 {
                    split = index; bodyStart = index + 2; break
                }
                if index + 2 < bytes.count, bytes[index + 1] == 13, bytes[index + 2] == 10 {
                    split = index; bodyStart = index + 3; break
                }
            }
            index += 1
        }
        let headerText = String(decoding: bytes[0..<split], as: UTF8.self)
        var headers: [(name: String, value: String)] = []
        for line in headerText.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false) {
            if let first = line.first, first == " " || first == "\t", !headers.isEmpty {
                headers[headers.count - 1].value += " " + line.trimmingCharacters(in: .whitespaces)
            } else if let colon = line.firstIndex(of: ":") {
                headers.append((String(line[..<colon]).trimmingCharacters(in: .whitespaces),
                                String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)))
            }
        }
        self.headers = headers
        self.body = bodyStart < bytes.count ? Data(bytes[bodyStart...]) : Data()
        self.parts = []
        if mimeType.hasPrefix("multipart/"), let boundary = Self.parameter("boundary", in: header("Content-Type") ?? "") {
            let text = String(decoding: body, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
            let pieces = text.components(separatedBy: "--" + boundary)
            // The first piece is the preamble; the piece starting with "--" is after the closing delimiter.
            self.parts = pieces.dropFirst().filter { !$0.hasPrefix("--") }.map { piece in
                var content = Substring(piece)
                if content.hasPrefix("\n") { content = content.dropFirst() }
                if content.hasSuffix("\n") { content = content.dropLast() }
                return GmailMIME(Data(content.utf8))
            }
        }
    }

    /// The first value of a header (case-insensitive name).
    func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// The media type without parameters, lowercased (`text/plain` when absent, as RFC 2045 says).
    var mimeType: String {
        guard let value = header("Content-Type") else { return "text/plain" }
        return value.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? "text/plain"
    }

    /// The subject without `Re:`/`Fwd:` prefixes, for thread matching as Gmail does.
    var normalizedSubject: String {
        var subject = (header("Subject") ?? "").trimmingCharacters(in: .whitespaces)
        while let range = subject.range(of: #"^(re|fwd?|aw|wg)\s*:\s*"#, options: [.regularExpression, .caseInsensitive]) {
            subject.removeSubrange(range)
        }
        return subject.lowercased()
    }

    /// Message-IDs named by `In-Reply-To` and `References`.
    var referencedMessageIDs: [String] {
        let text = [header("In-Reply-To"), header("References")].compactMap { $0 }.joined(separator: " ")
        return text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," }).map(String.init).filter { $0.hasPrefix("<") }
    }

    /// About 200 characters of the first text part, whitespace collapsed (Gmail's `snippet`).
    var snippet: String {
        let text: String
        if parts.isEmpty {
            text = mimeType.hasPrefix("text/") ? String(decoding: body, as: UTF8.self) : ""
        } else {
            text = (parts.first { $0.mimeType == "text/plain" } ?? parts[0]).snippet
        }
        let collapsed = text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        return String(collapsed.prefix(200))
    }

    static func parameter(_ name: String, in value: String) -> String? {
        for piece in value.split(separator: ";").dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == name else { continue }
            return pair[1].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        return nil
    }
}
