import FloWorxCore
import FloWorxTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import PostgresNIO
import Testing

/// The dashboard's analytics functions (migration 0035) through `/rest/v1/rpc`: what they count, per local day, and
/// that row-level security keeps each business to its own mail although they are plain invoker functions.
@Suite struct RpcAnalyticsTests {
    /// Two businesses and their mail: A in Toronto (UTC−5 in December), B in UTC.
    struct Fixture: Sendable {
        var a: Session
        var b: Session

        static func create(_ app: TestApp) async throws -> Fixture {
            let a = try await app.signUp(TestApp.uniqueEmail("a"))
            let b = try await app.signUp(TestApp.uniqueEmail("b"))
            try await app.db.execute("""
                INSERT INTO public.business_hours (client_id, timezone, hours)
                VALUES (\(a.userId), 'America/Toronto', '{"version": 1, "weekly": {"mon": [["08:00", "17:00"]]}}'::jsonb)
                """)
            // Dec 1 in Toronto: 10:00, and 22:00 (already Dec 2 in UTC).
            try await mail(app, a, at: "2026-12-01T15:00:00Z", status: "processed", category: "SALES", urgency: "high", draftAfter: 60, replyAfter: 600)
            try await mail(app, a, at: "2026-12-02T03:00:00Z", status: "escalated", category: "URGENT", urgency: "critical", draftAfter: 120, breached: true)
            // Dec 2, corrected by the owner; Dec 3, not classified yet.
            try await mail(app, a, at: "2026-12-02T16:00:00Z", status: "processed", category: "SALES", urgency: "normal", correctedTo: "SUPPORT", draftAfter: 180)
            try await mail(app, a, at: "2026-12-03T12:00:00Z", status: "pending", category: nil, urgency: nil)
            // B's mail on A's busiest day, and one day outside the range.
            try await mail(app, b, at: "2026-12-01T12:00:00Z", status: "processed", category: "SALES", urgency: "low")
            try await mail(app, b, at: "2026-12-01T13:00:00Z", status: "escalated", category: "SALES", urgency: "low", draftAfter: 5)
            try await mail(app, b, at: "2026-11-20T13:00:00Z", status: "processed", category: "SALES", urgency: "low")
            return Fixture(a: a, b: b)
        }

        /// One email of `client` that arrived `at`, with the events and draft the pipeline and the mailbox would write.
        static func mail(
            _ app: TestApp, _ client: Session, at: String, status: String, category: String?, urgency: String?,
            correctedTo: String? = nil, draftAfter: Int? = nil, replyAfter: Int? = nil, breached: Bool = false
        ) async throws {
            let id = UUID()
            let log = id.uuidString.lowercased()
            try await app.db.execute("""
                INSERT INTO public.email_logs (id, client_id, message_id, from_email, to_email, status, created_at)
                VALUES (\(id), \(client.userId), \(log), 'customer@example.com', 'office@example.com', \(status), \(at)::timestamptz)
                """)
            func event(_ type: String, after seconds: Int, _ data: [String: String]) async throws {
                var object = data
                object["email_log_id"] = log
                let json = String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
                try await app.db.execute("""
                    INSERT INTO public.analytics_events (client_id, event_type, event_data, timestamp)
                    VALUES (\(client.userId), \(type), \(json)::jsonb, \(at)::timestamptz + make_interval(secs => \(seconds)))
                    """)
            }
            if let category, let urgency { try await event("email_classified", after: 30, ["category": category, "urgency": urgency]) }
            if let correctedTo { try await event("classification_corrected", after: 3_600, ["to_category": correctedTo]) }
            if let replyAfter { try await event("draft_sent", after: replyAfter, ["similarity": "0.90"]) }
            if breached { try await event("sla_breach", after: 7_200, [:]) }
            if let draftAfter {
                try await app.db.execute("""
                    INSERT INTO public.ai_responses (email_log_id, response_text, created_at)
                    VALUES (\(id), 'Thanks for writing', \(at)::timestamptz + make_interval(secs => \(draftAfter)))
                    """)
            }
        }
    }

    static let range = "p_from=2026-12-01&p_to=2026-12-03"

    /// `(day, category, emails)` of each row.
    static func volume(_ rows: [JSONValue]) -> [String] {
        rows.map { "\($0["day"]?.stringValue ?? "-") \($0["category"]?.stringValue ?? "null") \(Int($0["emails"]?.numberValue ?? -1))" }
    }

    @Test func volumeByCategoryCountsOnlyTheCallersMail() async throws {
        try await TestApp.with { app in
            let fixture = try await Fixture.create(app)
            let a = try await app.request(.get, "/rest/v1/rpc/email_volume_by_category?\(Self.range)", as: .user(fixture.a))
            #expect(a.status == .ok, "\(a.text)")
            #expect(Self.volume(try a.rows()) == ["2026-12-01 SALES 1", "2026-12-01 URGENT 1", "2026-12-02 SUPPORT 1", "2026-12-03 null 1"])
            #expect(try a.rows().allSatisfy { $0["client_id"] == .string(fixture.a.id) })

            let b = try await app.request(.post, "/rest/v1/rpc/email_volume_by_category", as: .user(fixture.b), json: #"{"p_from": "2026-12-01", "p_to": "2026-12-03"}"#)
            #expect(Self.volume(try b.rows()) == ["2026-12-01 SALES 2"])

            // The operator sees every business, one row per business.
            let all = try await app.request(.get, "/rest/v1/rpc/email_volume_by_category?\(Self.range)&day=eq.2026-12-01&category=eq.SALES", as: .service)
            #expect(Set(try all.rows().compactMap { $0["client_id"]?.stringValue }) == [fixture.a.id, fixture.b.id])
            // anon may not execute it: for anon it does not exist.
            let anon = try await app.request(.get, "/rest/v1/rpc/email_volume_by_category?\(Self.range)", as: .anon)
            try expectRestError(anon, .notFound, code: "PGRST202")
        }
    }

    @Test func escalationSummaryCountsEachLocalDay() async throws {
        try await TestApp.with { app in
            let fixture = try await Fixture.create(app)
            let response = try await app.request(
                .get, "/rest/v1/rpc/escalation_summary?\(Self.range)&select=day,total,escalated,sla_breaches,critical,high,normal,low", as: .user(fixture.a)
            )
            let rows = try response.rows()
            func day(_ day: String, _ counts: [String: Double]) -> JSONValue {
                .object(counts.mapValues(JSONValue.number).merging(["day": .string(day)]) { $1 })
            }
            #expect(rows == [
                day("2026-12-01", ["total": 2, "escalated": 1, "sla_breaches": 1, "critical": 1, "high": 1, "normal": 0, "low": 0]),
                day("2026-12-02", ["total": 1, "escalated": 0, "sla_breaches": 0, "critical": 0, "high": 0, "normal": 1, "low": 0]),
                day("2026-12-03", ["total": 1, "escalated": 0, "sla_breaches": 0, "critical": 0, "high": 0, "normal": 0, "low": 0]),
            ])
        }
    }

    @Test func responseTimesAreTheMedianAndNinetiethPercentile() async throws {
        try await TestApp.with { app in
            let fixture = try await Fixture.create(app)
            let response = try await app.request(.post, "/rest/v1/rpc/response_times", as: .user(fixture.a), json: #"{"p_from": "2026-12-01", "p_to": "2026-12-03"}"#)
            #expect(try response.rows() == [.object([
                "client_id": .string(fixture.a.id), "emails": .number(4),
                // Drafts after 60, 120 and 180 seconds; one reply, after ten minutes.
                "drafted": .number(3), "draft_median_seconds": .number(120), "draft_p90_seconds": .number(168),
                "replied": .number(1), "reply_median_seconds": .number(600), "reply_p90_seconds": .number(600),
            ])])
        }
    }

    @Test func aSetReturningFunctionTakesAnEqFilterOrderAndLimit() async throws {
        try await TestApp.with { app in
            let fixture = try await Fixture.create(app)
            let response = try await app.request(
                .get, "/rest/v1/rpc/email_volume_by_category?\(Self.range)&day=eq.2026-12-01&order=category.desc&limit=1", as: .user(fixture.a),
                headers: WorkflowFixture.prefer("count=exact")
            )
            #expect(response.status == .partialContent, "\(response.text)")
            #expect(Self.volume(try response.rows()) == ["2026-12-01 URGENT 1"])
            #expect(response.headers[.contentRange] == "0-0/2")
            let drill = try await app.request(
                .get, "/rest/v1/rpc/dashboard_emails?\(Self.range)&urgency=in.(critical,high)&select=category,sla_breached&order=received_at", as: .user(fixture.a)
            )
            #expect(try drill.rows() == [
                .object(["category": .string("SALES"), "sla_breached": .bool(false)]),
                .object(["category": .string("URGENT"), "sla_breached": .bool(true)]),
            ])
        }
    }

    @Test(arguments: [
        ("p_from=2026-12-03&p_to=2026-12-01", "22023"),
        ("p_from=2025-01-01&p_to=2026-12-01", "22023"),
        ("p_from=2026-13-01&p_to=2026-12-01", "22008"),
        ("p_from=yesterday-ish&p_to=2026-12-01", "22007"),
    ])
    func aBadRangeIs400(query: String, code: String) async throws {
        try await TestApp.with { app in
            let user = try await app.signUp()
            let response = try await app.request(.get, "/rest/v1/rpc/escalation_summary?\(query)", as: .user(user))
            try expectRestError(response, .badRequest, code: code)
        }
    }

    @Test func theOpenAPIDocumentDescribesTheFunctions() async throws {
        try await TestApp.with { app in
            let document = try await app.request(.get, "/rest/v1/").json()
            let path = try #require(document["paths"]?["/rest/v1/rpc/email_volume_by_category"])
            #expect(path.keys == ["get", "post"])
            let names = path["get"]?["parameters"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
            #expect(Array(names.prefix(3)) == ["p_from", "p_to", "select"])
            #expect(names.contains("category"))
            #expect(path["post"]?["requestBody"]?["content"]?["application/json"]?["schema"]?["required"] == .array([.string("p_from"), .string("p_to")]))
            #expect(path["get"]?["responses"]?["200"]?["content"]?["application/json"]?["schema"]?["items"]?["properties"]?["emails"]?["type"] == .string("integer"))
        }
    }
}
