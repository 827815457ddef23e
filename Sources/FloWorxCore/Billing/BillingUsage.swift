import Foundation

/// What a business used in one billing period (`floworx.billing_usage`).
public struct BillingUsage: Sendable, Hashable {
    public var periodStart: Date
    public var periodEnd: Date
    public var emails: Int
    public var drafts: Int
    public var llmTokens: Int

    public init(periodStart: Date, periodEnd: Date, emails: Int, drafts: Int, llmTokens: Int) {
        self.periodStart = periodStart
        self.periodEnd = periodEnd
        self.emails = emails
        self.drafts = drafts
        self.llmTokens = llmTokens
    }
}
