import Foundation

/// The little MIME reading and writing the local Graph server needs: the headers Graph maps onto message properties
/// (Subject, From, To, Cc, Reply-To, Message-ID, In-Reply-To, References, Date) and the first text body.
struct GraphMIME: Sendable {
    var headers: [(name: String, value: String)]
    var body: String
    var bodyIsHTML: Bool

    /// Parses `raw` (CRLF or LF line ends). Never fails: a message without headers is all body.
    init(raw: String) {
        let normalized = raw.replacingOccurrences(of: "\r\n", with: "\n")
        let parts = normalized.components(separatedBy: "\n\n")
        let headerBlock = parts.first ?? ""
        let rest = parts.dropFirst().joined(separator: "\n\n")
        var headers: [(String, String)] = []
        for line in headerBlock.split(separator: "\n", omittingEmptySubsequences: false) {
            if let first = line.first, first == " " || first == "\t", !headers.isEmpty {
                headers[headers.count - 1].1 += " " + line.trimmingCharacters(in: .whitespaces)
            } else if let colon = line.firstIndex(of: ":") {
                headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
            }
        }
        self.headers = headers
        let contentType = headers.first { $0.0.lowercased() == "content-type" }?.1 ?? "text/plain"
        let (text, html) = Self.firstText(contentType: contentType, body: rest)
        self.body = text
        self.bodyIsHTML = html
    }

    /// The value of the first header called `name` (case-insensitive).
    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// The addresses in an address-list header (`"Name" <a@b>, c@d`).
    func addresses(_ name: String) -> [GraphAddress] {
        guard let value = header(name) else { return [] }
        return Self.addresses(value)
    }

    static func addresses(_ value: String) -> [GraphAddress] {
        value.split(separator: ",").compactMap { item in
            let text = item.trimmingCharacters(in: .whitespaces)
            if let open = text.firstIndex(of: "<"), let close = text.firstIndex(of: ">"), open < close {
                let address = String(text[text.index(after: open)..<close])
                var name = text[..<open].trimmingCharacters(in: .whitespaces)
                name = name.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                return GraphAddress(name: name.isEmpty ? address : name, address: address)
            }
            return text.contains("@") ? GraphAddress(name: text, address: text) : nil
        }
    }

    /// The first text/plain (else text/html) part of a body, following multipart boundaries.
    private static func firstText(contentType: String, body: String) -> (String, Bool) {
        let lower = contentType.lowercased()
        guard lower.hasPrefix("multipart/"), let boundary = parameter("boundary", in: contentType) else {
            return (body, lower.hasPrefix("text/html"))
        }
        var html: String?
        for chunk in body.components(separatedBy: "--" + boundary).dropFirst() {
            if chunk.hasPrefix("--") { break }
            let part = GraphMIME(raw: String(chunk.drop { $0 == "\n" }))
            let type = part.header("Content-Type")?.lowercased() ?? "text/plain"
            if type.hasPrefix("text/plain") || type.hasPrefix("multipart/") && !part.bodyIsHTML {
                return (part.body.trimmingCharacters(in: .newlines), false)
            }
            if type.hasPrefix("text/html"), html == nil { html = part.body.trimmingCharacters(in: .newlines) }
        }
        return html.map { ($0, true) } ?? ("", false)
    }

    private static func parameter(_ name: String, in value: String) -> String? {
        for item in value.split(separator: ";").dropFirst() {
            let pair = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].lowercased() == name {
                return pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }
        return nil
    }

    /// Writes a message as MIME, the way `$value` returns a draft or a message that was never raw.
    static func render(_ message: GraphMessage) -> String {
        func list(_ addresses: [GraphAddress]) -> String {
            addresses.map { $0.name == $0.address ? $0.address : "\"\($0.name)\" <\($0.address)>" }.joined(separator: ", ")
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        var lines: [String] = []
        if let from = message.from { lines.append("From: \(list([from]))") }
        if !message.toRecipients.isEmpty { lines.append("To: \(list(message.toRecipients))") }
        if !message.ccRecipients.isEmpty { lines.append("CC: \(list(message.ccRecipients))") }
        if !message.replyTo.isEmpty { lines.append("Reply-To: \(list(message.replyTo))") }
        lines.append("Subject: \(message.subject)")
        lines.append("Date: \(formatter.string(from: message.sentDateTime ?? message.createdDateTime))")
        lines.append("Message-ID: \(message.internetMessageId)")
        if let inReplyTo = message.inReplyTo { lines.append("In-Reply-To: \(inReplyTo)") }
        if !message.references.isEmpty { lines.append("References: \(message.references.joined(separator: " "))") }
        lines.append("MIME-Version: 1.0")
        lines.append("Content-Type: \(message.bodyIsHTML ? "text/html" : "text/plain"); charset=\"utf-8\"")
        lines.append("Content-Transfer-Encoding: 8bit")
        return lines.joined(separator: "\r\n") + "\r\n\r\n" + message.body.replacingOccurrences(of: "\r\n", with: "\n")
            .replacingOccurrences(of: "\n", with: "\r\n")
    }
}
