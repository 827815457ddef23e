import FloWorxStore
import FloWorxTestSupport
import Foundation
import PostgresNIO
import Synchronization
import Testing

/// `EmailQueue.claim`: which jobs a worker gets, in which order, and that no two workers ever get the same one.
@Suite struct QueueClaimTests {
    @Test func claimsHighestPriorityFirstThenOldestScheduled() async throws {
        try await QueueFixture.with { fixture in
            _ = try await fixture.insertJob(tag: "p1-old", priority: 1, dueIn: -300)
            _ = try await fixture.insertJob(tag: "p5-new", priority: 5, dueIn: -60)
            _ = try await fixture.insertJob(tag: "p1-new", priority: 1, dueIn: -180)
            _ = try await fixture.insertJob(tag: "p3", priority: 3, dueIn: -10)
            _ = try await fixture.insertJob(tag: "p5-old", priority: 5, dueIn: -120)
            let queue = EmailQueue(database: fixture.service)
            var order: [String] = []
            while let job = try await queue.claim(limit: 1).first {
                order.append(QueueFixture.tag(of: job) ?? "?")
                #expect(try await fixture.job(job.id).status == "processing")
            }
            #expect(order == ["p5-old", "p5-new", "p3", "p1-old", "p1-new"])
        }
    }

    @Test func aBatchTakesTheFirstJobsInClaimOrder() async throws {
        try await QueueFixture.with { fixture in
            for (index, priority) in [1, 9, 2, 8, 3, 7].enumerated() {
                _ = try await fixture.insertJob(tag: "p\(priority)", priority: priority, dueIn: Double(-index))
            }
            let queue = EmailQueue(database: fixture.service)
            let batch = try await queue.claim(limit: 3)
            #expect(Set(batch.compactMap(QueueFixture.tag(of:))) == ["p9", "p8", "p7"])
            #expect(Set(batch.map(\.priority)) == [9, 8, 7])
        }
    }

    /// The column is nullable and everything else reads a missing priority as the default, 1.
    @Test func aJobWithoutPriorityRanksAsTheDefaultPriority() async throws {
        try await QueueFixture.with { fixture in
            _ = try await fixture.insertJob(tag: "null", priority: nil, dueIn: -60)
            _ = try await fixture.insertJob(tag: "p2", priority: 2, dueIn: -1)
            let queue = EmailQueue(database: fixture.service)
            let first = try #require(try await queue.claim(limit: 1).first)
            #expect(QueueFixture.tag(of: first) == "p2")
            let second = try #require(try await queue.claim(limit: 1).first)
            let untagged = QueueFixture.tag(of: first) == "null" ? first : second
            #expect(untagged.priority == 1)
        }
    }

    @Test func futureJobsAreNotClaimed() async throws {
        try await QueueFixture.with { fixture in
            let later = try await fixture.insertJob(tag: "later", priority: 10, dueIn: 3600)
            let due = try await fixture.insertJob(tag: "due", priority: 1, dueIn: 0)
            let queue = EmailQueue(database: fixture.service)
            let claimed = try await queue.claim(limit: 10)
            #expect(claimed.map(\.id) == [due])
            #expect(try await queue.claim(limit: 10).isEmpty)
            #expect(try await fixture.job(later).status == "pending")
        }
    }

    @Test func aClaimedJobCarriesItsEmailLogAndAttempts() async throws {
        try await QueueFixture.with { fixture in
            let ingested = try await fixture.ingest(count: 1, priority: 4)
            let job = try #require(try await EmailQueue(database: fixture.service).claim(limit: 5).first)
            #expect(job.id == ingested[0].queueId)
            #expect(job.emailLogId == ingested[0].emailLogId)
            #expect(job.clientId == fixture.client)
            #expect(job.deadLetterId == nil)
            #expect(job.retryCount == 0)
            #expect(job.priority == 4)
            #expect(job.emailDataJSON.contains("\"message_id\""))
            #expect(!job.token.isEmpty)
        }
    }

    /// A claim in flight holds its rows locked; another claim must pass them by instead of waiting for them.
    @Test func aClaimSkipsJobsAnotherClaimHolds() async throws {
        try await QueueFixture.with { fixture in
            let held = try await fixture.insertJob(tag: "held", priority: 9, dueIn: -10)
            let free = [try await fixture.insertJob(tag: "free-1", priority: 1, dueIn: -5), try await fixture.insertJob(tag: "free-2", priority: 1, dueIn: -1)]
            let queue = EmailQueue(database: fixture.service)
            let (claimed, blocked) = try await fixture.db.withConnection { locker in
                try await locker.query("BEGIN", logger: TestCluster.logger)
                try await locker.query("SELECT id FROM public.email_queue WHERE id = \(held) FOR UPDATE", logger: TestCluster.logger)
                let finished = Finished()
                let claim = Task {
                    defer { finished.set() }
                    return try await queue.claim(limit: 10)
                }
                let end = ContinuousClock.now + .seconds(10)
                while !finished.value, ContinuousClock.now < end { try await Task.sleep(for: .milliseconds(20)) }
                let blocked = !finished.value
                // Let a claim that did wait go on, so the test ends either way.
                try await locker.query("COMMIT", logger: TestCluster.logger)
                return (try await claim.value, blocked)
            }
            #expect(!blocked, "the claim waited for a job another claimer holds")
            #expect(Set(claimed.map(\.id)) == Set(free))
        }
    }

    /// Set once a task has finished.
    final class Finished: Sendable {
        private let state = Mutex(false)
        var value: Bool { state.withLock { $0 } }
        func set() { state.withLock { $0 = true } }
    }

    @Test func concurrentClaimersNeverGetTheSameJob() async throws {
        let jobs = 600
        let claimers = 16
        try await QueueFixture.with(connections: claimers + 2) { fixture in
            try await fixture.service.query("""
                INSERT INTO public.email_queue (client_id, email_data, priority)
                SELECT \(fixture.client), jsonb_build_object('tag', 'job-' || i), 1 + i % 3 FROM generate_series(1, \(jobs)) AS i
                """)
            let queue = EmailQueue(database: fixture.service)
            let claims = try await withThrowingTaskGroup(of: [UUID].self) { group in
                for _ in 0..<claimers {
                    group.addTask {
                        var mine: [UUID] = []
                        while true {
                            let batch = try await queue.claim(limit: 3)
                            if batch.isEmpty { return mine }
                            mine += batch.map(\.id)
                        }
                    }
                }
                var all: [[UUID]] = []
                for try await claim in group { all.append(claim) }
                return all
            }
            let flat = claims.flatMap { $0 }
            #expect(flat.count == jobs, "every job claimed exactly once in total")
            #expect(Set(flat).count == jobs, "no job handed to two claimers")
            let busy = claims.filter { !$0.isEmpty }.count
            #expect(busy > 1, "the claimers did run side by side")
            #expect(try await fixture.count("SELECT count(*) FROM public.email_queue WHERE status = 'processing'") == jobs)
        }
    }
}
