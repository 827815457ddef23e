import FloWorxCore
import FloWorxStore
import FloWorxTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import PostgresNIO
import Testing

/// `POST /api/v1/workflows/{version}/dry-run`: a draft version replayed on the last emails, compared with the active
/// version, without writing anything.
@Suite struct WorkflowDryRunTests {
    /// Labels everything and stops right after the classification: no escalation, no draft, no alert.
    static let labelAndStop = #"""
        {"name": "Label only", "workflow_data": {"schemaVersion": 1, "steps": [{"type": "loopGuard"}, {"type": "classification", "llmSecondOpinion": false},
          {"type": "addLabel", "label": "Reviewed"}, {"type": "stop"}]}}
        """#

    static let emails: [(from: String, subject: String, body: String)] = [
        ("dana@example.org", "Burst pipe flooding the basement", "Water is pouring from a burst pipe in our basement right now, please send someone immediately!"),
        ("lee@example.org", "Quote for a new water heater", "Hi, could you send me a quote for replacing a 40 gallon water heater next month? Thanks, Lee"),
        ("sam@example.org", "Thanks for last week", "Just wanted to say thanks, the repair works great."),
        ("pat@example.org", "Invoice question", "Hello, I have a question about invoice 1042, can you call me back?"),
    ]

    /// Row counts of every table a processed email, a job or a notification writes.
    static let tables = [
        "public.email_logs", "public.email_queue", "public.ai_responses", "public.analytics_events", "public.performance_metrics",
        "public.workflow_metrics", "public.workflows", "public.dead_letter_queue", "public.error_logs", "floworx.jobs", "floworx.notifications",
    ]

    static func counts(_ app: TestApp) async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for table in tables { counts[table] = try await app.db.count(PostgresQuery(unsafeSQL: "SELECT count(*) FROM " + table)) }
        return counts
    }

    @Test func aDraftIsComparedWithTheActiveVersionAndNothingIsWritten() async throws {
        try await TestApp.with { app in
            let owner = try await app.signUp()
            let client = owner.userId
            for (index, email) in Self.emails.enumerated() {
                try await app.db.database.service.query("""
                    INSERT INTO public.email_logs (client_id, message_id, from_email, to_email, subject, body, status, created_at)
                    VALUES (\(client), \("<dry-\(index)@example.org>"), \(email.from), 'office@plumbing.example', \(email.subject), \(email.body),
                            'processed', now() - make_interval(mins => \(index)::int))
                    """)
            }
            #expect(try await app.request(.post, "/api/v1/workflows", as: .user(owner), json: Self.labelAndStop).status == .created)
            let before = try await Self.counts(app)

            let response = try await app.request(.post, "/api/v1/workflows/2/dry-run", as: .user(owner), json: #"{"limit": 10}"#)
            #expect(response.status == .ok, "\(response.text)")
            let json = try response.json()
            #expect(json["emails"] == .number(4))
            #expect(json["active_version"] == .number(1))
            let results = try #require(json["results"]?.arrayValue)
            // Newest first; every email gains the label.
            #expect(results.first?["active"]?["actions"]?.arrayValue?.contains(.string("label:Reviewed")) == false)
            for result in results {
                #expect(result["draft"]?["actions"]?.arrayValue?.contains(.string("label:Reviewed")) == true)
                #expect(result["changes"]?.arrayValue?.contains(.string("actions")) == true)
                #expect(result["draft"]?["escalated"] == .bool(false))
                #expect(result["draft"]?["draft"] == .bool(false))
                // The classification step is the same in both versions.
                #expect(result["draft"]?["category"] == result["active"]?["category"])
            }
            // The burst pipe is escalated by the active version, not by the draft that stops before the rules.
            let burst = try #require(results.first)
            #expect(burst["active"]?["escalated"] == .bool(true), "\(burst)")
            #expect(burst["changes"]?.arrayValue?.contains(.string("escalation")) == true)
            #expect(try await Self.counts(app) == before)

            let two = try await app.request(.post, "/api/v1/workflows/2/dry-run", as: .user(owner), json: #"{"limit": 2}"#)
            #expect(try two.json()["emails"] == .number(2))
            let defaulted = try await app.request(.post, "/api/v1/workflows/1/dry-run", as: .user(owner))
            #expect(defaulted.status == .ok, "\(defaulted.text)")
            #expect(try defaulted.json()["changed"] == .number(0))
            #expect(try await Self.counts(app) == before)
        }
    }

    @Test func badRequestsAreRefused() async throws {
        try await TestApp.with { app in
            let owner = try await app.signUp()
            for body in [#"{"limit": 501}"#, #"{"limit": 0}"#, #"{"limit": 2.5}"#, #"{"limit": 5, "extra": 1}"#, "[1]"] {
                let response = try await app.request(.post, "/api/v1/workflows/1/dry-run", as: .user(owner), json: body)
                #expect(response.status == .badRequest, "\(body): \(response.text)")
                #expect(try response.json()["code"] == .string("invalid_body"))
            }
            let missing = try await app.request(.post, "/api/v1/workflows/3/dry-run", as: .user(owner))
            #expect(missing.status == .notFound)
            #expect(try await app.request(.post, "/api/v1/workflows/1/dry-run", as: .anon).status == .unauthorized)
        }
    }
}
