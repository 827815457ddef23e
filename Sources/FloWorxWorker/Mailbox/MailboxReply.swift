import FloWorxCore
import Foundation
import Logging

/// The reply draft FloWorx writes into a thread, as RFC 5322 bytes (Gmail `drafts.create`).
enum MailboxReply {
    /// The header that marks a FloWorx draft with its email log id (finds a draft whose creation was not recorded).
    static let header = "X-FloWorx-Email"

    static func marker(_ emailLogId: UUID) -> String {
        "\(header): \(emailLogId.uuidString.lowercased())"
    }

    /// To the customer (Reply-To honoured), `Re:` once, In-Reply-To and References threading on the original.
    static func mime(from address: String?, payload: ApplyPayload, text: String) -> Data {
        let recipient = payload.replyTo ?? payload.from
        var lines: [String] = []
        if let address, let from = clean(address) { lines.append("From: \(from)") }
        if let recipient, let to = clean(recipient.email) {
            let name = recipient.name.flatMap(clean).map { "\(encodedWord($0)) " } ?? ""
            lines.append("To: \(name)<\(to)>")
        }
        lines.append("Subject: \(encodedWord(replySubject(payload.subject ?? "")))")
        if let original = payload.rfcMessageId.flatMap(clean) {
            lines.append("In-Reply-To: <\(original)>")
            let chain = (payload.references ?? []).compactMap(clean).filter { $0 != original } + [original]
            lines.append("References: " + chain.suffix(20).map { "<\($0)>" }.joined(separator: " "))
        }
        lines.append(marker(payload.emailLogId))
        lines.append("MIME-Version: 1.0")
        lines.append("Content-Type: text/plain; charset=utf-8")
        lines.append("Content-Transfer-Encoding: base64")
        let body = Data(text.utf8).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        return Data((lines.joined(separator: "\r\n") + "\r\n\r\n" + body + "\r\n").utf8)
    }

    /// `Re: ` before the subject unless it already starts with one.
    static func replySubject(_ subject: String) -> String {
        let trimmed = subject.trimmingCharacters(in: .whitespaces)
        return trimmed.lowercased().hasPrefix("re:") ? trimmed : "Re: " + trimmed
    }

    /// A header value without line breaks or angle brackets (no header injection); nil when nothing is left.
    static func clean(_ value: String) -> String? {
        let kept = value.unicodeScalars.filter { $0 != "\r" && $0 != "\n" && $0 != "<" && $0 != ">" && $0 != "\0" }
        let text = String(String.UnicodeScalarView(kept)).trimmingCharacters(in: .whitespaces)
        return text.isEmpty ? nil : text
    }

    /// RFC 2047 encoding when the text is not plain ASCII; line breaks removed either way.
    static func encodedWord(_ text: String) -> String {
        let flat = text.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
        guard flat.unicodeScalars.contains(where: { !$0.isASCII }) else { return flat }
        return "=?UTF-8?B?\(Data(flat.utf8).base64EncodedString())?="
    }
}
