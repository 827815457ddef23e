/// A Stripe Subscription (the fields FloWorx reads). Since API version 2025-03-31 the billing period lives on the
/// items; older versions put it on the subscription: `periodStart`/`periodEnd` read whichever is there.
public struct StripeSubscription: Decodable, Sendable, Hashable {
    /// One item: a price and, since 2025-03-31, its period.
    public struct Item: Decodable, Sendable, Hashable {
        public var id: String
        public var price: StripePrice
        public var quantity: Int?
        public var currentPeriodStart: Int?
        public var currentPeriodEnd: Int?
    }

    public var id: String
    public var customer: String
    /// `incomplete`, `incomplete_expired`, `trialing`, `active`, `past_due`, `canceled`, `unpaid` or `paused`.
    public var status: String
    public var created: Int?
    public var startDate: Int?
    public var cancelAtPeriodEnd: Bool?
    public var canceledAt: Int?
    public var endedAt: Int?
    public var trialEnd: Int?
    /// Before API version 2025-03-31 only.
    public var currentPeriodStart: Int?
    /// Before API version 2025-03-31 only.
    public var currentPeriodEnd: Int?
    public var items: StripeList<Item>
    public var latestInvoice: String?
    public var metadata: [String: String]?

    /// The start of the current period (Unix seconds): the subscription's, else its first item's.
    public var periodStart: Int? { currentPeriodStart ?? items.data.first?.currentPeriodStart }
    /// The end of the current period (Unix seconds).
    public var periodEnd: Int? { currentPeriodEnd ?? items.data.first?.currentPeriodEnd }
    /// The first item's price id (FloWorx subscriptions have one item: the plan).
    public var priceId: String? { items.data.first?.price.id }
}
