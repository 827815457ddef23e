import Foundation

/// A copy of the email to forward to one manager, resolved from the rules' `forward` actions.
public struct RuleForward: Sendable, Hashable {
    /// Who receives the copy.
    public var manager: Manager
    /// The first (highest-priority) rule that asked for it.
    public var ruleId: UUID
    /// That rule's name.
    public var ruleName: String

    /// Creates a forward.
    public init(manager: Manager, ruleId: UUID, ruleName: String) {
        self.manager = manager
        self.ruleId = ruleId
        self.ruleName = ruleName
    }
}
