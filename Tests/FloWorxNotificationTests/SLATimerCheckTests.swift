import FloWorxCore
import FloWorxStore
import FloWorxTestSupport
import FloWorxWorker
import Foundation
import PostgresNIO
import Testing

/// The SLA checker against the real database: a due timer breaches once, with its escalation, analytics event and
/// notifications in the same statement; answered timers never breach; timers are rows, so a new process finds them.
@Suite struct SLATimerCheckTests {
    typealias Fixture = SLATimerFixture

    static func handler(_ db: TestDatabase, batchSize: Int = 200) -> SLACheckJobHandler {
        SLACheckJobHandler(database: db.database.service, configuration: SLAConfiguration(batchSize: batchSize), logger: Fixture.logger)
    }

    @Test func aDueTimerBreachesOnceWithItsEscalationEventAndNotifications() async throws {
        try await TestDatabase.with { db in
            let client = try await Fixture.business(db, sms: true)
            let log = try await Fixture.emailWithTimer(db, client: client)
            let other = try await Fixture.emailWithTimer(db, client: client, subject: "Not due yet")

            // Nothing is due yet.
            #expect(try await Self.handler(db).check().isEmpty)
            #expect(try await Fixture.count(db, "SELECT count(*)::int FROM floworx.notifications") == 0)

            try await Fixture.makeDue(db, log)
            let breaches = try await Self.handler(db).check()
            #expect(breaches.map(\.emailLogId) == [log])
            #expect(breaches.first?.targetMinutes == 60)

            let timer = try #require(try await SLATimerRepository(database: db.database.service).timer(clientId: client, emailLogId: log))
            #expect(timer.status == "breached")
            #expect(timer.breachedAt != nil)
            #expect(timer.answeredAt == nil)
            #expect(try await Fixture.text(db, "SELECT status FROM public.email_logs WHERE id = \(log)") == "escalated")
            #expect(try await Fixture.text(db, "SELECT status FROM floworx.sla_timers WHERE email_log_id = \(other)") == "pending")

            // The owners (not the service manager) by email; SMS to the owner with a phone, a skipped row with the reason
            // for the one without; push once to the business account.
            #expect(try await Fixture.notifications(db, log) == [
                "email dana@northwind.test pending",
                "email sam@northwind.test pending",
                "push \(client.uuidString.lowercased()) pending",
                "sms +12045550101 pending",
                "sms sam@northwind.test skipped Sam Ortiz has no phone number for SMS",
            ])
            let content = try #require(try await Fixture.text(db, """
                SELECT content::text FROM floworx.notifications WHERE email_log_id = \(log) AND channel = 'email' AND recipient = 'dana@northwind.test'
                """))
            let json = try #require(try JSONSerialization.jsonObject(with: Data(content.utf8)) as? [String: Any])
            #expect(json["kind"] as? String == "sla_breach")
            #expect(json["email_log_id"] as? String == log.uuidString.lowercased())
            #expect(json["subject"] as? String == "Quote for a new furnace")
            #expect(json["sender"] as? String == "jordan.lee@gmail.test")
            #expect(json["category"] as? String == "SALES")
            #expect(json["target_minutes"] as? Int == 60)
            #expect(json["due_at"] is String)
            #expect(json["link"] as? String == "/app/emails/\(log.uuidString.lowercased())")
            #expect(try await Fixture.text(db, """
                SELECT dedupe_key FROM floworx.notifications WHERE email_log_id = \(log) AND channel = 'sms' AND status = 'pending'
                """) == "sla:\(log.uuidString.lowercased()):+12045550101:sms")

            // Delivery jobs for the pending rows only; the analytics event names the email, target and due time.
            #expect(try await Fixture.count(db, "SELECT count(*)::int FROM floworx.jobs WHERE kind = 'notification.deliver'") == 4)
            let event = try #require(try await Fixture.text(db, "SELECT event_data::text FROM public.analytics_events WHERE event_type = 'sla_breach'"))
            let data = try #require(try JSONSerialization.jsonObject(with: Data(event.utf8)) as? [String: Any])
            #expect(data["email_log_id"] as? String == log.uuidString.lowercased())
            #expect(data["target_minutes"] as? Int == 60)
            #expect(data["due_at"] is String)

            // A second run (and a second checker) finds nothing: no second notification, event or escalation.
            #expect(try await Self.handler(db).check().isEmpty)
            #expect(try await Self.handler(db).check().isEmpty)
            #expect(try await Fixture.count(db, "SELECT count(*)::int FROM floworx.notifications") == 5)
            #expect(try await Fixture.count(db, "SELECT count(*)::int FROM public.analytics_events WHERE event_type = 'sla_breach'") == 1)
        }
    }

    @Test func aBreachIsAllOrNothing() async throws {
        try await TestDatabase.with { db in
            let client = try await Fixture.business(db)
            let log = try await Fixture.emailWithTimer(db, client: client)
            try await Fixture.makeDue(db, log)
            // The outbox refuses rows for a moment: the whole breach is rolled back, timer and event included.
            try await Fixture.execute(db, """
                CREATE FUNCTION public.refuse_notification() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'outbox down'; END $$
                """)
            try await Fixture.execute(db, """
                CREATE TRIGGER refuse BEFORE INSERT ON floworx.notifications FOR EACH ROW EXECUTE FUNCTION public.refuse_notification()
                """)
            await #expect(throws: (any Error).self) { try await Self.handler(db).check() }
            #expect(try await Fixture.text(db, "SELECT status FROM floworx.sla_timers WHERE email_log_id = \(log)") == "pending")
            #expect(try await Fixture.text(db, "SELECT status FROM public.email_logs WHERE id = \(log)") == "processed")
            #expect(try await Fixture.count(db, "SELECT count(*)::int FROM public.analytics_events WHERE event_type = 'sla_breach'") == 0)

            try await Fixture.execute(db, "DROP TRIGGER refuse ON floworx.notifications")
            #expect(try await Self.handler(db).check().map(\.emailLogId) == [log])
            #expect(try await Fixture.count(db, "SELECT count(*)::int FROM floworx.notifications WHERE email_log_id = \(log)") == 3)
        }
    }

    @Test func anAnsweredTimerNeverBreaches() async throws {
        try await TestDatabase.with { db in
            let client = try await Fixture.business(db)
            let repository = SLATimerRepository(database: db.database.service)
            let byAPI = try await Fixture.emailWithTimer(db, client: client)
            let byMailbox = try await Fixture.emailWithTimer(db, client: client, subject: "AC noise", thread: "thread-77")
            let otherThread = try await Fixture.emailWithTimer(db, client: client, subject: "Thermostat", thread: "thread-78")

            let answered = try #require(try await repository.markAnswered(clientId: client, emailLogId: byAPI, by: .api))
            #expect(answered.status == "answered")
            #expect(answered.answeredBy == .api)
            // Idempotent: the first answer is kept.
            let again = try #require(try await repository.markAnswered(clientId: client, emailLogId: byAPI, by: .mailbox))
            #expect(again.answeredBy == .api)
            #expect(again.answeredAt == answered.answeredAt)
            // A message sent in the thread answers the timer of the email in it, and only that one.
            #expect(try await repository.markAnswered(clientId: client, threadIds: ["thread-77", "unknown"]) == 1)
            // Another business's thread of the same id answers nothing of this one.
            #expect(try await repository.markAnswered(clientId: UUID(), threadIds: ["thread-78"]) == 0)

            for log in [byAPI, byMailbox, otherThread] { try await Fixture.makeDue(db, log) }
            let breaches = try await SLATimerCheckTests.handler(db).check()
            #expect(breaches.map(\.emailLogId) == [otherThread])
            #expect(try await repository.timer(clientId: client, emailLogId: byMailbox)?.answeredBy == .mailbox)
            #expect(try await repository.timer(clientId: client, emailLogId: byMailbox)?.status == "answered")
            #expect(try await Fixture.count(db, "SELECT count(*)::int FROM floworx.notifications WHERE email_log_id IN (\(byAPI), \(byMailbox))") == 0)

            // Answered late: the breach stands and the answer is recorded.
            let late = try #require(try await repository.markAnswered(clientId: client, emailLogId: otherThread, by: .api))
            #expect(late.status == "breached")
            #expect(late.answeredBy == .api)
        }
    }

    @Test func timersSurviveARestartAndTheCheckRunsAsAJob() async throws {
        try await TestDatabase.with { db in
            let client = try await Fixture.business(db)
            // "Before the restart": timers written by one set of instances...
            var logs: [UUID] = []
            for index in 0..<5 { logs.append(try await Fixture.emailWithTimer(db, client: client, subject: "Request \(index)")) }
            for log in logs { try await Fixture.makeDue(db, log) }

            // ...found by new ones: the scheduler queues one check (a second look queues no twin), a job worker runs it,
            // in batches of two.
            let scheduler = SLAScheduler(database: db.database.service, logger: Fixture.logger)
            #expect(try await scheduler.schedule())
            #expect(try await !scheduler.schedule())
            let workers = JobWorkerService(
                queue: JobQueue(database: db.database.service), handler: Self.handler(db, batchSize: 2), listenConnection: nil,
                configuration: JobWorkerConfiguration(), logger: Fixture.logger)
            #expect(try await workers.drain() == 1)
            #expect(try await Fixture.count(db, "SELECT count(*)::int FROM floworx.sla_timers WHERE status = 'breached'") == 5)
            #expect(try await Fixture.count(db, "SELECT count(*)::int FROM public.analytics_events WHERE event_type = 'sla_breach'") == 5)
            #expect(try await Fixture.text(db, "SELECT status FROM floworx.jobs WHERE kind = 'sla.check'") == "completed")
        }
    }

    @Test func settingsDecideTheChannels() async throws {
        try await TestDatabase.with { db in
            // No settings row: the column defaults (email and push, no SMS).
            let defaults = try await Fixture.business(db)
            let first = try await Fixture.emailWithTimer(db, client: defaults)
            // Escalation alerts off: the breach is recorded, nobody is alerted.
            let quiet = try await Fixture.business(db, sms: true, alerts: false)
            let second = try await Fixture.emailWithTimer(db, client: quiet)
            // No managers with the owner role: every manager; no managers at all: the profile's contact.
            let staff = try await Fixture.business(db, managers: #"[{"name": "Tom Reid", "email": "tom@northwind.test", "roles": ["service"]}, {"name": "Ana Cruz", "email": "ana@northwind.test"}]"#)
            let third = try await Fixture.emailWithTimer(db, client: staff)
            let alone = try await Fixture.business(db, managers: "[]", contactEmail: "desk@northwind.test")
            let fourth = try await Fixture.emailWithTimer(db, client: alone)
            for log in [first, second, third, fourth] { try await Fixture.makeDue(db, log) }

            #expect(try await Self.handler(db).check().count == 4)
            #expect(try await Fixture.notifications(db, first) == [
                "email dana@northwind.test pending", "email sam@northwind.test pending", "push \(defaults.uuidString.lowercased()) pending",
            ])
            #expect(try await Fixture.notifications(db, second) == [])
            #expect(try await Fixture.text(db, "SELECT status FROM floworx.sla_timers WHERE email_log_id = \(second)") == "breached")
            #expect(try await Fixture.notifications(db, third) == [
                "email ana@northwind.test pending", "email tom@northwind.test pending", "push \(staff.uuidString.lowercased()) pending",
            ])
            #expect(try await Fixture.notifications(db, fourth) == [
                "email desk@northwind.test pending", "push \(alone.uuidString.lowercased()) pending",
            ])
        }
    }

    @Test func aDeletedEmailTakesItsTimerAlong() async throws {
        try await TestDatabase.with { db in
            let client = try await Fixture.business(db)
            let log = try await Fixture.emailWithTimer(db, client: client)
            try await Fixture.execute(db, "DELETE FROM public.email_logs WHERE id = \(log)")
            #expect(try await Fixture.count(db, "SELECT count(*)::int FROM floworx.sla_timers") == 0)
        }
    }
}
