import FloWorxCore
import FloWorxIntegrations
import FloWorxStore
import Foundation
import Logging

/// Gmail sync: `users.history.list` from the stored historyId, following pages; each added Inbox message fetched
/// with `format=raw` and queued once. The checkpoint moves only after every message up to it was queued, and only
/// forward. An expired historyId (404) is followed by a bounded resync of the gap with `messages.list`.
struct GmailSync: Sendable {
    let services: MailboxServices

    /// Quota units per Gmail method (Google's published costs).
    enum Units {
        static let history = 2.0, get = 5.0, list = 5.0, profile = 1.0, modify = 5.0, draftCreate = 10.0, draftGet = 5.0,
                   draftDelete = 10.0, labelsCreate = 5.0, labelsList = 1.0, watch = 100.0
    }

    func run(_ mailbox: MailboxState) async throws {
        do {
            guard mailbox.checkpoint != nil, mailbox.resyncFrom == nil else { return try await resync(mailbox) }
            do {
                try await incremental(mailbox)
            } catch let error as MailProviderError where error.kind == .gone {
                // The historyId is older than Gmail keeps: backfill from the last sync, never jump to "now".
                services.logger.warning("gmail history expired; resyncing", metadata: ["integration": "\(mailbox.integrationId)"])
                try await services.mailboxes.markResync(mailbox.integrationId, fallback: mailbox.lastSyncAt ?? Date().addingTimeInterval(-86_400))
                guard let fresh = try await services.mailboxes.mailbox(mailbox.integrationId) else { return }
                try await resync(fresh)
            }
        } catch let error as MailProviderError {
            throw try await services.throttled(mailbox, error)
        }
    }

    /// History since the checkpoint: new Inbox mail is queued, replies the owner sent from a FloWorx draft are
    /// scored, and moves between FloWorx labels are recorded as corrections. Then the checkpoint moves.
    func incremental(_ mailbox: MailboxState) async throws {
        let gmail = services.configuration.gmail
        let tokens = services.tokens
        guard let checkpoint = mailbox.checkpoint else { return }
        var pageToken: String?
        var inbox: [GmailMessageRef] = [], sent: [GmailMessageRef] = [], labelled: [GmailHistoryLabelChange] = []
        var latest = checkpoint
        repeat {
            try await services.spend(mailbox, Units.history)
            let page = try await tokens.withToken(mailbox) { token in
                try await gmail.history(accessToken: token, startHistoryId: checkpoint, pageToken: pageToken, historyTypes: [.messageAdded, .labelAdded])
            }
            for record in page.history {
                for added in record.messagesAdded {
                    let labels = added.message.labelIds ?? []
                    if labels.contains("DRAFT") { continue }
                    if labels.contains("SENT") { sent.append(added.message) } else if labels.isEmpty || labels.contains("INBOX") { inbox.append(added.message) }
                }
                labelled += record.labelsAdded
            }
            latest = page.historyId
            pageToken = page.nextPageToken
        } while pageToken != nil
        try await fetch(mailbox, unique(inbox))
        try await GmailOwnerActions(services: services).sentReplies(mailbox, unique(sent))
        try await GmailOwnerActions(services: services).labelMoves(mailbox, labelled)
        if let seq = Int64(latest), seq > mailbox.checkpointSeq {
            try await services.mailboxes.advance(mailbox.integrationId, checkpoint: latest, seq: seq)
        } else {
            try await services.mailboxes.touched(mailbox.integrationId)
        }
    }

    /// Lists Inbox mail since the resync point (or the backfill window on first connect), newest first, at most
    /// `maxResyncMessages`, queues each once, then takes the mailbox's current historyId read before the listing.
    func resync(_ mailbox: MailboxState) async throws {
        let gmail = services.configuration.gmail
        try await services.spend(mailbox, Units.profile)
        let profile = try await services.tokens.withToken(mailbox) { try await gmail.profile(accessToken: $0) }
        let since = mailbox.resyncFrom ?? Date().addingTimeInterval(-Double(services.configuration.backfillWindow.components.seconds))
        var refs: [GmailMessageRef] = []
        var pageToken: String?
        // A minute of overlap: `after:` has second precision and clocks differ; ingestion is idempotent.
        let query = "in:inbox after:\(Int(since.timeIntervalSince1970) - 60)"
        repeat {
            try await services.spend(mailbox, Units.list)
            let page = try await services.tokens.withToken(mailbox) { token in
                try await gmail.listMessages(accessToken: token, query: query, pageToken: pageToken, maxResults: 100)
            }
            refs += page.messages
            pageToken = page.nextPageToken
        } while pageToken != nil && refs.count < services.configuration.maxResyncMessages
        try await fetch(mailbox, Array(unique(refs).prefix(services.configuration.maxResyncMessages)))
        let seq = Int64(profile.historyId) ?? 0
        if try await !services.mailboxes.advance(mailbox.integrationId, checkpoint: profile.historyId, seq: seq, resyncDone: true) {
            try await services.mailboxes.touched(mailbox.integrationId)
        }
    }

    /// Fetches and queues messages; a message deleted meanwhile is skipped and recorded. Any other failure stops the
    /// sync before the checkpoint moves (the retry fetches again; ingestion is idempotent).
    func fetch(_ mailbox: MailboxState, _ refs: [GmailMessageRef]) async throws {
        let gmail = services.configuration.gmail
        let known = try await services.ingest.known(clientId: mailbox.clientId, messageIds: refs.map(\.id))
        for ref in refs where !known.contains(ref.id) {
            if try await services.ledger.effect(mailbox.integrationId, messageId: ref.id, effect: "skipped") != nil { continue }
            try await services.spend(mailbox, Units.get)
            do {
                let message = try await services.tokens.withToken(mailbox) { try await gmail.rawMessage(accessToken: $0, id: ref.id) }
                // Drafts and mail FloWorx or the owner sent are not inbound mail.
                if message.labelIds.contains("DRAFT") || message.labelIds.contains("SENT") { continue }
                try await services.ingest(mailbox, raw: Array(message.raw), providerId: message.id, threadId: message.threadId, provider: .gmail, receivedAt: message.receivedAt)
            } catch let error as MailProviderError where error.kind == .tooLarge {
                try await services.skip(mailbox, ref.id, reason: "it is larger than the configured maximum response size")
            } catch let error as MailProviderError where error.kind == .notFound {
                try await services.ledger.record(mailbox.integrationId, messageId: ref.id, effect: "skipped", providerRef: nil, detailJSON: #"{"reason": "deleted before it was fetched"}"#)
            }
        }
    }

    func unique(_ refs: [GmailMessageRef]) -> [GmailMessageRef] {
        var seen = Set<String>()
        return refs.filter { seen.insert($0.id).inserted }
    }
}
