import FloWorxCore
import FloWorxIntegrations
import FloWorxStore
import Foundation
import Logging

/// What the owner did in Gmail that FloWorx learns from: a reply sent from a FloWorx draft (how much of the draft
/// survived: the draft-quality metric) and a message moved to another FloWorx label (a classification correction).
struct GmailOwnerActions: Sendable {
    let services: MailboxServices

    /// Scores each sent message of a thread that holds an open FloWorx draft, and closes that draft as sent.
    func sentReplies(_ mailbox: MailboxState, _ refs: [GmailMessageRef]) async throws {
        guard !refs.isEmpty else { return }
        // Any message the owner sent in a thread answers the SLA timers of the customer emails in it, drafted or not.
        try await SLATimerRepository(database: services.database).markAnswered(clientId: mailbox.clientId, threadIds: refs.compactMap(\.threadId))
        let open = Dictionary(try await services.ledger.openDrafts(mailbox.integrationId).map { ($0.threadId, $0) }, uniquingKeysWith: { a, _ in a })
        let gmail = services.configuration.gmail
        for ref in refs {
            guard let thread = ref.threadId, let draft = open[thread] else { continue }
            try await services.spend(mailbox, GmailSync.Units.get)
            let message: GmailRawMessage
            do {
                message = try await services.tokens.withToken(mailbox) { try await gmail.rawMessage(accessToken: $0, id: ref.id) }
            } catch let error as MailProviderError where error.kind == .notFound {
                continue
            }
            let text = (try? EmailMessage(mime: Array(message.raw), fallbackMessageId: ref.id, fallbackDate: Date()))?.text ?? ""
            try await services.recordSent(mailbox, draft: draft, sentText: text, provider: "gmail")
        }
    }

    /// A FloWorx label added by the owner to a message FloWorx filed under another one is a correction.
    func labelMoves(_ mailbox: MailboxState, _ changes: [GmailHistoryLabelChange]) async throws {
        guard !changes.isEmpty else { return }
        let paths = Dictionary(try await services.labels.labels(clientId: mailbox.clientId, provider: "gmail").map { ($0.value, $0.key) }, uniquingKeysWith: { a, _ in a })
        for change in changes {
            guard let (labelId, path) = change.labelIds.compactMap({ id in paths[id].map { (id, $0) } }).first else { continue }
            // FloWorx's own labelling shows in history too: only a label other than the one FloWorx applied counts.
            guard let filed = try await services.ledger.effect(mailbox.integrationId, messageId: change.message.id, effect: "filed"),
                  let applied = filed, applied != labelId else { continue }
            try await services.recordMove(mailbox, messageId: change.message.id, to: labelId, path: path)
        }
    }
}
