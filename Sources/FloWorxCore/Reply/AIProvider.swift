/// Something that writes reply drafts: the built-in composer or a hosted language model.
public protocol AIProvider: Sendable {
    /// A short name for logs and metrics, e.g. `builtin` or `openai`.
    var name: String { get }

    /// Writes a draft reply for one email.
    func draftReply(_ request: DraftRequest) async throws -> DraftReply
}
