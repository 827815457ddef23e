import Crypto
import FloWorxCore
import FloWorxIntegrations
import FloWorxStore
import Foundation
import Logging

/// Gmail write-back of one processed email: its category label (the business's label tree, created on first use
/// and recreated when deleted) and the reply draft in the same thread. Every effect is looked up in the ledger
/// first and recorded after, so a retry, a redelivery or a crashed worker never labels twice or drafts twice.
struct GmailWriteBack: Sendable {
    let services: MailboxServices
    typealias Units = GmailSync.Units

    func run(_ mailbox: MailboxState, _ payload: ApplyPayload, attempt: Int) async throws {
        guard let outcome = try await EmailOutcome.load(payload.emailLogId, database: services.database) else { return }
        do {
            // The workflow's write-back mode may turn filing off; its addLabel labels go on in the same call.
            let category = outcome.category.flatMap { outcome.files ? ApplyPayload.path(category: $0, subcategory: outcome.subcategory) : nil }
            if let path = category ?? outcome.labels.first {
                try await file(mailbox, payload, path: path, extra: category == nil ? Array(outcome.labels.dropFirst()) : outcome.labels)
            }
            if let text = outcome.draftText, let threadId = payload.threadId {
                try await draft(mailbox, payload, text: text, threadId: threadId, attempt: attempt)
            }
        } catch let error as MailProviderError {
            throw try await services.throttled(mailbox, error)
        }
    }

    // MARK: Labels

    func file(_ mailbox: MailboxState, _ payload: ApplyPayload, path: String, extra: [String] = []) async throws {
        let ledger = services.ledger
        if try await ledger.effect(mailbox.integrationId, messageId: payload.messageId, effect: "filed") != nil { return }
        if try await services.labels.labels(clientId: mailbox.clientId, provider: "gmail").isEmpty, try await provision(mailbox),
           services.configuration.gmailTopic != nil {
            try await announceLabels(mailbox)
        }
        var labelId = try await label(mailbox, path: path, known: true)
        var extraIds: [String] = []
        for name in extra where name != path {
            do {
                extraIds.append(try await label(mailbox, path: name, known: true))
            } catch let error as MailProviderError where error.kind == .badRequest {
                // Gmail refused a workflow addLabel label (a reserved or invalid name): recorded as the step's
                // failure, counted on the version, and the email still gets its other labels.
                try await WorkflowStepFailureRepository(database: services.database).record(
                    emailLogId: payload.emailLogId, stepType: "addLabel", provider: "gmail", message: error.description)
            }
        }
        do {
            try await modify(mailbox, payload.messageId, [labelId] + extraIds)
        } catch let error as MailProviderError where error.kind == .notFound || error.kind == .badRequest {
            // The label was deleted in the mailbox (or the message was): recreate the label and try once more.
            labelId = try await label(mailbox, path: path, known: false)
            do {
                try await modify(mailbox, payload.messageId, [labelId] + extraIds)
            } catch let error as MailProviderError where error.kind == .notFound {
                try await ledger.record(mailbox.integrationId, messageId: payload.messageId, effect: "skipped", providerRef: nil, detailJSON: #"{"reason": "message deleted before it was labelled"}"#)
                return
            }
        }
        try await ledger.record(mailbox.integrationId, messageId: payload.messageId, effect: "filed", providerRef: labelId, detailJSON: jsonObject(["path": path]))
    }

    private func modify(_ mailbox: MailboxState, _ messageId: String, _ labelIds: [String]) async throws {
        try await services.spend(mailbox, Units.modify)
        let gmail = services.configuration.gmail
        _ = try await services.tokens.withToken(mailbox) { try await gmail.modify(accessToken: $0, id: messageId, addLabelIds: labelIds) }
    }

    /// Creates the business's whole label tree (`LabelTree`) where it is missing; true when any label was made.
    /// Run before the Gmail watch (so the watch leaves all of them out) and on the first write-back.
    @discardableResult
    func provision(_ mailbox: MailboxState) async throws -> Bool {
        let profiles = try await ProfileRepository(database: services.database, logger: services.logger).profiles([mailbox.clientId])
        guard let profile = profiles[mailbox.clientId] else { return false }
        let stored = Set(try await services.labels.labels(clientId: mailbox.clientId, provider: "gmail").keys.map { $0.lowercased() })
        var made = false
        for path in LabelTree.paths(profile) where !stored.contains(path.lowercased()) {
            _ = try await label(mailbox, path: path, known: true, announce: false)
            made = true
        }
        return made
    }

    /// The label id of a category path: the stored one (when `known`), else found by name or created, and stored.
    /// `announce`: a new label queues a label-only renewal of the watch, so it joins the watch's filter.
    func label(_ mailbox: MailboxState, path: String, known: Bool, announce: Bool = true) async throws -> String {
        let stored = try await services.labels.labels(clientId: mailbox.clientId, provider: "gmail")
        if known, let id = stored[path] { return id }
        let gmail = services.configuration.gmail
        // Gmail nests `A/B` under `A`: make the parent first so the tree shows in the owner's sidebar.
        if let slash = path.firstIndex(of: "/") {
            let parent = String(path[..<slash])
            if stored[parent] == nil { _ = try await label(mailbox, path: parent, known: true, announce: announce) }
        }
        try await services.spend(mailbox, Units.labelsCreate)
        let created: GmailLabel
        do {
            created = try await services.tokens.withToken(mailbox) { try await gmail.createLabel(accessToken: $0, name: path) }
        } catch let error as MailProviderError where error.kind == .conflict {
            // It exists (made by hand, or by a worker that crashed before storing it): adopt it.
            try await services.spend(mailbox, Units.labelsList)
            let all = try await services.tokens.withToken(mailbox) { try await gmail.labels(accessToken: $0) }
            guard let existing = all.first(where: { $0.name.caseInsensitiveCompare(path) == .orderedSame }) else { throw error }
            created = existing
        }
        try await services.labels.set(clientId: mailbox.clientId, provider: "gmail", path: path, id: created.id, name: created.name)
        if announce && services.configuration.gmailTopic != nil {
            // The watch filters out FloWorx's own labels: renew it so the new one is left out too.
            try await announceLabels(mailbox)
        }
        return created.id
    }

    /// Queues a label-only renewal of the watch.
    private func announceLabels(_ mailbox: MailboxState) async throws {
        try await services.queue.enqueue([NewJob(
            kind: MailboxJobKind.renew, payloadJSON: #"{"reason": "labels"}"#, dedupeKey: mailbox.integrationId.uuidString.lowercased(),
            integrationId: mailbox.integrationId, clientId: mailbox.clientId, maxAttempts: 5
        )])
    }

    // MARK: Drafts

    func draft(_ mailbox: MailboxState, _ payload: ApplyPayload, text: String, threadId: String, attempt: Int) async throws {
        let ledger = services.ledger
        if try await ledger.effect(mailbox.integrationId, messageId: payload.messageId, effect: "draft") != nil { return }
        let gmail = services.configuration.gmail
        if let open = try await ledger.openDraft(mailbox.integrationId, threadId: threadId) {
            guard try await mayReplace(mailbox, open) else {
                // The owner edited FloWorx's draft: theirs stands, no second draft in the thread.
                try await ledger.closeDraft(mailbox.integrationId, draftId: open.draftId, state: "edited")
                try await ledger.record(mailbox.integrationId, messageId: payload.messageId, effect: "draft", providerRef: nil, detailJSON: #"{"skipped": "the owner edited the thread's draft"}"#)
                return
            }
        }
        if attempt > 1, let existing = try await orphan(mailbox, threadId: threadId, emailLogId: payload.emailLogId) {
            // A previous attempt created the draft and died before recording it.
            try await ledger.recordDraft(MailboxDraft(
                integrationId: mailbox.integrationId, draftId: existing.id, threadId: threadId, replyToMessageId: payload.messageId,
                draftMessageId: existing.messageId, emailLogId: payload.emailLogId, bodyText: text, bodySHA256: Self.sha256(text), changeKey: nil
            ))
            return
        }
        let raw = try MailboxReply.mime(from: mailbox.address, payload: payload, text: text)
        try await services.spend(mailbox, Units.draftCreate)
        let created = try await services.tokens.withToken(mailbox) { try await gmail.createDraft(accessToken: $0, raw: raw, threadId: threadId) }
        try await ledger.recordDraft(MailboxDraft(
            integrationId: mailbox.integrationId, draftId: created.id, threadId: threadId, replyToMessageId: payload.messageId,
            draftMessageId: created.messageId, emailLogId: payload.emailLogId, bodyText: text, bodySHA256: Self.sha256(text), changeKey: nil
        ))
    }

    /// Whether the thread's open FloWorx draft may be replaced: it still exists untouched (Gmail gives an edited draft
    /// a new message id) and is deleted now; a draft already gone (sent or deleted by the owner) is closed.
    private func mayReplace(_ mailbox: MailboxState, _ open: MailboxDraft) async throws -> Bool {
        let gmail = services.configuration.gmail
        try await services.spend(mailbox, Units.draftGet)
        do {
            let current = try await services.tokens.withToken(mailbox) { try await gmail.draft(accessToken: $0, id: open.draftId, format: "minimal") }
            if let stored = open.draftMessageId, let now = current.messageId, stored != now { return false }
            try await services.spend(mailbox, Units.draftDelete)
            try await services.tokens.withToken(mailbox) { try await gmail.deleteDraft(accessToken: $0, id: open.draftId) }
        } catch let error as MailProviderError where error.kind == .notFound {
            try await services.ledger.closeDraft(mailbox.integrationId, draftId: open.draftId, state: "deleted")
        }
        return true
    }

    /// A draft of this thread that carries this email's FloWorx header (made by an attempt that crashed).
    private func orphan(_ mailbox: MailboxState, threadId: String, emailLogId: UUID) async throws -> GmailDraft? {
        let gmail = services.configuration.gmail
        try await services.spend(mailbox, Units.labelsList)
        let list = try await services.tokens.withToken(mailbox) { try await gmail.drafts(accessToken: $0, maxResults: 100) }
        for candidate in list.drafts where candidate.threadId == nil || candidate.threadId == threadId {
            try await services.spend(mailbox, Units.draftGet)
            let full = try await services.tokens.withToken(mailbox) { try await gmail.draft(accessToken: $0, id: candidate.id, format: "raw") }
            guard full.threadId == nil || full.threadId == threadId, let raw = full.raw else { continue }
            if String(decoding: raw.prefix(8192), as: UTF8.self).contains(MailboxReply.marker(emailLogId)) { return full }
        }
        return nil
    }

    static func sha256(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

/// A JSON object of strings, for ledger details.
func jsonObject(_ fields: [String: String]) -> String {
    (try? JSONEncoder().encode(fields)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
}
