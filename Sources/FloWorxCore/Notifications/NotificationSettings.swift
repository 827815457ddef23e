/// A business's `notification_settings` row: which channels alerts may use. A business without a row gets the
/// seed's column defaults (email on, SMS off, push on, escalation alerts on).
public struct NotificationSettings: Sendable, Codable, Hashable {
    public var email: Bool
    public var sms: Bool
    public var push: Bool
    /// Off: escalation alerts and SLA breaches are not sent on any channel (forwards and digests still are).
    public var escalationAlerts: Bool

    public init(email: Bool = true, sms: Bool = false, push: Bool = true, escalationAlerts: Bool = true) {
        self.email = email
        self.sms = sms
        self.push = push
        self.escalationAlerts = escalationAlerts
    }

    enum CodingKeys: String, CodingKey {
        case email = "email_notifications", sms = "sms_notifications", push = "push_notifications", escalationAlerts = "escalation_alerts"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = NotificationSettings()
        email = try c.decodeIfPresent(Bool.self, forKey: .email) ?? defaults.email
        sms = try c.decodeIfPresent(Bool.self, forKey: .sms) ?? defaults.sms
        push = try c.decodeIfPresent(Bool.self, forKey: .push) ?? defaults.push
        escalationAlerts = try c.decodeIfPresent(Bool.self, forKey: .escalationAlerts) ?? defaults.escalationAlerts
    }

    /// Whether `channel` is switched on.
    public func allows(_ channel: NotificationChannel) -> Bool {
        switch channel {
        case .email: email
        case .sms: sms
        case .push: push
        }
    }
}

/// Where a notification goes: the channels rules name.
public typealias NotificationChannel = RuleAction.Channel

/// What a notification is about (`floworx.notifications.kind`).
public enum NotificationKind: String, Sendable, Codable, Hashable, CaseIterable {
    case escalation, forward, slaBreach = "sla_breach", digest, summary
}
