/// A Stripe Billing Portal session (`/v1/billing_portal/sessions`): a short-lived URL where the customer manages
/// their subscription, payment methods and invoices.
public struct StripePortalSession: Decodable, Sendable, Hashable {
    public var id: String
    public var url: String
    public var customer: String
    public var returnUrl: String?
    public var created: Int?
}
