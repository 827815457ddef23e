import FloWorxCore
import FloWorxStore
import Foundation

extension MailboxServices {
    /// The owner sent a reply that began as a FloWorx draft: closes the draft as sent and records how much of it
    /// survived (the draft-quality metric and a `draft_sent` event), and answers the email's SLA timer.
    func recordSent(_ mailbox: MailboxState, draft: MailboxDraft, sentText: String, provider: String) async throws {
        let similarity = DraftSimilarity.ratio(draft: draft.bodyText, sent: sentText)
        try await ledger.closeDraft(mailbox.integrationId, draftId: draft.draftId, state: "sent", similarity: similarity)
        try await integrations.recordMetric(clientId: mailbox.clientId, type: "draft_similarity", value: (similarity * 100).rounded() / 100)
        try await integrations.recordEvent(clientId: mailbox.clientId, type: "draft_sent", dataJSON: jsonObject([
            "email_log_id": draft.emailLogId?.uuidString.lowercased() ?? "", "similarity": String(format: "%.2f", similarity), "provider": provider,
        ]))
        // The reply stops the email's first-response (SLA) timer.
        if let log = draft.emailLogId { try await SLATimerRepository(database: database).markAnswered(clientId: mailbox.clientId, emailLogId: log, by: .mailbox) }
    }

    /// The owner moved a message FloWorx filed to another FloWorx label or folder (`path`): a correction of its
    /// category, recorded once (the ledger then points at where it is now).
    func recordMove(_ mailbox: MailboxState, messageId: String, to providerRef: String, path: String) async throws {
        guard let log = try await integrations.emailLogId(clientId: mailbox.clientId, messageId: messageId) else { return }
        let category = String(path.split(separator: "/").first ?? Substring(path))
        _ = try await CorrectionRepository(database: database).record(clientId: mailbox.clientId, emailLogId: log, category: category, source: .mailbox)
        try await ledger.refile(mailbox.integrationId, messageId: messageId, providerRef: providerRef)
    }
}
