import FloWorxCore
import FloWorxStore
import FloWorxTestSupport
import FloWorxWorker
import Foundation
import PostgresNIO
import Testing

/// Plan limits in the email pipeline (issue 15): over the limit, mail is still sorted and emergencies still escalate,
/// but drafts stop and the owner is told once; a canceled subscription pauses drafts the same way.
@Suite("Billing: pipeline limits")
struct BillingPipelineTests {
    /// A catalog whose free plan allows `emails` emails per month.
    static func catalog(emails: Int) throws -> PlanCatalog {
        try PlanCatalog.parse(Data("""
            {"free_plan": "tiny", "plans": [
              {"id": "tiny", "name": "Tiny", "price_cents": 0, "currency": "USD", "interval": "month",
               "limits": {"emails_per_month": \(emails), "mailboxes": 1, "drafts_per_month": null, "llm_tokens_per_month": null, "managers": null}},
              {"id": "pro", "name": "Pro", "price_cents": 100, "currency": "USD", "interval": "month", "stripe_price_id": "price_pro",
               "limits": {"emails_per_month": null, "mailboxes": null, "drafts_per_month": null, "llm_tokens_per_month": null, "managers": null}}
            ]}
            """.utf8))
    }

    static func process(_ fixture: QueueFixture, _ messages: [EmailMessage], plans: PlanCatalog) async throws -> EmailPipeline.BatchResult {
        _ = try await EmailIngestRepository(database: fixture.service).ingest(messages.map { try Mailbox.newEmail($0, client: fixture.client) })
        var configuration = WorkerConfiguration()
        configuration.billing = BillingEnforcement(plans: plans)
        let queue = EmailQueue(database: fixture.service)
        let pipeline = try EmailPipeline(
            queue: queue, repository: ProfileRepository(database: fixture.service, logger: TestCluster.logger),
            provider: BuiltInComposer(), configuration: configuration, logger: TestCluster.logger, billingDatabase: fixture.service)
        return try await pipeline.process(try await queue.claim(limit: 50))
    }

    static func notices(_ fixture: QueueFixture) async throws -> [String] {
        try await fixture.strings("SELECT content->>'billing' FROM floworx.notifications WHERE kind = 'summary' ORDER BY created_at")
    }

    @Test("over the email limit: sorted and escalated, no draft, the owner told once")
    func overTheEmailLimit() async throws {
        try await QueueFixture.with { fixture in
            let plans = try Self.catalog(emails: 2)
            let first = try await Self.process(fixture, [try QueueFixture.quoteRequest(messageId: "q-1"), try QueueFixture.quoteRequest(messageId: "q-2")], plans: plans)
            #expect(first.completed == 2 && first.drafted == 2)
            #expect(try await Self.notices(fixture).isEmpty)

            let second = try await Self.process(fixture, [try QueueFixture.quoteRequest(messageId: "q-3"), try NotificationOutboxTests.emergency(messageId: "e-1")], plans: plans)
            #expect(second.completed == 2, "over the limit, every email is still processed")
            #expect(second.escalated == 1, "the emergency still escalates")
            #expect(second.drafted == 0, "no draft over the limit")
            #expect(try await fixture.count("SELECT count(*) FROM floworx.notifications WHERE kind = 'escalation'") >= 1)
            #expect(try await fixture.count("SELECT count(*) FROM public.email_logs WHERE status IN ('processed', 'escalated')") == 4)

            let third = try await Self.process(fixture, [try QueueFixture.quoteRequest(messageId: "q-4")], plans: plans)
            #expect(third.completed == 1 && third.drafted == 0)
            #expect(try await Self.notices(fixture) == ["email_limit"], "the owner is told once")
            #expect(try await fixture.count("SELECT emails::int FROM floworx.billing_usage WHERE client_id = \(fixture.client)") == 5)
            #expect(try await fixture.count("SELECT drafts::int FROM floworx.billing_usage WHERE client_id = \(fixture.client)") == 2)
            // Its delivery is queued like any outbox row.
            #expect(try await fixture.count("SELECT count(*) FROM floworx.jobs j JOIN floworx.notifications n ON j.dedupe_key = n.id::text WHERE n.kind = 'summary'") == 1)
        }
    }

    @Test("a batch that crosses the email limit drafts for the emails within it and stops after them")
    func crossingBatch() async throws {
        try await QueueFixture.with { fixture in
            let messages = try (0..<4).map { try QueueFixture.quoteRequest(messageId: "x-\($0)") }
            let result = try await Self.process(fixture, messages, plans: try Self.catalog(emails: 3))
            #expect(result.completed == 4 && result.drafted == 3)
            #expect(try await Self.notices(fixture) == ["email_limit"])
        }
    }

    @Test("canceled pauses drafts while sorting and escalation go on; past_due within grace keeps them")
    func canceledAndPastDue() async throws {
        try await QueueFixture.with { fixture in
            let plans = try Self.catalog(emails: 1000)
            let start = Date().addingTimeInterval(-86_400)
            try await fixture.service.query("""
                INSERT INTO public.subscriptions (client_id, plan_id, status, current_period_start, current_period_end)
                VALUES (\(fixture.client), 'pro', 'past_due', \(start), \(start.addingTimeInterval(30 * 86_400)))
                """)
            let inGrace = try await Self.process(fixture, [try QueueFixture.quoteRequest(messageId: "p-1")], plans: plans)
            #expect(inGrace.drafted == 1)

            try await fixture.service.query("UPDATE public.subscriptions SET status = 'canceled' WHERE client_id = \(fixture.client)")
            let canceled = try await Self.process(fixture, [try QueueFixture.quoteRequest(messageId: "c-1"), try NotificationOutboxTests.emergency(messageId: "c-2")], plans: plans)
            #expect(canceled.completed == 2 && canceled.escalated == 1 && canceled.drafted == 0)
            #expect(try await Self.notices(fixture) == ["canceled"])
        }
    }

    @Test("without billing enforcement nothing is counted")
    func disabled() async throws {
        try await QueueFixture.with { fixture in
            _ = try await EmailIngestRepository(database: fixture.service).ingest([try Mailbox.newEmail(try QueueFixture.quoteRequest(messageId: "d-1"), client: fixture.client)])
            let queue = EmailQueue(database: fixture.service)
            let pipeline = try EmailPipeline(
                queue: queue, repository: ProfileRepository(database: fixture.service, logger: TestCluster.logger),
                provider: BuiltInComposer(), configuration: WorkerConfiguration(), logger: TestCluster.logger, billingDatabase: fixture.service)
            #expect(try await pipeline.process(try await queue.claim(limit: 50)).drafted == 1)
            #expect(try await fixture.count("SELECT count(*) FROM floworx.billing_usage") == 0)
        }
    }
}
