import Foundation

/// One row of `floworx.stripe_objects`: a Stripe subscription or invoice and its local row.
public struct StripeObjectRecord: Sendable, Hashable {
    public var stripeId: String
    public var kind: String
    public var clientId: UUID
    /// `public.subscriptions.id` or `public.invoices.id`.
    public var localId: UUID
    /// Stripe's `created` of the last event applied (0: set from a fetch, no event yet).
    public var lastEventCreated: Int64
    public var stripeStatus: String
    public var pastDueSince: Date?
}
