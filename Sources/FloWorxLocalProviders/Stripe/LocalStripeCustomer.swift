import Foundation

/// A customer of the local Stripe account.
public struct LocalStripeCustomer: Sendable, Hashable {
    public var id: String
    public var email: String?
    public var name: String?
    public var metadata: [String: String]
    public var created: Int
    public var invoicePrefix: String

    /// Stripe's customer object.
    var json: [String: Any] {
        ["id": id, "object": "customer", "address": NSNull(), "balance": 0, "created": created, "currency": NSNull(),
         "default_source": NSNull(), "delinquent": false, "description": NSNull(), "discount": NSNull(),
         "email": email ?? NSNull(), "invoice_prefix": invoicePrefix,
         "invoice_settings": ["custom_fields": NSNull(), "default_payment_method": NSNull(), "footer": NSNull(), "rendering_options": NSNull()],
         "livemode": false, "metadata": metadata, "name": name ?? NSNull(), "next_invoice_sequence": 1, "phone": NSNull(),
         "preferred_locales": [String](), "shipping": NSNull(), "tax_exempt": "none", "test_clock": NSNull()]
    }
}
