import Foundation

/// The part of a Stripe subscription object FloWorx keeps.
public struct StripeSubscriptionState: Sendable, Hashable {
    /// `sub_…`.
    public var id: String
    /// `cus_…`.
    public var customerId: String?
    /// Stripe's status: `active`, `trialing`, `past_due`, `unpaid`, `canceled`, `incomplete`, `incomplete_expired`,
    /// `paused`.
    public var status: String
    public var currentPeriodStart: Date?
    public var currentPeriodEnd: Date?
    /// The price of the first item (`items.data[0].price.id`).
    public var priceId: String?
    /// `metadata.business_id`, set by FloWorx's Checkout (`subscription_data.metadata`).
    public var businessId: UUID?

    public init(id: String, customerId: String?, status: String, currentPeriodStart: Date?, currentPeriodEnd: Date?, priceId: String?, businessId: UUID?) {
        self.id = id
        self.customerId = customerId
        self.status = status
        self.currentPeriodStart = currentPeriodStart
        self.currentPeriodEnd = currentPeriodEnd
        self.priceId = priceId
        self.businessId = businessId
    }

    /// The subscription in a Stripe JSON object. The period is read at the top level (API versions before
    /// 2025-03-31) or on the first item (later versions), whichever is present.
    public init?(json object: JSONValue) {
        guard object["object"]?.stringValue ?? "subscription" == "subscription",
              let id = object["id"]?.stringValue, !id.isEmpty, let status = object["status"]?.stringValue else { return nil }
        let item = object["items"]?["data"]?.arrayValue?.first
        self.init(
            id: id, customerId: object["customer"]?.stripeId, status: status,
            currentPeriodStart: object["current_period_start"]?.stripeDate ?? item?["current_period_start"]?.stripeDate,
            currentPeriodEnd: object["current_period_end"]?.stripeDate ?? item?["current_period_end"]?.stripeDate,
            priceId: item?["price"]?.stripeId ?? object["plan"]?.stripeId,
            businessId: object["metadata"]?["business_id"]?.stringValue.flatMap(UUID.init(uuidString:))
        )
    }

    /// The `subscriptions.status` this Stripe status is stored as (the seed allows `active`, `canceled`, `past_due`,
    /// `unpaid`); Stripe's own status is kept beside it in `floworx.stripe_objects.stripe_status`.
    ///
    /// | Stripe | stored |
    /// |---|---|
    /// | active, trialing | active |
    /// | past_due | past_due |
    /// | unpaid, incomplete, paused | unpaid |
    /// | canceled, incomplete_expired | canceled |
    public var storedStatus: String {
        Self.storedStatus(status)
    }

    /// See `storedStatus`; an unknown future status is stored as `unpaid` (no paid features until it is understood).
    public static func storedStatus(_ stripeStatus: String) -> String {
        switch stripeStatus {
        case "active", "trialing": "active"
        case "past_due": "past_due"
        case "canceled", "incomplete_expired": "canceled"
        default: "unpaid"
        }
    }
}
