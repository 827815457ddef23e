import FloWorxCore
import FloWorxStore
import Foundation

/// What one email's workflow run leaves with its completion: the version record (email log, totals), the
/// `workflow_applied` event when the run did anything the built-in pipeline would not, and the custom steps' jobs.
struct WorkflowSteps {
    var workflow: WorkflowCache.Resolved
    var outcome: WorkflowOutcome

    /// The version that processed the email; `nil` when none is active (the built-in default ran).
    func record(milliseconds: Double) -> WorkflowRun? {
        guard let id = workflow.id, let version = workflow.version else { return nil }
        return WorkflowRun(workflowId: id, version: version, milliseconds: milliseconds)
    }

    /// `workflow_applied` (filing mode, labels, where it stopped, custom steps queued), which the mailbox
    /// write-back reads; none for a run the built-in pipeline would have done the same (the default workflow).
    func events(emailLogId: UUID?) -> [(type: String, dataJSON: String)] {
        guard !outcome.isPlain, let id = workflow.id, let version = workflow.version else { return [] }
        var data: [String: JSONValue] = [
            "workflow_id": .string(id.uuidString.lowercased()), "workflow_version": .number(Double(version)),
            "write_back": .string(outcome.writeBack.rawValue), "notifications": .bool(outcome.notifications),
            "labels": .array(outcome.labels.map(JSONValue.string)),
            "webhooks": .number(Double(outcome.webhooks.count)), "forwards": .number(Double(outcome.forwards.count)),
            "stopped_at": outcome.stoppedAt.map { .number(Double($0)) } ?? .null,
        ]
        if let emailLogId { data["email_log_id"] = .string(emailLogId.uuidString.lowercased()) }
        let json = (try? JSONCoding.encoder().encode(data)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return [("workflow_applied", json)]
    }

    /// The `workflow.webhook` and `workflow.forward` jobs of the steps that apply (`WorkflowJobKind`); dedupe key
    /// `wf:<email log>:<step index>`, so a step runs once per email.
    func jobs(job: ClaimedJob, message: EmailMessage, analysis: EmailAnalysis, drafted: Bool) -> [NewJob] {
        guard let id = workflow.id, let version = workflow.version, let log = job.emailLogId,
              !outcome.webhooks.isEmpty || !outcome.forwards.isEmpty else { return [] }
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        func text<Value: Encodable>(_ value: Value) -> String { (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}" }
        let key = "wf:" + log.uuidString.lowercased() + ":"
        let classification = analysis.classification
        var jobs: [NewJob] = []
        for webhook in outcome.webhooks {
            let body = WorkflowWebhookBody(
                emailLogId: log, messageId: message.messageId, from: message.from.email, subject: message.subject, receivedAt: message.receivedAt,
                category: classification.category.rawValue, subcategory: classification.subcategory, urgency: classification.urgency.rawValue,
                confidence: (classification.confidence * 100).rounded() / 100, status: analysis.finalStatus, drafted: drafted, workflowId: id, workflowVersion: version)
            let payload = WorkflowWebhookPayload(
                emailLogId: log, clientId: job.clientId, workflowId: id, workflowVersion: version, stepIndex: webhook.index, step: webhook.step, body: body)
            jobs.append(NewJob(
                kind: WorkflowJobKind.webhook, payloadJSON: text(payload), dedupeKey: key + String(webhook.index), clientId: job.clientId,
                maxAttempts: webhook.step.retries + 1))
        }
        for forward in outcome.forwards {
            let payload = WorkflowForwardPayload(
                emailLogId: log, clientId: job.clientId, workflowId: id, workflowVersion: version, stepIndex: forward.index, address: forward.step.address,
                messageId: message.messageId, from: message.from.email, subject: message.subject)
            jobs.append(NewJob(kind: WorkflowJobKind.forward, payloadJSON: text(payload), dedupeKey: key + String(forward.index), clientId: job.clientId))
        }
        return jobs
    }
}
