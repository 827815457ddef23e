import Foundation

/// Where a business's workflow is deployed in n8n (`floworx.n8n_deployments`).
public struct N8NDeploymentRecord: Sendable, Hashable {
    public var clientId: UUID
    /// FloWorx's workflow name.
    public var workflowName: String
    /// The id n8n gave the workflow.
    public var n8nWorkflowId: String
    /// The FloWorx version last deployed there.
    public var version: Int
    /// Whether it was last left active in n8n.
    public var active: Bool

    public init(clientId: UUID, workflowName: String, n8nWorkflowId: String, version: Int, active: Bool) {
        self.clientId = clientId
        self.workflowName = workflowName
        self.n8nWorkflowId = n8nWorkflowId
        self.version = version
        self.active = active
    }
}
