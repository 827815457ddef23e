import Foundation
import PostgresNIO

/// The `integrations` rows of connected mailboxes (not their credentials: `CredentialsRepository`), and the owner-
/// facing records of what happened to them (`error_logs`, `analytics_events`).
public struct IntegrationRepository: Sendable {
    let database: ServiceDatabase

    public init(database: ServiceDatabase) {
        self.database = database
    }

    /// One integration.
    public struct Row: Sendable, Hashable {
        public var id: UUID
        public var clientId: UUID
        public var provider: String
        public var status: String
    }

    /// The client's integration for a provider, created `pending` when there is none (one mailbox per provider).
    public func integration(clientId: UUID, provider: String) async throws -> Row {
        try await database.transaction { connection in
            // Serialises two connect flows of one client and provider, so they share one row.
            try await connection.query("SELECT pg_advisory_xact_lock(hashtextextended(\(clientId.uuidString + provider), 9))")
            let rows = try await connection.query("""
                SELECT id, client_id, provider, status FROM public.integrations
                WHERE client_id = \(clientId) AND provider = \(provider) ORDER BY created_at DESC LIMIT 1
                """).collect()
            if let row = rows.first { return try Self.row(row) }
            let created = try await connection.query("""
                INSERT INTO public.integrations (client_id, provider) VALUES (\(clientId), \(provider)) RETURNING id, client_id, provider, status
                """).collect()
            return try Self.row(created[0])
        }
    }

    /// One integration by id.
    public func integration(_ id: UUID) async throws -> Row? {
        let rows = try await database.query("SELECT id, client_id, provider, status FROM public.integrations WHERE id = \(id)").collect()
        return try rows.first.map(Self.row)
    }

    /// Sets the status (`active`, `error`, `revoked`); returns the previous one.
    @discardableResult
    public func setStatus(_ id: UUID, _ status: String) async throws -> String? {
        let rows = try await database.query("""
            UPDATE public.integrations n SET status = \(status), updated_at = now()
            FROM (SELECT id, status FROM public.integrations WHERE id = \(id) FOR UPDATE) old
            WHERE n.id = old.id
            RETURNING old.status
            """).collect()
        return try rows.first?.decode(String.self)
    }

    /// Writes an `error_logs` row for the business (what the owner and the operator see).
    public func recordError(clientId: UUID?, type: String, message: String, severity: String, contextJSON: String = "{}") async throws {
        try await database.query("""
            INSERT INTO public.error_logs (client_id, error_type, error_message, severity, context)
            VALUES (\(clientId), \(type), left(\(message), 4000), \(severity), \(contextJSON)::jsonb)
            """)
    }

    /// Writes an `analytics_events` row.
    public func recordEvent(clientId: UUID, type: String, dataJSON: String) async throws {
        try await database.query("""
            INSERT INTO public.analytics_events (client_id, event_type, event_data) VALUES (\(clientId), \(type), \(dataJSON)::jsonb)
            """)
    }

    /// Writes a `performance_metrics` row.
    public func recordMetric(clientId: UUID, type: String, value: Double) async throws {
        try await database.query("""
            INSERT INTO public.performance_metrics (client_id, metric_type, metric_value) VALUES (\(clientId), \(type), \(value))
            """)
    }

    /// The email log of a provider message id, when FloWorx has it.
    public func emailLogId(clientId: UUID, messageId: String) async throws -> UUID? {
        try await database.query("""
            SELECT id FROM public.email_logs WHERE client_id = \(clientId) AND message_id = \(messageId)
            """).collect().first?.decode(UUID.self)
    }

    static func row(_ row: PostgresRow) throws -> Row {
        let (id, client, provider, status) = try row.decode((UUID, UUID, String, String).self)
        return Row(id: id, clientId: client, provider: provider, status: status)
    }
}
