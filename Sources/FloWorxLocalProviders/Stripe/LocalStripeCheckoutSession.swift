import Foundation

/// A Checkout Session of the local Stripe account (mode `subscription`).
public struct LocalStripeCheckoutSession: Sendable, Hashable {
    public var id: String
    public var url: String
    /// `open`, `complete` or `expired`.
    public var status: String
    public var customer: String?
    public var customerEmail: String?
    public var clientReferenceId: String?
    public var priceId: String
    public var quantity: Int
    public var amount: Int
    public var currency: String
    public var successURL: String
    public var cancelURL: String?
    public var metadata: [String: String]
    /// `subscription_data[metadata]`: copied onto the subscription.
    public var subscriptionMetadata: [String: String]
    public var subscription: String?
    public var invoice: String?
    public var created: Int

    /// Stripe's checkout.session object.
    var json: [String: Any] {
        ["id": id, "object": "checkout.session", "after_expiration": NSNull(), "allow_promotion_codes": NSNull(),
         "amount_subtotal": amount * quantity, "amount_total": amount * quantity, "automatic_tax": ["enabled": false, "liability": NSNull(), "status": NSNull()],
         "billing_address_collection": NSNull(), "cancel_url": cancelURL ?? NSNull(), "client_reference_id": clientReferenceId ?? NSNull(),
         "created": created, "currency": currency, "customer": customer ?? NSNull(),
         "customer_creation": customer == nil ? "always" : NSNull(),
         "customer_details": status == "complete" ? ["email": customerEmail ?? NSNull(), "name": NSNull()] as [String: Any] : NSNull(),
         "customer_email": customerEmail ?? NSNull(), "expires_at": created + 86_400, "invoice": invoice ?? NSNull(), "livemode": false,
         "locale": NSNull(), "metadata": metadata, "mode": "subscription",
         "payment_method_types": ["card"], "payment_status": status == "complete" ? "paid" : "unpaid", "status": status,
         "subscription": subscription ?? NSNull(), "success_url": successURL, "ui_mode": "hosted",
         "url": status == "open" ? url : NSNull()]
    }
}
