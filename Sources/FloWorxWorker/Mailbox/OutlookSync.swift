import FloWorxCore
import FloWorxIntegrations
import FloWorxStore
import Foundation
import Logging

/// Outlook sync: Graph delta on the Inbox from the stored `@odata.deltaLink`, following `@odata.nextLink`; each new
/// message fetched as MIME (`/messages/{id}/$value`) and queued once, with the conversation id as its thread. The
/// delta link is stored only after the whole round was queued. An expired delta state (410) starts a new round
/// that backfills from the last sync.
struct OutlookSync: Sendable {
    let services: MailboxServices

    func run(_ mailbox: MailboxState) async throws {
        do {
            do {
                try await round(mailbox)
            } catch let error as MailProviderError where error.kind == .gone {
                services.logger.warning("graph delta state expired; resyncing", metadata: ["integration": "\(mailbox.integrationId)"])
                try await services.mailboxes.markResync(mailbox.integrationId, fallback: mailbox.lastSyncAt ?? Date().addingTimeInterval(-86_400))
                guard let fresh = try await services.mailboxes.mailbox(mailbox.integrationId) else { return }
                try await round(fresh, restart: true)
            }
        } catch let error as MailProviderError {
            throw try await services.throttled(mailbox, error)
        }
    }

    /// One delta round. A first round (no link) or a restart enumerates the Inbox: only mail received since the
    /// resync point (or the backfill window) is queued.
    func round(_ mailbox: MailboxState, restart: Bool = false) async throws {
        let graph = services.configuration.graph
        let link = restart ? nil : mailbox.checkpoint
        let cutoff: Date? = link == nil
            ? (mailbox.resyncFrom ?? Date().addingTimeInterval(-Double(services.configuration.backfillWindow.components.seconds))).addingTimeInterval(-60)
            : nil
        try await services.spend(mailbox, 1)
        var page = try await services.tokens.withToken(mailbox) { token in
            if let link { return try await graph.delta(accessToken: token, link: link) }
            return try await graph.startDelta(accessToken: token)
        }
        while true {
            try await fetch(mailbox, page.messages, cutoff: cutoff)
            guard let next = page.nextLink else { break }
            try await services.spend(mailbox, 1)
            page = try await services.tokens.withToken(mailbox) { try await graph.delta(accessToken: $0, link: next) }
        }
        guard let deltaLink = page.deltaLink else {
            throw MailProviderError(kind: .invalidResponse, provider: .graph, operation: "message.delta", message: "the last delta page has no @odata.deltaLink")
        }
        let moved = try await services.mailboxes.advance(mailbox.integrationId, checkpoint: deltaLink, seq: mailbox.checkpointSeq + 1, resyncDone: link == nil)
        if !moved { try await services.mailboxes.touched(mailbox.integrationId) }
    }

    /// Queues the messages not seen before (delta also reports changes to known ones), skipping those received
    /// before `cutoff`; a message deleted meanwhile is skipped and recorded.
    func fetch(_ mailbox: MailboxState, _ messages: [GraphMessage], cutoff: Date?) async throws {
        let graph = services.configuration.graph
        let candidates = messages.filter { message in
            guard message.isDraft != true else { return false }
            guard let cutoff, let received = message.receivedAt else { return true }
            return received >= cutoff
        }
        let known = try await services.ingest.known(clientId: mailbox.clientId, messageIds: candidates.map(\.id))
        for message in candidates where !known.contains(message.id) {
            if try await services.ledger.effect(mailbox.integrationId, messageId: message.id, effect: "skipped") != nil { continue }
            try await services.spend(mailbox, 1)
            do {
                let raw = try await services.tokens.withToken(mailbox) { try await graph.mime(accessToken: $0, messageId: message.id) }
                try await services.ingest(mailbox, raw: Array(raw), providerId: message.id, threadId: message.conversationId, provider: .outlook, receivedAt: message.receivedAt)
            } catch let error as MailProviderError where error.kind == .tooLarge {
                try await services.skip(mailbox, message.id, reason: "it is larger than the configured maximum response size")
            } catch let error as MailProviderError where error.kind == .notFound {
                try await services.ledger.record(mailbox.integrationId, messageId: message.id, effect: "skipped", providerRef: nil, detailJSON: #"{"reason": "deleted before it was fetched"}"#)
            }
        }
    }
}
