import FloWorxCore
import FloWorxStore
import FloWorxTestSupport
import FloWorxWorker
import Foundation
import Logging
import PostgresNIO
import Testing

/// The digest scheduler against a real PostgreSQL: jobs keyed per business and local day, queued once however many
/// passes (or processes) look, run by the job worker into one digest, and a missed day caught up once.
@Suite struct DigestSchedulerTests {
    static func jobs(_ db: TestDatabase) async throws -> [(key: String, status: String, runAt: Date)] {
        var jobs: [(String, String, Date)] = []
        let rows = try await db.database.service.query("SELECT dedupe_key, status, run_at FROM floworx.jobs WHERE kind = 'digest.send' ORDER BY run_at, dedupe_key")
        for try await row in rows.decode((String, String, Date).self) { jobs.append(row) }
        return jobs.map { (key: $0.0, status: $0.1, runAt: $0.2) }
    }

    @Test func passesQueueEachDigestOnceAndTheWorkerSendsIt() async throws {
        try await TestDatabase.with { db in
            let fixture = DigestFixture(db: db)
            let toronto = try await fixture.business(timezone: "America/Toronto", createdAt: "2031-12-04T06:00:00Z")
            let tokyo = try await fixture.business(name: "Tokyo Tubs", timezone: "Asia/Tokyo", email: "tokyo@tubs.test", managers: [])
            try await fixture.email(toronto, at: "2031-12-05T04:30:00Z")   // 23:30 on the 4th in Toronto
            let schedule = DigestSchedule(time: DigestTime("07:00")!)
            let scheduler = DigestScheduler(database: db.database.service, schedule: schedule, logger: TestCluster.logger)
            let a = DigestScheduler(database: db.database.service, schedule: schedule, logger: TestCluster.logger)

            // 06:00 in Toronto on the 5th (20:00 in Tokyo). Toronto (signed up on the 4th): its digest of the 4th waits
            // for 07:00. Tokyo: its digest of the 4th was due at 07:00 on the 5th there and never went, so it is caught
            // up, and the one of the 5th is queued for 07:00 on the 6th. (Dates in 2031: no job is due by the real clock.)
            let now = ISO8601.parse("2031-12-05T11:00:00Z")!
            #expect(try await scheduler.scheduleAll(now: now) == 3)
            #expect(try await a.scheduleAll(now: now) == 0, "a second process's pass queues nothing more")
            let t = toronto.uuidString.lowercased(), k = tokyo.uuidString.lowercased()
            let queued = try await Self.jobs(db)
            #expect(queued.map(\.key) == ["digest:\(k):2031-12-04", "digest:\(t):2031-12-04", "digest:\(k):2031-12-05"])
            #expect(queued[1].runAt == ISO8601.parse("2031-12-05T12:00:00Z")!, "07:00 in Toronto")
            #expect(queued[2].runAt == ISO8601.parse("2031-12-05T22:00:00Z")!, "07:00 on the 6th in Tokyo")

            // Make Toronto's job due, as if 07:00 had come, and let the worker run everything due.
            try await db.database.service.query("UPDATE floworx.jobs SET run_at = now() WHERE kind = 'digest.send' AND run_at <= \(ISO8601.parse("2031-12-05T12:00:00Z")!)")
            let worker = JobWorkerService(
                queue: JobQueue(database: db.database.service), handler: DigestJobHandler(database: db.database.service, logger: TestCluster.logger),
                listenConnection: nil, configuration: JobWorkerConfiguration(), logger: TestCluster.logger
            )
            #expect(try await worker.drain() == 2)
            let torontoDigest = try await fixture.digests(toronto)
            #expect(torontoDigest.map(\.recipient) == ["olive@acme.test"])
            let content = try JSONCoding.decoder().decode(DigestOutboxContent.self, from: Data(torontoDigest[0].content.utf8))
            #expect(content.figures.emailsReceived == 1, "the 23:30 mail is in the 4th's digest")
            #expect(try await fixture.digests(tokyo).map(\.recipient) == ["tokyo@tubs.test"])

            // Later passes see the digests were sent: nothing is caught up again.
            #expect(try await scheduler.scheduleAll(now: ISO8601.parse("2031-12-05T13:00:00Z")!) == 1, "only Toronto's next digest, for the 5th")
            #expect(try await scheduler.scheduleAll(now: ISO8601.parse("2031-12-05T13:05:00Z")!) == 0)
        }
    }
}
