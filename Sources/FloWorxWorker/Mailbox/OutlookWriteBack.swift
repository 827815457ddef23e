import FloWorxCore
import FloWorxIntegrations
import FloWorxStore
import Foundation
import Logging

/// Outlook write-back of one processed email: filed into the category's child folder of the Inbox (created on first
/// use, recreated when deleted) or tagged with an Outlook category, and the reply draft made with `createReply`
/// (the text above the quoted original) without leaving the original read. Ledger first, as for Gmail; a
/// `draft_started` row before `createReply` lets a retry after a crash find the draft instead of making a second.
struct OutlookWriteBack: Sendable {
    let services: MailboxServices

    func run(_ mailbox: MailboxState, _ payload: ApplyPayload) async throws {
        guard let outcome = try await EmailOutcome.load(payload.emailLogId, database: services.database) else { return }
        do {
            // The workflow's write-back mode: off, or labels (categories) / folders instead of the configured filing.
            let path = outcome.category.flatMap { outcome.files ? ApplyPayload.path(category: $0, subcategory: outcome.subcategory) : nil }
            if !outcome.labels.isEmpty {
                // The workflow's addLabel steps are Outlook categories, added to the message's own (with the category
                // path in the same PATCH when filing is by category). Before any move: a PATCH keeps the message id.
                guard try await label(mailbox, payload, labels: outcome.labels, filing: isCategoryFiling(outcome.writeBack) ? path : nil) else { return }
            }
            if let path {
                try await file(mailbox, payload, path: path, mode: outcome.writeBack)
            }
            if let text = outcome.draftText {
                try await draft(mailbox, payload, text: text, threadId: payload.threadId ?? payload.messageId)
            }
        } catch let error as MailProviderError {
            throw try await services.throttled(mailbox, error)
        }
    }

    /// Whether the email is filed by Outlook category (the workflow's `labels` mode, or `auto` with category filing
    /// configured) rather than by folder.
    func isCategoryFiling(_ mode: String?) -> Bool {
        mode == "labels" || (mode != "folders" && services.configuration.outlookFiling == .categories)
    }

    /// Adds `labels` (and the category `filing` path, unless already filed) to the message's Outlook categories: the
    /// message's categories are read and the union written with one PATCH (`categories` replaces the whole list), so
    /// the owner's own categories stay; a retry writes the same list again. A category path included is recorded
    /// `filed`. Graph refusing the categories (400) is recorded as the step's failure (`workflow_step_failed`, the
    /// version's error count) and the rest of the write-back goes on. Returns false when the message is gone.
    func label(_ mailbox: MailboxState, _ payload: ApplyPayload, labels: [String], filing path: String?) async throws -> Bool {
        let ledger = services.ledger, graph = services.configuration.graph
        var wanted = labels
        var files = false
        if let path, try await ledger.effect(mailbox.integrationId, messageId: payload.messageId, effect: "filed") == nil {
            wanted.insert(path, at: 0)
            files = true
        }
        do {
            try await services.spend(mailbox, 1)
            let current = try await services.tokens.withToken(mailbox) { try await graph.message(accessToken: $0, id: payload.messageId, select: ["categories"]) }
            let existing = current.categories ?? []
            let merged = Self.union(existing, wanted)
            if merged != existing {
                try await services.spend(mailbox, 1)
                _ = try await services.tokens.withToken(mailbox) { token in
                    try await graph.updateMessage(accessToken: token, id: payload.messageId, patch: GraphMessagePatch(categories: merged))
                }
            }
        } catch let error as MailProviderError where error.kind == .notFound {
            try await ledger.record(mailbox.integrationId, messageId: payload.messageId, effect: "skipped", providerRef: nil, detailJSON: #"{"reason": "message deleted before it was labelled"}"#)
            return false
        } catch let error as MailProviderError where error.kind == .badRequest {
            try await WorkflowStepFailureRepository(database: services.database).record(
                emailLogId: payload.emailLogId, stepType: "addLabel", provider: "outlook", message: error.description)
            services.logger.warning("workflow addLabel refused by Outlook", metadata: ["integration": "\(mailbox.integrationId)", "error": "\(error)"])
            return true
        }
        if let path, files {
            try await ledger.record(mailbox.integrationId, messageId: payload.messageId, effect: "filed", providerRef: path, detailJSON: jsonObject(["path": path]))
        }
        return true
    }

    /// `existing` then each of `added` it lacks (Outlook compares category names without regard to case).
    static func union(_ existing: [String], _ added: [String]) -> [String] {
        var merged = existing
        for name in added where !merged.contains(where: { $0.caseInsensitiveCompare(name) == .orderedSame }) { merged.append(name) }
        return merged
    }

    func file(_ mailbox: MailboxState, _ payload: ApplyPayload, path: String, mode: String? = nil) async throws {
        let ledger = services.ledger, graph = services.configuration.graph
        if try await ledger.effect(mailbox.integrationId, messageId: payload.messageId, effect: "filed") != nil { return }
        if isCategoryFiling(mode) {
            try await services.spend(mailbox, 1)
            do {
                _ = try await services.tokens.withToken(mailbox) { token in
                    try await graph.updateMessage(accessToken: token, id: payload.messageId, patch: GraphMessagePatch(categories: [path]))
                }
            } catch let error as MailProviderError where error.kind == .notFound {
                try await ledger.record(mailbox.integrationId, messageId: payload.messageId, effect: "skipped", providerRef: nil, detailJSON: #"{"reason": "message deleted before it was filed"}"#)
                return
            }
            try await ledger.record(mailbox.integrationId, messageId: payload.messageId, effect: "filed", providerRef: path, detailJSON: jsonObject(["path": path]))
            return
        }
        var folderId = try await folder(mailbox, path: path, known: true)
        do {
            try await move(mailbox, payload.messageId, folderId)
        } catch let error as MailProviderError where error.kind == .notFound || error.kind == .badRequest {
            folderId = try await folder(mailbox, path: path, known: false)
            do {
                try await move(mailbox, payload.messageId, folderId)
            } catch let error as MailProviderError where error.kind == .notFound {
                try await ledger.record(mailbox.integrationId, messageId: payload.messageId, effect: "skipped", providerRef: nil, detailJSON: #"{"reason": "message deleted before it was filed"}"#)
                return
            }
        }
        try await ledger.record(mailbox.integrationId, messageId: payload.messageId, effect: "filed", providerRef: folderId, detailJSON: jsonObject(["path": path]))
    }

    private func move(_ mailbox: MailboxState, _ messageId: String, _ folderId: String) async throws {
        let graph = services.configuration.graph
        try await services.spend(mailbox, 1)
        _ = try await services.tokens.withToken(mailbox) { try await graph.move(accessToken: $0, messageId: messageId, destinationId: folderId) }
    }

    /// The folder id of a category path (`A` under the Inbox, `A/B` under `A`): stored, found by name, or created.
    func folder(_ mailbox: MailboxState, path: String, known: Bool) async throws -> String {
        let stored = try await services.labels.labels(clientId: mailbox.clientId, provider: "outlook")
        if known, let id = stored[path] { return id }
        let graph = services.configuration.graph
        var parentId = "inbox"
        var name = path
        if let slash = path.firstIndex(of: "/") {
            parentId = try await folder(mailbox, path: String(path[..<slash]), known: true)
            name = String(path[path.index(after: slash)...])
        }
        let created: GraphFolder
        do {
            try await services.spend(mailbox, 1)
            created = try await services.tokens.withToken(mailbox) { try await graph.createChildFolder(accessToken: $0, parentId: parentId, displayName: name) }
        } catch let error as MailProviderError where error.kind == .conflict {
            try await services.spend(mailbox, 1)
            let children = try await services.tokens.withToken(mailbox) { try await graph.childFolders(accessToken: $0, parentId: parentId) }
            guard let existing = children.first(where: { $0.displayName.caseInsensitiveCompare(name) == .orderedSame }) else { throw error }
            created = existing
        }
        try await services.labels.set(clientId: mailbox.clientId, provider: "outlook", path: path, id: created.id, name: created.displayName)
        return created.id
    }

    func draft(_ mailbox: MailboxState, _ payload: ApplyPayload, text: String, threadId: String) async throws {
        let ledger = services.ledger, graph = services.configuration.graph
        if try await ledger.effect(mailbox.integrationId, messageId: payload.messageId, effect: "draft") != nil { return }
        if let open = try await ledger.openDraft(mailbox.integrationId, threadId: threadId) {
            guard try await mayReplace(mailbox, open) else {
                try await ledger.closeDraft(mailbox.integrationId, draftId: open.draftId, state: "edited")
                try await ledger.record(mailbox.integrationId, messageId: payload.messageId, effect: "draft", providerRef: nil, detailJSON: #"{"skipped": "the owner edited the thread's draft"}"#)
                return
            }
        }
        // The original's read state as the first attempt saw it (createReply may mark it read).
        let wasUnread: Bool
        if let started = try await ledger.effect(mailbox.integrationId, messageId: payload.messageId, effect: "draft_started") {
            wasUnread = started == "unread"
            // An earlier attempt died after asking for the draft: adopt the draft it made, if Graph made it.
            if let made = try await madeEarlier(mailbox, threadId: threadId, text: text) {
                try await recordDraft(mailbox, payload, threadId: threadId, text: text, reply: made, wasUnread: wasUnread)
                return
            }
        } else {
            try await services.spend(mailbox, 1)
            let original = try await services.tokens.withToken(mailbox) { try await graph.message(accessToken: $0, id: payload.messageId, select: ["isRead"]) }
            wasUnread = original.isRead == false
            try await ledger.record(mailbox.integrationId, messageId: payload.messageId, effect: "draft_started", providerRef: wasUnread ? "unread" : "read")
        }
        try await services.spend(mailbox, 1)
        let reply = try await services.tokens.withToken(mailbox) { try await graph.createReply(accessToken: $0, messageId: payload.messageId, comment: text) }
        try await recordDraft(mailbox, payload, threadId: threadId, text: text, reply: reply, wasUnread: wasUnread)
    }

    private func recordDraft(_ mailbox: MailboxState, _ payload: ApplyPayload, threadId: String, text: String, reply: GraphMessage, wasUnread: Bool) async throws {
        let graph = services.configuration.graph
        try await services.ledger.recordDraft(MailboxDraft(
            integrationId: mailbox.integrationId, draftId: reply.id, threadId: threadId, replyToMessageId: payload.messageId,
            draftMessageId: nil, emailLogId: payload.emailLogId, bodyText: text, bodySHA256: GmailWriteBack.sha256(text), changeKey: reply.changeKey
        ))
        if wasUnread {
            // Creating a reply must not look like the owner read the message.
            try await services.spend(mailbox, 1)
            _ = try await services.tokens.withToken(mailbox) { try await graph.updateMessage(accessToken: $0, id: payload.messageId, patch: GraphMessagePatch(isRead: false)) }
        }
    }

    /// A draft in the conversation whose text begins with what FloWorx wrote (Graph's `bodyPreview` is the start of
    /// the body as text), among the newest drafts.
    private func madeEarlier(_ mailbox: MailboxState, threadId: String, text: String) async throws -> GraphMessage? {
        let graph = services.configuration.graph
        try await services.spend(mailbox, 1)
        let drafts = try await services.tokens.withToken(mailbox) { token in
            try await graph.messages(accessToken: token, folderId: "drafts", select: ["id", "changeKey", "conversationId", "bodyPreview", "isDraft"], top: 50)
        }
        let start = Self.words(text).prefix(12)
        return drafts.first { draft in
            draft.conversationId == threadId && draft.isDraft != false && Self.words(draft.bodyPreview ?? "").starts(with: start)
        }
    }

    static func words(_ text: String) -> [Substring] {
        text.split(whereSeparator: { $0.isWhitespace })
    }

    /// Whether the thread's open draft may be replaced: untouched (same changeKey) and deleted now; gone already
    /// (sent or deleted by the owner): closed.
    private func mayReplace(_ mailbox: MailboxState, _ open: MailboxDraft) async throws -> Bool {
        let graph = services.configuration.graph
        try await services.spend(mailbox, 1)
        do {
            let current = try await services.tokens.withToken(mailbox) { try await graph.message(accessToken: $0, id: open.draftId, select: ["changeKey", "isDraft"]) }
            if current.isDraft == false {
                try await services.ledger.closeDraft(mailbox.integrationId, draftId: open.draftId, state: "sent")
                return true
            }
            if let stored = open.changeKey, let now = current.changeKey, stored != now { return false }
            try await services.spend(mailbox, 1)
            try await services.tokens.withToken(mailbox) { try await graph.deleteMessage(accessToken: $0, id: open.draftId) }
        } catch let error as MailProviderError where error.kind == .notFound {
            try await services.ledger.closeDraft(mailbox.integrationId, draftId: open.draftId, state: "deleted")
        }
        return true
    }
}
