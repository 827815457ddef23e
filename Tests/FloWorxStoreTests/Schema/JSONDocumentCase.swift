import PostgresNIO
import Testing

/// A value written by tenant A into one validated column of its fixture row, and what the validator answers.
struct JSONDocumentCase: Sendable, CustomTestStringConvertible {
    /// The table, one of `TenantTable.all`.
    var table: String
    /// The validated column.
    var column: String
    /// The value's text.
    var value: String
    /// The message of the check_violation, which names the failing field by its path; nil when the value is valid.
    var message: String?
    /// The column's type (jsonb, or text for business_hours.timezone).
    var type = "jsonb"

    var testDescription: String { "\(table).\(column) = \(value.prefix(60))" }

    /// The UPDATE of tenant A's row, returning its id.
    var update: PostgresQuery {
        let id = TenantTable.named(table).rowID(.a)
        return "UPDATE public.\(unescaped: table) SET \(unescaped: column) = \(value)::\(unescaped: type) WHERE id = \(id) RETURNING id"
    }

    /// One refused document per validated column, and a few deep in their trees.
    static let invalid: [JSONDocumentCase] = [
        JSONDocumentCase(table: "profiles", column: "client_config", value: #"{"buisness": {}}"#,
                         message: "profiles.client_config.buisness: unknown member"),
        JSONDocumentCase(table: "profiles", column: "client_config", value: #"{"auto_reply": {"enabled": true, "min_confidence": 1.5}}"#,
                         message: "profiles.client_config.auto_reply.min_confidence: must be at most 1"),
        JSONDocumentCase(table: "profiles", column: "client_config", value: "null",
                         message: "profiles.client_config: must be an object"),
        JSONDocumentCase(table: "profiles", column: "managers",
                         value: #"[{"name":"a","email":"a@x.io"},{"name":"b","email":"b@x.io"},{"name":"c","email":"c@x.io"},{"name":"d","email":"d@x.io"},{"name":"e","email":"e@x.io"},{"name":"f","email":"f@x.io"}]"#,
                         message: "profiles.managers[5]: at most 5 managers"),
        JSONDocumentCase(table: "profiles", column: "managers", value: #"[{"name": "Al", "email": "al at example.com"}]"#,
                         message: "profiles.managers[0].email: must be an email address"),
        JSONDocumentCase(table: "profiles", column: "suppliers", value: #"[{"domains": ["not a domain"]}]"#,
                         message: "profiles.suppliers[0].name: is required"),
        JSONDocumentCase(table: "profiles", column: "email_labels", value: #"{"yahoo": {}}"#,
                         message: "profiles.email_labels.yahoo: unknown member"),
        JSONDocumentCase(table: "business_hours", column: "hours", value: #"{"weekly": {"mon": [["08:00", "12:00"], ["13:00", "25:00"]]}}"#,
                         message: "business_hours.hours.weekly.mon[1][1]: must be a time of day HH:MM, 00:00 to 24:00"),
        JSONDocumentCase(table: "business_hours", column: "timezone", value: "Eastern",
                         message: "business_hours.timezone: must be an IANA time zone name such as America/Toronto", type: "text"),
        JSONDocumentCase(table: "escalation_rules", column: "conditions",
                         value: #"{"all": [{"fact": "category", "op": "eq", "value": "URGENT"}, {"fact": "subject", "op": "equals", "value": "x"}]}"#,
                         message: "escalation_rules.conditions.all[1].op: must be one of eq, neq, in, not_in, gt, gte, lt, lte, contains, contains_any, contains_all"),
        JSONDocumentCase(table: "escalation_rules", column: "actions", value: #"[{"type": "notify", "channels": ["email", "fax"]}]"#,
                         message: "escalation_rules.actions[0].channels[1]: must be one of email, sms, push"),
        JSONDocumentCase(table: "communication_styles", column: "personality_traits", value: #"["kind", 42]"#,
                         message: "communication_styles.personality_traits[1]: must be a string"),
        JSONDocumentCase(table: "communication_styles", column: "signature_phrases", value: #"[""]"#,
                         message: "communication_styles.signature_phrases[0]: must not be empty"),
        JSONDocumentCase(table: "communication_styles", column: "response_patterns", value: #"{"length": "very long"}"#,
                         message: "communication_styles.response_patterns.length: must be one of short, medium, long"),
    ]

    /// Documents as FloWorx's settings screens write them.
    static let valid: [JSONDocumentCase] = [
        JSONDocumentCase(table: "profiles", column: "client_config", value: #"""
            {"version": 1,
             "business": {"name": "Blue Water Pools", "type": "pools_spas", "timezone": "America/Toronto", "currency": "CAD"},
             "contact": {"name": "Sam Lee", "email": "sam@bluewater.example.com"},
             "auto_reply": {"enabled": true, "min_confidence": 0.8, "categories": ["SALES", "SUPPORT"]},
             "holidays": ["2026-12-25"], "sla": {"first_response_minutes": 60}}
            """#),
        JSONDocumentCase(table: "profiles", column: "managers",
                         value: #"[{"name": "Sam Lee", "email": "sam@bluewater.example.com", "roles": ["owner", "sales"], "forward": true}]"#),
        JSONDocumentCase(table: "profiles", column: "suppliers",
                         value: #"[{"name": "Pool Supplies Co", "email": "orders@poolsupplies.example.com", "domains": ["poolsupplies.example.com"]}]"#),
        JSONDocumentCase(table: "profiles", column: "email_labels", value: #"{"gmail": {"URGENT": {"id": "Label_12", "name": "URGENT"}}}"#),
        JSONDocumentCase(table: "business_hours", column: "hours", value: #"""
            {"version": 1, "weekly": {"mon": [["08:00", "12:00"], ["13:00", "17:00"]], "sat": [["22:00", "02:00"]], "sun": []},
             "holidays": [{"date": "2026-12-25", "name": "Christmas"}],
             "overrides": [{"date": "2026-12-24", "intervals": [["08:00", "12:00"]]}]}
            """#),
        JSONDocumentCase(table: "business_hours", column: "timezone", value: "Europe/London", type: "text"),
        JSONDocumentCase(table: "escalation_rules", column: "conditions", value: #"""
            {"all": [{"fact": "category", "op": "in", "value": ["URGENT", "SUPPORT"]},
                     {"any": [{"fact": "body", "op": "contains_any", "value": ["no heat", "leak"]}, {"fact": "after_hours", "op": "eq", "value": true}]},
                     {"not": {"fact": "sender_is_internal", "op": "eq", "value": true}},
                     {"fact": "sender_recent_count", "op": "gte", "value": 3, "hours": 24}]}
            """#),
        JSONDocumentCase(table: "escalation_rules", column: "actions",
                         value: #"[{"type": "set_priority", "priority": 5}, {"type": "notify", "channels": ["email", "sms"]}, {"type": "mark_escalated"}]"#),
        JSONDocumentCase(table: "communication_styles", column: "personality_traits", value: #"["friendly", "direct"]"#),
        JSONDocumentCase(table: "communication_styles", column: "signature_phrases", value: #"["Happy to help!"]"#),
        JSONDocumentCase(table: "communication_styles", column: "response_patterns",
                         value: #"{"greeting": "Hi {first_name},", "closing": "Thanks,", "length": "short"}"#),
    ]
}
