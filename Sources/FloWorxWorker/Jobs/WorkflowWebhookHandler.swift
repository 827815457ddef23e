import FloWorxCore
import FloWorxIntegrations
import FloWorxStore
import Foundation
import Logging

/// Runs `workflow.webhook` jobs: POSTs the processed email's outcome (`WorkflowWebhookPayload.body`) to the step's
/// URL, HMAC-signed with the secret its `secret_ref` names (`WebhookSignature`, `WorkflowSecrets`).
///
/// A 2xx completes the job. 408, 429, 5xx and no answer within `timeout_seconds` are retried with the queue's backoff
/// (a 429's Retry-After when longer) until the job's attempts run out: the pipeline queues it with `retries + 1`
/// attempts. Any other 4xx kills the job at once: the receiver refused this body. A secret that is not configured
/// kills it too (sending unsigned what should be signed would be worse). The event id header
/// (`<email_log_id>:<step_index>`) is the same on every attempt, so the receiver can drop a repeat. Nothing here
/// logs the secret, the signature or the URL's query.
public struct WorkflowWebhookHandler: JobHandler {
    let client: WebhookClient
    let secrets: WorkflowSecrets
    let logger: Logger

    public init(client: WebhookClient = WebhookClient(), secrets: WorkflowSecrets = WorkflowSecrets(), logger: Logger) {
        self.client = client
        self.secrets = secrets
        self.logger = logger
    }

    public var kinds: [String] { [WorkflowJobKind.webhook] }

    public func run(_ job: ServiceJob) async throws {
        guard let payload = try? JSONCoding.decoder().decode(WorkflowWebhookPayload.self, from: Data(job.payloadJSON.utf8)) else {
            throw JobError(.fail, "the job's payload is not a workflow webhook payload")
        }
        var secret: String?
        if let reference = payload.secretRef {
            guard let value = secrets.secret(reference) else {
                throw JobError(.fail, "the signing secret '\(reference)' is not configured (\(WorkflowSecrets.variable(for: reference)))")
            }
            secret = value
        }
        let body = try JSONCoding.encoder().encode(payload.body)
        let timeout = Duration.seconds(min(max(payload.timeoutSeconds, WorkflowWebhookStep.timeoutRange.lowerBound), WorkflowWebhookStep.timeoutRange.upperBound))
        let eventId = "\(payload.emailLogId.uuidString.lowercased()):\(payload.stepIndex)"
        do {
            try await client.post(url: payload.url, body: body, eventId: eventId, secret: secret, timeout: timeout)
        } catch {
            if error.kind == .tooLarge, let status = error.status, (200..<300).contains(status) { return }
            logger.info("workflow webhook failed", metadata: ["job": "\(job.id)", "error": "\(error)"])
            switch error.kind {
            case .rateLimited: throw JobError(.retry(after: error.retryAfter), error.description)
            case .server, .transport, .invalidResponse: throw JobError(.retry(after: nil), error.description)
            default: throw JobError(.fail, error.description)
            }
        }
    }
}
