import AsyncHTTPClient
import FloWorxCore
import FloWorxIntegrations
import FloWorxLocalProviders
import FloWorxServer
import FloWorxStore
import FloWorxTestSupport
import FloWorxWorker
import Foundation
import Logging
import PostgresNIO
import Testing

/// Outbox rows delivered over real SMTP to the local SMTP server: what arrives, retries, permanent failures, the rate
/// limit's summary, forwards with the original attached, and channels that are not configured.
@Suite struct NotificationDeliveryTests {
    static let mailbox = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Mailbox")

    /// A database with the HVAC business, a running local SMTP server and a delivery handler sending to it.
    struct Fixture: Sendable {
        let db: TestDatabase
        let client: UUID
        let smtp: LocalSMTPServer
        let port: Int

        var service: ServiceDatabase { db.database.service }

        func handler(password: String? = nil, configuration: NotificationDeliveryHandler.Configuration = .init(), sms: (any NotificationTransport)? = nil,
                     push: (any NotificationTransport)? = nil) -> NotificationDeliveryHandler {
            let credentials = password.map { SMTPCredentials(username: "alerts", password: $0) }
            let smtpConfiguration = SMTPConfiguration(host: "127.0.0.1", port: port, tls: .none, credentials: credentials,
                                                      from: EmailAddress(email: "alerts@floworx.test", name: "FloWorx"),
                                                      connectTimeout: .seconds(5), commandTimeout: .seconds(5), dataTimeout: .seconds(5))
            let renderer = AlertRenderer(baseURL: "https://app.floworx.test")
            let email = EmailNotificationTransport(client: SMTPClient(configuration: smtpConfiguration, logger: TestCluster.logger), renderer: renderer, messageIdDomain: "floworx.test")
            return NotificationDeliveryHandler(
                repository: NotificationRepository(database: service), transports: NotificationTransports(email: email, sms: sms, push: push),
                renderer: renderer, configuration: configuration, logger: TestCluster.logger)
        }

        /// Runs every due delivery job with `handler`.
        @discardableResult
        func deliver(_ handler: NotificationDeliveryHandler) async throws -> Int {
            var jobs = JobWorkerConfiguration()
            jobs.baseBackoff = .seconds(60)
            return try await JobWorkerService(queue: JobQueue(database: service), handler: handler, listenConnection: nil, configuration: jobs, logger: TestCluster.logger).drain()
        }

        func strings(_ query: PostgresQuery) async throws -> [String] {
            var result: [String] = []
            for try await value in try await service.query(query).decode(String.self) { result.append(value) }
            return result
        }

        func count(_ query: PostgresQuery) async throws -> Int {
            for try await value in try await service.query(query).decode(Int.self) { return value }
            return 0
        }

        /// Processes `messages` through the email pipeline (the outbox rows are written with each completion).
        func process(_ messages: [EmailMessage]) async throws {
            let emails = try messages.map { message in
                NewEmail(clientId: client, messageId: message.messageId, fromEmail: message.from.email, toEmail: message.to.first?.email ?? "",
                         subject: message.subject, body: message.text, emailDataJSON: String(decoding: try JSONCoding.encoder().encode(message), as: UTF8.self))
            }
            _ = try await EmailIngestRepository(database: service).ingest(emails)
            let queue = EmailQueue(database: service)
            let pipeline = try EmailPipeline(queue: queue, repository: ProfileRepository(database: service, logger: TestCluster.logger),
                                             provider: BuiltInComposer(), configuration: WorkerConfiguration(), logger: TestCluster.logger)
            _ = try await pipeline.process(try await queue.claim(limit: 50))
        }

        /// Makes every waiting job due now (standing in for the backoff passing).
        func makeJobsDue() async throws {
            try await service.query("UPDATE floworx.jobs SET run_at = now() WHERE status = 'pending'")
        }
    }

    static func with(smtpPassword: String? = nil, _ body: (Fixture) async throws -> Void) async throws {
        let smtp = LocalSMTPServer(configuration: LocalSMTPConfiguration(credentials: smtpPassword.map { ("alerts", $0) }))
        let port = try await smtp.start()
        do {
            try await TestDatabase.with(connections: 6) { db in
                let setup = try JSONCoding.decoder().decode(ClientSetup.self, from: Data(contentsOf: mailbox.appendingPathComponent("clients/hvac.json")))
                let client = try await ClientSeeder(database: db.database.service).create(email: "owner@delivery.test", passwordHash: nil, setup: setup)
                try await body(Fixture(db: db, client: client, smtp: smtp, port: port))
            }
        } catch {
            await smtp.stop()
            throw error
        }
        await smtp.stop()
    }

    static func emergency(_ id: String, from sender: String = "jess.moreau@example.com") throws -> EmailMessage {
        var message = try JSONCoding.decoder().decode(EmailMessage.self, from: Data(contentsOf: mailbox.appendingPathComponent("messages/hvac/002-furnace-stopped-newborn.json")))
        message.messageId = id
        message.from = EmailAddress(email: sender, name: "Jess Moreau")
        message.replyTo = nil
        return message
    }

    @Test func anEmergencyReachesTheServiceManagerByEmailSayingWhatHappenedAndWhatToDo() async throws {
        try await Self.with { fixture in
            try await fixture.process([try Self.emergency("d-1")])
            #expect(try await fixture.deliver(fixture.handler()) >= 1)
            let toPriya = fixture.smtp.messages().filter { $0.recipients.contains("priya@northlinehvac.ca") }
            let mail = try #require(toPriya.first)
            #expect(toPriya.count == 1)
            let raw = String(decoding: mail.raw, as: UTF8.self)
            #expect(mail.header("Auto-Submitted") == "auto-generated")
            #expect(mail.subject?.contains("URGENT") == true)
            #expect(raw.contains("What to do:"))
            #expect(raw.contains("https://app.floworx.test/app/emails/"))
            // The row is sent, and its provider id is the Message-ID that arrived.
            let id = try #require(try await fixture.strings("""
                SELECT id::text FROM floworx.notifications WHERE channel = 'email' AND recipient = 'priya@northlinehvac.ca' AND status = 'sent'
                """).first)
            #expect(mail.messageId == "notification-\(id)@floworx.test")
            #expect(try await fixture.strings("SELECT provider_message_id FROM floworx.notifications WHERE id = \(UUID(uuidString: id)!)") == ["<notification-\(id)@floworx.test>"])
            // Delivering again sends nothing more.
            #expect(try await fixture.deliver(fixture.handler()) == 0)
            #expect(fixture.smtp.messages().filter { $0.recipients.contains("priya@northlinehvac.ca") }.count == 1)
        }
    }

    @Test func aTemporaryRefusalIsRetriedAndTheResendCarriesTheSameMessageID() async throws {
        try await Self.with { fixture in
            try await fixture.process([try Self.emergency("t-1")])
            FloWorxMetrics.bootstrap()
            let retried = #"floworx_notifications_total{channel="email",outcome="retried"}"#, sent = #"floworx_notifications_total{channel="email",outcome="sent"}"#
            let before = FloWorxMetrics.render()
            fixture.smtp.update { $0.temporaryFailure = .data; $0.temporaryFailureCode = 451 }
            try await fixture.deliver(fixture.handler())
            #expect(fixture.smtp.messages().isEmpty)
            let waiting = try await fixture.strings("""
                SELECT status || '|' || attempts || '|' || (reason LIKE '%451%')::text FROM floworx.notifications
                WHERE channel = 'email' AND recipient = 'priya@northlinehvac.ca'
                """)
            #expect(waiting == ["pending|1|true"])
            fixture.smtp.update { $0.temporaryFailure = nil }
            try await fixture.makeJobsDue()
            try await fixture.deliver(fixture.handler())
            let id = try #require(try await fixture.strings("SELECT id::text FROM floworx.notifications WHERE channel = 'email' AND recipient = 'priya@northlinehvac.ca' AND status = 'sent'").first)
            #expect(fixture.smtp.messages().filter { $0.recipients.contains("priya@northlinehvac.ca") }.map(\.messageId) == ["notification-\(id)@floworx.test"])
            #expect(try await fixture.count("SELECT count(*)::int FROM public.error_logs") == 0)
            // Counted by channel and outcome (other suites deliver too: at least these).
            let after = FloWorxMetrics.render()
            #expect((PrometheusText.sample(after, retried) ?? 0) >= (PrometheusText.sample(before, retried) ?? 0) + 1)
            #expect((PrometheusText.sample(after, sent) ?? 0) >= (PrometheusText.sample(before, sent) ?? 0) + 1)
        }
    }

    @Test func aPermanentFailureFailsTheRowWithAnErrorLogAndIsNotRetried() async throws {
        try await Self.with(smtpPassword: "right") { fixture in
            try await fixture.process([try Self.emergency("f-1")])
            FloWorxMetrics.bootstrap()
            let failed = #"floworx_notifications_total{channel="email",outcome="failed"}"#
            let failedBefore = PrometheusText.sample(FloWorxMetrics.render(), failed) ?? 0
            try await fixture.deliver(fixture.handler(password: "wrong"))
            #expect((PrometheusText.sample(FloWorxMetrics.render(), failed) ?? 0) >= failedBefore + 1)
            let rows = try await fixture.strings("SELECT DISTINCT status FROM floworx.notifications WHERE channel = 'email'")
            #expect(rows == ["failed"])
            #expect(try await fixture.count("SELECT count(*)::int FROM public.error_logs WHERE error_type = 'notification_failed' AND context->>'channel' = 'email'")
                == (try await fixture.count("SELECT count(*)::int FROM floworx.notifications WHERE channel = 'email' AND status = 'failed'")))
            #expect(try await fixture.count("SELECT count(*)::int FROM floworx.jobs WHERE kind = 'notification.deliver' AND status = 'pending'") == 0)
            // No secret in what was recorded.
            #expect(try await fixture.count("SELECT count(*)::int FROM floworx.notifications WHERE reason LIKE '%wrong%'") == 0)
        }
    }

    @Test func pastTheRateLimitAlertsAreHeldBackIntoOneSummaryButCriticalOnesStillGo() async throws {
        try await Self.with { fixture in
            // Four high alerts and one critical one to the same person, each from another sender.
            for (index, urgency) in ["high", "high", "high", "critical", "high"].enumerated() {
                try await fixture.service.query("""
                    INSERT INTO floworx.notifications (client_id, kind, channel, recipient, dedupe_key, content, created_at)
                    VALUES (\(fixture.client), 'escalation', 'email', 'priya@northlinehvac.ca', \("rate-\(index)"),
                            jsonb_build_object('kind', 'escalation', 'urgency', \(urgency)::text, 'category', 'URGENT',
                                               'subject', \("Alert \(index)")::text, 'sender', \("s\(index)@example.com")::text),
                            now() + make_interval(secs => \(Double(index))))
                    """)
            }
            var configuration = NotificationDeliveryHandler.Configuration()
            configuration.rateLimit = 2
            for _ in 0..<5 { try await fixture.deliver(fixture.handler(configuration: configuration)) }
            let statuses = try await fixture.strings("SELECT dedupe_key || '|' || status FROM floworx.notifications WHERE kind = 'escalation' ORDER BY dedupe_key")
            // Which two go first depends on claim order; two high ones are held back and the critical one is sent.
            #expect(statuses.filter { $0.hasSuffix("|sent") }.count == 3)
            #expect(statuses.filter { $0.hasSuffix("|suppressed") }.count == 2)
            #expect(statuses.contains("rate-3|sent"))
            #expect(try await fixture.count("SELECT count(*)::int FROM floworx.notifications WHERE kind = 'summary'") == 1)
            // The summary waits for the end of its window; once it has passed, one summary lists both.
            try await fixture.service.query("UPDATE floworx.notifications SET created_at = created_at - interval '1 hour' WHERE kind = 'summary'")
            try await fixture.makeJobsDue()
            try await fixture.deliver(fixture.handler(configuration: configuration))
            let summary = try #require(fixture.smtp.messages().first { $0.subject?.contains("more alert") == true })
            let text = String(decoding: summary.raw, as: UTF8.self)
            #expect(summary.subject?.contains("2 more alerts") == true)
            #expect(text.contains("Alert") && !text.contains("Alert 3"))
        }
    }

    @Test func aForwardAttachesTheOriginalAndRepliesGoToTheCustomer() async throws {
        try await Self.with { fixture in
            let data = try Data(contentsOf: Self.mailbox.appendingPathComponent("messages/hvac/026-refund-bbb-threat.eml"))
            let complaint = try EmailMessage(mime: Array(data), fallbackMessageId: "fw-1", fallbackDate: Date(timeIntervalSince1970: 0))
            try await fixture.process([complaint])
            try await fixture.deliver(fixture.handler())
            let rows = try await fixture.strings("SELECT kind || '|' || channel || '|' || recipient || '|' || status || '|' || coalesce(reason, '') FROM floworx.notifications")
            #expect(rows.contains("forward|email|dave@northlinehvac.ca|sent|"), "\(rows)")
            let forward = try #require(fixture.smtp.messages().first { $0.recipients == ["dave@northlinehvac.ca"] && $0.subject?.hasPrefix("Fwd:") == true },
                                      "\(fixture.smtp.messages().map { "\($0.recipients) \($0.subject ?? "-")" })")
            let raw = String(decoding: forward.raw, as: UTF8.self)
            #expect(raw.contains("message/rfc822"))
            #expect(forward.header("Reply-To")?.contains(complaint.replyTo?.email ?? complaint.from.email) == true)
            #expect(forward.header("Auto-Submitted") == "auto-generated")
            #expect(forward.header("X-Forwarded-By") == "FloWorx")
        }
    }

    @Test func aChannelWithoutAProviderOrAPushWithoutADeviceIsSkippedSayingWhy() async throws {
        try await Self.with { fixture in
            try await fixture.service.query("""
                INSERT INTO floworx.notifications (client_id, kind, channel, recipient, dedupe_key, content) VALUES
                  (\(fixture.client), 'escalation', 'sms', '+17805550101', 'no-sms', '{"kind":"escalation"}'),
                  (\(fixture.client), 'escalation', 'push', \(fixture.client.uuidString.lowercased()), 'no-device', '{"kind":"escalation"}')
                """)
            let push = PushNotificationTransport(
                client: WebPushClient(client: .shared, configuration: try WebPushConfiguration(keys: VAPIDKeys.generate(), subject: "mailto:ops@floworx.test")),
                subscriptions: PushSubscriptionRepository(database: fixture.service), renderer: AlertRenderer())
            try await fixture.deliver(fixture.handler(push: push))
            let rows = try await fixture.strings("SELECT dedupe_key || '|' || status || '|' || reason FROM floworx.notifications ORDER BY dedupe_key")
            #expect(rows == ["no-device|skipped|no device of this account is subscribed to push", "no-sms|skipped|no sms provider is configured"])
            #expect(try await fixture.count("SELECT count(*)::int FROM public.error_logs") == 0)
        }
    }
}
