import Foundation

/// The account a `LocalStripeServer` plays: its secret key, webhook endpoint and secret, and the prices it sells.
/// Defaults are random per server, so tests never share credentials.
public struct LocalStripeConfiguration: Sendable {
    /// The secret key clients send as `Authorization: Bearer` (or as the basic-auth user, as curl `-u` does).
    public var secretKey: String
    /// The endpoint's signing secret (`whsec_...`): the key of `Stripe-Signature`'s HMAC.
    public var webhookSecret: String
    /// Where events are POSTed; `nil` records events without delivering them (set later with `setWebhookEndpoint`).
    public var webhookURL: String?
    /// Prices the account sells (`price_...` → amount and interval). Empty: any `price_...` id is accepted as a monthly
    /// price of `defaultAmount` (so a plan file with made-up ids works in the demo).
    public var prices: [String: LocalStripePrice]
    /// Amount in cents of a price `prices` does not list (when it is empty).
    public var defaultAmount: Int
    /// The currency of such prices.
    public var defaultCurrency: String
    /// The clock objects are stamped with (Unix seconds). Signatures always use the real time, as FloWorx's
    /// tolerance check does.
    public var now: @Sendable () -> Int

    public init(secretKey: String = "sk_test_" + LocalStripeConfiguration.randomToken(24),
                webhookSecret: String = "whsec_" + LocalStripeConfiguration.randomToken(32), webhookURL: String? = nil,
                prices: [String: LocalStripePrice] = [:], defaultAmount: Int = 4_900, defaultCurrency: String = "usd",
                now: @escaping @Sendable () -> Int = { Int(Date().timeIntervalSince1970) }) {
        self.secretKey = secretKey
        self.webhookSecret = webhookSecret
        self.webhookURL = webhookURL
        self.prices = prices
        self.defaultAmount = defaultAmount
        self.defaultCurrency = defaultCurrency
        self.now = now
    }

    /// `count` random alphanumerics, the shape of the tail of Stripe's keys and ids.
    public static func randomToken(_ count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        let alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
        return String((0..<count).map { _ in alphabet.randomElement(using: &generator)! })
    }
}

/// A recurring price of the local account.
public struct LocalStripePrice: Sendable, Hashable {
    /// In the currency's smallest unit.
    public var unitAmount: Int
    public var currency: String
    /// `day`, `week`, `month` or `year`.
    public var interval: String

    public init(unitAmount: Int, currency: String = "usd", interval: String = "month") {
        self.unitAmount = unitAmount
        self.currency = currency
        self.interval = interval
    }
}
