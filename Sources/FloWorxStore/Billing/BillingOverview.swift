import Foundation

/// What the owner's billing view shows: the subscription, the period's usage and the invoices.
public struct BillingOverview: Sendable, Hashable {
    /// The business's subscription as stored (nil without one).
    public struct Subscription: Sendable, Hashable {
        public var id: UUID
        public var planId: String
        public var status: String
        /// Stripe's own status (e.g. `trialing`), when known.
        public var stripeStatus: String?
        public var currentPeriodStart: Date?
        public var currentPeriodEnd: Date?
        public var pastDueSince: Date?
    }

    /// One invoice.
    public struct Invoice: Sendable, Hashable {
        public var id: UUID
        public var number: String?
        public var amount: Decimal
        public var currency: String
        public var status: String
        public var dueDate: Date?
        public var paidAt: Date?
        public var hostedInvoiceURL: String?
        public var createdAt: Date?
    }

    public var subscription: Subscription?
    public var invoices: [Invoice]
    public var account: BillingAccount?
    /// Connected mailboxes (integrations not revoked) and managers now: the plan's standing limits' usage.
    public var mailboxes: Int = 0
    public var managers: Int = 0
}
