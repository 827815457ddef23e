import FloWorxCore
import FloWorxStore
import FloWorxTestSupport
import Foundation
import PostgresNIO
import Testing

/// The SLA due time from a business as the pipeline loads it: `business_hours` with its holidays, plus the holidays
/// kept in `client_config`, in the row's timezone.
@Suite struct SLATimerProfileTests {
    typealias Fixture = SLATimerFixture

    @Test func holidaysFromTheHoursAndTheProfileAreBothClosed() async throws {
        try await TestDatabase.with { db in
            let client = try await Fixture.business(db)
            let hours = #"""
                {"version": 1,
                 "weekly": {"mon": [["09:00", "17:00"]], "tue": [["09:00", "17:00"]], "wed": [["09:00", "17:00"]], "thu": [["09:00", "17:00"]], "fri": [["09:00", "17:00"]]},
                 "holidays": [{"date": "2026-01-13", "name": "Staff day"}]}
                """#
            try await Fixture.execute(db, "INSERT INTO public.business_hours (client_id, hours, timezone) VALUES (\(client), \(hours)::jsonb, 'America/Winnipeg')")
            try await Fixture.execute(db, """
                UPDATE public.profiles SET client_config = jsonb_set(client_config, '{holidays}', '["2026-01-14"]') WHERE id = \(client)
                """)
            let profile = try #require(try await ProfileRepository(database: db.database.service, logger: Fixture.logger).profiles([client])[client])

            // Monday 2026-01-12 16:30 CST: 30 minutes on Monday, Tuesday (business_hours holiday) and Wednesday
            // (client_config holiday) closed, 30 minutes on Thursday: due 09:30 CST = 15:30Z.
            let received = ISO8601.parse("2026-01-12T22:30:00Z")!
            let message = EmailMessage(
                messageId: "<quote-1@gmail.test>", threadId: "thread-1", from: EmailAddress(email: "jordan.lee@gmail.test", name: "Jordan Lee"),
                to: [EmailAddress(email: "office@northwind.test")], subject: "Quote for a new furnace",
                text: "Hi, could you give me a quote for replacing our 20 year old furnace? Thanks, Jordan", receivedAt: received)
            let analysis = try EmailAnalyzer(triage: TriageModel.bundled()).analyze(message, profile: profile, now: received)
            let timer = try #require(SLAPolicy.timer(for: message, analysis: analysis, profile: profile, now: received))
            #expect(timer.targetMinutes == 60)
            #expect(timer.dueAt == ISO8601.parse("2026-01-15T15:30:00Z"))

            // Stored as computed; a second start of the same email keeps the first timer.
            let log = try await Fixture.email(db, client: client)
            let repository = SLATimerRepository(database: db.database.service)
            #expect(try await repository.start([(log, client, timer)]) == 1)
            var later = timer
            later.dueAt = later.dueAt.addingTimeInterval(3_600)
            #expect(try await repository.start([(log, client, later)]) == 0)
            let stored = try #require(try await repository.timer(clientId: client, emailLogId: log))
            #expect(stored.dueAt == timer.dueAt)
            #expect(stored.startedAt == received)
            #expect(stored.threadId == "thread-1")
            #expect(stored.status == "pending")
        }
    }
}
