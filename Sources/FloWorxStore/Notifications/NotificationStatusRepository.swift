import Foundation
import PostgresNIO

/// Records what an SMS provider reports about a sent notification (Twilio status callbacks) on its
/// `floworx.notifications` row: `provider_status` always, and the row's `status` when the report is final
/// (`delivered`; `undelivered` or `failed` become `failed` with the reason).
///
/// Reports may arrive out of order or twice (Twilio does not promise order): a report never moves a row back
/// (`sent` after `delivered` is ignored) and a second final report does not overwrite the first.
public struct NotificationStatusRepository: Sendable {
    let database: ServiceDatabase

    public init(database: ServiceDatabase) {
        self.database = database
    }

    /// What recording a report did.
    public enum Outcome: Sendable, Hashable {
        /// The row now has this provider status and row status.
        case updated(notificationId: UUID, status: String)
        /// The row exists but already holds a later (or final) status: nothing changed.
        case stale(notificationId: UUID)
        /// No SMS notification has this message id (nor the given notification id without one): nothing changed.
        case unknown
    }

    /// Order of provider statuses: a report only applies when it is later than the stored one.
    static func rank(_ status: String) -> Int {
        switch status {
        case "queued", "accepted", "scheduled": 1
        case "sending": 2
        case "sent": 3
        case "delivered", "undelivered", "failed", "canceled": 4
        case "read": 5
        default: 0
        }
    }

    /// Records `providerStatus` for the SMS notification whose `provider_message_id` is `messageSid`. When no row has
    /// that id yet and `notificationId` is given (the callback URL carries it), the row with that id and no provider
    /// id takes it: a callback that overtakes the worker's own write of the id is not lost.
    /// `failureReason` is stored as the row's reason for `undelivered` and `failed`.
    public func record(messageSid: String, providerStatus: String, failureReason: String?, notificationId: UUID? = nil) async throws -> Outcome {
        let status = String(providerStatus.lowercased().prefix(40))
        let rank = Self.rank(status)
        let final: String? = switch status {
        case "delivered", "read": "delivered"
        case "undelivered", "failed": "failed"
        default: nil
        }
        let reason = final == "failed" ? failureReason.map { String($0.prefix(1000)) } : nil
        let rows = try await database.query("""
            WITH target AS (
              SELECT id, provider_status FROM floworx.notifications
              WHERE channel = 'sms'
                AND (provider_message_id = \(messageSid) OR (id = \(notificationId) AND provider_message_id IS NULL))
              ORDER BY (provider_message_id IS NOT NULL) DESC
              LIMIT 1
              FOR UPDATE
            ), updated AS (
              UPDATE floworx.notifications n SET
                provider_status = \(status),
                provider_message_id = coalesce(n.provider_message_id, \(messageSid)),
                status = coalesce(\(final), n.status),
                reason = CASE WHEN \(final) = 'failed' THEN \(reason) ELSE n.reason END,
                sent_at = CASE WHEN \(rank) >= 3 THEN coalesce(n.sent_at, now()) ELSE n.sent_at END,
                updated_at = now()
              FROM target
              WHERE n.id = target.id
                AND \(rank) > CASE target.provider_status
                    WHEN 'queued' THEN 1 WHEN 'accepted' THEN 1 WHEN 'scheduled' THEN 1 WHEN 'sending' THEN 2 WHEN 'sent' THEN 3
                    WHEN 'delivered' THEN 4 WHEN 'undelivered' THEN 4 WHEN 'failed' THEN 4 WHEN 'canceled' THEN 4 WHEN 'read' THEN 5
                    ELSE 0 END
              RETURNING n.id, n.status
            )
            SELECT target.id, updated.status FROM target LEFT JOIN updated ON updated.id = target.id
            """).collect()
        guard let row = rows.first else { return .unknown }
        let (id, newStatus) = try row.decode((UUID, String?).self)
        guard let newStatus else { return .stale(notificationId: id) }
        return .updated(notificationId: id, status: newStatus)
    }
}
