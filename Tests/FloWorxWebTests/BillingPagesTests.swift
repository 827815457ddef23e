import FloWorxCore
import FloWorxIntegrations
import FloWorxLocalProviders
import FloWorxServer
import FloWorxStore
import FloWorxTestSupport
import FloWorxWeb
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import PostgresNIO
import Testing

/// The owner's billing page `/billing` (issue 15): plan, usage meters, subscription and grace warning, invoices with
/// their hosted links, and checkout/portal buttons that send the browser to the URL Stripe (the local Stripe server)
/// returns; Stripe's failures are a readable message on the page.
@Suite("Billing: the owner's billing page")
struct BillingPagesTests {
    static let prices = ["price_floworx_starter": LocalStripePrice(unitAmount: 4_900), "price_floworx_pro": LocalStripePrice(unitAmount: 14_900)]

    /// The web app with checkout against the Stripe server at `stripe` (nil: no Stripe key, billing not configured).
    static func with(stripe: (base: String, key: String)?, _ body: @Sendable (WebTestApp) async throws -> Void) async throws {
        try await WebTestApp.with(configure: { dependencies in
            dependencies.billingCheckout = BillingCheckoutConfiguration(
                stripe: stripe.map { StripeConfiguration(secretKey: $0.key, baseURL: $0.base, timeout: .seconds(10)) })
        }, body)
    }

    /// Puts `owner` on Starter with one paid invoice, as the Stripe webhooks would have written it.
    static func subscribe(_ app: WebTestApp, _ owner: UUID, status: String, pastDueSince: Date? = nil) async throws -> UUID {
        let service = app.db.database.service
        let id = try await service.query("""
            INSERT INTO public.subscriptions (client_id, plan_id, status, current_period_start, current_period_end)
            VALUES (\(owner), 'starter', \(status), '2026-12-01T00:00:00Z', '2027-01-01T00:00:00Z') RETURNING id
            """).collect()[0].decode(UUID.self)
        _ = try await service.query("""
            INSERT INTO floworx.stripe_objects (stripe_id, kind, client_id, local_id, stripe_status, past_due_since)
            VALUES (\("sub_" + UUID().uuidString), 'subscription', \(owner), \(id), \(status), \(pastDueSince))
            """).collect()
        let invoice = try await service.query("""
            INSERT INTO public.invoices (subscription_id, amount, currency, status, paid_at) VALUES (\(id), 49.00, 'USD', 'paid', now()) RETURNING id
            """).collect()[0].decode(UUID.self)
        _ = try await service.query("""
            INSERT INTO floworx.stripe_objects (stripe_id, kind, client_id, local_id, stripe_status, hosted_invoice_url, number)
            VALUES (\("in_" + UUID().uuidString), 'invoice', \(owner), \(invoice), 'paid', 'https://invoice.stripe.test/i/abc', 'FW-0001')
            """).collect()
        return id
    }

    @Test("the page shows the plan, usage meters and invoices; checkout and portal redirect to Stripe; Stripe's failure is explained")
    func page() async throws {
        let stripe = LocalStripeServer(configuration: LocalStripeConfiguration(prices: Self.prices))
        let base = try await stripe.start()
        try await Self.with(stripe: (base, stripe.configuration.secretKey)) { app in
            let browser = Browser(app)
            let email = try await browser.signUp()
            let owner = try await app.userId(email)

            let free = try await browser.get("/billing")
            #expect(free.status == .ok)
            let html = String(buffer: free.body)
            #expect(html.contains("Your plan: Free"))
            #expect(html.contains(#"href="/billing" aria-current="page""#), "the navigation marks the page")
            for label in ["Emails processed this period", "Connected mailboxes", "Reply drafts this period", "AI tokens this period", "Managers"] {
                #expect(html.contains(label), "usage row \(label)")
            }
            #expect(html.components(separatedBy: "<meter").count - 1 == 5, "a meter per limit")
            #expect(html.contains(#"<td>500</td>"#), "the free plan's 500 emails")
            #expect(html.contains("No invoices yet"))
            #expect(html.contains("Choose Starter (49 USD / month)") && html.contains("Choose Pro (149 USD / month)"))
            // The buttons' answers redirect to Stripe: the page's CSP lets its forms go there (and only there).
            let policy = try #require(free.headers[.contentSecurityPolicy])
            #expect(policy.contains("form-action 'self' https://checkout.stripe.com https://billing.stripe.com \(base);"), "\(policy)")
            #expect(try await browser.get("/inbox").headers[.contentSecurityPolicy]?.contains("form-action 'self';") == true, "other pages keep 'self'")

            // The form without its CSRF token is refused; an unknown or free plan is named as such.
            #expect(try await browser.post("/billing/checkout", ["plan": "starter"], withToken: false).status == .forbidden)
            try await browser.get("/billing")
            let freePlan = try await browser.post("/billing/checkout", ["plan": "free"])
            #expect(freePlan.status == .badRequest && String(buffer: freePlan.body).contains("Choose one of the paid plans"))
            #expect(stripe.checkoutSessions().isEmpty, "nothing reached Stripe")

            // Checkout: the browser goes to the session Stripe created for this business.
            let checkout = try await browser.post("/billing/checkout", ["plan": "starter"])
            #expect(checkout.status == .seeOther)
            let session = try #require(stripe.checkoutSessions().first)
            #expect(checkout.headers[.location] == session.url)
            #expect(session.clientReferenceId == owner.uuidString.lowercased() && session.priceId == "price_floworx_starter")
            let back = try await browser.get("/billing?checkout=success")
            #expect(String(buffer: back.body).contains("your payment went through"))

            // Subscribed: the plan, the status, the invoice and its link, the portal instead of the offers.
            let subscription = try await Self.subscribe(app, owner, status: "active")
            let paid = String(buffer: try await browser.get("/billing").body)
            #expect(paid.contains("Your plan: Starter") && paid.contains("<strong>Active</strong>"))
            #expect(paid.contains("1 Dec 2026 to 1 Jan 2027"))
            #expect(paid.contains("FW-0001") && paid.contains("49 USD") && paid.contains(#"href="https://invoice.stripe.test/i/abc""#))
            #expect(!paid.contains("Choose Starter") && paid.contains("Manage subscription"))
            let portal = try await browser.post("/billing/portal", [:])
            #expect(portal.status == .seeOther)
            #expect(portal.headers[.location] == stripe.portalSessions().first?.url)

            // A failed payment: the grace warning, with its end.
            _ = try await app.db.database.service.query("UPDATE public.subscriptions SET status = 'past_due' WHERE id = \(subscription)").collect()
            _ = try await app.db.database.service.query("UPDATE floworx.stripe_objects SET past_due_since = '2026-12-05T10:00:00Z' WHERE local_id = \(subscription)").collect()
            let due = String(buffer: try await browser.get("/billing").body)
            #expect(due.contains("Your last payment failed") && due.contains("12 Dec 2026, 10:00 UTC"), "grace of 7 days from the failure")

            // Another owner sees none of it.
            let other = Browser(app)
            _ = try await other.signUp()
            let theirs = String(buffer: try await other.get("/billing").body)
            #expect(theirs.contains("Your plan: Free") && !theirs.contains("FW-0001"))

            // Stripe unavailable (503s): a readable message, not an error page.
            stripe.faults.inject(pathPrefix: "/v1/billing_portal", status: 503, times: 10)
            let down = try await browser.post("/billing/portal", [:])
            #expect(down.status == .badGateway)
            #expect(String(buffer: down.body).contains("could not be reached. Nothing was charged"), "\(String(buffer: down.body).suffix(600))")
        }
        await stripe.stop()
    }

    @Test("without Stripe the page says billing is not configured and offers no buttons that cannot work")
    func notConfigured() async throws {
        try await Self.with(stripe: nil) { app in
            let browser = Browser(app)
            _ = try await browser.signUp()
            let html = String(buffer: try await browser.get("/billing").body)
            #expect(html.contains("Billing is not configured on this server"))
            #expect(!html.contains("/billing/checkout") && !html.contains("/billing/portal"))
            let forced = try await browser.post("/billing/checkout", ["plan": "starter"])
            #expect(forced.status == .serviceUnavailable && String(buffer: forced.body).contains("Billing is not configured"))
        }
    }
}
