/// One plan of the catalog: what it costs, which Stripe price sells it, what it allows.
public struct Plan: Sendable, Hashable, Codable {
    /// The stable id stored in `subscriptions.plan_id`, e.g. `pro`.
    public var id: String
    /// The name shown to owners.
    public var name: String
    /// The price per interval in the currency's smallest unit (cents).
    public var priceCents: Int
    /// ISO 4217 code, upper case.
    public var currency: String
    /// `month` or `year`.
    public var interval: String
    /// The Stripe price (`price_…`) Checkout sells this plan with; `nil` for the free plan.
    public var stripePriceId: String?
    public var limits: PlanLimits
    /// Feature flags, e.g. `drafts`, `second_opinion`, `sms_alerts`.
    public var features: [String]

    public init(id: String, name: String, priceCents: Int, currency: String, interval: String, stripePriceId: String?, limits: PlanLimits, features: [String]) {
        self.id = id
        self.name = name
        self.priceCents = priceCents
        self.currency = currency
        self.interval = interval
        self.stripePriceId = stripePriceId
        self.limits = limits
        self.features = features
    }

    enum CodingKeys: String, CodingKey {
        case id, name, priceCents = "price_cents", currency, interval, stripePriceId = "stripe_price_id", limits, features
    }
}
