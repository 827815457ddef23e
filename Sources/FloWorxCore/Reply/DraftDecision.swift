/// Whether to prepare a reply draft for one email, and why.
public struct DraftDecision: Sendable, Hashable {
    /// Whether a draft should be generated.
    public var shouldDraft: Bool
    /// The deciding reason, e.g. `confidence 0.42 is below the minimum 0.60`.
    public var reason: String

    /// Creates a decision.
    public init(shouldDraft: Bool, reason: String) {
        self.shouldDraft = shouldDraft
        self.reason = reason
    }
}
