import Foundation

/// A first-response timer to start for one email: stored in `floworx.sla_timers` with the email's job completion.
public struct SLATimerStart: Sendable, Hashable {
    /// When counting started: when the email arrived (never later than it was processed).
    public var startedAt: Date
    /// When the email breaches its target without a reply: `targetMinutes` business minutes after `startedAt`.
    public var dueAt: Date
    /// The business's first-response target, in business minutes.
    public var targetMinutes: Int
    /// The email's category, for the breach alert.
    public var category: Category
    /// The provider's thread id, so a reply sent in the thread (seen by mailbox sync) answers the timer.
    public var threadId: String?

    public init(startedAt: Date, dueAt: Date, targetMinutes: Int, category: Category, threadId: String? = nil) {
        self.startedAt = startedAt
        self.dueAt = dueAt
        self.targetMinutes = targetMinutes
        self.category = category
        self.threadId = threadId
    }
}

/// Which emails start a first-response (SLA) timer, and when it falls due.
///
/// A timer starts when the business has a target (`client_config.sla.first_response_minutes`) and an outside person
/// expects a reply from the business (the domain guide's draft conventions, independent of whether FloWorx may draft):
/// - the category is customer-facing: URGENT, SALES, SUPPORT, FORMSUB or an industry extra (SEASONAL, MAINTENANCE,
///   PERMITS, INSURANCE, WELLNESS); SUBCONTRACTORS, MANAGER, SUPPLIERS, BANKING, GOOGLE_REVIEW, PHONE, RECRUITMENT,
///   PROMO, SOCIALMEDIA and MISC never do, except an emergency (URGENT or critical) from a reachable person filed under
///   a relay or MISC, as `DraftPolicy` drafts it;
/// - the loop guard let it through: no auto-reply, out-of-office, bounce, bulk or no-reply mail, except a form
///   submission that names the customer (Reply-To or its fields) and that the classifier does not take for spam;
/// - the sender is not internal, a manager or a known supplier.
///
/// The due time counts business minutes (`BusinessClock`) from when the email arrived; without configured hours
/// every minute counts. Mail that arrived more than `maximumAge` before it was processed (a mailbox backfill of
/// old history) starts no timer: it would breach at once for a request nobody is waiting on any more.
public enum SLAPolicy {
    /// Emails older than this when processed start no timer.
    public static let maximumAge: TimeInterval = 7 * 86_400

    /// Categories whose mail comes from a customer who expects a reply.
    public static let customerCategories: Set<Category> = [.urgent, .sales, .support, .formsub, .seasonal, .maintenance, .permits, .insurance, .wellness]

    /// Categories whose mail never comes from a customer in need, even in an emergency.
    static let neverCustomer: Set<Category> = [.manager, .suppliers, .banking, .promo, .recruitment, .subcontractors]

    /// Whether `message`, analyzed as `analysis`, waits for a reply from the business.
    public static func expectsReply(_ message: EmailMessage, analysis: EmailAnalysis) -> Bool {
        let classification = analysis.classification
        if classification.senderIsInternal || classification.senderIsManager || classification.senderIsSupplier { return false }
        let correspondent = Correspondent.reach(message)
        switch analysis.preFilter.kind {
        case .none:
            break
        case .autoReply, .noReply:
            // A form relay writes from a no-reply address; the customer behind it waits for the answer.
            guard classification.category == .formsub, classification.draftAppropriate, correspondent.isReachable else { return false }
        case .outOfOffice, .bounce, .bulk:
            return false
        }
        if customerCategories.contains(classification.category) {
            // Form spam is FORMSUB that the classifier does not want answered.
            return classification.category != .formsub || (classification.draftAppropriate && correspondent.isReachable)
        }
        return DraftPolicy.isEmergency(classification) && correspondent.isReachable && !neverCustomer.contains(classification.category)
    }

    /// The timer to start for one processed email, or `nil` when none applies (no target, no reply expected, too old,
    /// or a schedule that never opens). `now` is when it was processed.
    public static func timer(for message: EmailMessage, analysis: EmailAnalysis, profile: ClientProfile, now: Date) -> SLATimerStart? {
        guard let target = profile.config.sla?.firstResponseMinutes, target > 0 else { return nil }
        guard now.timeIntervalSince(message.receivedAt) <= maximumAge, expectsReply(message, analysis: analysis) else { return nil }
        let start = min(message.receivedAt, now)
        guard let due = BusinessClock(hours: profile.hours).deadline(from: start, businessMinutes: target) else { return nil }
        return SLATimerStart(startedAt: start, dueAt: due, targetMinutes: target, category: analysis.classification.category, threadId: message.threadId)
    }

    /// When the email's first-response target runs out, or `nil` when it starts no timer (see `timer`).
    public static func due(for message: EmailMessage, analysis: EmailAnalysis, profile: ClientProfile, now: Date) -> Date? {
        timer(for: message, analysis: analysis, profile: profile, now: now)?.dueAt
    }
}
