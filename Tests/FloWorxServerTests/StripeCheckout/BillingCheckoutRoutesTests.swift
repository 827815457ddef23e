import FloWorxCore
import FloWorxIntegrations
import FloWorxLocalProviders
import FloWorxServer
import FloWorxStore
import FloWorxTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import PostgresNIO
import Testing

/// `POST /api/v1/billing/checkout` and `/portal` for the signed-in owner, against the local Stripe server (issue 15):
/// the session Stripe receives, the customer created once and reused, refusals before any Stripe call, and Stripe's
/// failures as stable 502 codes that never carry the key.
@Suite("Billing: checkout and portal routes")
struct BillingCheckoutRoutesTests {
    static let prices = ["price_floworx_starter": LocalStripePrice(unitAmount: 4_900), "price_floworx_pro": LocalStripePrice(unitAmount: 14_900)]

    /// The application with checkout configured for `stripe` (nil: no Stripe key).
    static func with(stripe base: String?, key: String, _ body: @Sendable (TestApp) async throws -> Void) async throws {
        try await TestApp.with(configure: { dependencies in
            dependencies.billingCheckout = BillingCheckoutConfiguration(
                stripe: base.map { StripeConfiguration(secretKey: key, baseURL: $0, timeout: .seconds(10)) },
                successURL: "https://app.test/billing?checkout=success&session_id={CHECKOUT_SESSION_ID}",
                cancelURL: "https://app.test/billing?checkout=cancel", portalReturnURL: "https://app.test/billing")
        }, body)
    }

    /// A started local Stripe server selling the built-in plans' prices.
    static func stripe(prices: [String: LocalStripePrice] = prices) async throws -> (LocalStripeServer, String) {
        let server = LocalStripeServer(configuration: LocalStripeConfiguration(prices: prices))
        return (server, try await server.start())
    }

    static func linkedCustomer(_ app: TestApp, _ owner: Session) async throws -> String? {
        try await BillingCustomerRepository(database: app.db.database.service).customerId(clientId: owner.userId)
    }

    @Test("checkout creates a subscription-mode session for the owner's business, creating the customer once and reusing it")
    func checkout() async throws {
        let (stripe, base) = try await Self.stripe()
        try await Self.with(stripe: base, key: stripe.configuration.secretKey) { app in
            let owner = try await app.signUp()
            let response = try await app.request(.post, "/api/v1/billing/checkout", as: .user(owner), json: #"{"plan": "starter"}"#)
            #expect(response.status == .ok, "\(response.text)")
            let body = try response.json()
            let sessionId = try #require(body["session_id"]?.stringValue)
            let session = try #require(stripe.checkoutSession(id: sessionId))
            #expect(body["url"]?.stringValue == session.url)
            #expect(session.clientReferenceId == owner.id)
            #expect(session.priceId == "price_floworx_starter")
            #expect(session.successURL == "https://app.test/billing?checkout=success&session_id={CHECKOUT_SESSION_ID}")
            #expect(session.metadata == ["business_id": owner.id, "plan_id": "starter"])
            #expect(session.subscriptionMetadata["business_id"] == owner.id)
            let customer = try #require(try await Self.linkedCustomer(app, owner))
            #expect(session.customer == customer)
            #expect(stripe.customer(id: customer)?.metadata["business_id"] == owner.id)
            #expect(stripe.customer(id: customer)?.email == owner.email)
            #expect(!response.text.contains(stripe.configuration.secretKey))

            // A second checkout (the owner changed their mind) reuses the customer.
            let again = try await app.request(.post, "/api/v1/billing/checkout", as: .user(owner), json: #"{"plan": "pro"}"#)
            #expect(again.status == .ok)
            #expect(stripe.customers().count == 1)
            let secondId = try #require(try again.json()["session_id"]?.stringValue)
            let second = try #require(stripe.checkoutSession(id: secondId))
            #expect(second.customer == customer && second.priceId == "price_floworx_pro")
            // Every POST to Stripe carried an idempotency key.
            #expect(stripe.requests().filter { $0.method == "POST" }.allSatisfy { $0.idempotencyKey != nil })

            // The portal opens for that customer.
            let portal = try await app.request(.post, "/api/v1/billing/portal", as: .user(owner))
            #expect(portal.status == .ok, "\(portal.text)")
            let portalSession = try #require(stripe.portalSessions().first)
            #expect(try portal.json()["url"]?.stringValue == portalSession.url)
            #expect(portalSession.customer == customer && portalSession.returnURL == "https://app.test/billing")
        }
        await stripe.stop()
    }

    @Test("a customer lost between Stripe's create and the link is found again by its business metadata, not duplicated")
    func recoveredCustomer() async throws {
        let (stripe, base) = try await Self.stripe()
        try await Self.with(stripe: base, key: stripe.configuration.secretKey) { app in
            let owner = try await app.signUp()
            let client = StripeClient(configuration: StripeConfiguration(secretKey: stripe.configuration.secretKey, baseURL: base))
            let orphan = try await client.createCustomer(businessId: owner.id, email: owner.email, name: nil, idempotencyKey: "earlier-crash")
            let response = try await app.request(.post, "/api/v1/billing/checkout", as: .user(owner), json: #"{"plan": "starter"}"#)
            #expect(response.status == .ok)
            #expect(try await Self.linkedCustomer(app, owner) == orphan.id)
            #expect(stripe.customers().count == 1)
        }
        await stripe.stop()
    }

    @Test("bad requests are refused before Stripe is called, with stable codes and nothing written")
    func refusals() async throws {
        let (stripe, base) = try await Self.stripe()
        try await Self.with(stripe: base, key: stripe.configuration.secretKey) { app in
            let owner = try await app.signUp()
            let anonymous = try await app.request(.post, "/api/v1/billing/checkout", as: .anon, json: #"{"plan": "starter"}"#)
            #expect(anonymous.status == .unauthorized || anonymous.status == .forbidden, "\(anonymous.status)")
            try expectRestError(try await app.request(.post, "/api/v1/billing/checkout", as: .user(owner), json: "not json"), .badRequest, code: "invalid_body")
            try expectRestError(try await app.request(.post, "/api/v1/billing/checkout", as: .user(owner), json: "{}"), .badRequest, code: "plan_required")
            try expectRestError(try await app.request(.post, "/api/v1/billing/checkout", as: .user(owner), json: #"{"plan": 3}"#), .badRequest, code: "plan_required")
            try expectRestError(try await app.request(.post, "/api/v1/billing/checkout", as: .user(owner), json: #"{"plan": "gold"}"#), .badRequest, code: "unknown_plan")
            try expectRestError(try await app.request(.post, "/api/v1/billing/checkout", as: .user(owner), json: #"{"plan": "free"}"#), .badRequest,
                                code: "plan_not_purchasable")
            let huge = "{\"plan\": \"" + String(repeating: "x", count: 10_000) + "\"}"
            try expectRestError(try await app.request(.post, "/api/v1/billing/checkout", as: .user(owner), json: huge), .contentTooLarge, code: "body_too_large")
            try expectRestError(try await app.request(.post, "/api/v1/billing/portal", as: .user(owner)), .notFound, code: "no_billing_customer")
            #expect(stripe.requests().isEmpty)
            #expect(try await Self.linkedCustomer(app, owner) == nil)
        }
        await stripe.stop()
        try await Self.with(stripe: nil, key: "") { app in
            let owner = try await app.signUp()
            try expectRestError(try await app.request(.post, "/api/v1/billing/checkout", as: .user(owner), json: #"{"plan": "starter"}"#),
                                .serviceUnavailable, code: "billing_not_configured")
            try expectRestError(try await app.request(.post, "/api/v1/billing/portal", as: .user(owner)), .serviceUnavailable, code: "billing_not_configured")
        }
    }

    @Test("Stripe's failures answer 502 with stable codes: outage, refused key, unknown price; the key never appears")
    func stripeFailures() async throws {
        let (stripe, base) = try await Self.stripe(prices: ["price_other": LocalStripePrice(unitAmount: 100)])
        try await Self.with(stripe: base, key: stripe.configuration.secretKey) { app in
            let owner = try await app.signUp()
            stripe.faults.inject(pathPrefix: "/v1/customers", status: 503, times: 10)
            let down = try await app.request(.post, "/api/v1/billing/checkout", as: .user(owner), json: #"{"plan": "starter"}"#)
            try expectRestError(down, .badGateway, code: "stripe_unavailable")
            #expect(try await Self.linkedCustomer(app, owner) == nil)
        }
        await stripe.stop()
        let (fresh, freshBase) = try await Self.stripe(prices: ["price_other": LocalStripePrice(unitAmount: 100)])
        try await Self.with(stripe: freshBase, key: fresh.configuration.secretKey) { app in
            let owner = try await app.signUp()
            let unknownPrice = try await app.request(.post, "/api/v1/billing/checkout", as: .user(owner), json: #"{"plan": "starter"}"#)
            let body = try expectRestError(unknownPrice, .badGateway, code: "stripe_rejected")
            #expect(body["details"]?.stringValue?.contains("line_items[0][price]") == true)
            #expect(!unknownPrice.text.contains(fresh.configuration.secretKey))
        }
        let wrongKey = "sk_test_not_the_servers_key_123"
        try await Self.with(stripe: freshBase, key: wrongKey) { app in
            let owner = try await app.signUp()
            let refused = try await app.request(.post, "/api/v1/billing/checkout", as: .user(owner), json: #"{"plan": "starter"}"#)
            try expectRestError(refused, .badGateway, code: "stripe_misconfigured")
            #expect(!refused.text.contains(wrongKey))
        }
        await fresh.stop()
    }
}
