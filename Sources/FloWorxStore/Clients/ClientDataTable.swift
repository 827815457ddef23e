/// One table holding a business's data, as `floworx clients export` and `floworx clients delete` see it: where its
/// rows are, which columns never leave the database, and whether it is exported at all.
///
/// The list is the whitelist of identifiers these commands put into SQL; `ClientDataTables.all` must name every
/// table that refers to a business (a test compares it with the catalog), so a new table cannot be forgotten by
/// the export or survive a deletion.
public struct ClientDataTable: Sendable, Equatable {
    /// `schema.table`, as it appears in SQL and in the export's keys.
    public let name: String
    /// The condition selecting the business's rows, with the business id as `$1`.
    let scope: String
    /// Columns left out of the export: credentials and secrets, which are never exported.
    let secretColumns: [String]
    /// Whether the rows are exported; false for operational state that means nothing outside this installation
    /// (rate-limit buckets, OAuth round trips in flight, internal work items, sessions). Deletion removes them all.
    let exported: Bool

    init(_ name: String, scope: String = "client_id = $1", secretColumns: [String] = [], exported: Bool = true) {
        self.name = name
        self.scope = scope
        self.secretColumns = secretColumns
        self.exported = exported
    }
}

/// The tables of a business, children before their parents (the order deletion follows).
public enum ClientDataTables {
    static let byEmailLog = "email_log_id IN (SELECT id FROM public.email_logs WHERE client_id = $1)"
    static let byIntegration = "integration_id IN (SELECT id FROM public.integrations WHERE client_id = $1)"

    /// Every table that holds a business's rows.
    public static let all: [ClientDataTable] = [
        ClientDataTable("public.ai_responses", scope: byEmailLog),
        ClientDataTable("public.workflow_metrics", scope: "workflow_id IN (SELECT id FROM public.workflows WHERE client_id = $1)"),
        ClientDataTable("public.invoices", scope: "subscription_id IN (SELECT id FROM public.subscriptions WHERE client_id = $1)"),
        ClientDataTable("floworx.mailbox_drafts", scope: byIntegration),
        ClientDataTable("floworx.mailbox_effects", scope: byIntegration),
        ClientDataTable("floworx.mailbox_folder_cursors", scope: byIntegration),
        ClientDataTable("floworx.triage_corrections"),
        ClientDataTable("floworx.sla_timers"),
        ClientDataTable("floworx.notifications"),
        ClientDataTable("floworx.mailboxes", secretColumns: ["push_secret_sha256"]),
        ClientDataTable("floworx.jobs", secretColumns: ["claim_token"], exported: false),
        ClientDataTable("floworx.oauth_states", exported: false),
        ClientDataTable("floworx.ingest_buckets", exported: false),
        ClientDataTable("floworx.llm_usage"),
        ClientDataTable("floworx.billing_usage"),
        ClientDataTable("floworx.billing_counted_emails", exported: false),
        ClientDataTable("floworx.billing_notices"),
        ClientDataTable("floworx.billing_customers"),
        ClientDataTable("floworx.stripe_objects"),
        ClientDataTable("floworx.n8n_deployments"),
        ClientDataTable("rollups.analytics_daily"),
        ClientDataTable("rollups.performance_daily"),
        ClientDataTable("public.analytics_events"),
        ClientDataTable("public.performance_metrics"),
        ClientDataTable("public.error_logs"),
        ClientDataTable("public.dead_letter_queue"),
        ClientDataTable("public.email_queue"),
        ClientDataTable("public.email_logs"),
        ClientDataTable("public.workflows"),
        ClientDataTable("public.subscriptions"),
        ClientDataTable("public.escalation_rules"),
        ClientDataTable("public.notification_settings"),
        ClientDataTable("public.business_hours"),
        ClientDataTable("public.communication_styles"),
        ClientDataTable("public.integrations", secretColumns: ["credentials"]),
        ClientDataTable("public.profiles", scope: "id = $1"),
        ClientDataTable("floworx.auth_one_time_tokens", scope: "user_id = $1", exported: false),
        ClientDataTable("floworx.auth_flow_states", scope: "user_id = $1", exported: false),
        ClientDataTable("floworx.auth_identities", scope: "user_id = $1"),
        ClientDataTable("floworx.refresh_tokens", scope: "session_id IN (SELECT id FROM floworx.auth_sessions WHERE user_id = $1)", exported: false),
        ClientDataTable("floworx.auth_sessions", scope: "user_id = $1", exported: false),
        ClientDataTable("auth.users", scope: "id = $1", secretColumns: ["encrypted_password"]),
    ]
}
