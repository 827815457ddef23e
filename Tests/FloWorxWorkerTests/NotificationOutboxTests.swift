import FloWorxCore
import FloWorxStore
import FloWorxTestSupport
import FloWorxWorker
import Foundation
import PostgresNIO
import Testing

/// The notification outbox (issue 11): rows written by the statement that completes an email's job, routed by
/// `notification_settings` and the rules' targets, folded per sender window, and a delivery job for each pending row.
@Suite struct NotificationOutboxTests {
    /// The HVAC mailbox's no-heat-with-a-newborn email: critical, matched by the emergency rule (SMS + email to the
    /// service manager) and the safety default (email to the owner).
    static func emergency(messageId: String, from sender: String = "jess.moreau@example.com") throws -> EmailMessage {
        let file = Mailbox.directory.appendingPathComponent("messages/hvac/002-furnace-stopped-newborn.json")
        var message = try JSONCoding.decoder().decode(EmailMessage.self, from: Data(contentsOf: file))
        message.messageId = messageId
        message.from = EmailAddress(email: sender, name: "Jess Moreau")
        message.replyTo = nil
        return message
    }

    static func process(_ fixture: QueueFixture, _ messages: [EmailMessage], window: Duration = .seconds(1800)) async throws -> EmailPipeline.BatchResult {
        _ = try await EmailIngestRepository(database: fixture.service).ingest(messages.map { try Mailbox.newEmail($0, client: fixture.client) })
        var configuration = WorkerConfiguration()
        configuration.notifications = NotificationPlanner(senderWindow: window)
        let queue = EmailQueue(database: fixture.service)
        let pipeline = try EmailPipeline(
            queue: queue, repository: ProfileRepository(database: fixture.service, logger: TestCluster.logger),
            provider: BuiltInComposer(), configuration: configuration, logger: TestCluster.logger)
        return try await pipeline.process(try await queue.claim(limit: 50))
    }

    static func rows(_ fixture: QueueFixture) async throws -> [String] {
        try await fixture.strings("""
            SELECT kind || '|' || channel || '|' || recipient || '|' || status || '|' || coalesce(reason, '') || '|' || coalesce(content->>'repeats', '0')
            FROM floworx.notifications ORDER BY kind, channel, recipient
            """)
    }

    @Test func anEscalatedEmailWritesItsAlertsWithItsCompletionAndQueuesOneDeliveryPerPendingRow() async throws {
        try await QueueFixture.with { fixture in
            let result = try await Self.process(fixture, [try Self.emergency(messageId: "e-1")])
            #expect(result.completed == 1 && result.escalated == 1)
            let rows = try await Self.rows(fixture)
            // Email to the service manager (emergency rule) and to the owner (safety default); SMS is off by the seed's
            // default settings, so its row says so and is not sent.
            #expect(rows.contains("escalation|email|priya@northlinehvac.ca|pending||0"))
            #expect(rows.contains { $0.hasPrefix("escalation|sms|780-555-0101|skipped|sms notifications are off") })
            let pending = try await fixture.count("SELECT count(*) FROM floworx.notifications WHERE status = 'pending'")
            #expect(pending >= 1)
            let jobs = try await fixture.count("""
                SELECT count(*) FROM floworx.jobs j JOIN floworx.notifications n ON j.dedupe_key = n.id::text
                WHERE j.kind = 'notification.deliver' AND n.status = 'pending'
                """)
            #expect(jobs == pending)
            #expect(try await fixture.count("SELECT count(*) FROM floworx.jobs WHERE kind = 'notification.deliver'") == pending)
            // What the alert says: category, urgency, sender, subject, a link to the email.
            let content = try await fixture.strings("""
                SELECT (content->>'category') || '|' || (content->>'sender') || '|' || (content->>'link' LIKE '/app/emails/%')::text
                FROM floworx.notifications WHERE channel = 'email' AND recipient = 'priya@northlinehvac.ca'
                """)
            #expect(content == ["URGENT|jess.moreau@example.com|true"])
        }
    }

    @Test func aCompletionThatDoesNotCommitWritesNoNotification() async throws {
        try await QueueFixture.with { fixture in
            _ = try await EmailIngestRepository(database: fixture.service).ingest([try Mailbox.newEmail(try Self.emergency(messageId: "lost-1"), client: fixture.client)])
            let queue = EmailQueue(database: fixture.service)
            var job = try #require(try await queue.claim(limit: 1).first)
            job.token = "0"  // another worker holds the job now: this completion is not owned
            let planned = PlannedNotification(kind: .escalation, channel: .email, recipient: "priya@northlinehvac.ca",
                                              dedupeKey: "alert:lost", content: ["kind": .string("escalation")])
            let owned = try await queue.complete([JobCompletion(job: job, finalStatus: "escalated", draft: nil, events: [], metrics: [], notifications: [planned])])
            #expect(owned.isEmpty)
            #expect(try await fixture.count("SELECT count(*) FROM floworx.notifications") == 0)
            #expect(try await fixture.count("SELECT count(*) FROM floworx.jobs") == 0)
        }
    }

    @Test func emailsFromOneSenderWithinTheWindowRaiseOneAlertThatCountsTheRest() async throws {
        try await QueueFixture.with { fixture in
            // Two in one batch (one statement) and one in a later batch.
            _ = try await Self.process(fixture, [try Self.emergency(messageId: "s-1"), try Self.emergency(messageId: "s-2")])
            _ = try await Self.process(fixture, [try Self.emergency(messageId: "s-3")])
            let priya = try await fixture.strings("""
                SELECT status || '|' || coalesce(content->>'repeats', '0') FROM floworx.notifications
                WHERE channel = 'email' AND recipient = 'priya@northlinehvac.ca'
                """)
            #expect(priya == ["pending|2"])
            // Another sender in the same window gets its own alert.
            _ = try await Self.process(fixture, [try Self.emergency(messageId: "o-1", from: "other@example.com")])
            #expect(try await fixture.count("SELECT count(*) FROM floworx.notifications WHERE channel = 'email' AND recipient = 'priya@northlinehvac.ca'") == 2)
        }
    }

    /// Once the window's alert has gone out, a later emergency from the same sender in the same window is not folded
    /// into an alert nobody will read again: it raises a new one (before migration 0048 it raised nothing at all).
    @Test func anEmailAfterTheWindowsAlertWentOutRaisesANewAlert() async throws {
        try await QueueFixture.with { fixture in
            _ = try await Self.process(fixture, [try Self.emergency(messageId: "a-1")])
            let first = try await fixture.strings("""
                SELECT id::text FROM floworx.notifications WHERE channel = 'email' AND recipient = 'priya@northlinehvac.ca'
                """)
            try #require(first.count == 1)
            let store = NotificationRepository(database: fixture.service)
            #expect(try await store.markSent(try #require(UUID(uuidString: first[0])), providerMessageId: "<a-1@test>"))
            _ = try await Self.process(fixture, [try Self.emergency(messageId: "a-2"), try Self.emergency(messageId: "a-3")])
            let priya = try await fixture.strings("""
                SELECT status || '|' || coalesce(content->>'repeats', '0') FROM floworx.notifications
                WHERE channel = 'email' AND recipient = 'priya@northlinehvac.ca' ORDER BY created_at, status
                """)
            #expect(priya == ["sent|0", "pending|1"])
            // The sent row keeps a key of its own, so its delivery job finds it by id as before.
            #expect(try await fixture.count("SELECT count(*) FROM floworx.notifications WHERE dedupe_key LIKE 'alert:%#%' AND status = 'sent'") == 1)
        }
    }

    @Test func withoutASenderWindowEveryEmailGetsItsOwnAlert() async throws {
        try await QueueFixture.with { fixture in
            _ = try await Self.process(fixture, [try Self.emergency(messageId: "w-1"), try Self.emergency(messageId: "w-2")], window: .zero)
            #expect(try await fixture.count("SELECT count(*) FROM floworx.notifications WHERE channel = 'email' AND recipient = 'priya@northlinehvac.ca'") == 2)
        }
    }

    @Test func settingsDecideTheChannelsAndAManagerWithoutAPhoneGetsNoSMS() async throws {
        try await QueueFixture.with { fixture in
            try await fixture.service.query("""
                INSERT INTO public.notification_settings (client_id, email_notifications, sms_notifications, push_notifications, escalation_alerts)
                VALUES (\(fixture.client), false, true, false, true)
                """)
            try await fixture.service.query("""
                UPDATE public.profiles SET managers = managers #- '{1,phone}' WHERE id = \(fixture.client)
                """)
            _ = try await Self.process(fixture, [try Self.emergency(messageId: "p-1")])
            let rows = try await Self.rows(fixture)
            #expect(rows.contains { $0.hasPrefix("escalation|sms|priya@northlinehvac.ca|skipped|Priya Sandhu has no phone number for SMS") })
            #expect(rows.contains { $0.hasPrefix("escalation|email|priya@northlinehvac.ca|skipped|email notifications are off") })
            #expect(try await fixture.count("SELECT count(*) FROM floworx.jobs WHERE kind = 'notification.deliver'")
                == (try await fixture.count("SELECT count(*) FROM floworx.notifications WHERE status = 'pending'")))
        }
    }

    @Test func escalationAlertsOffRecordsEveryRowAsSkippedAndQueuesNothing() async throws {
        try await QueueFixture.with { fixture in
            try await fixture.service.query("""
                INSERT INTO public.notification_settings (client_id, escalation_alerts) VALUES (\(fixture.client), false)
                """)
            _ = try await Self.process(fixture, [try Self.emergency(messageId: "off-1")])
            #expect(try await fixture.count("SELECT count(*) FROM floworx.notifications WHERE kind = 'escalation'") > 0)
            #expect(try await fixture.count("SELECT count(*) FROM floworx.notifications WHERE kind = 'escalation' AND status <> 'skipped'") == 0)
            #expect(try await fixture.count("SELECT count(*) FROM floworx.jobs WHERE kind = 'notification.deliver'") == 0)
        }
    }

    /// The refund-and-BBB complaint: the legal-threat rule forwards it to the owner.
    static func complaint(to recipient: String? = nil) throws -> EmailMessage {
        let data = try Data(contentsOf: Mailbox.directory.appendingPathComponent("messages/hvac/026-refund-bbb-threat.eml"))
        var message = try EmailMessage(mime: Array(data), fallbackMessageId: "complaint-1", fallbackDate: Date(timeIntervalSince1970: 0))
        if let recipient { message.to = [EmailAddress(email: recipient, name: nil)] }
        return message
    }

    @Test func aForwardCarriesTheOriginalAndIsNeverSentBackToTheMailboxItCameFrom() async throws {
        try await QueueFixture.with { fixture in
            _ = try await Self.process(fixture, [try Self.complaint()])
            let forward = try await fixture.strings("""
                SELECT recipient || '|' || status || '|' || (content->'original'->>'subject' IS NOT NULL)::text || '|' || (content->'original'->>'text' <> '')::text
                FROM floworx.notifications WHERE kind = 'forward'
                """)
            #expect(forward == ["dave@northlinehvac.ca|pending|true|true"])
        }
        try await QueueFixture.with { fixture in
            _ = try await Self.process(fixture, [try Self.complaint(to: "Dave@NorthlineHVAC.ca")])
            let forward = try await fixture.strings("SELECT recipient || '|' || status || '|' || reason FROM floworx.notifications WHERE kind = 'forward'")
            #expect(forward == ["dave@northlinehvac.ca|skipped|the email was sent to dave@northlinehvac.ca; forwarding it there would loop"])
        }
    }

    @Test func aCustomerEmailStartsItsFirstResponseTimerWithItsCompletionAndASupplierNoticeDoesNot() async throws {
        try await QueueFixture.with { fixture in
            try await fixture.service.query("""
                UPDATE public.profiles SET client_config = jsonb_set(client_config, '{sla}', '{"first_response_minutes": 60}') WHERE id = \(fixture.client)
                """)
            var quote = try QueueFixture.quoteRequest(messageId: "sla-quote")
            quote.receivedAt = Date()  // mail older than a week (a backfill) starts no timer
            let notice = try JSONCoding.decoder().decode(EmailMessage.self, from: Data(contentsOf: Mailbox.directory.appendingPathComponent("messages/hvac/043-emco-backorder.json")))
            _ = try await Self.process(fixture, [quote, notice])
            let timers = try await fixture.strings("""
                SELECT l.message_id || '|' || t.status || '|' || t.target_minutes || '|' || (t.due_at > t.started_at)::text
                FROM floworx.sla_timers t JOIN public.email_logs l ON l.id = t.email_log_id
                """)
            #expect(timers == ["sla-quote|pending|60|true"])
        }
    }

    @Test func aCompletionThatDoesNotCommitStartsNoTimer() async throws {
        try await QueueFixture.with { fixture in
            _ = try await EmailIngestRepository(database: fixture.service).ingest([try Mailbox.newEmail(try QueueFixture.quoteRequest(messageId: "sla-lost"), client: fixture.client)])
            let queue = EmailQueue(database: fixture.service)
            var job = try #require(try await queue.claim(limit: 1).first)
            job.token = "0"
            let timer = SLATimerStart(startedAt: Date(), dueAt: Date().addingTimeInterval(3600), targetMinutes: 60, category: .sales, threadId: nil)
            _ = try await queue.complete([JobCompletion(job: job, finalStatus: "processed", draft: nil, events: [], metrics: [], slaTimer: timer)])
            #expect(try await fixture.count("SELECT count(*) FROM floworx.sla_timers") == 0)
        }
    }
}
