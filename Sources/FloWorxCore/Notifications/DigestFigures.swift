/// What one business's day looked like, for its daily digest: every count covers the mail that reached FloWorx during
/// the business's local day (`email_logs.created_at`), except `draftsWaiting`, a snapshot.
public struct DigestFigures: Sendable, Hashable, Codable {
    /// Emails that reached FloWorx that day.
    public var emailsReceived: Int
    /// Of those, emails whose processing finished (`processed` or `escalated`).
    public var emailsProcessed: Int
    /// Of those, emails escalated to a person.
    public var escalations: Int
    /// Of those, emails that failed every attempt (dead letters).
    public var failed: Int
    /// Sorted emails per primary category (the owner's correction when there is one, else FloWorx's classification).
    public var categories: [String: Int]
    /// Reply drafts FloWorx prepared for that day's mail (`ai_responses`).
    public var draftsCreated: Int
    /// FloWorx drafts still open in the connected mailbox (not sent, edited or deleted by the owner), made before
    /// the day ended: the drafts waiting for the owner.
    public var draftsWaiting: Int
    /// First-response targets missed that day (`analytics_events` of type `sla_breach`).
    public var slaBreaches: Int

    public init(
        emailsReceived: Int = 0, emailsProcessed: Int = 0, escalations: Int = 0, failed: Int = 0, categories: [String: Int] = [:],
        draftsCreated: Int = 0, draftsWaiting: Int = 0, slaBreaches: Int = 0
    ) {
        self.emailsReceived = emailsReceived
        self.emailsProcessed = emailsProcessed
        self.escalations = escalations
        self.failed = failed
        self.categories = categories
        self.draftsCreated = draftsCreated
        self.draftsWaiting = draftsWaiting
        self.slaBreaches = slaBreaches
    }

    enum CodingKeys: String, CodingKey {
        case emailsReceived = "emails_received", emailsProcessed = "emails_processed", escalations, failed, categories
        case draftsCreated = "drafts_created", draftsWaiting = "drafts_waiting", slaBreaches = "sla_breaches"
    }

    /// The categories with mail, in the product's category order (unknown names last, alphabetically).
    public var orderedCategories: [(name: String, count: Int)] {
        let order = Dictionary(uniqueKeysWithValues: Category.allCases.enumerated().map { ($1.rawValue, $0) })
        return categories.filter { $0.value > 0 }
            .sorted { (order[$0.key] ?? Int.max, $0.key) < (order[$1.key] ?? Int.max, $1.key) }
            .map { ($0.key, $0.value) }
    }

    /// Whether nothing at all happened (the digest still goes out: "a quiet day" is worth knowing too).
    public var isQuiet: Bool {
        emailsReceived == 0 && draftsWaiting == 0 && slaBreaches == 0
    }
}
