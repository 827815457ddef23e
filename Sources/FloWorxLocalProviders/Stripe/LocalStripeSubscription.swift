import Foundation

/// A subscription of the local Stripe account: one item, one recurring price.
public struct LocalStripeSubscription: Sendable, Hashable {
    public var id: String
    public var itemId: String
    public var customer: String
    /// `active`, `past_due`, `canceled`, `unpaid`, `trialing`, `incomplete`, `incomplete_expired` or `paused`.
    public var status: String
    public var priceId: String
    public var price: LocalStripePrice
    public var quantity: Int
    public var currentPeriodStart: Int
    public var currentPeriodEnd: Int
    public var cancelAtPeriodEnd: Bool
    public var canceledAt: Int?
    public var endedAt: Int?
    public var latestInvoice: String?
    public var metadata: [String: String]
    public var created: Int

    /// Stripe's price object for the item.
    var priceJSON: [String: Any] { LocalStripeSubscription.priceJSON(id: priceId, price: price, created: created) }

    static func priceJSON(id: String, price: LocalStripePrice, created: Int) -> [String: Any] {
        ["id": id, "object": "price", "active": true, "billing_scheme": "per_unit", "created": created, "currency": price.currency,
         "custom_unit_amount": NSNull(), "livemode": false, "lookup_key": NSNull(), "metadata": [String: String](), "nickname": NSNull(),
         "product": "prod_" + id.dropFirst(6).prefix(14),
         "recurring": ["interval": price.interval, "interval_count": 1, "meter": NSNull(), "trial_period_days": NSNull(), "usage_type": "licensed"],
         "tax_behavior": "unspecified", "tiers_mode": NSNull(), "transform_quantity": NSNull(), "type": "recurring",
         "unit_amount": price.unitAmount, "unit_amount_decimal": String(price.unitAmount)]
    }

    /// Stripe's subscription object. The period is on the item (API 2025-03-31 and later) and, for clients pinned
    /// to an older version, on the subscription too.
    var json: [String: Any] {
        let item: [String: Any] = [
            "id": itemId, "object": "subscription_item", "created": created, "current_period_start": currentPeriodStart,
            "current_period_end": currentPeriodEnd, "discounts": [String](), "metadata": [String: String](), "price": priceJSON,
            "quantity": quantity, "subscription": id, "tax_rates": [String]()]
        return ["id": id, "object": "subscription", "application": NSNull(), "billing_cycle_anchor": created, "cancel_at": NSNull(),
                "cancel_at_period_end": cancelAtPeriodEnd, "canceled_at": canceledAt ?? NSNull(),
                "collection_method": "charge_automatically", "created": created, "currency": price.currency,
                "current_period_start": currentPeriodStart, "current_period_end": currentPeriodEnd, "customer": customer,
                "days_until_due": NSNull(), "default_payment_method": NSNull(), "description": NSNull(), "discounts": [String](),
                "ended_at": endedAt ?? NSNull(),
                "items": ["object": "list", "data": [item], "has_more": false, "total_count": 1, "url": "/v1/subscription_items?subscription=\(id)"],
                "latest_invoice": latestInvoice ?? NSNull(), "livemode": false, "metadata": metadata, "pause_collection": NSNull(),
                "start_date": created, "status": status, "test_clock": NSNull(), "trial_end": NSNull(), "trial_start": NSNull()]
    }
}
