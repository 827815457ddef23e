import Foundation

/// What a business may use right now, from its plan, its subscription status and its usage in the period.
///
/// Sorting and escalation never stop. Drafts and LLM calls stop when the period's email, draft or token limit is
/// reached, when a `past_due` subscription is past its grace period, when it is `unpaid`, and when it is `canceled`
/// (then every integration write-back is paused too; the data is kept).
public struct BillingEntitlement: Sendable, Hashable {
    /// Why the paid work stopped (also the reason of the one notice per period).
    public enum Block: String, Sendable, Hashable {
        case emailLimit = "email_limit"
        case draftLimit = "draft_limit"
        case llmTokenLimit = "llm_token_limit"
        case pastDueGraceOver = "past_due_grace_over"
        case unpaid
        case canceled
    }

    /// The plan the business is on (the free plan without a subscription).
    public var plan: Plan
    /// Why drafts and LLM calls are off; `nil` when they are allowed.
    public var block: Block?
    /// Drafts still allowed in this period (`nil`: unlimited), so a batch does not overshoot the limit.
    public var draftsRemaining: Int?

    /// Whether reply drafts may be written.
    public var draftsAllowed: Bool { block == nil && (draftsRemaining ?? 1) > 0 }
    /// Whether LLM calls (drafts, second opinions) may be made.
    public var llmAllowed: Bool { block == nil }
    /// Whether mailbox integrations may write back (labels, drafts in the mailbox): off only for a canceled
    /// subscription.
    public var integrationsActive: Bool { block != .canceled }

    public init(plan: Plan, block: Block?, draftsRemaining: Int?) {
        self.plan = plan
        self.block = block
        self.draftsRemaining = draftsRemaining
    }

    /// The entitlement of a business on `plan` whose subscription has the stored `status` (`nil`: none),
    /// `past_due` since `pastDueSince`, having used `usage` this period (emails counted including the current ones).
    public static func decide(plan: Plan, status: String?, pastDueSince: Date?, usage: BillingUsage, gracePeriod: Duration, now: Date) -> BillingEntitlement {
        let limits = plan.limits
        let draftsRemaining = limits.draftsPerMonth.map { max(0, $0 - usage.drafts) }
        var block: Block?
        switch status {
        case "canceled": block = .canceled
        case "unpaid": block = .unpaid
        case "past_due":
            let since = pastDueSince ?? now
            if now.timeIntervalSince(since) >= Double(gracePeriod.components.seconds) { block = .pastDueGraceOver }
        default: break
        }
        if block == nil {
            if let limit = limits.emailsPerMonth, usage.emails > limit {
                block = .emailLimit
            } else if let limit = limits.llmTokensPerMonth, usage.llmTokens >= limit {
                block = .llmTokenLimit
            } else if draftsRemaining == 0 {
                block = .draftLimit
            }
        }
        return BillingEntitlement(plan: plan, block: block, draftsRemaining: draftsRemaining)
    }
}
