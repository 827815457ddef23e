import Foundation

/// The payload of a `workflow.webhook` job (snake_case JSON): where to POST, how, and the exact body.
public struct WorkflowWebhookPayload: Sendable, Hashable, Codable {
    public var emailLogId: UUID
    public var clientId: UUID
    public var workflowId: UUID
    public var workflowVersion: Int
    /// The step's index in the definition (with the email log id, the job's dedupe key).
    public var stepIndex: Int
    public var url: String
    /// The name of the signing secret; `nil`: unsigned.
    public var secretRef: String?
    public var timeoutSeconds: Int
    /// What is POSTed, as JSON.
    public var body: WorkflowWebhookBody

    /// Creates a payload.
    public init(emailLogId: UUID, clientId: UUID, workflowId: UUID, workflowVersion: Int, stepIndex: Int, step: WorkflowWebhookStep, body: WorkflowWebhookBody) {
        self.emailLogId = emailLogId
        self.clientId = clientId
        self.workflowId = workflowId
        self.workflowVersion = workflowVersion
        self.stepIndex = stepIndex
        self.url = step.url
        self.secretRef = step.secretRef
        self.timeoutSeconds = step.timeoutSeconds
        self.body = body
    }

    enum CodingKeys: String, CodingKey {
        case emailLogId = "email_log_id", clientId = "client_id", workflowId = "workflow_id", workflowVersion = "workflow_version"
        case stepIndex = "step_index", url, secretRef = "secret_ref", timeoutSeconds = "timeout_seconds", body
    }
}

/// The JSON body a webhook step POSTs: the processed email's outcome (no body text: the receiver asks the API).
public struct WorkflowWebhookBody: Sendable, Hashable, Codable {
    /// Always `email.processed`.
    public var event: String
    public var emailLogId: UUID
    public var messageId: String
    public var from: String
    public var subject: String
    public var receivedAt: Date
    public var category: String
    public var subcategory: String?
    public var urgency: String
    public var confidence: Double
    /// `processed` or `escalated`.
    public var status: String
    public var drafted: Bool
    public var workflowId: UUID
    public var workflowVersion: Int

    /// Creates a body.
    public init(
        emailLogId: UUID, messageId: String, from: String, subject: String, receivedAt: Date, category: String, subcategory: String?,
        urgency: String, confidence: Double, status: String, drafted: Bool, workflowId: UUID, workflowVersion: Int
    ) {
        self.event = "email.processed"
        self.emailLogId = emailLogId
        self.messageId = messageId
        self.from = from
        self.subject = subject
        self.receivedAt = receivedAt
        self.category = category
        self.subcategory = subcategory
        self.urgency = urgency
        self.confidence = confidence
        self.status = status
        self.drafted = drafted
        self.workflowId = workflowId
        self.workflowVersion = workflowVersion
    }

    enum CodingKeys: String, CodingKey {
        case event, emailLogId = "email_log_id", messageId = "message_id", from, subject, receivedAt = "received_at", category, subcategory
        case urgency, confidence, status, drafted, workflowId = "workflow_id", workflowVersion = "workflow_version"
    }
}
