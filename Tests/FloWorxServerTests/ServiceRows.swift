import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// One row of each tenant in each of the 16 tables the sign-up does not fill, written by the operator (service key)
/// through the data API, in the contract's order so that parents come before their children.
struct ServiceRows: Sendable {
    /// How a table's rows belong to a tenant: by `client_id`, or through a parent row.
    enum Owner: Sendable {
        case client
        case parent(table: String, column: String)
    }

    /// The tables, in the contract's order, with what makes a valid row besides its id and owner.
    static let tables: [(name: String, owner: Owner, fields: String)] = [
        ("integrations", .client, #""provider": "gmail", "status": "active""#),
        ("communication_styles", .client, #""name": "Friendly""#),
        ("business_hours", .client, #""timezone": "America/Toronto", "hours": {"version": 1, "weekly": {"mon": [["08:00", "17:00"]]}}"#),
        ("escalation_rules", .client, #""name": "Urgent", "conditions": {"fact": "urgency", "op": "gte", "value": "high"}, "actions": [{"type": "mark_escalated"}]"#),
        ("notification_settings", .client, #""sms_notifications": true"#),
        ("email_logs", .client, #""message_id": "m-1", "from_email": "customer@example.com", "to_email": "office@example.com""#),
        ("email_queue", .client, #""email_data": {"message_id": "m-1"}"#),
        ("ai_responses", .parent(table: "email_logs", column: "email_log_id"), #""response_text": "Hello!", "confidence_score": 0.91"#),
        ("analytics_events", .client, #""event_type": "email_processed""#),
        ("performance_metrics", .client, #""metric_type": "processing_ms", "metric_value": 120"#),
        ("workflows", .client, #""name": "Intake", "workflow_data": {}"#),
        ("workflow_metrics", .parent(table: "workflows", column: "workflow_id"), #""execution_time": 10"#),
        ("subscriptions", .client, #""plan_id": "pro", "status": "active""#),
        ("invoices", .parent(table: "subscriptions", column: "subscription_id"), #""amount": 49, "status": "open""#),
        ("error_logs", .client, #""error_type": "smtp", "error_message": "connection refused", "severity": "high""#),
        ("dead_letter_queue", .client, #""operation_type": "draft_reply", "operation_data": {}, "error_message": "timeout""#),
    ]

    /// The row ids, by table and then by tenant (user id).
    var ids: [String: [UUID: String]]

    /// Inserts one row of each tenant into every table.
    static func insert(_ app: TestApp, tenants: [Session]) async throws -> ServiceRows {
        var ids: [String: [UUID: String]] = [:]
        // One row per tenant and table: the safety-default rules every new profile gets are set aside (through the
        // API, as the operator) so the isolation checks count exactly the rows made here.
        for tenant in tenants {
            let cleared = try await app.request(.delete, "/rest/v1/escalation_rules?client_id=eq.\(tenant.id)", as: .service)
            try #require(cleared.status == .noContent || cleared.status == .ok, "\(cleared.text)")
        }
        for (table, owner, fields) in tables {
            for tenant in tenants {
                let id = UUID().uuidString.lowercased()
                let ownerField = switch owner {
                case .client: #""client_id": "\#(tenant.id)""#
                case .parent(let parent, let column): #""\#(column)": "\#(ids[parent]?[tenant.userId] ?? "")""#
                }
                let response = try await app.request(.post, "/rest/v1/\(table)", as: .service, json: #"{"id": "\#(id)", \#(ownerField), \#(fields)}"#)
                try #require(response.status == .created, "\(table): \(response.text)")
                ids[table, default: [:]][tenant.userId] = id
            }
        }
        return ServiceRows(ids: ids)
    }
}
