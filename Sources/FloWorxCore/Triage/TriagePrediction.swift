/// What the triage model decides for one message, with the scores behind it.
public struct TriagePrediction: Sendable, Hashable {
    /// One feature's contribution to a decision: `value × weight` of its bucket for the chosen class.
    public struct Reason: Sendable, Hashable {
        /// The feature string (`w:furnace`, `f:own_domain`, …) or `rule: …` for a structural rule.
        public var feature: String
        public var contribution: Double
    }

    public var category: String
    /// The masked softmax probability of the category; 1 when a structural rule decided it.
    public var confidence: Double
    public var urgency: String
    public var escalate: Bool
    /// σ(escalation score).
    public var escalationProbability: Double
    /// Whether a reply may be drafted (DRAFT_CATEGORIES and the sender rules of Training/README.md).
    public var draft: Bool
    /// Raw category scores (bias + Σ value × weight), in the model's category order, before the industry mask.
    public var categoryScores: [Double]
    /// Raw urgency scores, in the model's urgency order.
    public var urgencyScores: [Double]
    /// Raw escalation score (a logit).
    public var escalationScore: Double
    /// The top contributing features of the category, urgency and escalation decisions (a rule first when one decided).
    public var categoryReasons: [Reason]
    public var urgencyReasons: [Reason]
    public var escalationReasons: [Reason]
}
