import FloWorxCore
import FloWorxStore
import FloWorxTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import PostgresNIO
import Testing

/// `POST /api/v1/emails/{id}/handled`: the owner marks an email answered, which stops its SLA timer; idempotent; only
/// for the business's own emails.
@Suite struct SLAHandledTests {
    static func handled(_ app: TestApp, _ user: Session, _ id: String) async throws -> TestResponse {
        try await app.request(.post, "/api/v1/emails/\(id)/handled", as: .user(user))
    }

    /// An ingested email of `user` with a pending timer.
    static func emailWithTimer(_ app: TestApp, _ user: Session) async throws -> String {
        let id = try await CorrectionTests.email(app, user, from: "jordan.lee@gmail.test", subject: "Quote for a new furnace",
                                                 text: "Could you quote a new furnace?", classified: nil)
        let now = Date()
        try await SLATimerRepository(database: app.db.database.service).start([(UUID(uuidString: id)!, user.userId, SLATimerStart(
            startedAt: now, dueAt: now.addingTimeInterval(3_600), targetMinutes: 60, category: .sales))])
        return id
    }

    @Test func theOwnerMarksAnEmailHandledOnce() async throws {
        try await TestApp.with { app in
            let owner = try await CorrectionTests.owner(app)
            let id = try await Self.emailWithTimer(app, owner)

            let first = try await Self.handled(app, owner, id)
            #expect(first.status == .ok, "\(first.text)")
            let body = try first.json()
            #expect(body["email_log_id"] == .string(id))
            #expect(body["handled"] == .bool(true))
            #expect(body["sla"]?["status"] == .string("answered"))
            #expect(body["sla"]?["answered_by"] == .string("api"))
            #expect(body["sla"]?["target_minutes"] == .number(60))
            let answeredAt = try #require(body["sla"]?["answered_at"]?.stringValue)

            // Again: the same answer, the first time kept.
            let second = try await Self.handled(app, owner, id)
            #expect(second.status == .ok)
            #expect(try second.json()["sla"]?["answered_at"]?.stringValue == answeredAt)

            // The timer never breaches now.
            try await app.db.execute("UPDATE floworx.sla_timers SET due_at = now() - interval '1 minute', started_at = now() - interval '1 hour'")
            #expect(try await SLATimerRepository(database: app.db.database.service).breachDue().isEmpty)
        }
    }

    @Test func anEmailWithoutATimerIsHandledToo() async throws {
        try await TestApp.with { app in
            let owner = try await CorrectionTests.owner(app)
            let id = try await CorrectionTests.email(app, owner, from: "jordan.lee@gmail.test", classified: nil)
            let response = try await Self.handled(app, owner, id)
            #expect(response.status == .ok, "\(response.text)")
            #expect(try response.json()["sla"] == .null)
        }
    }

    @Test func anotherBusinessesEmailIsNotFound() async throws {
        try await TestApp.with { app in
            let owner = try await CorrectionTests.owner(app)
            let id = try await Self.emailWithTimer(app, owner)
            let stranger = try await CorrectionTests.owner(app)

            let response = try await Self.handled(app, stranger, id)
            #expect(response.status == .notFound)
            #expect(try response.json()["code"] == .string("email_not_found"))
            #expect(try await app.db.text("SELECT status FROM floworx.sla_timers") == "pending")

            #expect(try await Self.handled(app, owner, UUID().uuidString).status == .notFound)
            #expect(try await Self.handled(app, owner, "not-a-uuid").status == .notFound)
            #expect(try await app.request(.post, "/api/v1/emails/\(id)/handled", as: .anon).status == .unauthorized)
        }
    }
}
