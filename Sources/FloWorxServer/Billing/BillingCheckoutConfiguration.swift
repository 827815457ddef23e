import Foundation
import FloWorxIntegrations

/// Settings of the owner's checkout and portal routes (README, "Billing (Stripe)"): the Stripe API and where Stripe
/// sends the owner back. Without `stripe` (no `STRIPE_SECRET_KEY`) the routes answer 503 `billing_not_configured`.
public struct BillingCheckoutConfiguration: Sendable {
    /// The Stripe API (`STRIPE_SECRET_KEY`, `STRIPE_API_BASE`).
    public var stripe: StripeConfiguration?
    /// Where Checkout returns after payment (`FLOWORX_BILLING_SUCCESS_URL`; default the public URL +
    /// `/billing?checkout=success&session_id={CHECKOUT_SESSION_ID}`; Stripe fills in the session id).
    public var successURL: String?
    /// Where Checkout returns when the owner gives up (`FLOWORX_BILLING_CANCEL_URL`; default public URL + `/billing?checkout=cancel`).
    public var cancelURL: String?
    /// Where the Billing Portal's "return" link goes (`FLOWORX_BILLING_PORTAL_RETURN_URL`; default public URL + `/billing`).
    public var portalReturnURL: String?

    public init(stripe: StripeConfiguration? = nil, successURL: String? = nil, cancelURL: String? = nil, portalReturnURL: String? = nil) {
        self.stripe = stripe
        self.successURL = successURL
        self.cancelURL = cancelURL
        self.portalReturnURL = portalReturnURL
    }

    /// The three return URLs, each the explicit setting or derived from `publicURL` (`nil` when neither is set).
    public func urls(publicURL: String?) -> (success: String, cancel: String, portal: String)? {
        var base = publicURL ?? ""
        while base.hasSuffix("/") { base.removeLast() }
        let fallback = base.isEmpty ? nil : base + "/billing"
        guard let success = successURL ?? fallback.map({ $0 + "?checkout=success&session_id={CHECKOUT_SESSION_ID}" }),
              let cancel = cancelURL ?? fallback.map({ $0 + "?checkout=cancel" }),
              let portal = portalReturnURL ?? fallback else { return nil }
        return (success, cancel, portal)
    }

    /// The origins of the Stripe pages the owner's browser is sent to (Checkout, the Billing Portal): Stripe's own,
    /// plus the configured API's origin when it is not Stripe's (the local Stripe server serves its pages itself).
    /// The web app allows them as form targets in its Content-Security-Policy.
    public var hostedPageOrigins: [String] {
        var origins = ["https://checkout.stripe.com", "https://billing.stripe.com"]
        if let base = stripe?.baseURL, base != StripeConfiguration.defaultBaseURL, let url = URL(string: base), let scheme = url.scheme, let host = url.host {
            origins.append("\(scheme)://\(host)" + (url.port.map { ":\($0)" } ?? ""))
        }
        return origins
    }
}
