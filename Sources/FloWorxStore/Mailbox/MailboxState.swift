import Foundation

/// Where one connected mailbox stands (`floworx.mailboxes`).
public struct MailboxState: Sendable, Hashable {
    public var integrationId: UUID
    public var clientId: UUID
    /// `gmail` or `outlook`.
    public var provider: String
    public var address: String?
    /// Gmail: the last historyId fully processed. Outlook: the delta link to resume from.
    public var checkpoint: String?
    /// Only ever increases; the conditional update of the checkpoint compares it.
    public var checkpointSeq: Int64
    /// Set when the checkpoint expired: the next sync backfills from this time.
    public var resyncFrom: Date?
    public var pushId: String?
    public var pushExpiresAt: Date?
    public var pushLapsedAt: Date?
    public var paused: Bool
    public var notBefore: Date?
    public var lastSyncAt: Date?
    /// The integration's status (`pending`, `active`, `error`, `revoked`).
    public var status: String
}
