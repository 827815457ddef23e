import FloWorxCore
import FloWorxIntegrations
import FloWorxLocalProviders
import FloWorxStore
import FloWorxTestSupport
import FloWorxWorker
import Foundation
import Logging
import PostgresNIO
import Testing

/// A digest queued in the outbox is delivered as is by the notification delivery worker, over real SMTP, to the
/// local SMTP server: once, to the owner, with the digest's own subject.
@Suite struct DigestDeliveryTests {
    @Test func theDigestArrivesInTheOwnersMailboxOnce() async throws {
        let smtp = LocalSMTPServer(configuration: LocalSMTPConfiguration())
        let port = try await smtp.start()
        do {
            try await TestDatabase.with { db in
                let fixture = DigestFixture(db: db)
                let client = try await fixture.business()
                try await fixture.email(client, at: "2026-12-04T15:00:00Z", status: "escalated", category: "URGENT")
                let service = DigestService(database: db.database.service)
                let outcome = try await service.send(clientId: client, date: DigestDate("2026-12-04")!)
                #expect(try await service.send(clientId: client, date: DigestDate("2026-12-04")!).status == .alreadySent)

                let smtpConfiguration = SMTPConfiguration(host: "127.0.0.1", port: port, tls: .none, credentials: nil,
                                                          from: EmailAddress(email: "digest@floworx.test", name: "FloWorx"),
                                                          connectTimeout: .seconds(5), commandTimeout: .seconds(5), dataTimeout: .seconds(5))
                let renderer = AlertRenderer(baseURL: nil)
                let email = EmailNotificationTransport(client: SMTPClient(configuration: smtpConfiguration, logger: TestCluster.logger), renderer: renderer, messageIdDomain: "floworx.test")
                let handler = NotificationDeliveryHandler(
                    repository: NotificationRepository(database: db.database.service), transports: NotificationTransports(email: email),
                    renderer: renderer, logger: TestCluster.logger)
                let ran = try await JobWorkerService(queue: JobQueue(database: db.database.service), handler: handler, listenConnection: nil,
                                                     configuration: JobWorkerConfiguration(), logger: TestCluster.logger).drain()
                #expect(ran == 1)

                let messages = smtp.messages()
                try #require(messages.count == 1)
                #expect(messages[0].recipients == ["olive@acme.test"])
                #expect(messages[0].subject == outcome.subject)
                #expect(messages[0].subject == "FloWorx daily digest — Acme Plumbing — Friday, 4 December")
                // Quoted-printable keeps these ASCII lines as they are: the rendered text and HTML travel unchanged.
                let raw = String(decoding: messages[0].raw, as: UTF8.self)
                #expect(raw.contains("Emails received: 1") && raw.contains("Escalations: 1") && raw.contains("Urgent: 1"))
                #expect(raw.contains("multipart/alternative") && raw.contains("text/html"))
                #expect(messages[0].header("Auto-Submitted") == "auto-generated")
                let status = try await db.database.service.query("SELECT status FROM floworx.notifications WHERE client_id = \(client) AND kind = 'digest'")
                    .collect().map { try $0.decode(String.self) }
                #expect(status == ["sent"])
            }
        } catch {
            await smtp.stop()
            throw error
        }
        await smtp.stop()
    }
}
