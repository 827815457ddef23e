import FloWorxCore
import FloWorxStore
import FloWorxTestSupport
import FloWorxWorker
import Foundation
import PostgresNIO
import Testing

/// Usage is counted exactly once per email (issue 15, migration 0050): a job reclaimed after its worker crashed, or
/// handed back at shutdown, does not count its email again, and one whose worker died before counting still counts.
@Suite("Billing: each email counted once across reclaims")
struct BillingReclaimTests {
    /// A queue whose lease is already over when a job is claimed, so `reclaimExpired` takes every claimed job back at
    /// once (no waiting: the test does not time anything).
    static func queue(_ fixture: QueueFixture) -> EmailQueue {
        EmailQueue(database: fixture.service, configuration: QueueConfiguration(lease: .zero))
    }

    /// A worker's pipeline with billing enforcement on an unlimited plan (so everything is counted, nothing blocked).
    static func pipeline(_ fixture: QueueFixture) throws -> EmailPipeline {
        var configuration = WorkerConfiguration()
        configuration.billing = BillingEnforcement(plans: try BillingPipelineTests.catalog(emails: 1_000_000))
        return try EmailPipeline(
            queue: queue(fixture), repository: ProfileRepository(database: fixture.service, logger: TestCluster.logger),
            provider: BuiltInComposer(), configuration: configuration, logger: TestCluster.logger, billingDatabase: fixture.service)
    }

    static func emailsCounted(_ fixture: QueueFixture) async throws -> Int {
        try await fixture.count("SELECT coalesce(sum(emails), 0)::int FROM floworx.billing_usage WHERE client_id = \(fixture.client)")
    }

    /// What the pipeline's admission does first for a claimed batch (the statement `BillingGate.admit` runs).
    static func countAsTheCrashedWorkerDid(_ fixture: QueueFixture, _ jobs: [ClaimedJob]) async throws {
        _ = try await BillingUsageRepository(database: fixture.service).countEmailsOnce(jobs.map { ($0.clientId, $0.emailLogId ?? $0.id) })
    }

    @Test("a worker counts, crashes before completing; the reclaimed jobs are processed by another and counted once")
    func crashAfterCounting() async throws {
        try await QueueFixture.with { fixture in
            let messages = try (0..<3).map { try QueueFixture.quoteRequest(messageId: "r-\($0)") }
            _ = try await EmailIngestRepository(database: fixture.service).ingest(messages.map { try Mailbox.newEmail($0, client: fixture.client) })
            let queue = Self.queue(fixture)
            let claimed = try await queue.claim(limit: 50)
            #expect(claimed.count == 3)
            try await Self.countAsTheCrashedWorkerDid(fixture, claimed)
            #expect(try await Self.emailsCounted(fixture) == 3)
            // The worker is gone; its leases expire and the jobs go back to the queue as a second attempt.
            let reclaimed = try await queue.reclaimExpired()
            #expect(reclaimed.requeued == 3)
            let result = try await Self.pipeline(fixture).process(try await queue.claim(limit: 50))
            #expect(result.completed == 3)
            #expect(try await Self.emailsCounted(fixture) == 3, "each email counted once, not once per attempt")
            #expect(try await fixture.count("SELECT count(*)::int FROM floworx.billing_counted_emails WHERE client_id = \(fixture.client)") == 3)
        }
    }

    @Test("a worker crashes before its count committed: the reclaimed second attempt counts the emails (once)")
    func crashBeforeCounting() async throws {
        try await QueueFixture.with { fixture in
            let messages = try (0..<2).map { try QueueFixture.quoteRequest(messageId: "c-\($0)") }
            _ = try await EmailIngestRepository(database: fixture.service).ingest(messages.map { try Mailbox.newEmail($0, client: fixture.client) })
            let queue = Self.queue(fixture)
            #expect(try await queue.claim(limit: 50).count == 2)
            #expect(try await queue.reclaimExpired().requeued == 2)
            let result = try await Self.pipeline(fixture).process(try await queue.claim(limit: 50))
            #expect(result.completed == 2)
            // The first-attempt rule (retry_count = 0) counted nothing here.
            #expect(try await Self.emailsCounted(fixture) == 2)
        }
    }

    @Test("jobs handed back at shutdown after counting, then processed, count once; so do two workers holding one email")
    func releasedAndConcurrent() async throws {
        try await QueueFixture.with { fixture in
            let messages = try (0..<4).map { try QueueFixture.quoteRequest(messageId: "s-\($0)") }
            _ = try await EmailIngestRepository(database: fixture.service).ingest(messages.map { try Mailbox.newEmail($0, client: fixture.client) })
            let queue = Self.queue(fixture)
            let claimed = try await queue.claim(limit: 50)
            try await Self.countAsTheCrashedWorkerDid(fixture, claimed)
            // Graceful shutdown: back to pending with the attempt not counted (retry_count stays 0).
            try await queue.release(claimed)
            let again = try await queue.claim(limit: 50)
            #expect(again.count == 4 && again.allSatisfy { $0.retryCount == 0 })
            // A stalled worker and the one that took its jobs over count the same emails at the same time.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<4 { group.addTask { try await Self.countAsTheCrashedWorkerDid(fixture, again) } }
                try await group.waitForAll()
            }
            let result = try await Self.pipeline(fixture).process(again)
            #expect(result.completed == 4)
            #expect(try await Self.emailsCounted(fixture) == 4)
        }
    }
}
