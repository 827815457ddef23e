import FloWorxCore
import FloWorxIntegrations
import FloWorxStore
import Foundation
import Logging

/// What the owner did in Outlook that FloWorx learns from, read by the periodic `mailbox.owner` job (Graph does not
/// notify on moves between child folders, and the Inbox subscription does not see them):
/// - a reply sent from a FloWorx draft: with immutable ids the sent copy keeps the draft's id, so each open draft is
///   looked up; no longer a draft means sent (scored against what FloWorx wrote), gone means deleted;
/// - a message moved from one FloWorx folder to another: a delta query per FloWorx folder, from its stored link; a
///   message FloWorx filed elsewhere that shows up in it is a correction.
struct OutlookOwnerActions: Sendable {
    let services: MailboxServices

    func run(_ mailbox: MailboxState) async throws {
        do {
            try await sentReplies(mailbox)
            try await sentItems(mailbox)
            if services.configuration.outlookFiling == .folders { try await folderMoves(mailbox) }
        } catch let error as MailProviderError {
            throw try await services.throttled(mailbox, error)
        }
    }

    func sentReplies(_ mailbox: MailboxState) async throws {
        let graph = services.configuration.graph
        for draft in try await services.ledger.openDrafts(mailbox.integrationId) {
            try await services.spend(mailbox, 1)
            let current: GraphMessage
            do {
                current = try await services.tokens.withToken(mailbox) { try await graph.message(accessToken: $0, id: draft.draftId, select: ["isDraft"]) }
            } catch let error as MailProviderError where error.kind == .notFound {
                try await services.ledger.closeDraft(mailbox.integrationId, draftId: draft.draftId, state: "deleted")
                continue
            }
            guard current.isDraft == false else { continue }
            try await services.spend(mailbox, 1)
            let raw = try await services.tokens.withToken(mailbox) { try await graph.mime(accessToken: $0, messageId: draft.draftId) }
            let text = (try? EmailMessage(mime: Array(raw), fallbackMessageId: draft.draftId, fallbackDate: Date()))?.text ?? ""
            try await services.recordSent(mailbox, draft: draft, sentText: text, provider: "outlook")
        }
    }

    /// Replies the owner wrote in Outlook itself (not from a FloWorx draft) answer the SLA timers of their
    /// conversations: a delta query on Sent Items. The first round only records where Sent Items stands, so mail sent
    /// before FloWorx looked answers nothing.
    func sentItems(_ mailbox: MailboxState) async throws {
        let graph = services.configuration.graph, cursors = MailboxFolderCursors(database: services.database)
        let folder = "sentitems"
        let link = try await cursors.link(mailbox.integrationId, folderId: folder)
        try await services.spend(mailbox, 1)
        var page = try await services.tokens.withToken(mailbox) { token in
            if let link { return try await graph.delta(accessToken: token, link: link) }
            return try await graph.startDelta(accessToken: token, folderId: folder)
        }
        var conversations = Set<String>()
        while true {
            if link != nil {
                for message in page.messages where message.isDraft != true { if let id = message.conversationId { conversations.insert(id) } }
            }
            guard let next = page.nextLink else { break }
            try await services.spend(mailbox, 1)
            page = try await services.tokens.withToken(mailbox) { try await graph.delta(accessToken: $0, link: next) }
        }
        if !conversations.isEmpty {
            _ = try await SLATimerRepository(database: services.database).markAnswered(clientId: mailbox.clientId, threadIds: conversations.sorted())
        }
        if let deltaLink = page.deltaLink { try await cursors.set(mailbox.integrationId, folderId: folder, link: deltaLink) }
    }

    func folderMoves(_ mailbox: MailboxState) async throws {
        let folders = try await services.labels.labels(clientId: mailbox.clientId, provider: "outlook")
        let paths = Dictionary(folders.map { ($0.value, $0.key) }, uniquingKeysWith: { a, _ in a })
        for (folderId, path) in paths.sorted(by: { $0.value < $1.value }) {
            do {
                try await read(mailbox, folderId: folderId, path: path, floworxFolders: paths)
            } catch let error as MailProviderError where error.kind == .notFound || error.kind == .gone {
                // The owner deleted the folder (write-back recreates it when needed), or its delta state expired.
                try await MailboxFolderCursors(database: services.database).remove(mailbox.integrationId, folderId: folderId)
            }
        }
    }

    /// One delta round on a FloWorx folder; the link is stored only after every move in it was recorded.
    private func read(_ mailbox: MailboxState, folderId: String, path: String, floworxFolders: [String: String]) async throws {
        let graph = services.configuration.graph, cursors = MailboxFolderCursors(database: services.database)
        let link = try await cursors.link(mailbox.integrationId, folderId: folderId)
        try await services.spend(mailbox, 1)
        var page = try await services.tokens.withToken(mailbox) { token in
            if let link { return try await graph.delta(accessToken: token, link: link) }
            return try await graph.startDelta(accessToken: token, folderId: folderId)
        }
        while true {
            for message in page.messages where message.isDraft != true {
                guard let filed = try await services.ledger.effect(mailbox.integrationId, messageId: message.id, effect: "filed"),
                      let before = filed, before != folderId, floworxFolders[before] != nil else { continue }
                try await services.recordMove(mailbox, messageId: message.id, to: folderId, path: path)
            }
            guard let next = page.nextLink else { break }
            try await services.spend(mailbox, 1)
            page = try await services.tokens.withToken(mailbox) { try await graph.delta(accessToken: $0, link: next) }
        }
        if let deltaLink = page.deltaLink { try await cursors.set(mailbox.integrationId, folderId: folderId, link: deltaLink) }
    }
}
