import FloWorxCore
import FloWorxIntegrations
import FloWorxStore
import Foundation
import Logging

/// What the mailbox jobs share: repositories, tokens, clients and settings.
struct MailboxServices: Sendable {
    let mailboxes: MailboxRepository
    let ledger: MailboxLedger
    let labels: MailboxLabels
    let integrations: IntegrationRepository
    let ingest: EmailIngestRepository
    let queue: JobQueue
    let tokens: MailboxTokens
    let database: ServiceDatabase
    let configuration: MailboxConfiguration
    let logger: Logger

    /// Takes `cost` units of the mailbox's shared budget, or postpones the job until the budget allows it.
    func spend(_ mailbox: MailboxState, _ cost: Double) async throws {
        let gmail = mailbox.provider == "gmail"
        let wait = try await mailboxes.takeBudget(
            mailbox.integrationId, cost: cost,
            rate: gmail ? configuration.gmailUnitsPerSecond : configuration.graphRequestsPerSecond,
            burst: gmail ? configuration.gmailBurst : configuration.graphBurst
        )
        if wait > 0 { throw JobError(.postpone(.milliseconds(Int64(wait * 1000) + 50)), "mailbox budget spent; waiting \(wait)s") }
    }

    /// A throttled answer pauses every call to the mailbox (all processes) for its Retry-After.
    func throttled(_ mailbox: MailboxState, _ error: MailProviderError) async throws -> JobError {
        if error.kind == .rateLimited {
            let wait = error.retryAfter ?? .seconds(30)
            try await mailboxes.pauseCalls(mailbox.integrationId, until: Date().addingTimeInterval(Double(wait.components.seconds) + 1), reason: error.description)
        }
        return error.jobError
    }

    /// Queues a sync of the mailbox (deduplicated: at most one waits).
    func queueSync(_ mailbox: MailboxState, after delay: Duration? = nil) async throws {
        try await queue.enqueue([NewJob(
            kind: MailboxJobKind.sync, payloadJSON: "{}", dedupeKey: mailbox.integrationId.uuidString.lowercased(),
            integrationId: mailbox.integrationId, clientId: mailbox.clientId,
            runAt: delay.map { Date().addingTimeInterval(Double($0.components.seconds)) }
        )])
    }

    /// A message FloWorx cannot take (it does not parse, or is over the size limit) is recorded as skipped, with an
    /// `error_logs` row naming it, so one bad message never holds the mailbox's checkpoint back.
    func skip(_ mailbox: MailboxState, _ providerId: String, reason: String) async throws {
        try await ledger.record(mailbox.integrationId, messageId: providerId, effect: "skipped", providerRef: nil, detailJSON: jsonObject(["reason": reason]))
        try await integrations.recordError(
            clientId: mailbox.clientId, type: "mailbox_message_skipped", message: "message \(providerId) in \(mailbox.address ?? "the mailbox") was not processed: \(reason)",
            severity: "low", contextJSON: jsonObject(["integration_id": mailbox.integrationId.uuidString.lowercased(), "message_id": providerId])
        )
    }

    /// Ingests one fetched message (idempotent on client and provider message id), keeping the provider's ids.
    func ingest(_ mailbox: MailboxState, raw: [UInt8], providerId: String, threadId: String?, provider: EmailMessage.Provider, receivedAt: Date?) async throws {
        var message: EmailMessage
        do {
            message = try EmailMessage(mime: raw, fallbackMessageId: providerId, fallbackDate: receivedAt ?? Date())
        } catch {
            return try await skip(mailbox, providerId, reason: "it does not parse as an email (\(error.code))")
        }
        message.provider = provider
        message.messageId = providerId
        if let threadId { message.threadId = threadId }
        if let receivedAt { message.receivedAt = receivedAt }
        let json = String(decoding: try JSONCoding.encoder().encode(message), as: UTF8.self)
        _ = try await ingest.ingest([NewEmail(
            clientId: mailbox.clientId, messageId: providerId, fromEmail: message.from.email,
            toEmail: message.to.first?.email ?? message.cc.first?.email ?? mailbox.address ?? "", subject: message.subject, body: message.text,
            emailDataJSON: json, priority: 1, integrationId: mailbox.integrationId
        )])
    }
}

/// The kinds of mailbox jobs on `floworx.jobs`.
public enum MailboxJobKind {
    /// Fetch new mail from the checkpoint (or resync after it expired). Dedupe key: the integration id.
    public static let sync = "mailbox.sync"
    /// Write labels or folders and the reply draft of one processed email. Dedupe key: the email log id.
    public static let apply = "mailbox.apply"
    /// Renew the Gmail watch or Graph subscription. Dedupe key: the integration id.
    public static let renew = "mailbox.renew"
    /// Outlook: read what the owner did (moves between FloWorx folders, sent drafts). Dedupe key: the integration id.
    public static let owner = "mailbox.owner"
    public static let all = [sync, apply, renew, owner]
}
