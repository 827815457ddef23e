/// The classification step's settings.
public struct WorkflowClassificationStep: Sendable, Hashable, Codable {
    /// The confidence below which a classification counts as unsure and the LLM second opinion (when on) is asked;
    /// `nil` keeps the service's configured threshold (`SecondOpinionPolicy.askBelowConfidence`).
    public var threshold: Double?
    /// Whether unsure classifications are sent to the LLM second opinion (when one is configured at all).
    public var llmSecondOpinion: Bool

    /// Creates the settings.
    public init(threshold: Double? = nil, llmSecondOpinion: Bool = true) {
        self.threshold = threshold
        self.llmSecondOpinion = llmSecondOpinion
    }

    private enum CodingKeys: String, CodingKey { case threshold, llmSecondOpinion }

    /// Decodes the settings; an absent member takes its default.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        threshold = try container.decodeIfPresent(Double.self, forKey: .threshold)
        llmSecondOpinion = try container.decodeIfPresent(Bool.self, forKey: .llmSecondOpinion) ?? true
    }
}
