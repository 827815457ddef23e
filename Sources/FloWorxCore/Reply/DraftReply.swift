/// A reply draft as a provider wrote it: what goes into `ai_responses`.
public struct DraftReply: Sendable, Hashable {
    /// The full reply text, greeting to signature.
    public var text: String
    /// 0–1: how much the provider trusts the draft.
    public var confidence: Double
    /// The model that wrote it, e.g. `floworx-builtin-1`.
    public var model: String
    /// Tokens the model consumed, when it reports them.
    public var tokensUsed: Int?

    /// Creates a reply.
    public init(text: String, confidence: Double, model: String, tokensUsed: Int?) {
        self.text = text
        self.confidence = confidence
        self.model = model
        self.tokensUsed = tokensUsed
    }
}
