import FloWorxCore
import Foundation
import PostgresNIO

/// What a workflow `forward` step needs: the email to forward (`public.email_logs`), and the outbox row that
/// forwards it (`floworx.notifications`, kind `forward`, channel `email`), which the notification delivery worker
/// sends over SMTP with the original attached, exactly like a rule's forward.
public struct WorkflowForwardRepository: Sendable {
    let database: ServiceDatabase

    public init(database: ServiceDatabase) {
        self.database = database
    }

    /// The logged email of `clientId` with id `emailLogId`, as a message (sender, recipient, subject, body, date).
    public func email(_ emailLogId: UUID, clientId: UUID) async throws -> EmailMessage? {
        let rows = try await database.query("""
            SELECT message_id, from_email, to_email, coalesce(subject, ''), coalesce(body, ''), coalesce(created_at, now())
            FROM public.email_logs WHERE id = \(emailLogId) AND client_id = \(clientId)
            """)
        for try await (messageId, from, to, subject, body, created) in rows.decode((String, String, String, String, String, Date).self) {
            return EmailMessage(
                messageId: messageId, from: EmailAddress(email: from), to: to.isEmpty ? [] : [EmailAddress(email: to)], subject: subject,
                text: body, receivedAt: created)
        }
        return nil
    }

    /// Queues the forward (or records it skipped, with `skipReason`); a second call with the same `dedupeKey` does
    /// nothing. Returns whether a row was written.
    @discardableResult
    public func queue(
        clientId: UUID, emailLogId: UUID, recipient: String, dedupeKey: String, contentJSON: String, skipReason: String?
    ) async throws -> Bool {
        let rows = try await database.query("""
            INSERT INTO floworx.notifications (client_id, email_log_id, kind, channel, recipient, dedupe_key, content, status, reason)
            VALUES (\(clientId), \(emailLogId), 'forward', 'email', \(recipient), \(dedupeKey), \(contentJSON)::jsonb,
                    CASE WHEN \(skipReason ?? "") = '' THEN 'pending' ELSE 'skipped' END, nullif(\(skipReason ?? ""), ''))
            ON CONFLICT (dedupe_key) DO NOTHING
            RETURNING 1
            """)
        return try await rows.collect().count == 1
    }
}
