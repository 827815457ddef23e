import Foundation

/// Turns the notify and forward actions of an analyzed email into outbox rows: which recipient on which channel,
/// what is skipped and why, and the keys that hold back floods.
///
/// Routing: a rule's notify action names channels and resolves to managers (by address, role or all, in the rule
/// engine); `notification_settings` then decides which of those channels the business allows. Email goes to the
/// manager's address, SMS to their phone (a manager without one gets a skipped row saying so), push to the business
/// account's own devices (managers have no accounts), once per email. A forward is one email with the original
/// attached, never to an address the email was sent to (that would be the mailbox it came from).
///
/// Flood control: alerts about mail from one sender to one recipient on one channel share a key per `senderWindow`
/// (a time bucket), so ten emails from the same sender in the window raise one alert, which says how many more
/// came while it waited. Per-recipient rate limits are applied at delivery.
public struct NotificationPlanner: Sendable {
    /// Alerts about mail from one sender fold into one per this window; 0 turns folding off (one alert per email).
    public var senderWindow: Duration
    /// The link path of an email in the owner's web app; `%@` is the email log id.
    public var emailLinkPath: String

    public init(senderWindow: Duration = .seconds(1800), emailLinkPath: String = "/app/emails/%@") {
        self.senderWindow = senderWindow
        self.emailLinkPath = emailLinkPath
    }

    /// The rows for one analyzed email. `emailLogId` names the email (its log row); without one nothing is planned,
    /// because an alert must link to an email that exists.
    public func plan(message: EmailMessage, analysis: EmailAnalysis, profile: ClientProfile, emailLogId: UUID?, now: Date) -> [PlannedNotification] {
        guard let emailLogId else { return [] }
        let rules = analysis.rules
        guard !rules.notifications.isEmpty || !rules.forwards.isEmpty else { return [] }
        let settings = profile.notificationSettings
        let logId = emailLogId.uuidString.lowercased()
        let client = profile.clientId.uuidString.lowercased()
        let sender = message.from.email.lowercased()
        let bucket = senderWindow > .zero ? String(Int(now.timeIntervalSince1970 / (Double(senderWindow.components.seconds) + Double(senderWindow.components.attoseconds) / 1e18))) : logId
        let content = AlertContent.escalation(message: message, analysis: analysis, profile: profile,
                                              link: emailLinkPath.replacingOccurrences(of: "%@", with: logId), emailLogId: emailLogId)
        var planned: [PlannedNotification] = []
        var keys = Set<String>()
        func add(_ row: PlannedNotification) {
            if keys.insert(row.dedupeKey).inserted { planned.append(row) }
        }

        for request in rules.notifications {
            let reasons = content.merging(["reasons": .array([.string(request.ruleName)])]) { _, new in new }
            for channel in request.channels {
                let recipient: String
                var name: String? = request.manager.name
                var skip: String?
                switch channel {
                case .email:
                    recipient = request.manager.email.lowercased()
                case .sms:
                    recipient = request.manager.phone?.trimmingCharacters(in: .whitespaces) ?? ""
                    if recipient.isEmpty { skip = "\(request.manager.name) has no phone number for SMS" }
                case .push:
                    recipient = client
                    name = nil
                }
                if !settings.escalationAlerts {
                    skip = "escalation alerts are off for this business"
                } else if skip == nil, !settings.allows(channel) {
                    skip = "\(channel.rawValue) notifications are off for this business"
                }
                let who = recipient.isEmpty ? request.manager.email.lowercased() : recipient
                // A skipped row is per email (a record of this email's routing); a sent one per sender window.
                let key = skip == nil
                    ? "alert:\(client):\(channel.rawValue):\(who):\(sender):\(bucket)"
                    : "alert-skipped:\(logId):\(channel.rawValue):\(who)"
                add(PlannedNotification(kind: .escalation, channel: channel, recipient: who, recipientName: name,
                                        dedupeKey: key, content: reasons, skipReason: skip))
            }
        }

        let mailboxAddresses = Set((message.to + message.cc).map { $0.email.lowercased() })
        for forward in rules.forwards {
            let recipient = forward.manager.email.lowercased()
            var skip: String?
            if mailboxAddresses.contains(recipient) {
                skip = "the email was sent to \(recipient); forwarding it there would loop"
            } else if recipient == sender {
                skip = "\(recipient) wrote the email"
            }
            var body = content
            body["kind"] = .string(NotificationKind.forward.rawValue)
            body["reasons"] = .array([.string(forward.ruleName)])
            body["original"] = .object(AlertContent.original(of: message))
            add(PlannedNotification(kind: .forward, channel: .email, recipient: recipient, recipientName: forward.manager.name,
                                    dedupeKey: "forward:\(logId):\(recipient)", content: body, skipReason: skip))
        }
        return planned
    }
}
