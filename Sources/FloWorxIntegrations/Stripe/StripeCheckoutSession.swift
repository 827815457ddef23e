/// A Stripe Checkout Session (`/v1/checkout/sessions`).
public struct StripeCheckoutSession: Decodable, Sendable, Hashable {
    public var id: String
    /// Where to send the owner to pay; `nil` once the session is complete or expired.
    public var url: String?
    /// `subscription` for FloWorx.
    public var mode: String?
    /// `open`, `complete` or `expired`.
    public var status: String?
    /// `paid`, `unpaid` or `no_payment_required`.
    public var paymentStatus: String?
    public var customer: String?
    /// The business id FloWorx set.
    public var clientReferenceId: String?
    /// The subscription the completed session created.
    public var subscription: String?
    public var successUrl: String?
    public var cancelUrl: String?
    public var metadata: [String: String]?
    public var created: Int?
    public var expiresAt: Int?
}
