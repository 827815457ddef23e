import Foundation

/// Renders stored alert content for each channel: what happened, and what to do about it.
///
/// Limits: an email subject stays under 160 characters; SMS text is written short (the SMS sender then fits it to
/// its segment limit); a push payload stays far below the 4 KB a push service accepts (title ≤ 80, body ≤ 240).
public struct AlertRenderer: Sendable {
    /// Prefixed to relative links (`FLOWORX_PUBLIC_URL`); `nil` leaves them relative.
    public var baseURL: String?

    public init(baseURL: String? = nil) {
        self.baseURL = baseURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
    }

    /// An email: subject, plain text and HTML.
    public struct Email: Sendable, Hashable {
        public var subject: String
        public var text: String
        public var html: String
    }

    /// The email version of `content`.
    public func email(_ content: AlertContent) -> Email {
        if let text = content.text, content.kind == .digest || content.kind == .summary {
            return Email(subject: clip(content.subject ?? "FloWorx", 160), text: text, html: content.html ?? Self.html(paragraphs: [text]))
        }
        var lines: [String] = [headline(content)]
        lines.append("")
        if let sender = content.sender { lines.append("From: " + (content.senderName.map { "\($0) <\(sender)>" } ?? sender)) }
        if let subject = content.subject { lines.append("Subject: \(subject)") }
        if let received = content.receivedAt { lines.append("Received: \(time(received, content.timezone))") }
        if let phone = content.phone { lines.append("Phone: \(phone)") }
        if let address = content.address { lines.append("Address: \(address)") }
        if let open = openLine(content) { lines.append(open) }
        if !content.reasons.isEmpty { lines.append("Why: " + content.reasons.joined(separator: "; ")) }
        if content.repeats > 0 { lines.append("Also: \(content.repeats) more email\(content.repeats == 1 ? "" : "s") from this sender since this alert was raised.") }
        if let first = content.firstLines { lines += ["", "“\(first)”"] }
        lines += ["", "What to do: " + action(content)]
        if let link = link(content) { lines.append("Open it in FloWorx: \(link)") }
        lines += ["", "— FloWorx (automatic alert; replies to this message are not read)"]
        let text = lines.joined(separator: "\n")
        return Email(subject: clip(subjectLine(content), 160), text: text, html: Self.html(paragraphs: text.components(separatedBy: "\n\n")))
    }

    /// The SMS version of `content`: one line, most important first.
    public func sms(_ content: AlertContent) -> String {
        if content.kind == .digest || content.kind == .summary { return clip(content.subject ?? "FloWorx update", 300) }
        var parts = ["FloWorx: " + headline(content) + "."]
        if let sender = content.senderName ?? content.sender { parts.append("From \(sender).") }
        if let subject = content.subject { parts.append("\"\(clip(subject, 80))\".") }
        if let phone = content.phone { parts.append("Call \(phone).") }
        if let address = content.address { parts.append(clip(address, 80) + ".") }
        if let open = content.openNow { parts.append(open ? "Open now." : "Closed now.") }
        if let link = link(content) { parts.append(link) }
        return parts.joined(separator: " ")
    }

    /// The push payload of `content`: `{title, body, url, tag, kind}` (the service worker shows title and body and
    /// opens url; tag replaces an earlier notification about the same email).
    public func push(_ content: AlertContent) -> [String: JSONValue] {
        var body: [String] = []
        if let sender = content.senderName ?? content.sender { body.append(sender) }
        if let subject = content.subject { body.append(subject) }
        if let first = content.firstLines { body.append(first) }
        var payload: [String: JSONValue] = [
            "title": .string(clip(headline(content), 80)),
            "body": .string(clip(body.joined(separator: " — "), 240)),
            "kind": .string(content.kind.rawValue),
        ]
        if let link = link(content) { payload["url"] = .string(link) }
        if let id = content.emailLogId { payload["tag"] = .string("email-\(id)") }
        return payload
    }

    // MARK: Parts

    private func headline(_ content: AlertContent) -> String {
        let urgency = content.urgency.map { $0.uppercased() + " " } ?? ""
        let category = content.category ?? "email"
        switch content.kind {
        case .escalation: return "\(urgency)\(category) escalated" + (content.business.map { " for \($0)" } ?? "")
        case .slaBreach: return "No reply yet: \(category) past its \(content.targetMinutes.map { "\($0)-minute " } ?? "")response target"
        case .forward: return "Forwarded \(category) email" + (content.business.map { " for \($0)" } ?? "")
        case .digest, .summary: return content.subject ?? "FloWorx update"
        }
    }

    private func subjectLine(_ content: AlertContent) -> String {
        let about = content.subject ?? "(no subject)"
        switch content.kind {
        case .forward: return "Fwd: \(about)"
        case .slaBreach: return "[FloWorx] Reply overdue: \(about)"
        default: return "[FloWorx] \(content.urgency.map { $0.uppercased() + " · " } ?? "")\(content.category ?? "Email"): \(about)"
        }
    }

    private func action(_ content: AlertContent) -> String {
        switch content.kind {
        case .forward:
            return "The original email is attached; reply to the sender from it."
        case .slaBreach:
            let due = content.dueAt.map { " (due \(time($0, content.timezone)))" } ?? ""
            return "Reply to the customer now\(due), or mark the email handled in FloWorx."
        default:
            let urgent = content.urgency == "critical" || content.urgency == "high"
            if let phone = content.phone, urgent { return "Call \(content.senderName ?? "the customer") back now at \(phone)." }
            if let sender = content.sender { return urgent ? "Reply to \(sender) now." : "Reply to \(sender) when you can." }
            return "Read the email in FloWorx."
        }
    }

    private func openLine(_ content: AlertContent) -> String? {
        guard let open = content.openNow else { return nil }
        if open { return "The business is open now." }
        if let next = content.nextOpening { return "The business is closed now; it opens \(time(next, content.timezone))." }
        return "The business is closed now."
    }

    private func link(_ content: AlertContent) -> String? {
        guard let link = content.link else { return nil }
        if link.hasPrefix("http://") || link.hasPrefix("https://") { return link }
        return (baseURL ?? "") + link
    }

    private func time(_ date: Date, _ zone: String?) -> String {
        var style = Date.FormatStyle(date: .abbreviated, time: .shortened)
        style.timeZone = zone.flatMap(TimeZone.init(identifier:)) ?? TimeZone(identifier: "UTC")!
        style.locale = Locale(identifier: "en_US_POSIX")
        return date.formatted(style) + (zone.map { " (\($0))" } ?? " UTC")
    }

    private func clip(_ text: String, _ limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }

    /// Plain paragraphs as escaped HTML.
    static func html(paragraphs: [String]) -> String {
        let body = paragraphs.map { "<p>" + HTMLText.escape($0).replacingOccurrences(of: "\n", with: "<br>\n") + "</p>" }.joined(separator: "\n")
        return "<!doctype html>\n<html><body style=\"font-family:sans-serif\">\n\(body)\n</body></html>"
    }
}
