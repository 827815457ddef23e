import FloWorxCore
import FloWorxIntegrations
import FloWorxLocalProviders
import FloWorxServer
import Foundation
import Logging

/// The demo's Stripe: with no `STRIPE_SECRET_KEY`, `floworx serve` on the embedded database starts the local Stripe
/// server (`FLOWORX_DEMO_STRIPE_PORT`, default 8095) selling the plans' prices. Checkout and the portal go to it, its
/// hosted Checkout page completes the subscription, and it delivers signed webhooks to this server.
struct DemoStripe: Sendable {
    let server: LocalStripeServer
    let baseURL: String

    static let defaultPort = 8095

    /// Starts the server; events go to `webhookURL` (this server's `/api/v1/webhooks/stripe`).
    static func start(port: Int, plans: PlanCatalog, webhookURL: String) async throws -> DemoStripe {
        var prices: [String: LocalStripePrice] = [:]
        for plan in plans.plans {
            guard let id = plan.stripePriceId else { continue }
            prices[id] = LocalStripePrice(unitAmount: plan.priceCents, currency: plan.currency.lowercased(), interval: plan.interval)
        }
        let server = LocalStripeServer(configuration: LocalStripeConfiguration(webhookURL: webhookURL, prices: prices))
        return DemoStripe(server: server, baseURL: try await server.start(port: port))
    }

    /// Points checkout at the local server and trusts its webhook signatures; without a public URL Stripe sends the
    /// owner back to `appURL`.
    func configure(_ checkout: inout BillingCheckoutConfiguration, _ billing: inout BillingServerConfiguration, appURL: String, logger: Logger) {
        checkout.stripe = StripeConfiguration(secretKey: server.configuration.secretKey, baseURL: baseURL)
        if checkout.urls(publicURL: nil) == nil {
            checkout.successURL = checkout.successURL ?? appURL + "/billing?checkout=success&session_id={CHECKOUT_SESSION_ID}"
            checkout.cancelURL = checkout.cancelURL ?? appURL + "/billing?checkout=cancel"
            checkout.portalReturnURL = checkout.portalReturnURL ?? appURL + "/billing"
        }
        billing.webhookSecrets.append(server.webhookSecret)
        // Out-of-order events are resolved against the local server's current objects, as against Stripe's.
        billing.objectSource = StripeClient(configuration: StripeConfiguration(secretKey: server.configuration.secretKey, baseURL: baseURL))
        logger.notice("demo Stripe: local Stripe server at \(baseURL); POST /api/v1/billing/checkout {\"plan\": \"starter\"} and open the URL to subscribe")
    }

    func stop() async { await server.stop() }
}
