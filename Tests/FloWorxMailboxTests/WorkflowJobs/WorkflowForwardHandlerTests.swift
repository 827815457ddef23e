import FloWorxCore
import FloWorxStore
import FloWorxTestSupport
import FloWorxWorker
import Foundation
import PostgresNIO
import Testing

/// `workflow.forward` jobs: one outbox forward per email and step (with the original), never one that would loop.
@Suite struct WorkflowForwardHandlerTests {
    static func job(_ business: WorkflowJobFixture.Business, address: String, stepIndex: Int = 9) throws -> NewJob {
        let payload = WorkflowForwardPayload(
            emailLogId: business.emailLogId, clientId: business.clientId, workflowId: UUID(), workflowVersion: 3, stepIndex: stepIndex,
            address: address, messageId: "<m@example.org>", from: "customer@example.org", subject: "Leak under the sink")
        return NewJob(
            kind: WorkflowJobKind.forward, payloadJSON: String(decoding: try JSONCoding.encoder().encode(payload), as: UTF8.self),
            dedupeKey: "wf:\(business.emailLogId.uuidString.lowercased()):\(stepIndex)", clientId: business.clientId, maxAttempts: 3)
    }

    static func forwards(_ db: TestDatabase) async throws -> [(recipient: String, status: String, content: String)] {
        let rows = try await db.database.service.query("SELECT recipient, status, content::text FROM floworx.notifications WHERE kind = 'forward' ORDER BY created_at")
        var found: [(String, String, String)] = []
        for try await row in rows.decode((String, String, String).self) { found.append(row) }
        return found
    }

    @Test func aForwardGoesToTheOutboxOnceWithTheOriginal() async throws {
        try await TestDatabase.with { db in
            let business = try await WorkflowJobFixture.business(db)
            let handler = WorkflowForwardHandler(repository: WorkflowForwardRepository(database: db.database.service))
            let queue = JobQueue(database: db.database.service)
            try await queue.enqueue([try Self.job(business, address: "Boss@Example.com")])
            #expect(try await WorkflowJobFixture.drain(db, handler) == 1)
            // The same step queued again (a retried email completion) forwards nothing more.
            try await queue.enqueue([try Self.job(business, address: "boss@example.com")])
            #expect(try await WorkflowJobFixture.drain(db, handler) == 1)
            let rows = try await Self.forwards(db)
            #expect(rows.count == 1)
            #expect(rows.first?.recipient == "boss@example.com")
            #expect(rows.first?.status == "pending")
            let row = try #require(rows.first)
            let content = try #require(try JSONSerialization.jsonObject(with: Data(row.content.utf8)) as? [String: Any])
            let original = try #require(content["original"] as? [String: Any])
            #expect(original["text"] as? String == "Water everywhere, please come today.")
            #expect(original["subject"] as? String == "Leak under the sink")
            // The delivery worker's job for it exists: the outbox sends it over SMTP.
            let deliveries = try await db.database.service.query("SELECT count(*) FROM floworx.jobs WHERE kind = 'notification.deliver'").collect()
            #expect(try deliveries.first?.decode(Int.self) == 1)
        }
    }

    @Test func aForwardBackToTheMailboxIsSkipped() async throws {
        try await TestDatabase.with { db in
            let business = try await WorkflowJobFixture.business(db, to: "office@plumbing.example")
            let handler = WorkflowForwardHandler(repository: WorkflowForwardRepository(database: db.database.service))
            try await JobQueue(database: db.database.service).enqueue([try Self.job(business, address: "office@plumbing.example")])
            _ = try await WorkflowJobFixture.drain(db, handler)
            let rows = try await Self.forwards(db)
            #expect(rows.map(\.status) == ["skipped"])
            #expect(try await WorkflowJobFixture.job(db, kind: WorkflowJobKind.forward).status == "completed")
        }
    }
}
