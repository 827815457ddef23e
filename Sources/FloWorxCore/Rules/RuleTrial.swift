import Foundation

/// "Test this rule on the last emails": replays one escalation rule, unsaved, with the real `RuleEngine` over emails
/// already processed, from what was recorded of them, and says which it would have matched and what it would have done.
///
/// The facts are what FloWorx recorded when each email was processed: its category (the owner's correction when there
/// is one, since that is what the owner says the email is), subcategory, confidence, urgency, sentiment, after hours
/// and escalation cue (absent from emails recorded before the cue was logged: false); the sender's kind (manager,
/// supplier, own domain) from the business's current managers, suppliers and domain, as the classifier decides it;
/// the sender's message counts as they stood when it arrived; and `minutes_without_reply` as at its processing.
public enum RuleTrial {
    /// What was recorded of one processed email.
    public struct Email: Sendable {
        public var from: String
        public var to: String
        public var subject: String
        public var body: String
        public var receivedAt: Date
        /// When it was processed: the `now` of `minutes_without_reply`.
        public var processedAt: Date
        /// The `email_classified` event's data.
        public var classification: [String: JSONValue]
        /// The owner's latest correction, if any.
        public var correctedCategory: String?
        /// Messages from the same sender within each window (hours) when it arrived.
        public var senderRecentCounts: [Double: Int]

        /// Creates a recorded email.
        public init(from: String, to: String, subject: String, body: String, receivedAt: Date, processedAt: Date,
                    classification: [String: JSONValue], correctedCategory: String?, senderRecentCounts: [Double: Int]) {
            self.from = from
            self.to = to
            self.subject = subject
            self.body = body
            self.receivedAt = receivedAt
            self.processedAt = processedAt
            self.classification = classification
            self.correctedCategory = correctedCategory
            self.senderRecentCounts = senderRecentCounts
        }
    }

    /// The rule facts of a recorded email; `nil` when it has no recorded category (it was never classified).
    public static func facts(_ email: Email, profile: ClientProfile) -> EmailFacts? {
        let recorded = email.classification
        guard let category = (email.correctedCategory ?? recorded["category"]?.stringValue).flatMap(Category.init(rawValue:)) else { return nil }
        let sender = EmailAddress(email: email.from)
        let domain = sender.domain
        let classification = Classification(
            category: category, subcategory: recorded["subcategory"]?.stringValue,
            confidence: recorded["confidence"]?.numberValue ?? 0,
            urgency: recorded["urgency"]?.stringValue.flatMap(Urgency.init(rawValue:)) ?? .normal,
            sentiment: recorded["sentiment"]?.stringValue.flatMap(Sentiment.init(rawValue:)) ?? .neutral,
            senderIsManager: SenderDirectory.manager(email: email.from, profile: profile) != nil,
            senderIsSupplier: SenderDirectory.supplier(email: email.from, domain: domain, profile: profile) != nil,
            senderIsInternal: SenderDirectory.isInternal(domain: domain, profile: profile),
            draftAppropriate: true, escalationCue: recorded["escalation_cue"]?.boolValue ?? false,
            reasons: recorded["reasons"]?.arrayValue?.compactMap(\.stringValue) ?? []
        )
        let message = EmailMessage(
            messageId: "trial", from: sender, to: [EmailAddress(email: email.to)], subject: email.subject, text: email.body,
            receivedAt: email.receivedAt
        )
        return EmailFacts(
            message: message, classification: classification, afterHours: recorded["after_hours"]?.boolValue ?? false,
            senderRecentCounts: email.senderRecentCounts, now: email.processedAt
        )
    }

    /// What `rule` alone would have decided for each email (`nil` for one without facts), in the given order.
    public static func run(_ rule: EscalationRule, on emails: [Email], profile: ClientProfile) -> [RuleOutcome?] {
        emails.map { email in
            facts(email, profile: profile).map { RuleEngine.evaluate([rule], facts: $0, managers: profile.managers) }
        }
    }
}
