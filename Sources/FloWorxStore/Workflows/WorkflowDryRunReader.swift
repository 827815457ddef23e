import FloWorxCore
import Foundation
import Logging
import PostgresNIO

/// Reads what a workflow dry run replays, in a READ ONLY transaction (PostgreSQL refuses any write in it, so a dry
/// run cannot change anything even by mistake): the business's profile and its last emails.
public struct WorkflowDryRunReader: Sendable {
    let database: ServiceDatabase
    let logger: Logger

    public init(database: ServiceDatabase, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    /// The business's `limit` most recent logged emails, newest first, as messages (sender, recipient, subject, body,
    /// received time).
    public func recentEmails(clientId: UUID, limit: Int) async throws -> [WorkflowDryRun.Email] {
        try await database.transaction { connection in
            try await connection.query("SET TRANSACTION READ ONLY")
            let rows = try await connection.query("""
                SELECT id, message_id, from_email, to_email, coalesce(subject, ''), coalesce(body, ''), coalesce(created_at, now())
                FROM public.email_logs WHERE client_id = \(clientId)
                ORDER BY created_at DESC NULLS LAST, id
                LIMIT \(limit)
                """)
            var emails: [WorkflowDryRun.Email] = []
            for try await (id, messageId, from, to, subject, body, received) in rows.decode((UUID, String, String, String, String, String, Date).self) {
                emails.append(WorkflowDryRun.Email(emailLogId: id, message: EmailMessage(
                    messageId: messageId, from: EmailAddress(email: from), to: to.isEmpty ? [] : [EmailAddress(email: to)],
                    subject: subject, text: body, receivedAt: received)))
            }
            return emails
        }
    }

    /// The business's profile (rules, hours, style), as the pipeline loads it.
    public func profile(clientId: UUID) async throws -> ClientProfile? {
        try await ProfileRepository(database: database, logger: logger).profiles([clientId])[clientId]
    }
}
