import FloWorxCore
import FloWorxIntegrations
import Foundation
import Logging

/// Settings of mailbox sync and write-back. Every limit is named here with its default (README, configuration).
public struct MailboxConfiguration: Sendable {
    /// OAuth clients per provider (`gmail`, `outlook`); a provider without one cannot be connected or refreshed.
    public var oauth: [String: OAuthClient] = [:]
    public var gmail = GmailClient()
    public var graph = GraphClient()
    /// Mailboxes without working push are synced this often.
    public var pollInterval: Duration = .seconds(60)
    /// On connect, mail received this long before is processed too (0: only mail from now on).
    public var backfillWindow: Duration = .zero
    /// A resync after an expired checkpoint fetches at most this many messages (newest first).
    public var maxResyncMessages: Int = 500
    /// Access tokens are refreshed this long before they expire.
    public var refreshMargin: Duration = .seconds(300)
    /// Gmail per-user quota: units per second and burst (Google: 250 units per user per second).
    public var gmailUnitsPerSecond: Double = 250
    public var gmailBurst: Double = 250
    /// Graph requests per second and burst per mailbox (Outlook: 10,000 requests per 10 minutes per mailbox).
    public var graphRequestsPerSecond: Double = 16
    public var graphBurst: Double = 40
    /// Gmail push: the Pub/Sub topic (`projects/P/topics/T`) `users.watch` publishes to; nil: poll.
    public var gmailTopic: String?
    /// Gmail watches are renewed this often (Google asks for at least every 7 days; daily is recommended).
    public var watchRenewal: Duration = .seconds(86_400)
    /// Graph push: FloWorx's public notification URL (`…/api/v1/webhooks/graph`); nil: poll.
    public var graphNotificationURL: String?
    /// Graph subscription lifetime asked for (Microsoft's maximum for messages is 10,080 minutes) and how long
    /// before expiry it is renewed.
    public var subscriptionLifetime: Duration = .seconds(10_070 * 60)
    public var subscriptionRenewBefore: Duration = .seconds(86_400)
    /// Outlook: file into child folders of the Inbox (`folders`) or set categories (`categories`).
    public var outlookFiling: OutlookFiling = .folders
    /// Outlook: how often the owner's moves between FloWorx folders and replies sent from FloWorx drafts are read
    /// (Graph does not notify on them); each look costs one call per FloWorx folder and per open draft.
    public var ownerScanInterval: Duration = .seconds(1_800)

    /// How Outlook mail is filed.
    public enum OutlookFiling: String, Sendable { case folders, categories }

    public init() {}
}
