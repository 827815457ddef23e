import Foundation

/// What an alert is about, as stored in `floworx.notifications.content` and read back by `AlertRenderer`.
///
/// Keys (all optional except `kind`): `kind`, `business`, `email_log_id`, `category`, `urgency`, `sender`,
/// `sender_name`, `subject`, `first_lines`, `phone`, `address`, `open_now`, `next_opening`, `timezone`, `reasons`,
/// `link`, `received_at`, `repeats`; SLA breaches add `due_at` and `target_minutes`; forwards add `original`;
/// digests and summaries carry their own rendered `subject`, `text` and `html`. Card numbers, bank details and
/// passwords in the subject and first lines are redacted (`TriageRedactor`); nothing else secret is ever put here.
public struct AlertContent: Sendable, Hashable {
    public var kind: NotificationKind
    public var business: String?
    public var emailLogId: String?
    public var category: String?
    public var urgency: String?
    public var sender: String?
    public var senderName: String?
    public var subject: String?
    public var firstLines: String?
    public var phone: String?
    public var address: String?
    public var openNow: Bool?
    public var nextOpening: Date?
    public var timezone: String?
    public var reasons: [String]
    public var link: String?
    public var receivedAt: Date?
    public var repeats: Int
    public var dueAt: Date?
    public var targetMinutes: Int?
    /// Pre-rendered text (digests, summaries).
    public var text: String?
    public var html: String?
    public var original: [String: JSONValue]?

    /// Reads stored content; unknown keys are ignored and a missing kind falls back to `fallbackKind`.
    public init(json: [String: JSONValue], fallbackKind: NotificationKind) {
        func string(_ key: String) -> String? {
            guard let value = json[key]?.stringValue?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
            return value
        }
        func date(_ key: String) -> Date? { string(key).flatMap(ISO8601.parse) }
        kind = string("kind").flatMap(NotificationKind.init(rawValue:)) ?? fallbackKind
        business = string("business")
        emailLogId = string("email_log_id")
        category = string("category")
        urgency = string("urgency")
        sender = string("sender")
        senderName = string("sender_name")
        subject = string("subject")
        firstLines = string("first_lines")
        phone = string("phone")
        address = string("address")
        openNow = json["open_now"]?.boolValue
        nextOpening = date("next_opening")
        timezone = string("timezone")
        reasons = json["reasons"]?.arrayValue?.compactMap(\.stringValue) ?? []
        link = string("link")
        receivedAt = date("received_at")
        repeats = Int(json["repeats"]?.numberValue ?? 0)
        dueAt = date("due_at")
        targetMinutes = json["target_minutes"]?.numberValue.map { Int($0) }
        text = json["text"]?.stringValue
        html = json["html"]?.stringValue
        if case .object(let value)? = json["original"] { original = value }
    }

    /// The content of an escalation alert about `message`.
    public static func escalation(message: EmailMessage, analysis: EmailAnalysis, profile: ClientProfile, link: String, emailLogId: UUID) -> [String: JSONValue] {
        let classification = analysis.classification
        var content: [String: JSONValue] = [
            "kind": .string(NotificationKind.escalation.rawValue),
            "email_log_id": .string(emailLogId.uuidString.lowercased()),
            "category": .string(classification.category.rawValue),
            "urgency": .string(classification.urgency.rawValue),
            "sender": .string(message.replyTo?.email ?? message.from.email),
            "subject": .string(TriageRedactor.redact(String(message.subject.prefix(300))).text),
            "first_lines": .string(firstLines(of: message.text)),
            "link": .string(link),
            "received_at": .string(ISO8601.format(message.receivedAt)),
        ]
        if let name = classification.entities.contactName ?? message.replyTo?.name ?? message.from.name { content["sender_name"] = .string(name) }
        if let business = profile.config.business?.name { content["business"] = .string(business) }
        if let phone = classification.entities.phone { content["phone"] = .string(phone) }
        if let address = classification.entities.address { content["address"] = .string(address) }
        if let status = analysis.status {
            content["open_now"] = .bool(status.isOpen)
            content["timezone"] = .string(status.timezone)
            if let next = status.nextOpening { content["next_opening"] = .string(ISO8601.format(next)) }
        }
        return content
    }

    /// The parts of `message` a forward attaches as `message/rfc822`.
    public static func original(of message: EmailMessage) -> [String: JSONValue] {
        func address(_ a: EmailAddress) -> JSONValue {
            .object(["email": .string(a.email), "name": a.name.map(JSONValue.string) ?? .null])
        }
        var original: [String: JSONValue] = [
            "from": address(message.from),
            "to": .array(message.to.map(address)),
            "cc": .array(message.cc.map(address)),
            "subject": .string(message.subject),
            "date": .string(ISO8601.format(message.receivedAt)),
            "message_id": .string(message.messageId),
            "text": .string(message.text),
        ]
        if let html = message.html { original["html"] = .string(html) }
        if let replyTo = message.replyTo { original["reply_to"] = address(replyTo) }
        return original
    }

    /// The first lines of a body, redacted, whitespace collapsed, at most 280 characters.
    public static func firstLines(of text: String, limit: Int = 280) -> String {
        // Only the first six kept lines are read: splitting a long body whole was most of an alert's cost.
        var lines: [String] = []
        var rest = text[...]
        while lines.count < 6, !rest.isEmpty {
            let end = rest.firstIndex(where: \.isNewline) ?? rest.endIndex
            let line = rest[..<end].trimmingCharacters(in: .whitespaces)
            if !line.isEmpty && !line.hasPrefix(">") { lines.append(line) }
            rest = end < rest.endIndex ? rest[rest.index(after: end)...] : rest[rest.endIndex...]
        }
        var joined = lines.joined(separator: " ")
        joined = TriageRedactor.redact(joined).text
        if joined.count > limit { joined = String(joined.prefix(limit - 1)).trimmingCharacters(in: .whitespaces) + "…" }
        return joined
    }
}
