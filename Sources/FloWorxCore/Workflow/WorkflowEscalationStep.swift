import Foundation

/// The escalation step: which of the business's escalation rules run, by reference.
public struct WorkflowEscalationStep: Sendable, Hashable, Codable {
    /// The ids of the `escalation_rules` rows to run (those still active); `nil` runs every active rule.
    public var ruleIds: [UUID]?

    /// Creates the settings.
    public init(ruleIds: [UUID]? = nil) {
        self.ruleIds = ruleIds
    }
}
