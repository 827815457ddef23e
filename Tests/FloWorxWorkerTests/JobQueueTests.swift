import FloWorxStore
import FloWorxTestSupport
import Foundation
import PostgresNIO
import Testing

/// The service-job queue's hand-backs when only one job per (kind, dedupe key) may wait: a reclaimed, failed,
/// postponed or released job whose twin already waits is folded into it, and no statement fails on the unique index
/// (one such failure used to stall every reclaim for good). Leases of zero expire at once, so nothing waits.
@Suite struct JobQueueTests {
    static func with(_ body: (JobQueue, TestDatabase) async throws -> Void) async throws {
        try await TestDatabase.with { db in try await body(JobQueue(database: db.database.service), db) }
    }

    static func sync(_ key: String = "mailbox-1") -> NewJob { NewJob(kind: "mailbox.sync", dedupeKey: key) }

    static func statuses(_ db: TestDatabase) async throws -> [String] {
        var values: [String] = []
        let rows = try await db.database.service.query("SELECT status FROM floworx.jobs ORDER BY created_at, id")
        for try await value in rows.decode(String.self) { values.append(value) }
        return values.sorted()
    }

    @Test func anExpiredJobWhoseTwinWaitsIsFoldedIntoIt() async throws {
        try await Self.with { queue, db in
            try await queue.enqueue([Self.sync()])
            let running = try #require(try await queue.claim(kinds: ["mailbox.sync"], limit: 1, lease: .zero).first)
            #expect(try await queue.enqueue([Self.sync()]).count == 1, "a twin may wait while the first runs")
            try await queue.enqueue([NewJob(kind: "mailbox.apply", dedupeKey: "email-1")])
            _ = try await queue.claim(kinds: ["mailbox.apply"], limit: 1, lease: .zero)

            let reclaimed = try await queue.reclaimExpired()
            #expect(reclaimed.requeued == 2 && reclaimed.dead == 0, "the apply job is not held back by the sync job's twin")
            #expect(try await Self.statuses(db) == ["completed", "pending", "pending"])
            #expect(try await queue.complete(running) == false, "the folded job's old lease is gone")
        }
    }

    @Test func twoExpiredTwinsLeaveOneWaiting() async throws {
        try await Self.with { queue, db in
            try await queue.enqueue([Self.sync()])
            _ = try await queue.claim(kinds: ["mailbox.sync"], limit: 1, lease: .zero)
            try await queue.enqueue([Self.sync()])
            // The first lease has lapsed, so the twin may be claimed while the first is still marked processing.
            _ = try #require(try await queue.claim(kinds: ["mailbox.sync"], limit: 1, lease: .zero).first)

            _ = try await queue.reclaimExpired()
            #expect(try await Self.statuses(db) == ["completed", "pending"])
        }
    }

    @Test func aRetryOrAPostponementWithAWaitingTwinIsFolded() async throws {
        try await Self.with { queue, db in
            try await queue.enqueue([Self.sync("a"), Self.sync("b")])
            let claimed = try await queue.claim(kinds: ["mailbox.sync"], limit: 2, lease: .seconds(60))
            #expect(claimed.count == 2)
            try await queue.enqueue([Self.sync("a"), Self.sync("b")])

            let failed = try await queue.fail(claimed[0], error: "503", retryable: true, delay: .seconds(5))
            guard case .retrying = failed else { Issue.record("expected a retry, got \(failed)"); return }
            #expect(try await queue.postpone(claimed[1], by: .seconds(5)))
            #expect(try await Self.statuses(db) == ["completed", "completed", "pending", "pending"])
        }
    }

    @Test func extendedLeasesAreNotReclaimedAndReleasedJobsGetTheirAttemptBack() async throws {
        try await Self.with { queue, db in
            try await queue.enqueue([Self.sync("a"), Self.sync("b")])
            let claimed = try await queue.claim(kinds: ["mailbox.sync"], limit: 2, lease: .zero)
            #expect(try await queue.extend(claimed, lease: .seconds(60)) == 2)
            let reclaimed = try await queue.reclaimExpired()
            #expect(reclaimed.requeued == 0, "a lease kept alive is not taken back")

            try await queue.release(claimed)
            let again = try await queue.claim(kinds: ["mailbox.sync"], limit: 2, lease: .seconds(60))
            #expect(again.map(\.attempts) == [1, 1], "a released job did not spend an attempt")
            #expect(try await queue.extend(claimed, lease: .seconds(60)) == 0, "old claims extend nothing")
            #expect(try await Self.statuses(db) == ["processing", "processing"])
        }
    }
}
