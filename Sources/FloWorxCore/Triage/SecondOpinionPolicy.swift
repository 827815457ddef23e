import Foundation

/// When to ask an LLM for a second opinion on a triage result, and how its answer is merged with the offline one.
/// Pure: plain values in, plain values out; the pipeline maps them onto `Classification` / `TriagePrediction`.
///
/// **When to ask** (`shouldAsk`): the offline category's confidence is below `askBelowConfidence` (default 0.55),
/// and the category was not decided by a structural rule: mail from the business's own domain (MANAGER, convention 1)
/// and RFC 3834 `Auto-Submitted: auto-replied` mail (MISC, convention 6) are never sent out.
///
/// **How to merge** (`merge`), safety first — the second opinion can add caution, never remove it:
/// - *Category*: the LLM's category is taken only when it is allowed for the business's industry, it is not
///   MANAGER (structural only), the offline category is not a relay channel (FORMSUB, PHONE, GOOGLE_REVIEW,
///   SOCIALMEDIA: convention 2 keeps the channel's category, an emergency inside shows in urgency), the offline
///   category is not URGENT rated high or critical (an emergency is never filed away by a second opinion), and the LLM's
///   self-reported confidence is at least `acceptCategoryAtConfidence` (default 0.70). Otherwise the offline category
///   stays. When both agree, the confidence becomes the higher of the two.
/// - *Urgency*: the higher of the two, but the LLM can raise it only to high or critical and only when it gives a
///   safety reason (a hazard, damage, a threat). It never lowers the offline urgency.
/// - *Escalation*: offline OR the LLM's (the LLM's counts only for a customer issue — the customer-facing categories
///   and the relays — never for BANKING, SUPPLIERS, PROMO, MISC …), and a customer issue whose merged urgency is high
///   or critical escalates (the escalation convention). The LLM never removes an offline escalation.
/// - *Reasons*: every change is recorded as `second opinion: …`; an answer that changed nothing records that too.
/// The pipeline re-runs the rule and draft decisions on the merged classification.
public struct SecondOpinionPolicy: Sendable, Hashable {
    /// Ask when the offline confidence is below this (`FLOWORX_TRIAGE_LLM_BELOW_CONFIDENCE`).
    public var askBelowConfidence: Double
    /// Take the LLM's category only when its own confidence is at least this (`FLOWORX_TRIAGE_LLM_ACCEPT_CONFIDENCE`).
    public var acceptCategoryAtConfidence: Double

    /// The defaults of the documentation.
    public static let defaultAskBelowConfidence = 0.55
    public static let defaultAcceptCategoryAtConfidence = 0.70

    /// Relay channels: their category is the channel's whatever the content says (convention 2).
    public static let relayCategories: Set<String> = ["FORMSUB", "PHONE", "GOOGLE_REVIEW", "SOCIALMEDIA"]
    /// Customer issues: escalated when high or critical (as `TriageModel.customerIssueCategories`).
    public static let customerIssueCategories: Set<String> = TriageModel.customerIssueCategories
    /// The urgencies, lowest first.
    public static let urgencies = ["low", "normal", "high", "critical"]

    public init(askBelowConfidence: Double = defaultAskBelowConfidence, acceptCategoryAtConfidence: Double = defaultAcceptCategoryAtConfidence) {
        self.askBelowConfidence = askBelowConfidence
        self.acceptCategoryAtConfidence = acceptCategoryAtConfidence
    }

    /// The offline result, in plain terms.
    public struct Offline: Sendable, Hashable {
        public var category: String
        public var urgency: String
        public var escalate: Bool
        public var confidence: Double
        /// The category came from a structural rule (own domain, auto-replied): never asked about, never changed.
        public var decidedByRule: Bool

        public init(category: String, urgency: String, escalate: Bool, confidence: Double, decidedByRule: Bool) {
            self.category = category
            self.urgency = urgency
            self.escalate = escalate
            self.confidence = confidence
            self.decidedByRule = decidedByRule
        }
    }

    /// The LLM's answer, as its JSON schema defines it.
    public struct Opinion: Sendable, Hashable, Codable {
        public var category: String
        public var urgency: String
        public var escalate: Bool
        /// The model's own confidence in its category, 0–1.
        public var confidence: Double
        /// Why the mail is high or critical for safety or damage; empty when it is not.
        public var safetyReason: String
        /// One sentence on why this category.
        public var reason: String

        public init(category: String, urgency: String, escalate: Bool, confidence: Double, safetyReason: String, reason: String) {
            self.category = category
            self.urgency = urgency
            self.escalate = escalate
            self.confidence = confidence
            self.safetyReason = safetyReason
            self.reason = reason
        }

        enum CodingKeys: String, CodingKey {
            case category, urgency, escalate, confidence
            case safetyReason = "safety_reason"
            case reason
        }
    }

    /// The merged decision.
    public struct Merged: Sendable, Hashable {
        public var category: String
        public var urgency: String
        public var escalate: Bool
        public var confidence: Double
        public var categoryChanged: Bool
        public var urgencyChanged: Bool
        public var escalationChanged: Bool
        /// `second opinion: …` lines, to append to the result's reasons.
        public var reasons: [String]

        /// Whether anything the rules and the draft decision depend on changed.
        public var changed: Bool { categoryChanged || urgencyChanged || escalationChanged || confidenceChanged }
        /// Whether the confidence moved (agreement raises it).
        public var confidenceChanged: Bool
    }

    /// Whether to ask for a second opinion on `offline`.
    public func shouldAsk(_ offline: Offline) -> Bool {
        !offline.decidedByRule && offline.category != "MANAGER" && offline.confidence < askBelowConfidence
    }

    /// Merges `opinion` onto `offline` by the policy above; `allowedCategories` are the business's industry's.
    public func merge(offline: Offline, opinion: Opinion, allowedCategories: Set<String>) -> Merged {
        var category = offline.category
        var confidence = offline.confidence
        var reasons: [String] = []
        let llmConfidence = opinion.confidence.isFinite ? min(max(opinion.confidence, 0), 1) : 0
        let summary = opinion.reason.isEmpty ? "" : " (\(Self.clip(opinion.reason)))"

        if offline.decidedByRule {
            reasons.append("second opinion: ignored, \(offline.category) was decided by a structural rule")
            return Merged(category: category, urgency: offline.urgency, escalate: offline.escalate, confidence: confidence,
                          categoryChanged: false, urgencyChanged: false, escalationChanged: false, reasons: reasons, confidenceChanged: false)
        }
        if opinion.category == offline.category {
            confidence = max(offline.confidence, llmConfidence)
            reasons.append("second opinion: agrees on \(category) at \(Self.format(llmConfidence))\(summary)")
        } else if !allowedCategories.contains(opinion.category) || opinion.category == "MANAGER" {
            reasons.append("second opinion: \(opinion.category) not allowed for this business, kept \(category)")
        } else if Self.relayCategories.contains(offline.category) {
            reasons.append("second opinion: \(opinion.category) ignored, \(offline.category) is a relay channel's category")
        } else if offline.category == "URGENT" && Self.rank(offline.urgency) >= Self.rank("high") {
            reasons.append("second opinion: \(opinion.category) ignored, an emergency rated \(offline.urgency) stays URGENT")
        } else if llmConfidence < acceptCategoryAtConfidence {
            reasons.append("second opinion: \(opinion.category) at \(Self.format(llmConfidence)) below \(Self.format(acceptCategoryAtConfidence)), kept \(category)")
        } else {
            category = opinion.category
            confidence = llmConfidence
            reasons.append("second opinion: category \(offline.category) → \(category) at \(Self.format(llmConfidence))\(summary)")
        }

        var urgency = offline.urgency
        let offlineRank = Self.rank(offline.urgency)
        let llmRank = Self.rank(opinion.urgency)
        let safety = opinion.safetyReason.trimmingCharacters(in: .whitespacesAndNewlines)
        if llmRank > offlineRank && llmRank >= Self.rank("high") && !safety.isEmpty {
            urgency = opinion.urgency
            reasons.append("second opinion: urgency \(offline.urgency) → \(urgency): \(Self.clip(safety))")
        } else if llmRank > offlineRank {
            reasons.append("second opinion: urgency \(opinion.urgency) without a safety reason, kept \(offline.urgency)")
        }

        let customerIssue = Self.customerIssueCategories.contains(category)
        var escalate = offline.escalate
        if !escalate && opinion.escalate && customerIssue {
            escalate = true
            reasons.append("second opinion: escalate")
        } else if !escalate && customerIssue && Self.rank(urgency) >= Self.rank("high") {
            escalate = true
            reasons.append("second opinion: escalate, customer issue rated \(urgency)")
        } else if !escalate && opinion.escalate {
            reasons.append("second opinion: escalation ignored, \(category) is not a customer issue")
        }

        return Merged(category: category, urgency: urgency, escalate: escalate, confidence: confidence,
                      categoryChanged: category != offline.category, urgencyChanged: urgency != offline.urgency,
                      escalationChanged: escalate != offline.escalate, reasons: reasons, confidenceChanged: confidence != offline.confidence)
    }

    /// 0 for low … 3 for critical; -1 for anything else.
    static func rank(_ urgency: String) -> Int { urgencies.firstIndex(of: urgency) ?? -1 }

    private static func format(_ value: Double) -> String { String(format: "%.2f", value) }

    /// The LLM's words, kept short in a reason.
    private static func clip(_ text: String) -> String {
        let oneLine = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return oneLine.count <= 160 ? oneLine : String(oneLine.prefix(157)) + "…"
    }
}
