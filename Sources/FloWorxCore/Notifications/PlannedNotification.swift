import Foundation

/// One row for `floworx.notifications`, planned by `NotificationPlanner` and written by the statement that completes
/// the email's job.
public struct PlannedNotification: Sendable, Hashable {
    public var kind: NotificationKind
    public var channel: NotificationChannel
    /// An address (email), an E.164 number (sms) or the user id whose devices receive it (push).
    public var recipient: String
    public var recipientName: String?
    /// One row per key: a repeat of the same cause folds into the existing row (`repeats` + 1) while it waits.
    public var dedupeKey: String
    /// What the alert is about, as `content` JSON (see `AlertContent`).
    public var content: [String: JSONValue]
    /// `nil` to send; otherwise why it is recorded but not sent (`status = 'skipped'`, `reason`).
    public var skipReason: String?

    public init(
        kind: NotificationKind, channel: NotificationChannel, recipient: String, recipientName: String? = nil,
        dedupeKey: String, content: [String: JSONValue], skipReason: String? = nil
    ) {
        self.kind = kind
        self.channel = channel
        self.recipient = recipient
        self.recipientName = recipientName
        self.dedupeKey = dedupeKey
        self.content = content
        self.skipReason = skipReason
    }

    /// `content` as JSON text.
    public var contentJSON: String {
        JSONValue.jsonText(content)
    }
}
