import Foundation
import PostgresNIO

extension InboxRepository {
    /// Where an email came from: the provider its `email_received` event names (`gmail`, `outlook`, `api`, `mime`)
    /// and the message id it was logged with (the provider's own id for mail synced from a connected mailbox).
    public struct Source: Sendable, Hashable {
        public var provider: String
        public var messageId: String
    }

    /// The source of one email as the owner's RLS shows it; `nil` when it is not visible or has no received event.
    public static func source(id: UUID, on tenant: TenantDatabase) async throws -> Source? {
        let business = tenant.business
        return try await tenant.transaction { connection in
            let rows = try await connection.query("""
                SELECT r.provider, l.message_id
                FROM public.email_logs l
                JOIN LATERAL (
                    SELECT e.event_data ->> 'provider' AS provider FROM public.analytics_events e
                    WHERE e.client_id = l.client_id AND e.event_type = 'email_received' AND e.event_data ->> 'email_log_id' = l.id::text
                    ORDER BY e.timestamp DESC LIMIT 1
                ) r ON r.provider IS NOT NULL
                WHERE l.id = \(id) AND l.client_id = \(business)
                """).collect()
            guard let row = rows.first else { return nil }
            let (provider, messageId) = try row.decode((String, String).self)
            return Source(provider: provider, messageId: messageId)
        }
    }
}
