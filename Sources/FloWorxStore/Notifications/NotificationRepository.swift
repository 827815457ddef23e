import FloWorxCore
import Foundation
import PostgresNIO

/// One row of `floworx.notifications` as the delivery worker reads it.
public struct StoredNotification: Sendable, Hashable {
    public var id: UUID
    public var clientId: UUID
    public var emailLogId: UUID?
    public var kind: NotificationKind
    public var channel: NotificationChannel
    public var recipient: String
    public var recipientName: String?
    public var content: [String: JSONValue]
    public var status: String
    public var attempts: Int
    public var createdAt: Date

    /// The stable RFC 5322 Message-ID of this notification (the same on every attempt, so a resend after a crash is
    /// recognisable as the same message).
    public func messageId(domain: String) -> String { "<notification-\(id.uuidString.lowercased())@\(domain)>" }
}

/// The outbox as the delivery worker sees it: load a row, record the outcome, apply the per-recipient rate limit.
public struct NotificationRepository: Sendable {
    let database: ServiceDatabase

    public init(database: ServiceDatabase) {
        self.database = database
    }

    /// The notification `id`, if it exists.
    public func load(_ id: UUID) async throws -> StoredNotification? {
        let rows = try await database.query("""
            SELECT id, client_id, email_log_id, kind, channel, recipient, recipient_name, content::text, status, attempts, created_at
            FROM floworx.notifications WHERE id = \(id)
            """)
        for try await (id, client, log, kind, channel, recipient, name, content, status, attempts, created) in rows.decode(
            (UUID, UUID, UUID?, String, String, String, String?, String, String, Int, Date).self)
        {
            guard let kind = NotificationKind(rawValue: kind), let channel = NotificationChannel(rawValue: channel) else { return nil }
            let json = (try? JSONCoding.decoder().decode([String: JSONValue].self, from: Data(content.utf8))) ?? [:]
            return StoredNotification(id: id, clientId: client, emailLogId: log, kind: kind, channel: channel, recipient: recipient,
                                      recipientName: name, content: json, status: status, attempts: attempts, createdAt: created)
        }
        return nil
    }

    /// Records a delivery: `sent`, with the provider's id for it. Only a pending row moves (a duplicate job after a
    /// crash finds it sent and does nothing).
    @discardableResult
    public func markSent(_ id: UUID, providerMessageId: String?) async throws -> Bool {
        let rows = try await database.query("""
            UPDATE floworx.notifications SET status = 'sent', sent_at = now(), attempts = attempts + 1,
                   provider_message_id = coalesce(\(providerMessageId), provider_message_id), updated_at = now()
            WHERE id = \(id) AND status = 'pending' RETURNING 1
            """)
        for try await _ in rows { return true }
        return false
    }

    /// Records a failed attempt that will be retried.
    public func markAttempt(_ id: UUID, error: String) async throws {
        try await database.query("""
            UPDATE floworx.notifications SET attempts = attempts + 1, reason = left(\(error), 1000), updated_at = now()
            WHERE id = \(id) AND status = 'pending'
            """).drain()
    }

    /// Ends a notification that will not be sent: `failed` (with an `error_logs` row, in the same statement) or
    /// `skipped` (a configuration reason: no provider for the channel, no subscription; no error row).
    public func finish(_ notification: StoredNotification, status: String, reason: String, errorType: String? = nil) async throws {
        precondition(status == "failed" || status == "skipped")
        try await database.query("""
            WITH done AS (
              UPDATE floworx.notifications SET status = \(status), reason = left(\(reason), 1000), attempts = attempts + 1, updated_at = now()
              WHERE id = \(notification.id) AND status = 'pending'
              RETURNING id, client_id, email_log_id, kind, channel, attempts
            )
            INSERT INTO public.error_logs (client_id, error_type, error_message, context, severity)
            SELECT client_id, \(errorType ?? "notification_failed"), left(\(reason), 2000),
                   jsonb_build_object('notification_id', id, 'email_log_id', email_log_id, 'kind', kind, 'channel', channel, 'attempts', attempts),
                   'high'
            FROM done WHERE \(status) = 'failed'
            """).drain()
    }

    /// Applies the per-recipient rate limit before sending `notification`: when `limit` notifications already went to
    /// the same recipient on the same channel within `window`, it is suppressed and one summary row (per recipient,
    /// channel and window) is queued instead, in one statement. Returns true when it was suppressed.
    public func suppressIfOverLimit(_ notification: StoredNotification, limit: Int, window: Duration, summaryKey: String, summaryContent: String) async throws -> Bool {
        let seconds = window.fractionalSeconds
        let rows = try await database.query("""
            WITH recent AS (
              SELECT count(*) AS sent FROM floworx.notifications
              WHERE recipient = \(notification.recipient) AND channel = \(notification.channel.rawValue)
                AND sent_at > now() - make_interval(secs => \(seconds)) AND status IN ('sent', 'delivered')
            ), suppressed AS (
              UPDATE floworx.notifications SET status = 'suppressed', updated_at = now(),
                     reason = 'rate limit: ' || (SELECT sent FROM recent) || ' sent to this recipient in the window; included in a summary'
              WHERE id = \(notification.id) AND status = 'pending' AND (SELECT sent FROM recent) >= \(limit)
              RETURNING id, client_id
            ), summary AS (
              INSERT INTO floworx.notifications (client_id, kind, channel, recipient, recipient_name, dedupe_key, content)
              SELECT client_id, 'summary', \(notification.channel.rawValue), \(notification.recipient), \(notification.recipientName),
                     \(summaryKey), \(summaryContent)::jsonb
              FROM suppressed
              ON CONFLICT (dedupe_key) DO NOTHING
              RETURNING 1
            )
            SELECT count(*) FROM suppressed
            """)
        for try await count in rows.decode(Int.self) { return count > 0 }
        return false
    }

    /// The notifications suppressed for `recipient` on `channel` since `since`, oldest first (what a summary lists).
    public func suppressed(recipient: String, channel: NotificationChannel, since: Date) async throws -> [StoredNotification] {
        let rows = try await database.query("""
            SELECT id FROM floworx.notifications
            WHERE recipient = \(recipient) AND channel = \(channel.rawValue) AND status = 'suppressed' AND created_at >= \(since)
            ORDER BY created_at LIMIT 50
            """)
        var ids: [UUID] = []
        for try await id in rows.decode(UUID.self) { ids.append(id) }
        var result: [StoredNotification] = []
        for id in ids { if let row = try await load(id) { result.append(row) } }
        return result
    }
}

fileprivate extension PostgresRowSequence {
    /// Reads every row, discarding them (a statement run for its effect).
    func drain() async throws {
        for try await _ in self {}
    }
}
