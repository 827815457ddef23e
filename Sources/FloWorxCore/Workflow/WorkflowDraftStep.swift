/// The draft policy step. It can only narrow the business's own draft policy (`DraftPolicy`): an email the policy
/// would not draft is never drafted because of a workflow.
public struct WorkflowDraftStep: Sendable, Hashable, Codable {
    /// The categories that may be drafted; `nil` allows every category the policy drafts.
    public var categories: [String]?
    /// The lowest classification confidence drafted; `nil` keeps the business's setting.
    public var minConfidence: Double?
    /// Whether replies are drafted automatically at all.
    public var autoReply: Bool

    /// Creates the settings.
    public init(categories: [String]? = nil, minConfidence: Double? = nil, autoReply: Bool = true) {
        self.categories = categories
        self.minConfidence = minConfidence
        self.autoReply = autoReply
    }

    private enum CodingKeys: String, CodingKey { case categories, minConfidence, autoReply }

    /// Decodes the settings; an absent member takes its default.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        categories = try container.decodeIfPresent([String].self, forKey: .categories)
        minConfidence = try container.decodeIfPresent(Double.self, forKey: .minConfidence)
        autoReply = try container.decodeIfPresent(Bool.self, forKey: .autoReply) ?? true
    }
}
