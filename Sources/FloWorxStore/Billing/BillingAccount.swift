import FloWorxCore
import Foundation

/// A business's billing state as the pipeline needs it: its subscription (if any) and its usage this period.
public struct BillingAccount: Sendable, Hashable {
    /// `subscriptions.plan_id`; nil without a subscription.
    public var planId: String?
    /// The stored status (`active`, `past_due`, `unpaid`, `canceled`); nil without a subscription.
    public var status: String?
    /// When a past_due subscription became past_due.
    public var pastDueSince: Date?
    /// The period's usage, including what the statement that read it counted.
    public var usage: BillingUsage

    public init(planId: String?, status: String?, pastDueSince: Date?, usage: BillingUsage) {
        self.planId = planId
        self.status = status
        self.pastDueSince = pastDueSince
        self.usage = usage
    }
}
