/// A custom step that adds a label to the email in the connected mailbox, through the mailbox write-back.
public struct WorkflowAddLabelStep: Sendable, Hashable, Codable {
    /// The label's name (a path such as `VIP` or `Clients/VIP`).
    public var label: String
    /// When the step applies; `nil`: always.
    public var when: WorkflowCondition?

    /// Creates the settings.
    public init(label: String, when: WorkflowCondition? = nil) {
        self.label = label
        self.when = when
    }
}
