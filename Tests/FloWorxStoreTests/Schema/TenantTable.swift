import Foundation
import PostgresNIO
import Testing

/// One of the 17 tables, with what a tenant (role `authenticated`) may do to its own rows: the policy matrix.
///
/// The matrix is FloWorx's design, not the contract's (the contract only gives examples), so it is written here, once;
/// the tests derive from it both the behaviour they check and the `pg_policies` rows they expect.
struct TenantTable: Sendable, CustomTestStringConvertible {
    /// A command a policy may allow.
    enum Command: String, Sendable, CaseIterable {
        case select = "SELECT", insert = "INSERT", update = "UPDATE", delete = "DELETE"

        /// The verb of the policy's name: "Users can <verb> own ...".
        var verb: String { self == .select ? "view" : rawValue.lowercased() }
    }

    /// How a row belongs to a tenant.
    enum Ownership: Sendable {
        /// The row is the tenant's profile: its id is the user's id.
        case profile
        /// The row's client_id is the tenant.
        case clientID
        /// The row belongs to a parent row of the tenant, through `column` (a foreign key to the table numbered `parent`).
        case parent(column: String, parent: Int)
    }

    /// The table's name in public.
    var name: String
    /// Its number in the contract, which also numbers its fixture rows.
    var number: Int
    /// How its rows belong to a tenant.
    var ownership: Ownership
    /// The commands a tenant may run on its own rows; every other command fails with 42501.
    var tenantCommands: Set<Command>
    /// What the table's policies call its rows: "Users can view own <noun>".
    var policyNoun: String
    /// A valid new row with only columns a tenant may write (`id`, then the owner column's value).
    var insert: @Sendable (_ id: UUID, _ owner: UUID) -> PostgresQuery
    /// A change of one row that a tenant makes when it may update, returning the row's id.
    var update: @Sendable (_ id: UUID) -> PostgresQuery

    var testDescription: String { name }

    /// The column that says whose row it is.
    var ownerColumn: String {
        switch ownership {
        case .profile: "id"
        case .clientID: "client_id"
        case .parent(let column, _): column
        }
    }

    /// Whether this is profiles, whose rows the sign-up trigger creates.
    var isProfile: Bool {
        if case .profile = ownership { return true }
        return false
    }

    /// The table whose rows own this table's rows, for a child table.
    var parent: TenantTable? {
        guard case .parent(_, let number) = ownership else { return nil }
        return Self.all.first { $0.number == number }
    }

    /// The fixture's row of `tenant` in this table.
    func rowID(_ tenant: Tenant) -> UUID {
        isProfile ? tenant.id : Self.fixtureID(number, tenant)
    }

    /// The owner column's value for a row of `tenant`.
    func owner(_ tenant: Tenant) -> UUID {
        switch ownership {
        case .profile, .clientID: tenant.id
        case .parent(_, let parent): Self.fixtureID(parent, tenant)
        }
    }

    /// The names of the policies the matrix implies, by command.
    var policies: [Command: String] {
        Dictionary(uniqueKeysWithValues: tenantCommands.map { ($0, "Users can \($0.verb) own \(policyNoun)") })
    }

    /// `SELECT id` of every visible row.
    var selectIDs: PostgresQuery { "SELECT id FROM public.\(unescaped: name)" }

    /// `DELETE` of one row, returning its id.
    func delete(_ id: UUID) -> PostgresQuery {
        "DELETE FROM public.\(unescaped: name) WHERE id = \(id) RETURNING id"
    }

    /// Gives row `id` to `tenant` by changing its owner column, returning its id.
    func reassign(_ id: UUID, to tenant: Tenant) -> PostgresQuery {
        "UPDATE public.\(unescaped: name) SET \(unescaped: ownerColumn) = \(owner(tenant)) WHERE id = \(id) RETURNING id"
    }

    /// The whole row as JSON text, to see whether anything changed it.
    func snapshot(_ id: UUID) -> PostgresQuery {
        "SELECT to_jsonb(t)::text FROM public.\(unescaped: name) t WHERE id = \(id)"
    }

    /// The row of `tenant` in table `number`: 0000000N-0000-4000-8000-00000000000a for tenant A.
    static func fixtureID(_ number: Int, _ tenant: Tenant) -> UUID {
        UUID(uuidString: String(format: "%08d", number) + "-0000-4000-8000-00000000000" + tenant.rawValue)!
    }

    static let all: [TenantTable] = [
        TenantTable(
            name: "profiles", number: 1, ownership: .profile, tenantCommands: [.select, .update], policyNoun: "profile",
            insert: { _, owner in "INSERT INTO public.profiles (id) VALUES (\(owner))" },
            update: { id in
                "UPDATE public.profiles SET managers = \(#"[{"name": "Sam Lee", "email": "sam@example.com"}]"#)::jsonb WHERE id = \(id) RETURNING id"
            }
        ),
        TenantTable(
            name: "integrations", number: 2, ownership: .clientID, tenantCommands: Set(Command.allCases), policyNoun: "integrations",
            insert: { id, owner in
                "INSERT INTO public.integrations (id, client_id, provider, status) VALUES (\(id), \(owner), \("gmail"), \("active"))"
            },
            update: { id in "UPDATE public.integrations SET status = \("revoked") WHERE id = \(id) RETURNING id" }
        ),
        TenantTable(
            name: "communication_styles", number: 3, ownership: .clientID, tenantCommands: Set(Command.allCases),
            policyNoun: "communication styles",
            insert: { id, owner in "INSERT INTO public.communication_styles (id, client_id, name) VALUES (\(id), \(owner), \("Friendly"))" },
            update: { id in "UPDATE public.communication_styles SET tone = \("warm") WHERE id = \(id) RETURNING id" }
        ),
        TenantTable(
            name: "business_hours", number: 4, ownership: .clientID, tenantCommands: Set(Command.allCases), policyNoun: "business hours",
            insert: { id, owner in
                """
                INSERT INTO public.business_hours (id, client_id, hours, timezone)
                VALUES (\(id), \(owner), \(#"{"version": 1, "weekly": {"mon": [["08:00", "17:00"]]}}"#)::jsonb, \("America/Toronto"))
                """
            },
            update: { id in "UPDATE public.business_hours SET timezone = \("Europe/London") WHERE id = \(id) RETURNING id" }
        ),
        TenantTable(
            name: "escalation_rules", number: 5, ownership: .clientID, tenantCommands: Set(Command.allCases), policyNoun: "escalation rules",
            insert: { id, owner in
                """
                INSERT INTO public.escalation_rules (id, client_id, name, conditions, actions)
                VALUES (\(id), \(owner), \("Urgent"), \(#"{"fact": "urgency", "op": "gte", "value": "high"}"#)::jsonb,
                        \(#"[{"type": "mark_escalated"}]"#)::jsonb)
                """
            },
            update: { id in "UPDATE public.escalation_rules SET priority = \(5) WHERE id = \(id) RETURNING id" }
        ),
        TenantTable(
            name: "notification_settings", number: 6, ownership: .clientID, tenantCommands: Set(Command.allCases),
            policyNoun: "notification settings",
            insert: { id, owner in "INSERT INTO public.notification_settings (id, client_id) VALUES (\(id), \(owner))" },
            update: { id in "UPDATE public.notification_settings SET sms_notifications = \(true) WHERE id = \(id) RETURNING id" }
        ),
        TenantTable(
            name: "email_logs", number: 7, ownership: .clientID, tenantCommands: [.select], policyNoun: "email logs",
            insert: { id, owner in
                """
                INSERT INTO public.email_logs (id, client_id, message_id, from_email, to_email)
                VALUES (\(id), \(owner), \("m-" + id.uuidString), \("customer@example.com"), \("office@example.com"))
                """
            },
            update: { id in "UPDATE public.email_logs SET status = \("processed") WHERE id = \(id) RETURNING id" }
        ),
        TenantTable(
            name: "email_queue", number: 8, ownership: .clientID, tenantCommands: [.select], policyNoun: "queued emails",
            insert: { id, owner in
                "INSERT INTO public.email_queue (id, client_id, email_data) VALUES (\(id), \(owner), \(#"{"message_id": "m-1"}"#)::jsonb)"
            },
            update: { id in "UPDATE public.email_queue SET priority = \(9) WHERE id = \(id) RETURNING id" }
        ),
        TenantTable(
            name: "ai_responses", number: 9, ownership: .parent(column: "email_log_id", parent: 7), tenantCommands: [.select],
            policyNoun: "AI responses",
            insert: { id, owner in
                "INSERT INTO public.ai_responses (id, email_log_id, response_text, confidence_score) VALUES (\(id), \(owner), \("Hello!"), \(0.91))"
            },
            update: { id in "UPDATE public.ai_responses SET response_text = \("Changed") WHERE id = \(id) RETURNING id" }
        ),
        TenantTable(
            name: "analytics_events", number: 10, ownership: .clientID, tenantCommands: [.select], policyNoun: "analytics events",
            insert: { id, owner in "INSERT INTO public.analytics_events (id, client_id, event_type) VALUES (\(id), \(owner), \("email_processed"))" },
            update: { id in "UPDATE public.analytics_events SET event_type = \("changed") WHERE id = \(id) RETURNING id" }
        ),
        TenantTable(
            name: "performance_metrics", number: 11, ownership: .clientID, tenantCommands: [.select], policyNoun: "performance metrics",
            insert: { id, owner in
                "INSERT INTO public.performance_metrics (id, client_id, metric_type, metric_value) VALUES (\(id), \(owner), \("processing_ms"), \(120))"
            },
            update: { id in "UPDATE public.performance_metrics SET metric_value = \(0) WHERE id = \(id) RETURNING id" }
        ),
        TenantTable(
            name: "workflows", number: 12, ownership: .clientID, tenantCommands: Set(Command.allCases), policyNoun: "workflows",
            insert: { id, owner in
                "INSERT INTO public.workflows (id, client_id, name, workflow_data) VALUES (\(id), \(owner), \("Intake"), \("{}")::jsonb)"
            },
            update: { id in "UPDATE public.workflows SET version = \(2) WHERE id = \(id) RETURNING id" }
        ),
        TenantTable(
            name: "workflow_metrics", number: 13, ownership: .parent(column: "workflow_id", parent: 12), tenantCommands: [.select],
            policyNoun: "workflow metrics",
            insert: { id, owner in "INSERT INTO public.workflow_metrics (id, workflow_id, execution_time) VALUES (\(id), \(owner), \(10))" },
            update: { id in "UPDATE public.workflow_metrics SET error_count = \(3) WHERE id = \(id) RETURNING id" }
        ),
        TenantTable(
            name: "subscriptions", number: 14, ownership: .clientID, tenantCommands: [.select], policyNoun: "subscriptions",
            insert: { id, owner in
                "INSERT INTO public.subscriptions (id, client_id, plan_id, status) VALUES (\(id), \(owner), \("pro"), \("active"))"
            },
            update: { id in "UPDATE public.subscriptions SET status = \("canceled") WHERE id = \(id) RETURNING id" }
        ),
        TenantTable(
            name: "invoices", number: 15, ownership: .parent(column: "subscription_id", parent: 14), tenantCommands: [.select],
            policyNoun: "invoices",
            insert: { id, owner in "INSERT INTO public.invoices (id, subscription_id, amount, status) VALUES (\(id), \(owner), \(49), \("open"))" },
            update: { id in "UPDATE public.invoices SET status = \("void") WHERE id = \(id) RETURNING id" }
        ),
        TenantTable(
            name: "error_logs", number: 16, ownership: .clientID, tenantCommands: [.select], policyNoun: "error logs",
            insert: { id, owner in
                """
                INSERT INTO public.error_logs (id, client_id, error_type, error_message, severity)
                VALUES (\(id), \(owner), \("smtp"), \("connection refused"), \("high"))
                """
            },
            update: { id in "UPDATE public.error_logs SET resolved_at = now() WHERE id = \(id) RETURNING id" }
        ),
        TenantTable(
            name: "dead_letter_queue", number: 17, ownership: .clientID, tenantCommands: [.select], policyNoun: "dead letters",
            insert: { id, owner in
                """
                INSERT INTO public.dead_letter_queue (id, client_id, operation_type, operation_data, error_message)
                VALUES (\(id), \(owner), \("draft_reply"), \("{}")::jsonb, \("timeout"))
                """
            },
            update: { id in "UPDATE public.dead_letter_queue SET status = \("resolved") WHERE id = \(id) RETURNING id" }
        ),
    ]

    /// The table called `name`.
    static func named(_ name: String) -> TenantTable {
        all.first { $0.name == name }!
    }
}
