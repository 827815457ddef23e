/// The notifications step: whether the escalation rules' alerts (notify, forward actions) are sent.
public struct WorkflowNotificationsStep: Sendable, Hashable, Codable {
    /// Whether alerts are sent.
    public var enabled: Bool

    /// Creates the settings.
    public init(enabled: Bool = true) {
        self.enabled = enabled
    }
}
