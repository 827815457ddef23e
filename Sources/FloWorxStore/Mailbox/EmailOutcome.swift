import Foundation
import PostgresNIO

/// What the pipeline decided for one email, as the write-back needs it: where to file it and which draft to write.
public struct EmailOutcome: Sendable, Hashable {
    public var emailLogId: UUID
    public var clientId: UUID
    /// The email log's final status (`processed`, `escalated`, `failed`).
    public var status: String
    public var category: String?
    public var subcategory: String?
    public var urgency: String?
    /// The newest draft text (`ai_responses`), when one was written.
    public var draftText: String?
    /// The workflow's filing mode (`auto`, `labels`, `folders`, `off`) when its run recorded one (`workflow_applied`);
    /// `nil`: the provider's configured filing.
    public var writeBack: String? = nil
    /// Labels the workflow's `addLabel` steps add.
    public var labels: [String] = []

    /// Whether the email's category is filed (every mode but `off`).
    public var files: Bool { writeBack != "off" }

    /// Reads the outcome of an email log (its `email_classified` event and newest AI response).
    public static func load(_ emailLogId: UUID, database: ServiceDatabase) async throws -> EmailOutcome? {
        let rows = try await database.query("""
            SELECT l.id, l.client_id, l.status, c.event_data->>'category', c.event_data->>'subcategory', c.event_data->>'urgency', r.response_text,
                   w.event_data->>'write_back', coalesce(w.event_data->'labels', '[]')::text
            FROM public.email_logs l
            LEFT JOIN LATERAL (
              SELECT event_data FROM public.analytics_events e
              WHERE e.client_id = l.client_id AND e.event_type = 'email_classified' AND e.event_data->>'email_log_id' = l.id::text
              ORDER BY e.timestamp DESC LIMIT 1
            ) c ON true
            LEFT JOIN LATERAL (
              SELECT response_text FROM public.ai_responses a WHERE a.email_log_id = l.id ORDER BY a.created_at DESC LIMIT 1
            ) r ON true
            LEFT JOIN LATERAL (
              SELECT event_data FROM public.analytics_events e
              WHERE e.client_id = l.client_id AND e.event_type = 'workflow_applied' AND e.event_data->>'email_log_id' = l.id::text
              ORDER BY e.timestamp DESC LIMIT 1
            ) w ON true
            WHERE l.id = \(emailLogId)
            """).collect()
        guard let row = rows.first else { return nil }
        let (id, client, status, category, subcategory, urgency, draft, writeBack, labels) =
            try row.decode((UUID, UUID, String, String?, String?, String?, String?, String?, String).self)
        return EmailOutcome(
            emailLogId: id, clientId: client, status: status, category: category, subcategory: subcategory, urgency: urgency, draftText: draft,
            writeBack: writeBack, labels: (try? JSONDecoder().decode([String].self, from: Data(labels.utf8))) ?? [])
    }
}
