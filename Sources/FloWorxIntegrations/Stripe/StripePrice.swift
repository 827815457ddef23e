/// The price of a subscription item (the fields FloWorx reads).
public struct StripePrice: Decodable, Sendable, Hashable {
    /// `interval` (`month`, `year`...) and `interval_count`.
    public struct Recurring: Decodable, Sendable, Hashable {
        public var interval: String
        public var intervalCount: Int?
    }

    public var id: String
    /// In the currency's smallest unit (cents).
    public var unitAmount: Int?
    public var currency: String?
    public var recurring: Recurring?
}
