/// The mailbox write-back step: how a processed email is filed in the connected mailbox (the draft is written either
/// way, as the draft step decides).
public struct WorkflowWriteBackStep: Sendable, Hashable, Codable {
    /// How the category is filed.
    public enum Mode: String, Sendable, Hashable, Codable, CaseIterable {
        /// The provider's configured way (Gmail labels; Outlook folders or categories as the service is set up).
        case auto
        /// Labels: Gmail labels, Outlook categories.
        case labels
        /// Folders: Outlook folders (Gmail has labels only and files with labels).
        case folders
        /// No filing.
        case off
    }

    /// How the category is filed.
    public var mode: Mode

    /// Creates the settings.
    public init(mode: Mode = .auto) {
        self.mode = mode
    }

    private enum CodingKeys: String, CodingKey { case mode }

    /// Decodes the settings; an absent mode is `auto`.
    public init(from decoder: any Decoder) throws {
        mode = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(Mode.self, forKey: .mode) ?? .auto
    }
}
