import FloWorxIntegrations
import FloWorxLocalProviders
import FloWorxServer
import FloWorxStore
import FloWorxTestSupport
import FloWorxWorker
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOHTTP1
import PostgresNIO
import Testing

/// Push end to end on a listening FloWorx: Gmail `users.watch` and Pub/Sub pushes with Google-signed OIDC tokens;
/// Graph subscriptions with the validation handshake and notifications carrying their clientState.
@Suite struct MailboxPushTests {
    /// Waits until `condition` holds (push arrives from another task); gives up after a generous bound.
    static func eventually(_ condition: () async throws -> Bool) async throws -> Bool {
        for _ in 0..<200 {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    @Test func aGmailPushWithAGoogleTokenQueuesASyncAndMailArrives() async throws {
        let topic = "projects/floworx-test/topics/gmail"
        var workerConfiguration: MailboxConfiguration?
        try await GmailFixture.with(configure: { $0.gmailTopic = topic; workerConfiguration = $0 }) { fixture in
            let endpoints = try #require(await fixture.gmail.endpoints)
            var mailbox = MailboxServerConfiguration()
            mailbox.gmailPush = GmailPushConfiguration(jwksURL: endpoints.jwks, audience: "https://floworx.test/push", serviceAccountEmail: "gmail-push@floworx-local.iam.gserviceaccount.com")
            try await MailboxServer.with(fixture.db, setup: .live, mailbox: mailbox) { client, _ in
                let port = try #require(client.port)
                await fixture.gmail.configurePush(LocalGmailServer.PushRoute(
                    topicName: topic, endpoint: "http://127.0.0.1:\(port)/api/v1/webhooks/gmail", audience: "https://floworx.test/push"
                ))
                try await JobQueue(database: fixture.service).enqueue([NewJob(kind: MailboxJobKind.renew, dedupeKey: "w", integrationId: fixture.integrationId, clientId: fixture.client)])
                // The label tree (33 labels, 5 units each) and the watch (100) cost more than the mailbox's burst of
                // 250 Gmail units when they run faster than it refills: the job may be postponed once, without
                // spending an attempt, and finish when the budget allows.
                #expect(try await Self.eventually {
                    try await fixture.workers.drain()
                    return await fixture.gmail.watch(email: fixture.address)?.topicName == topic
                })
                // Time passes: the budget the label tree used is back, so each step below runs in one drain.
                try await fixture.service.query("UPDATE floworx.mailboxes SET budget = NULL, budget_at = NULL")
                #expect(try await fixture.count("SELECT count(*)::int FROM floworx.mailboxes WHERE push_expires_at > now() + interval '6 days'") == 1)
                // A message arrives; Gmail pushes; FloWorx records a sync job before answering.
                try await fixture.db.database.service.query("DELETE FROM floworx.jobs")
                let id = try await fixture.deliver("010-quote-new-furnace.eml")
                #expect(try await Self.eventually { try await fixture.count("SELECT count(*)::int FROM floworx.jobs WHERE kind = 'mailbox.sync'") == 1 })
                // The job is committed before the 204; the local server records the answer once it has read it.
                #expect(try await Self.eventually { await fixture.gmail.pushAttempts.last?.status == 204 })
                try await fixture.workers.drain()
                try await fixture.runPipeline()
                try await fixture.workers.drain()
                #expect(try await fixture.strings("SELECT message_id FROM public.email_logs") == [id])
                #expect(await fixture.gmail.labels(email: fixture.address, messageId: id)?.contains { $0.hasPrefix("Label_") } == true)

                // The label tree was made before the watch, and the watch leaves out drafts and every FloWorx label,
                // so FloWorx's own labelling and drafts push nothing: of the next two messages, only their arrivals
                // are pushed.
                let own = await fixture.gmail.labelList(email: fixture.address).filter { $0.type == "user" }
                let sales = try #require(own.first { $0.name == "SALES" })
                #expect(own.contains { $0.name == "MAINTENANCE" } && own.contains { $0.name == "MANAGER/Unassigned" }, "the whole tree")
                let filter = try #require(await fixture.gmail.watchFilter(email: fixture.address))
                #expect(filter.exclude && Set(filter.labelIds) == Set(["DRAFT"] + own.map(\.id)), "\(filter)")
                let before = await fixture.gmail.pushAttempts.count
                let template = try String(contentsOf: MailboxFiles.directory.appendingPathComponent("messages/hvac/010-quote-new-furnace.eml"), encoding: .utf8)
                for n in 1...2 {
                    let raw = template.replacingOccurrences(of: "Message-ID: <", with: "Message-ID: <again\(n)-")
                        .replacingOccurrences(of: "Subject: Quote for furnace replacement", with: "Subject: Quote \(n) for a furnace")
                    let next = try await fixture.gmail.deliver(to: fixture.address, raw: Data(raw.utf8))
                    #expect(try await Self.eventually { await fixture.gmail.pushAttempts.count == before + n })
                    #expect(try await Self.eventually { await fixture.gmail.pushAttempts.last?.status == 204 })
                    try await fixture.workers.drain()
                    try await fixture.runPipeline()
                    try await fixture.workers.drain()
                    #expect(await fixture.gmail.labels(email: fixture.address, messageId: next)?.contains(sales.id) == true)
                }
                #expect(await fixture.gmail.pushAttempts.count == before + 2, "no push for FloWorx's own label and draft")
            }
        }
        _ = workerConfiguration
    }

    @Test func aGmailPushWithoutAValidTokenIsRefused() async throws {
        try await GmailFixture.with { fixture in
            let endpoints = try #require(await fixture.gmail.endpoints)
            var mailbox = MailboxServerConfiguration()
            mailbox.gmailPush = GmailPushConfiguration(jwksURL: endpoints.jwks, audience: "https://floworx.test/push", serviceAccountEmail: "gmail-push@floworx-local.iam.gserviceaccount.com")
            try await MailboxServer.with(fixture.db, mailbox: mailbox) { client, _ in
                let data = Data(#"{"emailAddress": "service@northlinehvac.ca", "historyId": 999999}"#.utf8).base64EncodedString()
                let body = ByteBuffer(string: #"{"message": {"data": "\#(data)", "messageId": "1"}, "subscription": "projects/p/subscriptions/s"}"#)
                let none = try await client.execute(uri: "/api/v1/webhooks/gmail", method: .post, body: body)
                #expect(none.status == .unauthorized)
                let otherKey = try PubSubPushSigner()
                let forged = try otherKey.sign(audience: "https://floworx.test/push", serviceAccountEmail: "gmail-push@floworx-local.iam.gserviceaccount.com")
                let refused = try await client.execute(uri: "/api/v1/webhooks/gmail", method: .post, headers: [.authorization: "Bearer " + forged], body: body)
                #expect(refused.status == .unauthorized)
                let wrongAudience = try fixture.oauth.pushSigner.sign(audience: "https://elsewhere.example", serviceAccountEmail: "gmail-push@floworx-local.iam.gserviceaccount.com")
                #expect(try await client.execute(uri: "/api/v1/webhooks/gmail", method: .post, headers: [.authorization: "Bearer " + wrongAudience], body: body).status == .unauthorized)
                let good = try fixture.oauth.pushSigner.sign(audience: "https://floworx.test/push", serviceAccountEmail: "gmail-push@floworx-local.iam.gserviceaccount.com")
                let accepted = try await client.execute(uri: "/api/v1/webhooks/gmail", method: .post, headers: [.authorization: "Bearer " + good], body: body)
                #expect(accepted.status == .noContent)
                #expect(try await fixture.count("SELECT count(*)::int FROM floworx.jobs WHERE kind = 'mailbox.sync'") == 1)
                let malformed = try await client.execute(uri: "/api/v1/webhooks/gmail", method: .post, headers: [.authorization: "Bearer " + good], body: ByteBuffer(string: "{}"))
                #expect(malformed.status == .badRequest)
            }
        }
    }

    @Test func aGraphSubscriptionIsValidatedAndItsNotificationsBringMail() async throws {
        try await OutlookFixture.with { fixture in
            try await MailboxServer.with(fixture.db, setup: .live, mailbox: MailboxServerConfiguration()) { client, _ in
                let port = try #require(client.port)
                var configuration = fixture.configuration
                configuration.graphNotificationURL = "http://127.0.0.1:\(port)/api/v1/webhooks/graph"
                let workers = JobWorkerService(
                    queue: JobQueue(database: fixture.service),
                    handler: MailboxJobHandler(database: fixture.service, credentials: fixture.credentials, configuration: configuration, logger: TestCluster.logger),
                    listenConnection: nil, configuration: JobWorkerConfiguration(), logger: TestCluster.logger
                )
                try await JobQueue(database: fixture.service).enqueue([NewJob(kind: MailboxJobKind.renew, dedupeKey: "r", integrationId: fixture.integrationId, clientId: fixture.client)])
                try await workers.drain()
                let subscriptions = await fixture.graph.subscriptions(email: fixture.address)
                #expect(subscriptions.count == 1, "created after FloWorx answered the validation handshake")
                try await fixture.db.database.service.query("DELETE FROM floworx.jobs")
                let id = try await fixture.deliver("010-quote-new-furnace.eml")
                #expect(try await MailboxPushTests.eventually { try await fixture.strings("SELECT kind FROM floworx.jobs").contains("mailbox.sync") })
                try await workers.drain()
                try await fixture.runPipeline()
                try await workers.drain()
                #expect(try await fixture.strings("SELECT message_id FROM public.email_logs") == [id])
                // A notification with another clientState is refused.
                let pushId = try #require(try await fixture.strings("SELECT push_id FROM floworx.mailboxes").first)
                let forged = ByteBuffer(string: #"{"value": [{"subscriptionId": "\#(pushId)", "clientState": "guess", "changeType": "created", "resource": "x"}]}"#)
                let refused = try await client.execute(uri: "/api/v1/webhooks/graph", method: .post, headers: [.contentType: "application/json"], body: forged)
                #expect(refused.status == .unauthorized)
                let echo = try await client.execute(uri: "/api/v1/webhooks/graph?validationToken=Validation%3A%20abc", method: .post)
                #expect(echo.status == .ok)
                #expect(String(buffer: echo.body) == "Validation: abc")
                #expect(echo.headers[.contentType]?.hasPrefix("text/plain") == true)
            }
        }
    }
}
