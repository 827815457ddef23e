import FloWorxCore
import FloWorxStore

/// An AI provider whose drafts are the `floworx.email.draft` stage of the email's trace when tracing is on (the
/// provider call as a client span under the email's process span); otherwise the provider itself, after one
/// task-local read.
struct TracedAIProvider: AIProvider {
    let base: any AIProvider

    init(_ base: any AIProvider) {
        self.base = base
    }

    var name: String { base.name }

    func draftReply(_ request: DraftRequest) async throws -> DraftReply {
        guard EmailTraceScope.current != nil else { return try await base.draftReply(request) }
        return try await EmailTraceScope.stage(EmailTraceKeys.draft, clientId: request.profile.clientId, messageId: request.message.messageId) {
            try await base.draftReply(request)
        }
    }
}
