import AsyncHTTPClient
import FloWorxCore
import FloWorxIntegrations
import FloWorxLocalProviders
import FloWorxServer
import FloWorxStore
import FloWorxTestSupport
import FloWorxWorker
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import NIOHTTP1
import PostgresNIO
import Synchronization
import Testing

/// Billing end to end (issue 15 acceptance): the owner starts a checkout through FloWorx's API, pays on the local
/// Stripe server's hosted page, the server sends its signed webhooks to FloWorx's route, and FloWorx ends in Stripe's
/// state: the subscription active for Stripe's period, the invoice recorded; a failed renewal makes it past_due and
/// tells the owner; cancelling in the Billing Portal cancels it, and the email pipeline then pauses drafts while
/// sorting and escalation go on.
@Suite("Billing: end to end with the local Stripe server")
struct BillingEndToEndTests {
    static let mailbox = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Mailbox")

    static func message(_ file: String, id: String) throws -> EmailMessage {
        var message = try JSONCoding.decoder().decode(EmailMessage.self, from: Data(contentsOf: mailbox.appendingPathComponent("messages/hvac/\(file)")))
        message.messageId = id
        return message
    }

    /// Runs `messages` through the email pipeline with the built-in plans enforced.
    static func process(_ db: TestDatabase, client: UUID, _ messages: [EmailMessage]) async throws -> EmailPipeline.BatchResult {
        let service = db.database.service
        let emails = try messages.map { message in
            NewEmail(clientId: client, messageId: message.messageId, fromEmail: message.from.email, toEmail: message.to.first?.email ?? "",
                     subject: message.subject, body: message.text, emailDataJSON: String(decoding: try JSONCoding.encoder().encode(message), as: UTF8.self))
        }
        _ = try await EmailIngestRepository(database: service).ingest(emails)
        var configuration = WorkerConfiguration()
        configuration.billing = BillingEnforcement(plans: .builtIn)
        let queue = EmailQueue(database: service)
        let pipeline = try EmailPipeline(queue: queue, repository: ProfileRepository(database: service, logger: TestCluster.logger),
                                         provider: BuiltInComposer(), configuration: configuration, logger: TestCluster.logger, billingDatabase: service)
        return try await pipeline.process(try await queue.claim(limit: 50))
    }

    static func strings(_ db: TestDatabase, _ query: PostgresQuery) async throws -> [String] {
        var result: [String] = []
        for try await value in try await db.database.service.query(query).decode(String.self) { result.append(value) }
        return result
    }

    /// POSTs a form the way a browser submits the hosted pages' buttons; the status and Location (the redirect is
    /// not followed: it goes to the app's public URL, which does not exist here).
    static func submit(_ url: String) async throws -> (Int, String?) {
        let browser = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: HTTPClient.Configuration(redirectConfiguration: .disallow))
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        do {
            let response = try await browser.execute(request, timeout: .seconds(15))
            _ = try await response.body.collect(upTo: 1024 * 1024)
            try await browser.shutdown()
            return (Int(response.status.code), response.headers.first(name: "Location"))
        } catch {
            try? await browser.shutdown()
            throw error
        }
    }

    /// The local Stripe server, a database with the HVAC business, FloWorx's application on a real port receiving the
    /// server's webhooks, and the owner's request headers.
    static func withStack(_ body: @escaping @Sendable (LocalStripeServer, String, TestDatabase, UUID, any TestClientProtocol, HTTPFields) async throws -> Void) async throws {
        let prices = ["price_floworx_starter": LocalStripePrice(unitAmount: 4_900), "price_floworx_pro": LocalStripePrice(unitAmount: 14_900)]
        let stripe = LocalStripeServer(configuration: LocalStripeConfiguration(prices: prices))
        let stripeURL = try await stripe.start()
        do {
            try await TestDatabase.with(connections: 8) { db in
                let setup = try JSONCoding.decoder().decode(ClientSetup.self, from: Data(contentsOf: Self.mailbox.appendingPathComponent("clients/hvac.json")))
                let client = try await ClientSeeder(database: db.database.service).create(email: "owner@billing-e2e.test", passwordHash: nil, setup: setup)
                let tokens = try await TokenService.make(secret: String(repeating: "b1ll1ng-", count: 6))
                let now = Date()
                let user = AuthUser(id: client, email: "owner@billing-e2e.test", role: "authenticated", aud: "authenticated", emailConfirmedAt: now,
                                    lastSignInAt: now, appMetadataJSON: "{}", userMetadataJSON: "{}", createdAt: now, updatedAt: now)
                let token = try await tokens.accessToken(for: user, sessionId: UUID()).token
                let stripeConfiguration = StripeConfiguration(secretKey: stripe.configuration.secretKey, baseURL: stripeURL, timeout: .seconds(10))
                var dependencies = ServerDependencies(
                    database: db.database, tokens: tokens, cipher: try CredentialCipher(keyring: "k1:" + Data(repeating: 5, count: 32).base64EncodedString()),
                    configuration: ServerConfiguration(host: "127.0.0.1", port: 0, publicURL: "https://app.floworx.test"), logger: TestCluster.logger)
                dependencies.billing = BillingServerConfiguration(webhookSecrets: [stripe.webhookSecret], objectSource: StripeClient(configuration: stripeConfiguration))
                dependencies.billingCheckout = BillingCheckoutConfiguration(stripe: stripeConfiguration)
                try await FloWorxServer.application(dependencies).test(.live) { app in
                    let port = try #require(app.port)
                    stripe.setWebhookEndpoint(url: "http://127.0.0.1:\(port)/api/v1/webhooks/stripe")
                    var owner = HTTPFields()
                    owner[.authorization] = "Bearer \(token)"
                    owner[HTTPField.Name("apikey")!] = tokens.anonKey
                    owner[.contentType] = "application/json"
                    try await body(stripe, stripeURL, db, client, app, owner)
                }
            }
        } catch {
            await stripe.stop()
            throw error
        }
        await stripe.stop()
    }

    @Test("checkout → paid → active with Stripe's period and an invoice → failed renewal: past_due, owner told → portal cancel: drafts pause, sorting and escalation go on")
    func subscriptionLife() async throws {
        try await Self.withStack { stripe, stripeURL, db, client, app, owner in
            // 1. The owner starts a checkout for the Starter plan.
            let checkout = try await app.executeRequest(uri: "/api/v1/billing/checkout", method: .post, headers: owner,
                                                        body: ByteBuffer(string: #"{"plan": "starter"}"#))
            #expect(checkout.status == .ok, "\(String(buffer: checkout.body))")
            let answer = try JSONDecoder().decode([String: String].self, from: Data(String(buffer: checkout.body).utf8))
            let sessionId = try #require(answer["session_id"])
            let session = try #require(stripe.checkoutSession(id: sessionId))
            #expect(answer["url"] == session.url && session.clientReferenceId == client.uuidString.lowercased())

            // 2. They pay on the hosted page; Stripe redirects to the success URL and sends its webhooks.
            let (status, location) = try await Self.submit(session.url + "/pay")
            #expect(status == 303)
            #expect(location == "https://app.floworx.test/billing?checkout=success&session_id=\(session.id)")
            await stripe.drainWebhooks()
            #expect(stripe.deliveries().allSatisfy { $0.responseStatus == 200 }, "\(stripe.deliveries().filter { $0.responseStatus != 200 })")
            let paid = try #require(stripe.checkoutSession(id: session.id)?.subscription.flatMap { stripe.subscription(id: $0) })

            // 3. Active, with Stripe's period; the first invoice is recorded.
            let overviews = BillingOverviewRepository(database: db.database.service)
            var overview = try await overviews.overview(clientId: client)
            let subscription = try #require(overview.subscription)
            #expect(subscription.status == "active" && subscription.planId == "starter")
            #expect(subscription.currentPeriodStart == Date(timeIntervalSince1970: TimeInterval(paid.currentPeriodStart)))
            #expect(subscription.currentPeriodEnd == Date(timeIntervalSince1970: TimeInterval(paid.currentPeriodEnd)))
            #expect(overview.invoices.count == 1)
            #expect(overview.invoices.first?.status == "paid" && overview.invoices.first?.amount == Decimal(49))
            #expect(overview.invoices.first?.hostedInvoiceURL == stripeURL + "/invoice/" + (paid.latestInvoice ?? "-"))
            let customer = try await BillingCustomerRepository(database: db.database.service).customerId(clientId: client)
            #expect(customer == paid.customer)
            // A second checkout while paying is refused.
            let again = try await app.executeRequest(uri: "/api/v1/billing/checkout", method: .post, headers: owner, body: ByteBuffer(string: #"{"plan": "pro"}"#))
            #expect(again.status == .conflict, "\(String(buffer: again.body))")

            // 4. The renewal's payment fails: past_due, the owner is told; drafts go on during the grace period.
            let renewal = try stripe.renew(subscriptionId: paid.id, paymentSucceeds: false)
            await stripe.drainWebhooks()
            overview = try await overviews.overview(clientId: client)
            #expect(overview.subscription?.status == "past_due")
            #expect(overview.subscription?.currentPeriodStart == Date(timeIntervalSince1970: TimeInterval(paid.currentPeriodEnd)))
            #expect(overview.invoices.count == 2)
            #expect(overview.invoices.contains { $0.status == "open" && $0.amount == Decimal(49) })
            let told = try await Self.strings(db, """
                SELECT content->>'invoice' FROM floworx.notifications
                WHERE client_id = \(client) AND kind = 'summary' AND content->>'billing' = 'payment_failed'
                """)
            #expect(!told.isEmpty && told.allSatisfy { $0 == renewal.id }, "the owner is told of the failed payment once: \(told)")
            let graced = try await Self.process(db, client: client, [try Self.message("011-central-ac-quote.json", id: "grace-quote")])
            #expect(graced.completed == 1 && graced.drafted == 1)

            // 5. The owner cancels in the Billing Portal: canceled, and the pipeline pauses drafts only.
            let portal = try await app.executeRequest(uri: "/api/v1/billing/portal", method: .post, headers: owner, body: nil)
            #expect(portal.status == .ok)
            let portalURL = try #require(try JSONDecoder().decode([String: String].self, from: Data(String(buffer: portal.body).utf8))["url"])
            let (canceledStatus, _) = try await Self.submit(portalURL + "/cancel/" + paid.id)
            #expect(canceledStatus == 303)
            await stripe.drainWebhooks()
            #expect(try await overviews.overview(clientId: client).subscription?.status == "canceled")
            let result = try await Self.process(db, client: client, [
                try Self.message("011-central-ac-quote.json", id: "after-cancel-quote"),
                try Self.message("002-furnace-stopped-newborn.json", id: "after-cancel-emergency"),
            ])
            #expect(result.completed == 2, "mail is still sorted")
            #expect(result.escalated == 1, "the emergency still escalates")
            #expect(result.drafted == 0, "no drafts once canceled")
            #expect(try await Self.strings(db, "SELECT content->>'billing' FROM floworx.notifications WHERE client_id = \(client) AND kind = 'summary'").contains("canceled"))
            // Every delivery was genuine and accepted; nothing was applied twice.
            #expect(stripe.deliveries().allSatisfy { $0.responseStatus == 200 })
        }
    }

    @Test("deliveries held, released shuffled with every third redelivered, and forged copies end in Stripe's state")
    func reorderedDuplicatedAndForged() async throws {
        try await Self.withStack { stripe, _, db, client, app, owner in
            let checkout = try await app.executeRequest(uri: "/api/v1/billing/checkout", method: .post, headers: owner, body: ByteBuffer(string: #"{"plan": "pro"}"#))
            let sessionId = try #require(try JSONDecoder().decode([String: String].self, from: Data(String(buffer: checkout.body).utf8))["session_id"])
            stripe.holdWebhooks()
            let done = try stripe.completeCheckout(sessionId: sessionId)
            _ = try stripe.renew(subscriptionId: done.subscription.id, paymentSucceeds: false)
            _ = try stripe.renew(subscriptionId: done.subscription.id, paymentSucceeds: true)
            stripe.releaseWebhooks(order: .shuffled(seed: 15), duplicateEvery: 3)
            for event in stripe.events() { try stripe.redeliver(eventId: event.id, fault: .wrongSecret) }
            await stripe.drainWebhooks()
            // As Stripe retries a delivery that was not acknowledged, redeliver those once more.
            let acknowledged = Set(stripe.deliveries().filter { $0.validSignature && $0.responseStatus == 200 }.map(\.eventId))
            for event in stripe.events() where !acknowledged.contains(event.id) { try stripe.redeliver(eventId: event.id) }
            await stripe.drainWebhooks()

            let deliveries = stripe.deliveries()
            #expect(deliveries.filter { !$0.validSignature }.allSatisfy { $0.responseStatus == 400 }, "every forged delivery is refused")
            #expect(Set(deliveries.filter { $0.validSignature && $0.responseStatus == 200 }.map(\.eventId)) == Set(stripe.events().map(\.id)))
            let stripeState = try #require(stripe.subscription(id: done.subscription.id))
            let overview = try await BillingOverviewRepository(database: db.database.service).overview(clientId: client)
            #expect(overview.subscription?.status == stripeState.status && stripeState.status == "active")
            #expect(overview.subscription?.planId == "pro")
            #expect(overview.subscription?.currentPeriodEnd == Date(timeIntervalSince1970: TimeInterval(stripeState.currentPeriodEnd)))
            let invoices = stripe.invoices(subscription: done.subscription.id)
            #expect(overview.invoices.count == invoices.count, "each invoice recorded once")
            #expect(overview.invoices.map(\.status).sorted() == invoices.map(\.status).sorted())
        }
    }
}
