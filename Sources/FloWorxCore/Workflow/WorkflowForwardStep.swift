/// A custom step that forwards the email to an address (run by the `workflow.forward` job).
public struct WorkflowForwardStep: Sendable, Hashable, Codable {
    /// Where to forward.
    public var address: String
    /// When the step applies; `nil`: always.
    public var when: WorkflowCondition?

    /// Creates the settings.
    public init(address: String, when: WorkflowCondition? = nil) {
        self.address = address
        self.when = when
    }
}
