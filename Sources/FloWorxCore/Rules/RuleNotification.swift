import Foundation

/// A notification to send to one manager, resolved from the rules' `notify` actions.
public struct RuleNotification: Sendable, Hashable {
    /// Who to notify.
    public var manager: Manager
    /// Every channel any matched rule asked for, in `RuleAction.Channel.allCases` order.
    public var channels: [RuleAction.Channel]
    /// The first (highest-priority) rule that asked to notify this manager.
    public var ruleId: UUID
    /// That rule's name.
    public var ruleName: String

    /// Creates a notification.
    public init(manager: Manager, channels: [RuleAction.Channel], ruleId: UUID, ruleName: String) {
        self.manager = manager
        self.channels = channels
        self.ruleId = ruleId
        self.ruleName = ruleName
    }
}
