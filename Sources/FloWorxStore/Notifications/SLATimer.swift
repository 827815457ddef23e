import Foundation

/// One row of `floworx.sla_timers`: the first-response timer of one customer email.
public struct SLATimer: Sendable, Hashable {
    /// How a reply became known.
    public enum AnsweredBy: String, Sendable, Hashable {
        /// The owner's reply was seen in the mailbox (a FloWorx draft sent, or a sent message in the thread).
        case mailbox
        /// The owner marked the email handled through the API.
        case api
    }

    public var emailLogId: UUID
    public var clientId: UUID
    public var startedAt: Date
    public var dueAt: Date
    public var targetMinutes: Int
    public var category: String?
    public var threadId: String?
    /// `pending`, `answered`, `breached` or `cancelled`.
    public var status: String
    public var answeredAt: Date?
    public var answeredBy: AnsweredBy?
    public var breachedAt: Date?
}

/// A timer breached by the checker.
public struct SLABreach: Sendable, Hashable {
    public var emailLogId: UUID
    public var clientId: UUID
    public var dueAt: Date
    public var targetMinutes: Int
}
