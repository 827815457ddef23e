import FloWorxStore
import FloWorxTestSupport
import Foundation
import PostgresNIO
import Testing

/// `EmailQueue.fail` and `release`: retries with capped exponential backoff and jitter, dead letters after the last
/// attempt or at once for failures retrying cannot fix, and a clean hand-back on shutdown.
@Suite struct QueueRetryTests {
    static let retryable = JobFailure(type: "ai_provider_failed", message: "HTTP 503: overloaded", retryable: true)
    static let permanent = JobFailure(type: "invalid_email_data", message: "email_data does not decode", retryable: false)

    // MARK: Backoff formula

    @Test func backoffDoublesPerAttemptUpToTheCap() {
        let configuration = QueueConfiguration(retryBase: .seconds(2), retryMax: .seconds(60))
        let longest = (1...8).map { configuration.backoff(afterAttempt: $0, random: 1) }
        #expect(longest == [.seconds(2), .seconds(4), .seconds(8), .seconds(16), .seconds(32), .seconds(60), .seconds(60), .seconds(60)])
        let shortest = (1...8).map { configuration.backoff(afterAttempt: $0, random: 0) }
        #expect(shortest == [.seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(16), .seconds(30), .seconds(30), .seconds(30)])
        #expect(configuration.backoff(afterAttempt: 3, random: 0.5) == .seconds(6))
    }

    @Test func backoffJitterStaysBetweenHalfAndAllOfTheDelay() {
        let configuration = QueueConfiguration(retryBase: .milliseconds(500), retryMax: .seconds(20))
        for attempt in 1...12 {
            let full = min(0.5 * Double(1 << (attempt - 1)), 20)
            var seen = Set<Duration>()
            for _ in 0..<200 {
                let delay = configuration.backoff(afterAttempt: attempt).fractionalSeconds
                #expect(delay >= full / 2 - 0.001 && delay <= full + 0.001, "attempt \(attempt): \(delay)s outside [\(full / 2), \(full)]")
                seen.insert(.milliseconds(Int64(delay * 1000)))
            }
            #expect(seen.count > 1, "jitter spreads retries of jobs that failed together")
        }
    }

    @Test func backoffSurvivesOutOfRangeAttempts() {
        let configuration = QueueConfiguration(retryBase: .seconds(1), retryMax: .seconds(600))
        #expect(configuration.backoff(afterAttempt: 0, random: 1) == .seconds(1))
        #expect(configuration.backoff(afterAttempt: -5, random: 1) == .seconds(1))
        #expect(configuration.backoff(afterAttempt: 1_000, random: 1) == .seconds(600))
        #expect(configuration.backoff(afterAttempt: Int.max, random: 1) == .seconds(600))
    }

    // MARK: Retries in the database

    @Test func eachFailureSchedulesTheNextAttemptWithinTheBackoffBounds() async throws {
        try await QueueFixture.with { fixture in
            // Delays 4 s, 8 s, then capped at 10 s; each between half and all of that.
            let queue = EmailQueue(database: fixture.service, configuration: QueueConfiguration(maxAttempts: 5, retryBase: .seconds(4), retryMax: .seconds(10)))
            let ingested = try await fixture.ingest(count: 1)
            let id = try #require(ingested[0].queueId)
            for (attempt, full) in [(1, 4.0), (2, 8.0), (3, 10.0), (4, 10.0)] {
                let job = try #require(try await queue.claim(limit: 1).first)
                #expect(job.retryCount == attempt - 1)
                #expect(try await queue.fail(job, Self.retryable))
                #expect(try await fixture.job(id) == ("pending", attempt))
                let due = try await fixture.secondsUntilDue(id)
                #expect(due >= full / 2 - 0.5 && due <= full, "attempt \(attempt): due in \(due)s, expected within [\(full / 2), \(full)]")
                #expect(try await queue.claim(limit: 1).isEmpty, "not claimable before its backoff ends")
                try await fixture.makeDue(id)
            }
            let logged = try await fixture.service.query("""
                SELECT severity, error_type, (context->>'attempt')::int, (context->>'max_attempts')::int, context->>'queue_id'
                FROM public.error_logs ORDER BY (context->>'attempt')::int
                """).collect()
            #expect(logged.count == 4)
            for (index, row) in logged.enumerated() {
                let (severity, type, attempt, maxAttempts, queueId) = try row.decode((String, String, Int, Int, String).self)
                #expect(severity == "low")
                #expect(type == "ai_provider_failed")
                #expect(attempt == index + 1)
                #expect(maxAttempts == 5)
                #expect(queueId == id.uuidString.lowercased())
            }
            #expect(try await fixture.logStatus(ingested[0].emailLogId) == "pending", "still in progress while retries remain")
            #expect(try await fixture.count("SELECT count(*) FROM public.dead_letter_queue") == 0)
        }
    }

    @Test func theLastAttemptDeadLettersTheEmail() async throws {
        try await QueueFixture.with { fixture in
            let queue = EmailQueue(database: fixture.service, configuration: QueueConfiguration(maxAttempts: 3, retryBase: .milliseconds(1)))
            let ingested = try await fixture.ingest(count: 1)
            let id = try #require(ingested[0].queueId)
            for attempt in 1...3 {
                try await fixture.makeDue(id)
                let job = try #require(try await queue.claim(limit: 1).first)
                #expect(job.retryCount == attempt - 1)
                #expect(try await queue.fail(job, Self.retryable))
            }
            #expect(try await fixture.job(id) == ("failed", 3))
            #expect(try await fixture.logStatus(ingested[0].emailLogId) == "failed")
            let letters = try await fixture.service.query("""
                SELECT id, client_id, operation_type, error_message, retry_count, status, operation_data->>'error_type',
                       operation_data->>'queue_id', operation_data->'email_data'->>'message_id', operation_data->'email_data'->>'email_log_id',
                       operation_data->'email_data' ? 'dead_letter_id'
                FROM public.dead_letter_queue
                """).collect()
            #expect(letters.count == 1)
            let (letter, client, operation, message, retries, status, errorType, queueId, messageId, logId, hasLetterId) =
                try letters[0].decode((UUID, UUID, String, String, Int, String, String, String, String, String, Bool).self)
            #expect(client == fixture.client)
            #expect(operation == "process_email")
            #expect(message == Self.retryable.message)
            #expect(retries == 3)
            #expect(status == "pending")
            #expect(errorType == "ai_provider_failed")
            #expect(queueId == id.uuidString.lowercased())
            #expect(messageId == "m-0")
            #expect(logId == ingested[0].emailLogId.uuidString.lowercased())
            #expect(!hasLetterId)
            #expect(try await fixture.strings("SELECT severity FROM public.error_logs ORDER BY created_at, severity DESC") == ["low", "low", "high"])
            #expect(try await fixture.strings("SELECT context->>'dead_letter_id' FROM public.error_logs WHERE severity = 'high'") == [letter.uuidString.lowercased()])
            #expect(try await queue.claim(limit: 1).isEmpty)
        }
    }

    @Test func aFailureRetryingCannotFixDeadLettersAtOnce() async throws {
        try await QueueFixture.with { fixture in
            let queue = EmailQueue(database: fixture.service, configuration: QueueConfiguration(maxAttempts: 5))
            let ingested = try await fixture.ingest(count: 1)
            let job = try #require(try await queue.claim(limit: 1).first)
            #expect(try await queue.fail(job, Self.permanent))
            #expect(try await fixture.job(job.id) == ("failed", 1))
            #expect(try await fixture.logStatus(ingested[0].emailLogId) == "failed")
            #expect(try await fixture.strings("SELECT operation_data->>'error_type' FROM public.dead_letter_queue WHERE status = 'pending'") == ["invalid_email_data"])
            #expect(try await fixture.strings("SELECT error_type || '/' || severity FROM public.error_logs") == ["invalid_email_data/medium"])
            // Failing it again (a duplicate report) changes nothing.
            #expect(try await queue.fail(job, Self.permanent) == false)
            #expect(try await fixture.count("SELECT count(*) FROM public.dead_letter_queue") == 1)
            #expect(try await fixture.count("SELECT count(*) FROM public.error_logs") == 1)
        }
    }

    /// Jobs queued by `enqueueJobs` (benchmarks, tools) or whose data lost its `email_log_id` have no email log.
    @Test func aJobWithoutAnEmailLogCanStillBeRetriedAndDeadLettered() async throws {
        try await QueueFixture.with { fixture in
            let queue = EmailQueue(database: fixture.service, configuration: QueueConfiguration(maxAttempts: 2, retryBase: .milliseconds(1)))
            let queued = try await EmailIngestRepository(database: fixture.service).enqueueJobs(
                clientIds: [fixture.client, fixture.client], emailDataJSON: [#"{"message_id": "tool-1"}"#, #"{"message_id": "tool-2"}"#], priorities: [1, 1]
            )
            #expect(queued == 2)
            let jobs = try await queue.claim(limit: 2)
            let withoutLog = jobs.filter { $0.emailLogId == nil }.count
            #expect(withoutLog == 2)
            var retried: Result<Bool, any Error> = .success(false)
            var deadLettered: Result<Bool, any Error> = .success(false)
            do { retried = .success(try await queue.fail(jobs[0], Self.retryable)) } catch { retried = .failure(QueueFixture.describe(error)) }
            do { deadLettered = .success(try await queue.fail(jobs[1], Self.permanent)) } catch { deadLettered = .failure(QueueFixture.describe(error)) }
            let wasRetried = try retried.get()
            #expect(wasRetried, "retry scheduled")
            let wasDeadLettered = try deadLettered.get()
            #expect(wasDeadLettered, "dead-lettered")
            let statuses = try await fixture.strings("SELECT status FROM public.email_queue ORDER BY status")
            #expect(statuses == ["failed", "pending"])
        }
    }

    // MARK: Release

    @Test func releasePutsJobsBackWithoutCountingAnAttempt() async throws {
        try await QueueFixture.with { fixture in
            let queue = EmailQueue(database: fixture.service)
            try await fixture.ingest(count: 3)
            let jobs = try await queue.claim(limit: 3)
            let woken = try await NotificationProbe.expectNotification(on: fixture) {
                try await queue.release(jobs)
            }
            #expect(woken, "released jobs wake idle workers")
            #expect(try await fixture.count("SELECT count(*) FROM public.email_queue WHERE status = 'pending' AND retry_count = 0") == 3)
            #expect(try await fixture.count("SELECT count(*) FROM public.error_logs") == 0)
            let again = try await queue.claim(limit: 3)
            #expect(Set(again.map(\.id)) == Set(jobs.map(\.id)), "claimable again at once")
            let attempts = again.map(\.retryCount)
            #expect(attempts == [0, 0, 0])
            // A stale claim releases nothing: the new claims keep their jobs.
            try await queue.release(jobs)
            #expect(try await fixture.count("SELECT count(*) FROM public.email_queue WHERE status = 'processing'") == 3)
            try await queue.release([])
        }
    }
}
