import Foundation

/// One rule that matched an email, and why.
public struct RuleMatch: Sendable, Hashable {
    /// The rule's id.
    public var ruleId: UUID
    /// The rule's name.
    public var ruleName: String
    /// The rule's actions, all of which were applied.
    public var actions: [RuleAction]
    /// The conditions that held, e.g. `category eq URGENT`.
    public var reasons: [String]

    /// Creates a match.
    public init(ruleId: UUID, ruleName: String, actions: [RuleAction], reasons: [String]) {
        self.ruleId = ruleId
        self.ruleName = ruleName
        self.actions = actions
        self.reasons = reasons
    }
}
