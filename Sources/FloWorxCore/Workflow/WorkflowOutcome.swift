/// What a workflow decided for one email beyond its analysis: how it is filed, whether alerts go out, and which
/// custom steps apply (each with its index in the definition).
public struct WorkflowOutcome: Sendable, Hashable {
    /// A custom step that applies to the email, with its index in the definition.
    public struct Indexed<Step: Sendable & Hashable>: Sendable, Hashable {
        public var index: Int
        public var step: Step
    }

    /// The filing mode; `.off` when no write-back step ran.
    public var writeBack: WorkflowWriteBackStep.Mode = .off
    /// Whether the escalation rules' alerts are sent.
    public var notifications = false
    /// The labels `addLabel` steps add, in order, without repeats.
    public var labels: [String] = []
    public var webhooks: [Indexed<WorkflowWebhookStep>] = []
    public var forwards: [Indexed<WorkflowForwardStep>] = []
    /// The index of the `stop` step that ended the workflow for this email, if one did.
    public var stoppedAt: Int?

    /// Creates an empty outcome (nothing after the classification ran).
    public init() {}

    /// Whether the outcome is what the built-in pipeline does anyway (the provider's filing, alerts on, no custom
    /// step): such an email needs no `workflow_applied` record.
    public var isPlain: Bool {
        writeBack == .auto && notifications && labels.isEmpty && webhooks.isEmpty && forwards.isEmpty && stoppedAt == nil
    }
}
