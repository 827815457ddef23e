import FloWorxCore
import Foundation

/// Puts an exported workflow into n8n without ever making a second copy of it.
///
/// The n8n workflow is found by the id FloWorx recorded, else by its stable name (`N8NExport.name`, found through
/// the list's name filter on every page): an existing workflow is updated in place (or left alone when it already
/// holds the document), and only when neither finds one is a workflow created. A record lost on FloWorx's side or a
/// deploy retried after a timeout therefore still updates the workflow instead of duplicating it. When several
/// workflows carry the name (made by hand, or by an older tool), the oldest is used and the others are left alone.
public struct N8NDeployer: Sendable {
    public let client: N8NClient

    public init(client: N8NClient) {
        self.client = client
    }

    /// What a deployment did.
    public struct Outcome: Sendable, Hashable {
        /// The n8n workflow that now holds the document.
        public var workflowId: String
        /// Whether it was created by this call (false: found and updated, or found already up to date).
        public var created: Bool
        /// Whether it was changed by this call.
        public var updated: Bool
        /// Whether it is active in n8n now.
        public var active: Bool
    }

    /// Creates or updates the n8n workflow for `document`. `knownId` is the id recorded by the previous deploy;
    /// `activate` true activates it, false deactivates it, nil leaves its state as it was.
    public func deploy(_ document: N8NWorkflowDocument, knownId: String?, activate: Bool?) async throws(MailProviderError) -> Outcome {
        var existing: N8NWorkflow?
        if let knownId {
            do {
                existing = try await client.workflow(id: knownId)
            } catch where error.kind == .notFound {
                existing = nil
            }
            // A recorded id that now holds another workflow (renamed by hand) is not ours to overwrite.
            if existing?.name != document.name { existing = nil }
        }
        if existing == nil {
            existing = try await client.workflows(named: document.name).first
        }
        var outcome: Outcome
        var current: N8NWorkflow
        if let found = existing {
            current = found.holds(document) ? found : try await client.updateWorkflow(id: found.id, document)
            outcome = Outcome(workflowId: found.id, created: false, updated: !found.holds(document), active: current.active)
        } else {
            current = try await client.createWorkflow(document)
            outcome = Outcome(workflowId: current.id, created: true, updated: true, active: current.active)
        }
        if let activate, activate != current.active {
            current = activate ? try await client.activate(id: current.id) : try await client.deactivate(id: current.id)
            outcome.active = current.active
        }
        return outcome
    }

    /// Activates or deactivates the deployed workflow `id`.
    public func setActive(id: String, _ active: Bool) async throws(MailProviderError) -> Bool {
        let workflow = active ? try await client.activate(id: id) : try await client.deactivate(id: id)
        return workflow.active
    }
}
