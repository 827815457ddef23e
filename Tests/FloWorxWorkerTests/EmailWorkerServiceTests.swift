import FloWorxCore
import FloWorxStore
import FloWorxTestSupport
import FloWorxWorker
import Foundation
import PostgresNIO
import ServiceLifecycle
import Testing

/// `EmailWorkerService` end to end on PostgreSQL: wake-up by NOTIFY, the polling fallback, the lease reaper,
/// retries into the dead letter queue, and shutdown that leaves no job behind in `processing`.
@Suite struct EmailWorkerServiceTests {
    /// Settings under which only a notification can wake an idle worker within the tests' deadlines.
    static let quiet = WorkerConfiguration(concurrency: 2, batchSize: 10, pollInterval: .seconds(30), reclaimInterval: .seconds(60), cleanupInterval: .seconds(600))

    static func service(_ fixture: QueueFixture, provider: any AIProvider, configuration: WorkerConfiguration) throws -> EmailWorkerService {
        try EmailWorkerService(database: fixture.db.database, listenConnection: fixture.db.info, provider: provider, configuration: configuration, logger: TestCluster.logger)
    }

    /// Runs the service while `body` runs, then cancels it and waits for it to end.
    static func whileRunning<Result: Sendable>(_ service: EmailWorkerService, _ body: () async throws -> Result) async throws -> Result {
        let task = Task { try await service.run() }
        do {
            let result = try await body()
            task.cancel()
            _ = await task.result
            return result
        } catch {
            task.cancel()
            _ = await task.result
            throw error
        }
    }

    /// Lets every worker settle into its 30-second idle wait, ingests five emails, and waits up to 10 s for them.
    static func ingestWhileIdle(_ fixture: QueueFixture, round: Int) async throws -> Bool {
        try await Task.sleep(for: .milliseconds(500))
        try await fixture.ingest(count: 5, prefix: "round-\(round)")
        let expected = 5 * round
        return try await fixture.waitForCompleted(expected, within: .seconds(10))
    }

    @Test func idleWorkersPickUpNewEmailsThroughNotify() async throws {
        try await QueueFixture.with(connections: 10) { fixture in
            let provider = ScriptedProvider { _, _ in .reply("Thanks, we will be in touch today.") }
            try await Self.whileRunning(Self.service(fixture, provider: provider, configuration: Self.quiet)) {
                #expect(try await fixture.waitForListener())
                for round in 1...2 {
                    let done = try await Self.ingestWhileIdle(fixture, round: round)
                    #expect(done, "round \(round): picked up well within the 30 s poll interval, so by notification")
                }
            }
            #expect(try await fixture.count("SELECT count(*) FROM public.email_logs WHERE status = 'processed'") == 10)
            #expect(try await fixture.count("SELECT count(*) FROM public.ai_responses WHERE model_used = 'scripted-1'") == 10)
        }
    }

    @Test func pollingPicksUpAJobThatBecomesDueLater() async throws {
        try await QueueFixture.with(connections: 10) { fixture in
            var configuration = Self.quiet
            configuration.pollInterval = .milliseconds(250)
            let provider = ScriptedProvider { _, _ in .reply("Thanks, we will be in touch today.") }
            try await Self.whileRunning(Self.service(fixture, provider: provider, configuration: configuration)) {
                #expect(try await fixture.waitForListener())
                // Queued for 1.5 s from now: the insert's notification comes while it is not due yet, and none follows.
                let message = try JSONCoding.encoder().encode(QueueFixture.quoteRequest(messageId: "later-1"))
                try await fixture.service.query("""
                    WITH log AS (
                      INSERT INTO public.email_logs (client_id, message_id, from_email, to_email, subject, body)
                      VALUES (\(fixture.client), 'later-1', 'sophie.tremblay@gmail.com', 'service@northlinehvac.ca', 'Central air', 'Hello')
                      RETURNING id
                    )
                    INSERT INTO public.email_queue (client_id, email_data, scheduled_for)
                    SELECT \(fixture.client), \(String(decoding: message, as: UTF8.self))::jsonb || jsonb_build_object('email_log_id', log.id),
                           now() + interval '1.5 seconds'
                    FROM log
                    """)
                let done = try await fixture.waitForCompleted(1, within: .seconds(15))
                #expect(done)
            }
            #expect(try await fixture.count("""
                SELECT count(*) FROM public.email_logs l JOIN public.email_queue q ON (q.email_data->>'email_log_id')::uuid = l.id
                WHERE l.status = 'processed' AND l.processed_at >= q.scheduled_for
                """) == 1, "processed, and not before it was due")
        }
    }

    @Test func theReaperHandsAStalledJobToAnotherWorker() async throws {
        try await QueueFixture.with(connections: 10) { fixture in
            var configuration = Self.quiet
            configuration.reclaimInterval = .milliseconds(200)
            configuration.queue.lease = .seconds(1)
            try await fixture.ingest(count: 1)
            // A worker that claimed the job and died.
            let queue = EmailQueue(database: fixture.service, configuration: configuration.queue)
            let stalled = try #require(try await queue.claim(limit: 1).first)

            let provider = ScriptedProvider { _, _ in .reply("Taken over and done.") }
            try await Self.whileRunning(Self.service(fixture, provider: provider, configuration: configuration)) {
                let done = try await fixture.waitForCompleted(1, within: .seconds(15))
                #expect(done)
            }
            #expect(try await fixture.job(stalled.id) == ("completed", 1))
            #expect(try await queue.complete([QueueFixture.completion(stalled, text: "zombie")]).isEmpty)
            #expect(try await fixture.strings("SELECT response_text FROM public.ai_responses") == ["Taken over and done."])
            #expect(try await fixture.strings("SELECT error_type || '/' || severity FROM public.error_logs") == ["lease_expired/low"])
        }
    }

    @Test func aFailingProviderIsRetriedThenTheEmailIsDeadLettered() async throws {
        try await QueueFixture.with(connections: 10) { fixture in
            var configuration = Self.quiet
            configuration.pollInterval = .milliseconds(100)
            configuration.queue = QueueConfiguration(maxAttempts: 3, retryBase: .milliseconds(50), retryMax: .milliseconds(200))
            let provider = ScriptedProvider { _, _ in .fail("HTTP 503: the model is overloaded") }
            let ingested = try await fixture.ingest(count: 1)
            try await Self.whileRunning(Self.service(fixture, provider: provider, configuration: configuration)) {
                let dead = try await fixture.waitForCount("SELECT count(*) FROM public.dead_letter_queue", toReach: 1)
                #expect(dead)
            }
            #expect(provider.callCount("m-0") == 3)
            #expect(try await fixture.job(try #require(ingested[0].queueId)) == ("failed", 3))
            #expect(try await fixture.logStatus(ingested[0].emailLogId) == "failed")
            #expect(try await fixture.strings("SELECT operation_data->>'error_type' || '|' || error_message FROM public.dead_letter_queue")
                == ["ai_provider_failed|HTTP 503: the model is overloaded"])
            #expect(try await fixture.strings("SELECT severity FROM public.error_logs WHERE error_type = 'ai_provider_failed' ORDER BY created_at, severity DESC")
                == ["low", "low", "high"])
            #expect(try await fixture.count("SELECT count(*) FROM public.ai_responses") == 0)
        }
    }

    @Test func aProviderThatRecoversCompletesTheEmailOnALaterAttempt() async throws {
        try await QueueFixture.with(connections: 10) { fixture in
            var configuration = Self.quiet
            configuration.pollInterval = .milliseconds(100)
            configuration.queue = QueueConfiguration(maxAttempts: 5, retryBase: .milliseconds(50), retryMax: .milliseconds(200))
            let provider = ScriptedProvider { _, call in call < 3 ? .fail("HTTP 429: slow down") : .reply("Third time lucky.") }
            let ingested = try await fixture.ingest(count: 1)
            try await Self.whileRunning(Self.service(fixture, provider: provider, configuration: configuration)) {
                let done = try await fixture.waitForCompleted(1, within: .seconds(20))
                #expect(done)
            }
            #expect(provider.callCount("m-0") == 3)
            #expect(try await fixture.job(try #require(ingested[0].queueId)) == ("completed", 2))
            #expect(try await fixture.strings("SELECT response_text FROM public.ai_responses") == ["Third time lucky."])
            #expect(try await fixture.count("SELECT count(*) FROM public.dead_letter_queue") == 0)
        }
    }

    // MARK: Shutdown

    @Test func gracefulShutdownFinishesTheBatchInHandAndLeavesTheRestPending() async throws {
        try await QueueFixture.with(connections: 10) { fixture in
            var configuration = Self.quiet
            configuration.batchSize = 3
            let provider = ScriptedProvider { _, _ in .wait(.milliseconds(800), then: .reply("Finished before stopping.")) }
            try await fixture.ingest(count: 12)
            let service = try Self.service(fixture, provider: provider, configuration: configuration)
            let group = ServiceGroup(configuration: ServiceGroupConfiguration(services: [service], logger: TestCluster.logger))
            let running = Task { try await group.run() }
            #expect(try await provider.waitForCalls(1))
            await group.triggerGracefulShutdown()
            try await running.value

            let drafted = provider.callLog.count
            #expect(try await fixture.count("SELECT count(*) FROM public.email_queue WHERE status = 'processing'") == 0)
            #expect(try await fixture.count("SELECT count(*) FROM public.email_queue WHERE status = 'completed'") == drafted, "every claimed job was finished")
            #expect(try await fixture.count("SELECT count(*) FROM public.email_queue WHERE status = 'pending' AND retry_count = 0") == 12 - drafted)
            #expect(drafted >= 3 && drafted < 12, "stopped claiming after the batches in hand")
            #expect(try await fixture.count("SELECT count(*) FROM public.error_logs") == 0)
        }
    }

    @Test func cancellingTheServiceLeavesNoJobInProcessing() async throws {
        try await QueueFixture.with(connections: 10) { fixture in
            var configuration = Self.quiet
            configuration.batchSize = 3
            // Drafts that never finish by themselves: the batches are in hand when the service is cancelled.
            let provider = ScriptedProvider { _, _ in .wait(.seconds(120), then: .reply("never")) }
            try await fixture.ingest(count: 12)
            let task = Task { try await Self.service(fixture, provider: provider, configuration: configuration).run() }
            #expect(try await provider.waitForCalls(6))
            task.cancel()
            _ = await task.result

            let processing = try await fixture.count("SELECT count(*) FROM public.email_queue WHERE status = 'processing'")
            let untouched = try await fixture.count("SELECT count(*) FROM public.email_queue WHERE status = 'pending' AND retry_count = 0")
            #expect(processing == 0, "cancelled jobs are handed back, not left for the lease to expire")
            #expect(untouched == 12, "every job pending again, without an attempt counted")
            #expect(try await fixture.count("SELECT count(*) FROM public.error_logs") == 0, "a shutdown is not an error")
        }
    }
}
