import FloWorxCore
import Foundation
import PostgresNIO

/// The daily digest's SQL: the businesses to schedule, one business's figures for one local day, and the outbox rows.
public struct DigestRepository: Sendable {
    let database: ServiceDatabase

    public init(database: ServiceDatabase) {
        self.database = database
    }

    /// The columns of a `DigestBusiness` (profile `p`), SQL without values.
    static let businessColumns = """
        p.id, coalesce(p.client_config->'business'->>'name', ''),
        coalesce((SELECT h.timezone FROM public.business_hours h WHERE h.client_id = p.id ORDER BY h.updated_at DESC NULLS LAST LIMIT 1),
                 p.client_config->'business'->>'timezone', 'UTC'),
        coalesce(p.managers, '[]'::jsonb)::text, p.client_config->'contact'->>'email', u.email,
        coalesce((SELECT s.email_notifications FROM public.notification_settings s WHERE s.client_id = p.id
                  ORDER BY s.updated_at DESC NULLS LAST, s.created_at DESC NULLS LAST LIMIT 1), true),
        p.created_at,
        (SELECT max(n.content->>'date') FROM floworx.notifications n
         WHERE n.client_id = p.id AND n.kind = 'digest' AND n.created_at > now() - interval '3 days' AND NOT n.content ? 'forced')
        """

    /// One business, or nil when there is no such profile.
    public func business(_ clientId: UUID) async throws -> DigestBusiness? {
        let rows = try await database.query("""
            SELECT \(unescaped: Self.businessColumns)
            FROM public.profiles p LEFT JOIN auth.users u ON u.id = p.id
            WHERE p.id = \(clientId)
            """).collect()
        return try rows.first.map(Self.business)
    }

    /// The business whose account signs in with `email` (case-insensitive), if any.
    public func clientId(accountEmail email: String) async throws -> UUID? {
        let rows = try await database.query("""
            SELECT p.id FROM public.profiles p JOIN auth.users u ON u.id = p.id
            WHERE lower(u.email) = lower(\(email.trimmingCharacters(in: .whitespaces)))
            ORDER BY p.created_at LIMIT 1
            """).collect()
        return try rows.first?.decode(UUID.self)
    }

    /// A page of the businesses the scheduler looks at: configured ones (with a `client_config.business`), by id after
    /// `after`. Those with email notifications off are listed too (`recipients` is empty for them).
    public func schedulable(after: UUID?, limit: Int) async throws -> [DigestBusiness] {
        let rows = try await database.query("""
            SELECT \(unescaped: Self.businessColumns)
            FROM public.profiles p LEFT JOIN auth.users u ON u.id = p.id
            WHERE jsonb_typeof(p.client_config->'business') = 'object' AND p.id > \(after ?? UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)))
            ORDER BY p.id
            LIMIT \(limit)
            """).collect()
        return try rows.map(Self.business)
    }

    static func business(_ row: PostgresRow) throws -> DigestBusiness {
        let (id, name, timezone, managersJSON, contact, email, notifications, created, last) =
            try row.decode((UUID, String, String, String, String?, String?, Bool, Date?, String?).self)
        // A managers document that does not decode (it is validated on write) leaves the account's address.
        let managers = (try? JSONCoding.decoder().decode([Manager].self, from: Data(managersJSON.utf8))) ?? []
        return DigestBusiness(
            clientId: id, name: name, timezone: timezone, managers: managers, contactEmail: contact, accountEmail: email,
            emailNotifications: notifications, createdAt: created, lastSent: last.flatMap(DigestDate.init)
        )
    }

    /// The figures of one business for the instants `[start, end)` (its local day; the caller computes the bounds from
    /// its timezone).
    public func figures(clientId: UUID, from start: Date, to end: Date) async throws -> DigestFigures {
        let rows = try await database.query("""
            WITH logs AS (
              SELECT l.id, l.status FROM public.email_logs l
              WHERE l.client_id = \(clientId) AND l.created_at >= \(start) AND l.created_at < \(end)
            )
            SELECT
              (SELECT count(*) FROM logs),
              (SELECT count(*) FROM logs WHERE status IN ('processed', 'escalated')),
              (SELECT count(*) FROM logs WHERE status = 'escalated'),
              (SELECT count(*) FROM logs WHERE status = 'failed'),
              (SELECT count(DISTINCT a.email_log_id) FROM public.ai_responses a JOIN logs ON logs.id = a.email_log_id),
              (SELECT count(*) FROM floworx.mailbox_drafts d JOIN public.integrations i ON i.id = d.integration_id
               WHERE i.client_id = \(clientId) AND d.state = 'open' AND d.created_at < \(end)),
              (SELECT count(*) FROM public.analytics_events e
               WHERE e.client_id = \(clientId) AND e.event_type = 'sla_breach' AND e.timestamp >= \(start) AND e.timestamp < \(end)),
              (SELECT coalesce(jsonb_object_agg(category, n), '{}'::jsonb)::text FROM (
                 SELECT coalesce(c.to_category, k.category) AS category, count(*) AS n
                 FROM logs
                 LEFT JOIN floworx.triage_corrections c ON c.client_id = \(clientId) AND c.email_log_id = logs.id
                 LEFT JOIN LATERAL (
                   SELECT e.event_data->>'category' AS category FROM public.analytics_events e
                   WHERE e.client_id = \(clientId) AND e.event_type = 'email_classified' AND e.event_data->>'email_log_id' = logs.id::text
                   ORDER BY e.timestamp DESC LIMIT 1
                 ) k ON true
                 WHERE coalesce(c.to_category, k.category) IS NOT NULL
                 GROUP BY 1
               ) per_category)
            """).collect()
        let (received, processed, escalated, failed, drafts, waiting, breaches, categoriesJSON) =
            try rows[0].decode((Int, Int, Int, Int, Int, Int, Int, String).self)
        let categories = (try? JSONDecoder().decode([String: Int].self, from: Data(categoriesJSON.utf8))) ?? [:]
        return DigestFigures(
            emailsReceived: received, emailsProcessed: processed, escalations: escalated, failed: failed, categories: categories,
            draftsCreated: drafts, draftsWaiting: waiting, slaBreaches: breaches
        )
    }

    /// One outbox row to write.
    public struct Row: Sendable, Hashable {
        public var recipient: String
        public var recipientName: String?
        public var dedupeKey: String

        public init(recipient: String, recipientName: String?, dedupeKey: String) {
            self.recipient = recipient
            self.recipientName = recipientName
            self.dedupeKey = dedupeKey
        }
    }

    /// Writes the digest's outbox rows (kind `digest`, channel `email`, one `content` for all) in one statement; a row
    /// whose dedupe key exists is left out. The outbox trigger queues their delivery in the same transaction. Returns
    /// the recipients written.
    public func insert(clientId: UUID, rows: [Row], contentJSON: String) async throws -> [String] {
        guard !rows.isEmpty else { return [] }
        let inserted = try await database.query("""
            INSERT INTO floworx.notifications (client_id, kind, channel, recipient, recipient_name, dedupe_key, content)
            SELECT \(clientId), 'digest', 'email', r.recipient, nullif(r.name, ''), r.dedupe_key, \(contentJSON)::jsonb
            FROM unnest(\(rows.map(\.recipient))::text[], \(rows.map { $0.recipientName ?? "" })::text[], \(rows.map(\.dedupeKey))::text[])
                 AS r(recipient, name, dedupe_key)
            ON CONFLICT (dedupe_key) DO NOTHING
            RETURNING recipient
            """)
        var recipients: [String] = []
        for try await recipient in inserted.decode(String.self) { recipients.append(recipient) }
        return recipients
    }
}
