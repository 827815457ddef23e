import FloWorxCore
import FloWorxStore
import FloWorxTestSupport
import FloWorxWorker
import Foundation
import Logging
import PostgresNIO
import Testing

/// The daily digest against a real PostgreSQL: the figures of a business's local day, one digest per day however
/// often or concurrently it is built, nobody when email notifications are off, the right recipients.
@Suite struct DigestSendTests {
    static let day = DigestDate("2026-12-04")!

    static func with(_ body: (DigestFixture, DigestService) async throws -> Void) async throws {
        try await TestDatabase.with { db in
            try await body(DigestFixture(db: db), DigestService(database: db.database.service))
        }
    }

    static func content(_ json: String) throws -> DigestOutboxContent {
        try JSONCoding.decoder().decode(DigestOutboxContent.self, from: Data(json.utf8))
    }

    @Test func theFiguresCoverTheBusinessesLocalDayNotUTCs() async throws {
        try await Self.with { fixture, service in
            let client = try await fixture.business(timezone: "America/Toronto")
            let other = try await fixture.business(name: "Other", email: "other@acme.test", managers: [])
            // Toronto is UTC-5 in December: the 4th runs from 05:00Z on the 4th to 05:00Z on the 5th.
            try await fixture.email(client, at: "2026-12-04T05:10:00Z", status: "escalated", category: "URGENT", draft: true)   // 00:10 local
            try await fixture.email(client, at: "2026-12-04T15:00:00Z", category: "SALES", draft: true)
            try await fixture.email(client, at: "2026-12-04T16:00:00Z", category: "SALES", correctedTo: "SUPPORT")
            try await fixture.email(client, at: "2026-12-04T17:00:00Z", status: "failed", category: nil)
            try await fixture.email(client, at: "2026-12-05T04:30:00Z", category: "MISC")                                       // 23:30 local, the 4th
            try await fixture.email(client, at: "2026-12-04T04:30:00Z", status: "escalated", category: "URGENT", draft: true)   // 23:30 on the 3rd
            try await fixture.email(client, at: "2026-12-05T05:10:00Z", category: "SALES")                                      // the 5th
            try await fixture.email(other, at: "2026-12-04T15:00:00Z", status: "escalated", category: "URGENT")                 // another business
            try await fixture.slaBreach(client, at: "2026-12-05T04:59:00Z")
            try await fixture.slaBreach(client, at: "2026-12-05T05:00:00Z")
            try await fixture.mailboxDraft(client, state: "open", at: "2026-12-04T15:01:00Z")
            try await fixture.mailboxDraft(client, state: "sent", at: "2026-12-04T15:02:00Z")

            let outcome = try await service.send(clientId: client, date: Self.day)
            #expect(outcome.status == .queued)
            let expected = DigestFigures(
                emailsReceived: 5, emailsProcessed: 4, escalations: 1, failed: 1,
                categories: ["URGENT": 1, "SALES": 1, "SUPPORT": 1, "MISC": 1],
                draftsCreated: 2, draftsWaiting: 1, slaBreaches: 1
            )
            #expect(outcome.figures == expected)

            let rows = try await fixture.digests(client)
            try #require(rows.count == 1)
            let stored = try Self.content(rows[0].content)
            #expect(stored.figures == expected)
            #expect(stored.subject == "FloWorx daily digest — Acme Plumbing — Friday, 4 December")
            #expect(stored.text.contains("Emails received: 5") && stored.html.contains("<strong>5</strong>"))
            #expect(stored.date == Self.day && stored.timezone == "America/Toronto")
            #expect(try await fixture.deliveryJobs(client) == 1, "the outbox queued the delivery in the same transaction")
        }
    }

    @Test func oneDigestPerDayWhenBuiltTwiceOrConcurrently() async throws {
        try await Self.with { fixture, service in
            let client = try await fixture.business(managers: [
                Manager(name: "Olive Owner", email: "olive@acme.test", roles: [.owner]),
                Manager(name: "Pat Partner", email: "pat@acme.test", roles: [.owner, .sales]),
            ])
            try await fixture.email(client, at: "2026-12-04T15:00:00Z")

            async let first = service.send(clientId: client, date: Self.day)
            async let second = service.send(clientId: client, date: Self.day)
            let outcomes = try await [first, second]
            #expect(outcomes.flatMap(\.queued).sorted() == ["olive@acme.test", "pat@acme.test"], "each recipient queued once between the two")

            let again = try await service.send(clientId: client, date: Self.day)
            #expect(again.status == .alreadySent && again.queued.isEmpty)
            #expect(again.skipped.sorted() == ["olive@acme.test", "pat@acme.test"])
            let rows = try await fixture.digests(client)
            #expect(rows.map(\.key) == [
                "digest:\(client.uuidString.lowercased()):2026-12-04:olive@acme.test",
                "digest:\(client.uuidString.lowercased()):2026-12-04:pat@acme.test",
            ])
            #expect(try await fixture.deliveryJobs(client) == 2)

            // Another day is another digest.
            #expect(try await service.send(clientId: client, date: Self.day.adding(days: 1)).queued.count == 2)
        }
    }

    @Test func twoJobsForTheSameDayRunningAtOnceSendOneDigest() async throws {
        try await TestDatabase.with { db in
            let fixture = DigestFixture(db: db)
            let client = try await fixture.business()
            let queue = JobQueue(database: db.database.service)
            let handler = DigestJobHandler(database: db.database.service, logger: TestCluster.logger)
            let payload = #"{"client_id": "\#(client.uuidString.lowercased())", "date": "2026-12-04"}"#
            let job = NewJob(kind: Digest.jobKind, payloadJSON: payload, dedupeKey: Digest.jobKey(clientId: client, date: Self.day), clientId: client)
            // A lease of zero lets a second worker claim the twin while the first still holds its job.
            try await queue.enqueue([job])
            let a = try #require(try await queue.claim(kinds: [Digest.jobKind], limit: 1, lease: .zero).first)
            #expect(try await queue.enqueue([job]).count == 1, "the twin may wait while the first runs")
            let b = try #require(try await queue.claim(kinds: [Digest.jobKind], limit: 1, lease: .zero).first)
            #expect(a.id != b.id)

            async let runA: Void = handler.run(a)
            async let runB: Void = handler.run(b)
            _ = try await (runA, runB)
            #expect(try await fixture.digests(client).count == 1)
            #expect(try await fixture.deliveryJobs(client) == 1)
        }
    }

    @Test func noDigestWhenEmailNotificationsAreOff() async throws {
        try await Self.with { fixture, service in
            let client = try await fixture.business(emailNotifications: false)
            try await fixture.email(client, at: "2026-12-04T15:00:00Z")
            let outcome = try await service.send(clientId: client, date: Self.day)
            #expect(outcome.status == .notificationsOff)
            #expect(try await fixture.digests(client).isEmpty)
            #expect(try await service.send(clientId: client, date: Self.day, force: true).status == .notificationsOff, "not even forced")

            let scheduler = DigestScheduler(database: fixture.service, schedule: DigestSchedule(), logger: TestCluster.logger)
            #expect(try await scheduler.scheduleAll(now: ISO8601.parse("2026-12-05T13:00:00Z")!) == 0, "the scheduler queues nothing for it")
        }
    }

    @Test func recipientsAreTheOwnersElseTheAccount() async throws {
        try await Self.with { fixture, service in
            let owners = try await fixture.business(managers: [
                Manager(name: "Dee Dispatch", email: "dee@acme.test", roles: [.dispatch]),
                Manager(name: "Olive Owner", email: "Olive@Acme.test", roles: [.owner]),
            ])
            let noOwner = try await fixture.business(email: "account@other.test", managers: [
                Manager(name: "Dee Dispatch", email: "dee@other.test", roles: [.dispatch]),
            ])
            _ = try await service.send(clientId: owners, date: Self.day)
            _ = try await service.send(clientId: noOwner, date: Self.day)
            let first = try await fixture.digests(owners)
            #expect(first.map(\.recipient) == ["olive@acme.test"] && first.map(\.name) == ["Olive Owner"])
            #expect(try await fixture.digests(noOwner).map(\.recipient) == ["account@other.test"])
            #expect(try await service.send(clientId: UUID(), date: Self.day).status == .unknownBusiness)
        }
    }

    @Test func aForcedDigestIsSentAgainUnderItsOwnKey() async throws {
        try await Self.with { fixture, service in
            let client = try await fixture.business()
            #expect(try await service.send(clientId: client, date: Self.day).status == .queued)
            let forced = try await service.send(clientId: client, date: Self.day, force: true)
            #expect(forced.status == .queued && forced.queued == ["olive@acme.test"])
            let rows = try await fixture.digests(client)
            #expect(rows.count == 2)
            #expect(rows.filter { $0.key.contains(":forced-") }.count == 1)
            #expect(try Set(rows.map { try Self.content($0.content).forced ?? false }) == [false, true], "only the forced one says so")
        }
    }
}
