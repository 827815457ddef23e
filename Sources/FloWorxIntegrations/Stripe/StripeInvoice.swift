/// A Stripe Invoice (the fields FloWorx reads). Since API version 2025-03-31 the subscription is under
/// `parent.subscription_details`; `subscriptionId` reads whichever is there.
public struct StripeInvoice: Decodable, Sendable, Hashable {
    /// `parent` (2025-03-31 and later).
    public struct Parent: Decodable, Sendable, Hashable {
        public struct SubscriptionDetails: Decodable, Sendable, Hashable {
            public var subscription: String?
        }

        public var type: String?
        public var subscriptionDetails: SubscriptionDetails?
    }

    /// When the invoice changed status (Unix seconds).
    public struct StatusTransitions: Decodable, Sendable, Hashable {
        public var finalizedAt: Int?
        public var paidAt: Int?
        public var markedUncollectibleAt: Int?
        public var voidedAt: Int?
    }

    public var id: String
    public var customer: String?
    /// `draft`, `open`, `paid`, `uncollectible` or `void`.
    public var status: String?
    public var number: String?
    public var currency: String
    public var amountDue: Int
    public var amountPaid: Int
    public var amountRemaining: Int?
    public var total: Int?
    public var hostedInvoiceUrl: String?
    public var invoicePdf: String?
    /// When payment is due (invoices sent for manual payment only).
    public var dueDate: Int?
    public var periodStart: Int?
    public var periodEnd: Int?
    public var created: Int
    public var attemptCount: Int?
    public var billingReason: String?
    public var statusTransitions: StatusTransitions?
    /// Before API version 2025-03-31 only.
    public var subscription: String?
    public var parent: Parent?
    /// The line items; a subscription invoice's line carries the service period it bills.
    public var lines: StripeList<Line>?

    /// One invoice line.
    public struct Line: Decodable, Sendable, Hashable {
        /// Start and end of the service period (Unix seconds).
        public struct Period: Decodable, Sendable, Hashable {
            public var start: Int
            public var end: Int
        }

        public var id: String
        public var amount: Int
        public var currency: String?
        public var description: String?
        public var period: Period?
    }

    /// The subscription this invoice bills, whichever API version shaped the object.
    public var subscriptionId: String? { subscription ?? parent?.subscriptionDetails?.subscription }
}
