/// What a plan allows per billing period (emails, drafts, LLM tokens) and at once (mailboxes, managers).
///
/// `nil` means unlimited. Counts per period are kept in PostgreSQL (`floworx.billing_usage`), never in memory.
public struct PlanLimits: Sendable, Hashable, Codable {
    /// Emails processed per billing period.
    public var emailsPerMonth: Int?
    /// Connected mailboxes.
    public var mailboxes: Int?
    /// Reply drafts written per billing period.
    public var draftsPerMonth: Int?
    /// LLM tokens (drafts and second opinions) per billing period.
    public var llmTokensPerMonth: Int?
    /// Managers in the business's team.
    public var managers: Int?

    public init(emailsPerMonth: Int?, mailboxes: Int?, draftsPerMonth: Int?, llmTokensPerMonth: Int?, managers: Int?) {
        self.emailsPerMonth = emailsPerMonth
        self.mailboxes = mailboxes
        self.draftsPerMonth = draftsPerMonth
        self.llmTokensPerMonth = llmTokensPerMonth
        self.managers = managers
    }

    enum CodingKeys: String, CodingKey {
        case emailsPerMonth = "emails_per_month", mailboxes, draftsPerMonth = "drafts_per_month"
        case llmTokensPerMonth = "llm_tokens_per_month", managers
    }
}
