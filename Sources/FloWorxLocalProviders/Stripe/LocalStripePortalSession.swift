import Foundation

/// A Billing Portal session of the local Stripe account.
public struct LocalStripePortalSession: Sendable, Hashable {
    public var id: String
    public var customer: String
    public var returnURL: String?
    public var url: String
    public var created: Int

    /// Stripe's billing_portal.session object.
    var json: [String: Any] {
        ["id": id, "object": "billing_portal.session", "configuration": "bpc_local_default", "created": created, "customer": customer,
         "flow": NSNull(), "livemode": false, "locale": NSNull(), "on_behalf_of": NSNull(), "return_url": returnURL ?? NSNull(), "url": url]
    }
}
