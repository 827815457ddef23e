import FloWorxStore
import FloWorxTestSupport
import Foundation
import PostgresNIO
import Testing

/// Leases (the visibility timeout): a job whose worker stalls is taken back, and the stalled worker can no longer
/// complete or fail it. Leases here last one second and the tests wait for them to expire.
@Suite struct QueueLeaseTests {
    static let lease = Duration.seconds(1)
    static let pastLease = Duration.milliseconds(1300)

    @Test func aReclaimedJobBelongsToItsSecondWorkerOnly() async throws {
        try await QueueFixture.with { fixture in
            let queue = EmailQueue(database: fixture.service, configuration: QueueConfiguration(lease: Self.lease))
            try await fixture.ingest(count: 1)
            let first = try #require(try await queue.claim(limit: 1).first)
            let early = try await queue.reclaimExpired()
            #expect(early.requeued == 0 && early.deadLettered == 0, "a live lease is left alone")

            try await Task.sleep(for: Self.pastLease)
            let reclaimed = try await queue.reclaimExpired()
            #expect(reclaimed.requeued == 1 && reclaimed.deadLettered == 0)
            #expect(try await fixture.job(first.id) == ("pending", 1))
            // The stalled worker wakes up before anyone took the job again: still not its job.
            #expect(try await queue.complete([QueueFixture.completion(first, text: "first worker")]).isEmpty)

            let second = try #require(try await queue.claim(limit: 1).first)
            #expect(second.id == first.id)
            #expect(second.retryCount == 1)
            #expect(second.token != first.token)
            // …and after: neither its completion nor its failure lands.
            #expect(try await queue.complete([QueueFixture.completion(first, text: "first worker")]).isEmpty)
            #expect(try await queue.fail(first, JobFailure(type: "ai_provider_failed", message: "late", retryable: true)) == false)
            #expect(try await queue.fail(first, JobFailure(type: "invalid_email_data", message: "late", retryable: false)) == false)
            #expect(try await fixture.job(first.id) == ("processing", 1))

            #expect(try await queue.complete([QueueFixture.completion(second, text: "second worker")]) == [second.id])
            #expect(try await fixture.strings("SELECT response_text FROM public.ai_responses") == ["second worker"])
            #expect(try await fixture.strings("SELECT event_data->>'by' FROM public.analytics_events") == ["second worker"])
            #expect(try await fixture.count("SELECT count(*) FROM public.performance_metrics") == 1)
            #expect(try await fixture.logStatus(second.emailLogId!) == "processed")
            #expect(try await fixture.count("SELECT count(*) FROM public.dead_letter_queue") == 0)
            #expect(try await fixture.strings("SELECT error_type || '/' || severity FROM public.error_logs") == ["lease_expired/low"])
        }
    }

    @Test func reclaimCountsAnAttemptAndDeadLettersAfterTheLast() async throws {
        try await QueueFixture.with { fixture in
            let queue = EmailQueue(database: fixture.service, configuration: QueueConfiguration(maxAttempts: 2, lease: Self.lease))
            let ingested = try await fixture.ingest(count: 1)
            let log = ingested[0].emailLogId

            _ = try #require(try await queue.claim(limit: 1).first)
            try await Task.sleep(for: Self.pastLease)
            let firstReclaim = try await queue.reclaimExpired()
            #expect(firstReclaim.requeued == 1 && firstReclaim.deadLettered == 0)

            let again = try #require(try await queue.claim(limit: 1).first)
            #expect(again.retryCount == 1)
            try await Task.sleep(for: Self.pastLease)
            let secondReclaim = try await queue.reclaimExpired()
            #expect(secondReclaim.requeued == 0 && secondReclaim.deadLettered == 1)

            #expect(try await fixture.job(again.id) == ("failed", 2))
            #expect(try await fixture.logStatus(log) == "failed")
            let letters = try await DeadLetterRepository(database: fixture.service).list()
            #expect(letters.count == 1)
            #expect(letters.first?.retryCount == 2)
            #expect(letters.first?.clientId == fixture.client)
            #expect(try await fixture.strings("SELECT operation_data->>'error_type' FROM public.dead_letter_queue") == ["lease_expired"])
            #expect(try await fixture.strings("SELECT severity FROM public.error_logs WHERE error_type = 'lease_expired' ORDER BY created_at, severity") == ["low", "high"])
            // Nothing is left for a later reclaim.
            let after = try await queue.reclaimExpired()
            #expect(after.requeued == 0 && after.deadLettered == 0)
        }
    }

    @Test func reclaimedJobsWakeListeningWorkers() async throws {
        try await QueueFixture.with { fixture in
            let queue = EmailQueue(database: fixture.service, configuration: QueueConfiguration(lease: Self.lease))
            try await fixture.ingest(count: 1)
            _ = try #require(try await queue.claim(limit: 1).first)
            try await Task.sleep(for: Self.pastLease)
            let woken = try await NotificationProbe.expectNotification(on: fixture) {
                _ = try await queue.reclaimExpired()
            }
            #expect(woken)
        }
    }
}
