import FloWorxCore
import Foundation

/// The original email of a forward, rebuilt as RFC 5322 bytes from the parts kept in the notification's content
/// (`AlertContent.original`): its own From, To, Cc, Reply-To, Subject, Date and Message-ID, and its text (with the
/// HTML as an alternative). Attachments are not kept by ingestion, so they are not forwarded.
struct OriginalMessage {
    let bytes: [UInt8]
    let messageId: String?
    /// Where a reply to the original goes (Reply-To, else From).
    let replyAddress: EmailAddress?

    init(_ original: [String: JSONValue]) {
        func address(_ value: JSONValue?) -> EmailAddress? {
            guard case .object(let object)? = value, let email = object["email"]?.stringValue, !email.isEmpty else { return nil }
            return EmailAddress(email: email, name: object["name"]?.stringValue)
        }
        func list(_ key: String) -> [EmailAddress] { original[key]?.arrayValue?.compactMap { address($0) } ?? [] }
        let from = address(original["from"])
        let id = original["message_id"]?.stringValue.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "<> ")) }
        messageId = id.flatMap { $0.isEmpty ? nil : $0 }
        replyAddress = address(original["reply_to"]) ?? from

        var lines: [String] = []
        if let from { lines.append("From: " + Self.mailbox(from)) }
        let to = list("to"), cc = list("cc")
        if !to.isEmpty { lines.append("To: " + to.map(Self.mailbox).joined(separator: ", ")) }
        if !cc.isEmpty { lines.append("Cc: " + cc.map(Self.mailbox).joined(separator: ", ")) }
        if let replyTo = address(original["reply_to"]) { lines.append("Reply-To: " + Self.mailbox(replyTo)) }
        lines.append("Subject: " + Self.word(original["subject"]?.stringValue ?? ""))
        if let date = original["date"]?.stringValue.flatMap(ISO8601.parse) { lines.append("Date: " + Self.rfc5322(date)) }
        if let messageId { lines.append("Message-ID: <\(Self.single(messageId))>") }
        lines.append("MIME-Version: 1.0")
        let text = original["text"]?.stringValue ?? ""
        if let html = original["html"]?.stringValue, !html.isEmpty {
            let boundary = "floworx-original-" + UUID().uuidString.lowercased()
            lines.append("Content-Type: multipart/alternative; boundary=\"\(boundary)\"")
            lines.append("")
            lines.append("--\(boundary)")
            lines += Self.part(text, subtype: "plain")
            lines.append("--\(boundary)")
            lines += Self.part(html, subtype: "html")
            lines.append("--\(boundary)--")
        } else {
            lines += Self.part(text, subtype: "plain")
        }
        bytes = Array((lines.joined(separator: "\r\n") + "\r\n").utf8)
    }

    private static func part(_ body: String, subtype: String) -> [String] {
        let encoded = Data(body.utf8).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        return ["Content-Type: text/\(subtype); charset=utf-8", "Content-Transfer-Encoding: base64", "", encoded]
    }

    /// A header value on one line (CR and LF would start a new field).
    private static func single(_ text: String) -> String {
        text.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
    }

    /// An RFC 2047 encoded word when the text is not plain ASCII.
    private static func word(_ text: String) -> String {
        let line = single(text)
        if line.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 32 }) { return line }
        return "=?UTF-8?B?" + Data(line.utf8).base64EncodedString() + "?="
    }

    private static func mailbox(_ address: EmailAddress) -> String {
        let email = single(address.email).replacingOccurrences(of: ">", with: "")
        guard let name = address.name, !name.isEmpty else { return email }
        let display = word(name)
        return (display.hasPrefix("=?") ? display : "\"" + display.replacingOccurrences(of: "\"", with: "'") + "\"") + " <\(email)>"
    }

    private static func rfc5322(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }
}
