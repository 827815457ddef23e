import Foundation

/// The payload of a `workflow.forward` job (snake_case JSON): which email to forward where. The handler reads the
/// email itself (`email_logs`, the message in the mailbox) by its id.
public struct WorkflowForwardPayload: Sendable, Hashable, Codable {
    public var emailLogId: UUID
    public var clientId: UUID
    public var workflowId: UUID
    public var workflowVersion: Int
    /// The step's index in the definition (with the email log id, the job's dedupe key).
    public var stepIndex: Int
    public var address: String
    /// The provider's message id.
    public var messageId: String
    public var from: String
    public var subject: String

    /// Creates a payload.
    public init(emailLogId: UUID, clientId: UUID, workflowId: UUID, workflowVersion: Int, stepIndex: Int, address: String, messageId: String, from: String, subject: String) {
        self.emailLogId = emailLogId
        self.clientId = clientId
        self.workflowId = workflowId
        self.workflowVersion = workflowVersion
        self.stepIndex = stepIndex
        self.address = address
        self.messageId = messageId
        self.from = from
        self.subject = subject
    }

    enum CodingKeys: String, CodingKey {
        case emailLogId = "email_log_id", clientId = "client_id", workflowId = "workflow_id", workflowVersion = "workflow_version"
        case stepIndex = "step_index", address, messageId = "message_id", from, subject
    }
}
