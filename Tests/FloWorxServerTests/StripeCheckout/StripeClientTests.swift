import FloWorxCore
import FloWorxIntegrations
import FloWorxLocalProviders
import Foundation
import Testing

/// `StripeClient` against the local Stripe server over real HTTP: the bytes it sends (form encoding with nested
/// names, Idempotency-Key on every POST, Stripe-Version), the objects it decodes, and Stripe's errors mapped to
/// `StripeError` kinds with the right retryability, never carrying the key.
@Suite("Billing: Stripe client")
struct StripeClientTests {
    static let price = "price_floworx_basic"

    /// A started local server and a client configured for it.
    static func with(_ body: (LocalStripeServer, StripeClient) async throws -> Void) async throws {
        let server = LocalStripeServer(configuration: LocalStripeConfiguration(prices: [price: LocalStripePrice(unitAmount: 4_900)]))
        let base = try await server.start()
        do {
            try await body(server, StripeClient(configuration: StripeConfiguration(secretKey: server.configuration.secretKey, baseURL: base)))
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    static func checkoutRequest(customer: String?, business: String = "6f1c2b9e-0000-4000-8000-000000000001") -> StripeCheckoutRequest {
        StripeCheckoutRequest(customer: customer, businessId: business, priceId: price,
                              successURL: "https://app.test/billing?session_id={CHECKOUT_SESSION_ID}", cancelURL: "https://app.test/billing?x=1&y=é",
                              metadata: ["plan_id": "basic"])
    }

    @Test("a checkout session is sent form-encoded with Stripe's nested names, an Idempotency-Key and Stripe-Version")
    func formEncoding() async throws {
        try await Self.with { server, stripe in
            let customer = try await stripe.createCustomer(businessId: "b-1", email: "owner@example.com", name: nil, idempotencyKey: "customer:b-1")
            let session = try await stripe.createCheckoutSession(Self.checkoutRequest(customer: customer.id), idempotencyKey: "checkout:1")
            #expect(session.status == "open")
            #expect(session.mode == "subscription")
            #expect(session.customer == customer.id)
            #expect(session.url?.hasPrefix(server.baseURL ?? "-") == true)
            let request = try #require(server.requests().last { $0.path == "/v1/checkout/sessions" })
            #expect(request.method == "POST")
            #expect(request.idempotencyKey == "checkout:1")
            #expect(request.stripeVersion == StripeConfiguration.defaultAPIVersion)
            #expect(request.contentType == "application/x-www-form-urlencoded")
            #expect(request.parameters == [
                ["mode", "subscription"], ["customer", customer.id], ["client_reference_id", "6f1c2b9e-0000-4000-8000-000000000001"],
                ["success_url", "https://app.test/billing?session_id={CHECKOUT_SESSION_ID}"], ["cancel_url", "https://app.test/billing?x=1&y=é"],
                ["line_items[0][price]", Self.price], ["line_items[0][quantity]", "1"],
                ["metadata[business_id]", "6f1c2b9e-0000-4000-8000-000000000001"], ["metadata[plan_id]", "basic"],
                ["subscription_data[metadata][business_id]", "6f1c2b9e-0000-4000-8000-000000000001"],
                ["subscription_data[metadata][plan_id]", "basic"],
            ])
            // Every POST carried a key; GETs carry none.
            _ = try await stripe.retrieveCheckoutSession(id: session.id)
            for record in server.requests() {
                #expect((record.idempotencyKey != nil) == (record.method == "POST"), "\(record.method) \(record.path)")
            }
        }
    }

    @Test("the same Idempotency-Key returns the first object; with other parameters it is a non-retryable idempotency error")
    func idempotency() async throws {
        try await Self.with { server, stripe in
            let first = try await stripe.createCustomer(businessId: "b-2", email: "a@example.com", name: "A", idempotencyKey: "customer:b-2")
            let again = try await stripe.createCustomer(businessId: "b-2", email: "a@example.com", name: "A", idempotencyKey: "customer:b-2")
            #expect(again.id == first.id)
            #expect(server.customers().count == 1)
            await #expect {
                _ = try await stripe.createCustomer(businessId: "b-2", email: "other@example.com", name: "A", idempotencyKey: "customer:b-2")
            } throws: { error in
                let error = error as? StripeError
                return error?.kind == .idempotency && error?.status == 400 && error?.type == "idempotency_error" && error?.isRetryable == false
            }
            #expect(server.customers().count == 1)
            // A key is per request: another key makes another customer.
            _ = try await stripe.createCustomer(businessId: "b-2", email: "a@example.com", name: "A", idempotencyKey: "customer:b-2:again")
            #expect(server.customers().count == 2)
        }
    }

    @Test("subscriptions, invoices and customers decode from the server's objects")
    func decoding() async throws {
        try await Self.with { server, stripe in
            let customer = try await stripe.createCustomer(businessId: "b-3", email: "owner@example.com", name: nil, idempotencyKey: "c3")
            let session = try await stripe.createCheckoutSession(Self.checkoutRequest(customer: customer.id, business: "b-3"), idempotencyKey: "s3")
            let done = try server.completeCheckout(sessionId: session.id)
            let subscription = try await stripe.retrieveSubscription(id: done.subscription.id)
            #expect(subscription.status == "active")
            #expect(subscription.customer == customer.id)
            #expect(subscription.periodStart == done.subscription.currentPeriodStart)
            #expect(subscription.periodEnd == done.subscription.currentPeriodEnd)
            #expect(subscription.items.data.first?.currentPeriodEnd == done.subscription.currentPeriodEnd)
            #expect(subscription.priceId == Self.price)
            #expect(subscription.metadata?["business_id"] == "b-3")
            #expect(subscription.latestInvoice == done.invoice.id)
            let invoice = try await stripe.retrieveInvoice(id: done.invoice.id)
            #expect(invoice.status == "paid")
            #expect(invoice.amountDue == 4_900 && invoice.amountPaid == 4_900)
            #expect(invoice.subscriptionId == done.subscription.id)
            #expect(invoice.parent?.subscriptionDetails?.subscription == done.subscription.id)
            #expect(invoice.lines?.data.first?.period?.end == done.subscription.currentPeriodEnd)
            #expect(invoice.hostedInvoiceUrl != nil)
            let raw = try await stripe.retrieveSubscriptionJSON(id: done.subscription.id)
            #expect(raw["status"]?.stringValue == "active")
            let completed = try await stripe.retrieveCheckoutSession(id: session.id)
            #expect(completed.status == "complete" && completed.subscription == done.subscription.id && completed.url == nil)
            let renewal = try server.renew(subscriptionId: done.subscription.id, paymentSucceeds: false)
            let page = try await stripe.listInvoices(customer: customer.id, limit: 1)
            #expect(page.data.map(\.id) == [renewal.id] && page.hasMore)
            let rest = try await stripe.listInvoices(customer: customer.id, limit: 10, startingAfter: renewal.id)
            #expect(rest.data.map(\.id) == [done.invoice.id] && !rest.hasMore)
            #expect(try await stripe.retrieveSubscription(id: done.subscription.id).status == "past_due")
            let canceled = try await stripe.cancelSubscription(id: done.subscription.id)
            #expect(canceled.status == "canceled" && canceled.endedAt != nil)
            #expect(try await stripe.findCustomer(businessId: "b-3")?.id == customer.id)
            #expect(try await stripe.findCustomer(businessId: "b-3' OR 'x") == nil)
            let portal = try await stripe.createPortalSession(customer: customer.id, returnURL: "https://app.test/billing", idempotencyKey: "p3")
            #expect(portal.customer == customer.id && portal.url.hasPrefix(server.baseURL ?? "-"))
        }
    }

    @Test("Stripe's errors map to kinds: missing objects, bad parameters, a refused key, rate limits, outages, no server")
    func errors() async throws {
        try await Self.with { server, stripe in
            /// The StripeError a call fails with (nil when it succeeds or fails otherwise).
            func failure(_ call: () async throws -> Void) async -> StripeError? {
                do { try await call(); return nil } catch { return error as? StripeError }
            }
            let missing = await failure { _ = try await stripe.retrieveSubscription(id: "sub_missing") }
            #expect(missing?.kind == .notFound && missing?.status == 404 && missing?.code == "resource_missing" && missing?.param == "id")
            #expect(missing?.isRetryable == false)
            #expect(missing?.requestId?.hasPrefix("req_") == true)

            var unknownPrice = Self.checkoutRequest(customer: nil)
            unknownPrice.priceId = "price_unknown"
            let badPrice = await failure { [unknownPrice] in _ = try await stripe.createCheckoutSession(unknownPrice, idempotencyKey: "bad-price") }
            #expect(badPrice?.status == 400 && badPrice?.code == "resource_missing" && badPrice?.param == "line_items[0][price]")
            #expect(badPrice?.isRetryable == false)

            let noCustomer = await failure { _ = try await stripe.createPortalSession(customer: "cus_nope", returnURL: "https://app.test", idempotencyKey: "p") }
            #expect(noCustomer?.kind == .notFound && noCustomer?.param == "customer")

            let key = "sk_test_wrong_key_never_logged"
            let wrong = StripeClient(configuration: StripeConfiguration(secretKey: key, baseURL: try #require(server.baseURL)))
            let refused = await failure { _ = try await wrong.retrieveInvoice(id: "in_1") }
            #expect(refused?.kind == .authentication && refused?.status == 401 && refused?.isRetryable == false)
            #expect(!"\(String(describing: refused))".contains(key))

            server.faults.inject(pathPrefix: "/v1/invoices", status: 429)
            let limited = await failure { _ = try await stripe.retrieveInvoice(id: "in_1") }
            #expect(limited?.kind == .rateLimited && limited?.isRetryable == true && limited?.code == "rate_limit")

            server.faults.inject(pathPrefix: "/v1/subscriptions", status: 503)
            let down = await failure { _ = try await stripe.retrieveSubscription(id: "sub_1") }
            #expect(down?.kind == .unavailable && down?.type == "api_error" && down?.isRetryable == true)

            // Port 1 (tcpmux): nothing listens there, and an unprivileged test server can never take it.
            let nowhere = StripeClient(configuration: StripeConfiguration(secretKey: key, baseURL: "http://127.0.0.1:1", timeout: .seconds(5)))
            let unreachable = await failure { _ = try await nowhere.retrieveCustomer(id: "cus_1") }
            #expect(unreachable?.kind == .transport && unreachable?.isRetryable == true)
            #expect(!"\(String(describing: unreachable))".contains(key))
        }
    }

    @Test("STRIPE_SECRET_KEY and STRIPE_API_BASE configure the client; malformed values name the variable")
    func settings() throws {
        #expect(try StripeConfiguration.fromEnvironment([:]) == nil)
        let configured = try #require(try StripeConfiguration.fromEnvironment(["STRIPE_SECRET_KEY": "sk_test_abc", "STRIPE_API_BASE": "http://127.0.0.1:9/"]))
        #expect(configured.baseURL == "http://127.0.0.1:9")
        #expect(!configured.description.contains("sk_test_abc"))
        #expect(try StripeConfiguration.fromEnvironment(["STRIPE_SECRET_KEY": "sk_live_x"])?.baseURL == "https://api.stripe.com")
        func failing(_ environment: [String: String]) -> String? {
            do { _ = try StripeConfiguration.fromEnvironment(environment); return nil } catch { return error.name }
        }
        #expect(failing(["STRIPE_SECRET_KEY": "pk_test_public"]) == "STRIPE_SECRET_KEY")
        #expect(failing(["STRIPE_SECRET_KEY": "sk_test_abc", "STRIPE_API_BASE": "ftp://x"]) == "STRIPE_API_BASE")
        #expect(failing(["STRIPE_API_BASE": "http://127.0.0.1:9"]) == "STRIPE_SECRET_KEY")
        #expect(failing(["STRIPE_SECRET_KEY": "sk_test_abc", "STRIPE_TIMEOUT_SECONDS": "0"]) == "STRIPE_TIMEOUT_SECONDS")
    }
}
