/// The notifications step: whether the escalation rules' alerts (notify, forward actions) are sent.
public struct WorkflowNotificationsStep: Sendable, Hashable, Codable {
    /// Whether alerts are sent.
    public var enabled: Bool

    /// Creates the settings.
    public init(enabled: Bool = true) {
        self.enabled = enabled
    }

    private enum CodingKeys: String, CodingKey { case enabled }

    /// Decodes the settings; absent `enabled` is true.
    public init(from decoder: any Decoder) throws {
        enabled = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(Bool.self, forKey: .enabled) ?? true
    }
}
