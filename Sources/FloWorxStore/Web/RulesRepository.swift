import Foundation
import PostgresNIO

/// The web app's escalation rules page: the owner's `escalation_rules` rows and the recorded facts of its latest
/// processed email, read and written as the owner's own role, so row-level security decides (another business's rule
/// is simply not found, and cannot be changed or deleted).
public enum RulesRepository {
    /// One `escalation_rules` row.
    public struct Rule: Sendable, Hashable {
        public var id: UUID
        public var name: String
        /// `conditions` as JSON text.
        public var conditionsJSON: String
        /// `actions` as JSON text.
        public var actionsJSON: String
        public var priority: Int
        public var isActive: Bool

        public init(id: UUID, name: String, conditionsJSON: String, actionsJSON: String, priority: Int, isActive: Bool) {
            self.id = id
            self.name = name
            self.conditionsJSON = conditionsJSON
            self.actionsJSON = actionsJSON
            self.priority = priority
            self.isActive = isActive
        }
    }

    /// What was recorded of one processed email: the message, the latest classification event and correction, and
    /// how many messages its sender had sent within each asked-for window when it arrived.
    public struct RecordedEmail: Sendable, Hashable {
        public var id: UUID
        public var fromEmail: String
        public var toEmail: String
        public var subject: String?
        public var body: String?
        public var receivedAt: Date
        public var processedAt: Date
        public var status: String
        /// The `email_classified` event's data as JSON text, if there is one.
        public var classificationJSON: String?
        /// The owner's latest category correction, if any.
        public var correctedCategory: String?
        /// Messages from the same sender (this one included) in the `hours` before it arrived, per window.
        public var senderRecentCounts: [Double: Int]
    }

    /// The owner's rules, higher priority first (the order they run in), then by name.
    public static func list(on tenant: TenantDatabase) async throws -> [Rule] {
        let business = tenant.business
        return try await tenant.transaction { connection in
            try await connection.query("""
                SELECT id, name, conditions::text, actions::text, coalesce(priority, 1), coalesce(is_active, true)
                FROM public.escalation_rules WHERE client_id = \(business) ORDER BY coalesce(priority, 1) DESC, name, id
                """).collect().map(Self.rule)
        }
    }

    /// One rule, or `nil` when the owner's RLS does not show it (unknown, or another business's).
    public static func rule(id: UUID, on tenant: TenantDatabase) async throws -> Rule? {
        let business = tenant.business
        return try await tenant.transaction { connection in
            try await connection.query("""
                SELECT id, name, conditions::text, actions::text, coalesce(priority, 1), coalesce(is_active, true)
                FROM public.escalation_rules WHERE id = \(id) AND client_id = \(business)
                """).collect().first.map(Self.rule)
        }
    }

    /// Adds a rule of `clientId` (the signed-in owner; RLS refuses any other); returns its id.
    public static func create(clientId: UUID, name: String, conditionsJSON: String, actionsJSON: String, priority: Int, isActive: Bool,
                              on tenant: TenantDatabase) async throws -> UUID {
        try await tenant.transaction { connection in
            try await connection.query("""
                INSERT INTO public.escalation_rules (client_id, name, conditions, actions, priority, is_active)
                VALUES (\(clientId), \(name), \(conditionsJSON)::jsonb, \(actionsJSON)::jsonb, \(priority), \(isActive))
                RETURNING id
                """).collect().first!.decode(UUID.self)
        }
    }

    /// Changes a rule; `false` when the owner's RLS does not show it.
    public static func update(_ rule: Rule, on tenant: TenantDatabase) async throws -> Bool {
        let business = tenant.business
        return try await tenant.transaction { connection in
            try await connection.query("""
                UPDATE public.escalation_rules
                SET name = \(rule.name), conditions = \(rule.conditionsJSON)::jsonb, actions = \(rule.actionsJSON)::jsonb,
                    priority = \(rule.priority), is_active = \(rule.isActive)
                WHERE id = \(rule.id) AND client_id = \(business) RETURNING id
                """).collect().count == 1
        }
    }

    /// Switches a rule on or off; `false` when the owner's RLS does not show it.
    public static func setActive(id: UUID, _ active: Bool, on tenant: TenantDatabase) async throws -> Bool {
        let business = tenant.business
        return try await tenant.transaction { connection in
            try await connection.query("""
                UPDATE public.escalation_rules SET is_active = \(active) WHERE id = \(id) AND client_id = \(business) RETURNING id
                """).collect().count == 1
        }
    }

    /// Deletes a rule; `false` when the owner's RLS does not show it.
    public static func delete(id: UUID, on tenant: TenantDatabase) async throws -> Bool {
        let business = tenant.business
        return try await tenant.transaction { connection in
            try await connection.query("DELETE FROM public.escalation_rules WHERE id = \(id) AND client_id = \(business) RETURNING id").collect().count == 1
        }
    }

    /// The owner's latest `limit` processed (or escalated) emails, newest first, with the sender counts of `windows`
    /// (hours) as they stood when each arrived.
    public static func recentEmails(limit: Int, windows: [Double], on tenant: TenantDatabase) async throws -> [RecordedEmail] {
        let windows = windows.filter { $0.isFinite && $0 > 0 }
        let business = tenant.business
        return try await tenant.transaction { connection in
            let rows = try await connection.query("""
                SELECT l.id, l.from_email, l.to_email, l.subject, l.body, l.created_at, coalesce(l.processed_at, l.created_at), l.status,
                       t.classification::text, t.corrected_category,
                       ARRAY(SELECT (SELECT count(*)::int FROM public.email_logs o
                                     WHERE o.client_id = l.client_id AND lower(o.from_email) = lower(l.from_email)
                                       AND o.created_at > l.created_at - make_interval(secs => w.hours * 3600) AND o.created_at <= l.created_at)
                             FROM unnest(\(windows)::float8[]) WITH ORDINALITY AS w(hours, n) ORDER BY w.n)
                FROM public.email_logs l
                LEFT JOIN LATERAL rollups.email_triage(l.client_id, l.id) t ON true
                WHERE l.client_id = \(business) AND l.status IN ('processed', 'escalated')
                ORDER BY l.created_at DESC, l.id DESC
                LIMIT \(max(1, limit))
                """).collect()
            return try rows.map { row in
                let c = row.makeRandomAccess()
                let counts = try c[10].decode([Int].self)
                var recent: [Double: Int] = [:]
                for (window, count) in zip(windows, counts) { recent[window] = count }
                return RecordedEmail(
                    id: try c[0].decode(UUID.self), fromEmail: try c[1].decode(String.self), toEmail: try c[2].decode(String.self),
                    subject: try c[3].decode(String?.self), body: try c[4].decode(String?.self), receivedAt: try c[5].decode(Date.self),
                    processedAt: try c[6].decode(Date.self), status: try c[7].decode(String.self),
                    classificationJSON: try c[8].decode(String?.self), correctedCategory: try c[9].decode(String?.self),
                    senderRecentCounts: recent
                )
            }
        }
    }

    static func rule(_ row: PostgresRow) throws -> Rule {
        let c = row.makeRandomAccess()
        return Rule(
            id: try c[0].decode(UUID.self), name: try c[1].decode(String.self), conditionsJSON: try c[2].decode(String.self),
            actionsJSON: try c[3].decode(String.self), priority: try c[4].decode(Int.self), isActive: try c[5].decode(Bool.self)
        )
    }
}
