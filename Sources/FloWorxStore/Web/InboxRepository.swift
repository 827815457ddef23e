import Foundation
import PostgresNIO

/// The web app's inbox: an owner's processed email as the owner's own role reads it, so row-level security decides
/// what is there (another business's email is simply not found).
///
/// An email's category is the owner's latest correction (`classification_corrected` event), else what FloWorx
/// classified it as (the latest `email_classified` event), as the analytics functions of migration 0035 say it.
public enum InboxRepository {
    /// What the inbox list is narrowed to; `nil` fields do not narrow.
    public struct Filter: Sendable, Hashable {
        public var category: String?
        public var urgency: String?
        public var status: String?
        /// First and last local day (`YYYY-MM-DD`, the business's time zone), inclusive.
        public var from: String?
        public var to: String?
        public var limit: Int
        public var offset: Int

        public init(category: String? = nil, urgency: String? = nil, status: String? = nil, from: String? = nil, to: String? = nil, limit: Int = 25, offset: Int = 0) {
            self.category = category
            self.urgency = urgency
            self.status = status
            self.from = from
            self.to = to
            self.limit = limit
            self.offset = offset
        }
    }

    /// One email of the list.
    public struct Row: Sendable, Hashable {
        public var id: UUID
        public var subject: String?
        public var fromEmail: String
        public var receivedAt: Date
        public var status: String
        public var category: String?
        public var urgency: String?
        public var afterHours: Bool?
        public var hasDraft: Bool
    }

    /// One email with what FloWorx found in it.
    public struct Detail: Sendable, Hashable {
        public var row: Row
        public var toEmail: String
        public var body: String?
        /// The `email_classified` event's data as JSON text (reasons, entities, confidence, sentiment…).
        public var classificationJSON: String?
        /// What FloWorx classified it as, when the owner corrected it since.
        public var classifiedCategory: String?
        /// The newest draft (the owner's own edit, if any, else FloWorx's).
        public var draft: String?
        /// Who wrote that draft (`model_used`; `owner` for the owner's edit).
        public var draftAuthor: String?
        /// Names of the escalation rules that matched it.
        public var rules: [String]
    }

    /// The newest emails first, narrowed by `filter`; `hasMore` when another page follows.
    public static func list(_ filter: Filter, on tenant: TenantDatabase) async throws -> (rows: [Row], hasMore: Bool) {
        let limit = max(1, filter.limit)
        let business = tenant.business
        return try await tenant.transaction { connection in
            let rows = try await connection.query("""
                SELECT l.id, l.subject, l.from_email, l.created_at, l.status, t.category,
                       t.urgency, (t.classification ->> 'after_hours')::boolean,
                       EXISTS (SELECT 1 FROM public.ai_responses a WHERE a.email_log_id = l.id)
                FROM public.email_logs l
                LEFT JOIN public.business_hours h ON h.client_id = l.client_id
                LEFT JOIN LATERAL rollups.email_triage(l.client_id, l.id) t ON true
                WHERE l.client_id = \(business)
                  AND (\(filter.category)::text IS NULL OR t.category = \(filter.category)::text)
                  AND (\(filter.urgency)::text IS NULL OR t.urgency = \(filter.urgency)::text)
                  AND (\(filter.status)::text IS NULL OR l.status = \(filter.status)::text)
                  AND (\(filter.from)::date IS NULL OR (l.created_at AT TIME ZONE coalesce(h.timezone, 'UTC'))::date >= \(filter.from)::date)
                  AND (\(filter.to)::date IS NULL OR (l.created_at AT TIME ZONE coalesce(h.timezone, 'UTC'))::date <= \(filter.to)::date)
                ORDER BY l.created_at DESC, l.id DESC
                LIMIT \(limit + 1) OFFSET \(max(0, filter.offset))
                """).collect()
            let decoded = try rows.map(Self.row)
            return (Array(decoded.prefix(limit)), decoded.count > limit)
        }
    }

    /// One email, or `nil` when the owner's RLS does not show it (unknown, or another business's).
    public static func detail(id: UUID, on tenant: TenantDatabase) async throws -> Detail? {
        let business = tenant.business
        return try await tenant.transaction { connection -> Detail? in
            let rows = try await connection.query("""
                SELECT l.id, l.subject, l.from_email, l.created_at, l.status, t.category,
                       t.urgency, (t.classification ->> 'after_hours')::boolean,
                       EXISTS (SELECT 1 FROM public.ai_responses a WHERE a.email_log_id = l.id),
                       l.to_email, l.body, t.classification::text, t.classification ->> 'category', draft.response_text, draft.model_used,
                       array_remove(ARRAY(SELECT DISTINCT r.event_data ->> 'rule_name' FROM public.analytics_events r
                             WHERE r.client_id = l.client_id AND r.event_type = 'rule_matched' AND r.event_data ->> 'email_log_id' = l.id::text), NULL)
                FROM public.email_logs l
                LEFT JOIN LATERAL rollups.email_triage(l.client_id, l.id) t ON true
                LEFT JOIN LATERAL (
                    SELECT a.response_text, a.model_used FROM public.ai_responses a WHERE a.email_log_id = l.id
                    ORDER BY a.created_at DESC, a.id DESC LIMIT 1
                ) draft ON true
                WHERE l.id = \(id) AND l.client_id = \(business)
                """).collect()
            guard let row = rows.first else { return nil }
            let columns = row.makeRandomAccess()
            let summary = try Self.row(row)
            let classified = try columns[12].decode(String?.self)
            return Detail(
                row: summary, toEmail: try columns[9].decode(String.self), body: try columns[10].decode(String?.self),
                classificationJSON: try columns[11].decode(String?.self),
                classifiedCategory: classified == summary.category ? nil : classified,
                draft: try columns[13].decode(String?.self), draftAuthor: try columns[14].decode(String?.self),
                rules: try columns[15].decode([String].self)
            )
        }
    }

    /// Saves the owner's edit of an email's draft as its newest AI response (`model_used` `owner`), after the owner's
    /// own RLS has shown it the email; `false` when it does not (unknown, or another business's). The service writes
    /// it because tenants may only read `ai_responses`; the first draft stays, so analytics keep its time.
    public static func saveOwnerDraft(emailLogId: UUID, text: String, tenant: TenantDatabase, service: ServiceDatabase) async throws -> Bool {
        let business = tenant.business
        let visible = try await tenant.transaction { connection in
            try await connection.query("SELECT 1 FROM public.email_logs WHERE id = \(emailLogId) AND client_id = \(business)").collect().count == 1
        }
        guard visible else { return false }
        _ = try await service.query("""
            INSERT INTO public.ai_responses (email_log_id, response_text, model_used) VALUES (\(emailLogId), \(text), 'owner')
            """).collect()
        return true
    }

    static func row(_ row: PostgresRow) throws -> Row {
        let columns = row.makeRandomAccess()
        return Row(
            id: try columns[0].decode(UUID.self), subject: try columns[1].decode(String?.self), fromEmail: try columns[2].decode(String.self),
            receivedAt: try columns[3].decode(Date.self), status: try columns[4].decode(String.self), category: try columns[5].decode(String?.self),
            urgency: try columns[6].decode(String?.self), afterHours: try columns[7].decode(Bool?.self), hasDraft: try columns[8].decode(Bool.self)
        )
    }
}
