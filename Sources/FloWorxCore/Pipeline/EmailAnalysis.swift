import Foundation

/// Everything the pipeline decided about one email, before any draft is written.
public struct EmailAnalysis: Sendable {
    public var preFilter: PreFilterResult
    public var classification: Classification
    /// Open or closed when the email arrived, and the next opening; `nil` without configured hours.
    public var status: BusinessStatus?
    public var rules: RuleOutcome
    public var draft: DraftDecision

    /// Whether a matched rule escalated the email.
    public var escalated: Bool { rules.escalated }

    /// The email log status this analysis leads to.
    public var finalStatus: String { escalated ? "escalated" : "processed" }
}

/// Runs the synchronous steps of the pipeline for one email: loop guard, classification, business hours,
/// escalation rules and the draft decision. Pure: no I/O, no clock (the caller passes `now`).
public struct EmailAnalyzer: Sendable {
    let classifier: Classifier
    /// The trained triage model (Training/); without one the rule-based classifier decides alone.
    let triage: TriageModel?

    /// An analyzer; pass `triage` (e.g. `TriageModel.bundled()`) to let the trained model decide category, urgency,
    /// escalation cue and draft suitability.
    public init(classifier: Classifier = Classifier(), triage: TriageModel? = nil) {
        self.classifier = classifier
        self.triage = triage
    }

    /// The trained triage model it runs, if any (what a `TriageAdaptation` for it is built with).
    public var triageModel: TriageModel? { triage }

    /// Analyzes `message` for `profile`. Business hours are evaluated when the email arrived; `now` is when the
    /// rules run (for `minutes_without_reply`); `senderRecentCounts` are prefetched per window the rules need;
    /// `adaptation` is what the business's corrections taught the triage model (`TriageAdaptation`).
    public func analyze(
        _ message: EmailMessage, profile: ClientProfile, senderRecentCounts: [Double: Int] = [:], adaptation: TriageAdaptation? = nil, now: Date
    ) -> EmailAnalysis {
        let preFilter = PreFilter.evaluate(message, profile: profile)
        var classification = classifier.classify(message, profile: profile, preFilter: preFilter)
        if let triage {
            let prediction = triage.predict(TriageInput(message), business: TriageBusiness(profile: profile), adaptation: adaptation)
            classification = Self.merge(prediction, into: classification)
            if [.outOfOffice, .bounce].contains(preFilter.kind) && classification.category != .manager {
                classification = Self.automaticReply(classification, preFilter: preFilter)
            }
            classification = Self.internalMail(classification)
            classification = Self.safetyStage(classification, message: message, preFilter: preFilter)
            classification = Self.threatStage(classification, message: message, preFilter: preFilter)
        }
        let status = profile.hours?.status(at: message.receivedAt)
        let (rules, draft) = decide(
            message, classification: classification, preFilter: preFilter, status: status, profile: profile,
            senderRecentCounts: senderRecentCounts, now: now)
        return EmailAnalysis(preFilter: preFilter, classification: classification, status: status, rules: rules, draft: draft)
    }

    /// The steps after classification, shared by `analyze` and `reanalyze`: the business's escalation rules, then the
    /// draft decision.
    func decide(
        _ message: EmailMessage, classification: Classification, preFilter: PreFilterResult, status: BusinessStatus?,
        profile: ClientProfile, senderRecentCounts: [Double: Int], now: Date
    ) -> (RuleOutcome, DraftDecision) {
        // A form relay is machine mail from a no-reply address by nature; the model drafts it only when the customer
        // is in Reply-To or the fields. Bounces, out-of-office notices and bulk mail still never are.
        let formWithCustomer = triage != nil && classification.category == .formsub && classification.draftAppropriate
            && [.autoReply, .noReply].contains(preFilter.kind)
        let facts = EmailFacts(
            message: message, classification: classification, afterHours: status.map { !$0.isOpen } ?? false,
            senderRecentCounts: senderRecentCounts, now: now
        )
        let rules = RuleEngine.evaluate(Self.rules(for: profile), facts: facts, managers: profile.managers)
        let draft = DraftPolicy.decide(
            automated: preFilter.blocksDraft && !formWithCustomer, classification: classification, config: profile.config, rules: rules,
            message: message)
        return (rules, draft)
    }

    /// The client's active rules, exactly: the safety defaults are rows of their own (`RuleEngine.defaultRules`), so
    /// a business whose owner switched every rule off has none, and adding a rule never removes another.
    public static func rules(for profile: ClientProfile) -> [EscalationRule] {
        profile.rules
    }
}
