import FloWorxCore
import FloWorxStore
import FloWorxTestSupport
import Foundation
import PostgresNIO

/// Seeds businesses and their day's mail for the digest tests, with explicit timestamps.
struct DigestFixture {
    let db: TestDatabase
    var service: ServiceDatabase { db.database.service }

    /// A business in `timezone` (kept in business_hours, the zone that counts) with `managers` and account `email`.
    @discardableResult
    func business(name: String = "Acme Plumbing", timezone: String = "America/Toronto", email: String = "account@acme.test",
                  managers: [Manager] = [Manager(name: "Olive Owner", email: "olive@acme.test", roles: [.owner])],
                  emailNotifications: Bool? = nil, createdAt: String = "2026-01-01T00:00:00Z") async throws -> UUID {
        let id = UUID()
        let managersJSON = String(decoding: try JSONCoding.encoder().encode(managers), as: UTF8.self)
        let config = #"{"version": 1, "business": {"name": "\#(name)", "type": "plumbing"}}"#
        try await service.transaction { connection in
            try await connection.query("""
                INSERT INTO auth.users (id, aud, role, email, raw_app_meta_data, raw_user_meta_data)
                VALUES (\(id), 'authenticated', 'authenticated', \(email), '{}'::jsonb, '{}'::jsonb)
                """)
            try await connection.query("""
                UPDATE public.profiles SET client_config = \(config)::jsonb, managers = \(managersJSON)::jsonb,
                       created_at = \(ISO8601.parse(createdAt)!) WHERE id = \(id)
                """)
            try await connection.query("INSERT INTO public.business_hours (client_id, hours, timezone) VALUES (\(id), '{}'::jsonb, \(timezone))")
            if let emailNotifications {
                try await connection.query("INSERT INTO public.notification_settings (client_id, email_notifications) VALUES (\(id), \(emailNotifications))")
            }
        }
        return id
    }

    /// One email that reached FloWorx at `at` (ISO 8601), with its status, classification and draft.
    @discardableResult
    func email(_ client: UUID, at: String, status: String = "processed", category: String? = "SALES", draft: Bool = false,
               correctedTo: String? = nil) async throws -> UUID {
        let when = ISO8601.parse(at)!
        let id = UUID()
        try await service.transaction { connection in
            try await connection.query("""
                INSERT INTO public.email_logs (id, client_id, message_id, from_email, to_email, subject, body, status, created_at, processed_at)
                VALUES (\(id), \(client), \("<\(id)@test>"), 'customer@example.com', 'office@acme.test', 'Hello', 'Body', \(status), \(when), \(when))
                """)
            if let category {
                let data = #"{"email_log_id": "\#(id.uuidString.lowercased())", "category": "\#(category)"}"#
                try await connection.query("""
                    INSERT INTO public.analytics_events (client_id, event_type, event_data, timestamp) VALUES (\(client), 'email_classified', \(data)::jsonb, \(when))
                    """)
            }
            if draft {
                try await connection.query("""
                    INSERT INTO public.ai_responses (email_log_id, response_text, confidence_score, model_used, created_at)
                    VALUES (\(id), 'Thanks, we will call you.', 0.9, 'builtin', \(when))
                    """)
            }
            if let correctedTo {
                try await connection.query("""
                    INSERT INTO floworx.triage_corrections (client_id, email_log_id, source, sender_email, sender_domain, from_category, to_category)
                    VALUES (\(client), \(id), 'api', 'customer@example.com', 'example.com', \(category), \(correctedTo))
                    """)
            }
        }
        return id
    }

    /// An `sla_breach` analytics event at `at`.
    func slaBreach(_ client: UUID, at: String) async throws {
        try await service.query("""
            INSERT INTO public.analytics_events (client_id, event_type, event_data, timestamp) VALUES (\(client), 'sla_breach', '{}'::jsonb, \(ISO8601.parse(at)!))
            """)
    }

    /// A FloWorx draft in the business's Gmail mailbox, in `state`.
    func mailboxDraft(_ client: UUID, state: String, at: String) async throws {
        try await service.transaction { connection in
            let rows = try await connection.query("INSERT INTO public.integrations (client_id, provider, status) VALUES (\(client), 'gmail', 'active') RETURNING id").collect()
            let integration = try rows[0].decode(UUID.self)
            try await connection.query("""
                INSERT INTO floworx.mailbox_drafts (integration_id, draft_id, thread_id, reply_to_message_id, body_text, body_sha256, state, created_at)
                VALUES (\(integration), \(UUID().uuidString), \(UUID().uuidString), 'm1', 'Draft', 'x', \(state), \(ISO8601.parse(at)!))
                """)
        }
    }

    /// The digest outbox rows of a business: (recipient, recipient_name, dedupe_key, content).
    func digests(_ client: UUID) async throws -> [(recipient: String, name: String?, key: String, content: String)] {
        var rows: [(String, String?, String, String)] = []
        let result = try await service.query("""
            SELECT recipient, recipient_name, dedupe_key, content::text FROM floworx.notifications
            WHERE client_id = \(client) AND kind = 'digest' AND channel = 'email' ORDER BY recipient, created_at
            """)
        for try await row in result.decode((String, String?, String, String).self) { rows.append(row) }
        return rows.map { (recipient: $0.0, name: $0.1, key: $0.2, content: $0.3) }
    }

    /// How many `notification.deliver` jobs the outbox trigger queued for the business.
    func deliveryJobs(_ client: UUID) async throws -> Int {
        try await service.query("SELECT count(*) FROM floworx.jobs WHERE kind = 'notification.deliver' AND client_id = \(client)")
            .collect()[0].decode(Int.self)
    }
}
