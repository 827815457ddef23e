/// How each data API table is tied to one business, for routing by `client_id` on Citus (docs/scaling.md, issue 14,
/// item 7): the column a tenant statement pins to the caller's business, next to row-level security.
///
/// RLS restricts every tenant read and write to `client_id = auth.uid()` (`id = auth.uid()` on `profiles`), but Citus
/// routes by the statement's own `WHERE` clause, not by policies: without the predicate a tenant read is a fan-out to
/// every shard. With it the statement names its business, so it goes to one node; for the business's own user the
/// predicate equals the policy, so results do not change. The same table list is in
/// `scripts/routing-check/routing_check.py`, which fails CI if a tenant statement is not pinned.
enum TenantRouting {
    /// Tables distributed by the business, and their distribution column.
    static let distributionColumns: [String: String] = [
        "profiles": "id",
        "integrations": "client_id", "communication_styles": "client_id", "business_hours": "client_id",
        "escalation_rules": "client_id", "notification_settings": "client_id", "email_logs": "client_id",
        "email_queue": "client_id", "analytics_events": "client_id", "performance_metrics": "client_id",
        "workflows": "client_id", "subscriptions": "client_id", "error_logs": "client_id", "dead_letter_queue": "client_id",
    ]

    /// The seed tables without `client_id` (co-located through their parent until they get the column, see
    /// docs/scaling.md): the key to the parent and the parent table.
    static let children: [String: (key: String, parent: String)] = [
        "ai_responses": ("email_log_id", "email_logs"),
        "workflow_metrics": ("workflow_id", "workflows"),
        "invoices": ("subscription_id", "subscriptions"),
    ]

    /// Whether `predicate` pins `table` of `schema`.
    static func isTenantTable(_ table: String, schema: String) -> Bool {
        schema == "public" && (distributionColumns[table] != nil || children[table] != nil)
    }

    /// The predicate pinning the rows of `table` (aliased `qualifier`, in `schema`) to the business bound as `$bind`,
    /// or nil when the table is not tied to one. A child table is pinned through its parent's key.
    static func predicate(table: String, schema: String, qualifier: String, bind: Int, quote: (String) -> String) -> String? {
        guard schema == "public" else { return nil }
        if let column = distributionColumns[table] {
            return "\(qualifier).\(quote(column)) = $\(bind)::text::uuid"
        }
        if let (key, parent) = children[table], let parentColumn = distributionColumns[parent] {
            return "\(qualifier).\(quote(key)) IN (SELECT _p.id FROM public.\(quote(parent)) AS _p WHERE _p.\(quote(parentColumn)) = $\(bind)::text::uuid)"
        }
        return nil
    }
}
