import FloWorxCore
import FloWorxStore
import Foundation

/// Runs `workflow.forward` jobs: forwards the processed email to the step's address through the notification outbox
/// (a `forward` row on `floworx.notifications`), so it goes out over the configured SMTP sender with the original
/// attached, the loop-guard headers, the per-recipient rate limit and the outbox's retries, like a rule's forward.
///
/// The outbox row's dedupe key is the job's (`wf:<email_log_id>:<step_index>`): a retried job never forwards twice.
/// A forward to an address the email was sent to, or to its sender, is recorded as skipped (it would loop).
public struct WorkflowForwardHandler: JobHandler {
    let repository: WorkflowForwardRepository

    public init(repository: WorkflowForwardRepository) {
        self.repository = repository
    }

    public var kinds: [String] { [WorkflowJobKind.forward] }

    public func run(_ job: ServiceJob) async throws {
        guard let payload = try? JSONCoding.decoder().decode(WorkflowForwardPayload.self, from: Data(job.payloadJSON.utf8)) else {
            throw JobError(.fail, "the job's payload is not a workflow forward payload")
        }
        guard let message = try await repository.email(payload.emailLogId, clientId: payload.clientId) else {
            throw JobError(.fail, "the email to forward no longer exists")
        }
        let recipient = payload.address.lowercased()
        var skip: String?
        if (message.to + message.cc).contains(where: { $0.email.lowercased() == recipient }) {
            skip = "the email was sent to \(recipient); forwarding it there would loop"
        } else if message.from.email.lowercased() == recipient {
            skip = "\(recipient) wrote the email"
        }
        let content: [String: JSONValue] = [
            "kind": .string(NotificationKind.forward.rawValue),
            "email_log_id": .string(payload.emailLogId.uuidString.lowercased()),
            "sender": .string(message.from.email),
            "subject": .string(TriageRedactor.redact(String(message.subject.prefix(300))).text),
            "first_lines": .string(AlertContent.firstLines(of: message.text)),
            "received_at": .string(ISO8601.format(message.receivedAt)),
            "reasons": .array([.string("workflow step \(payload.stepIndex + 1) (version \(payload.workflowVersion))")]),
            "original": .object(AlertContent.original(of: message)),
        ]
        let json = String(decoding: try JSONCoding.encoder().encode(content), as: UTF8.self)
        try await repository.queue(
            clientId: payload.clientId, emailLogId: payload.emailLogId, recipient: recipient,
            dedupeKey: "wf:\(payload.emailLogId.uuidString.lowercased()):\(payload.stepIndex)", contentJSON: json, skipReason: skip)
    }
}
