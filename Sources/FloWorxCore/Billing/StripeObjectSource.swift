/// Where the webhook processor fetches an object's current state when an event's order cannot be decided (an event
/// older than, or as old as, the last one applied to its object) or when an invoice names a subscription not seen
/// yet. In production this is the Stripe API (`StripeClient`); tests use the local Stripe server or a fake.
public protocol StripeObjectSource: Sendable {
    /// The subscription `id` as Stripe has it now.
    func subscription(id: String) async throws -> StripeSubscriptionState
    /// The invoice `id` as Stripe has it now.
    func invoice(id: String) async throws -> StripeInvoiceState
}
