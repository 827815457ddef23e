/// The generic-queue job kinds a workflow's custom steps queue (`floworx.jobs.kind`), with their payloads
/// (`WorkflowWebhookPayload`, `WorkflowForwardPayload`). The pipeline queues them in the statement that completes the
/// email's job, so they exist exactly when the email's processing committed.
public enum WorkflowJobKind {
    /// A `webhook` step: POST the outcome, HMAC-signed.
    public static let webhook = "workflow.webhook"
    /// A `forward` step: forward the email to an address.
    public static let forward = "workflow.forward"
}
