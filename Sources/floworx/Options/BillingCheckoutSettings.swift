import FloWorxCore
import FloWorxIntegrations
import FloWorxServer
import Foundation

/// The owner's checkout and portal settings from the environment (README, "Configuration"; docs/billing.md):
/// - `STRIPE_SECRET_KEY` (environment only, never a flag): the Stripe API key; unset, checkout answers 503;
/// - `STRIPE_API_BASE` (default https://api.stripe.com): the Stripe API, or the local Stripe server;
/// - `STRIPE_TIMEOUT_SECONDS` (default 20, 1-120): one Stripe request, response included;
/// - `FLOWORX_BILLING_SUCCESS_URL`, `FLOWORX_BILLING_CANCEL_URL`, `FLOWORX_BILLING_PORTAL_RETURN_URL`: where Stripe
///   sends the owner back (default: the public URL + `/billing...`).
enum BillingCheckoutSettings {
    static func server() throws -> BillingCheckoutConfiguration {
        let stripe: StripeConfiguration?
        do {
            stripe = try StripeConfiguration.fromEnvironment(ProcessInfo.processInfo.environment)
        } catch {
            throw ConfigurationError("\(error)")
        }
        return BillingCheckoutConfiguration(stripe: stripe, successURL: try url("FLOWORX_BILLING_SUCCESS_URL"),
                                            cancelURL: try url("FLOWORX_BILLING_CANCEL_URL"), portalReturnURL: try url("FLOWORX_BILLING_PORTAL_RETURN_URL"))
    }

    /// Sets the checkout settings and, when a Stripe key is configured and the webhook has no source yet, lets the
    /// webhook fetch Stripe's current objects with the same client settings.
    static func apply(to dependencies: inout ServerDependencies) throws {
        dependencies.billingCheckout = try server()
        if let stripe = dependencies.billingCheckout.stripe, dependencies.billing.objectSource == nil {
            dependencies.billing.objectSource = StripeClient(configuration: stripe)
        }
    }

    private static func url(_ name: String) throws -> String? {
        guard let value = Environment.get(name), !value.isEmpty else { return nil }
        guard value.hasPrefix("https://") || value.hasPrefix("http://") else {
            throw ConfigurationError("\(name) must start with https:// or http://, got \"\(value)\"")
        }
        return value
    }
}
