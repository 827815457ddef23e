import Foundation

/// A local Gmail API v1 server for tests, benchmarks and the demo, speaking the subset FloWorx uses exactly as
/// Google's discovery document describes it (`/gmail/v1/users/{userId}/...`: profile, history, messages, labels,
/// drafts, watch, stop), with Google's error bodies, quota units, `Retry-After`, history expiry (404) and Pub/Sub
/// push delivery signed with an OIDC token. One server holds any number of mailboxes; each access token resolves
/// `me` to its mailbox. The Google OAuth endpoints of ``oauth`` are served on the same port.
///
/// The owner's own actions (mail arriving, moving a message, editing or sending a draft) are the control surface.
public actor LocalGmailServer {
    /// The settings in force.
    public nonisolated let configuration: Configuration
    /// The OAuth server issuing and checking the tokens (served on the same port).
    public nonisolated let oauth: LocalGoogleOAuth
    /// Fault injection: `faults.inject(pathPrefix: "/gmail/v1/users/me/history", status: 503)`.
    public nonisolated let faults: FaultPlan

    var mailboxes: [String: GmailMailbox] = [:]
    var pushRoutes: [String: PushRoute] = [:]
    var pushLog: [PushAttempt] = []
    var methodCalls: [String: Int] = [:]
    private var nextID: UInt64
    private var nextPubSubID: UInt64 = 1_000_000_000_000
    private var server: LocalHTTPServer?
    private var pushTasks: [Int: Task<Void, Never>] = [:]
    private var nextPushTask = 0
    private var observers: [UUID: AsyncStream<Change>.Continuation] = [:]

    /// Creates a server (not listening yet); `oauth` defaults to a new ``LocalGoogleOAuth``.
    public init(configuration: Configuration = Configuration(), oauth: LocalGoogleOAuth? = nil) throws {
        self.configuration = configuration
        self.oauth = try oauth ?? LocalGoogleOAuth()
        self.faults = FaultPlan()
        // Ids start at a time-derived value so two runs never share message ids (like Gmail's hex ids).
        self.nextID = UInt64(Date().timeIntervalSince1970 * 1000) << 16
    }

    // MARK: Lifecycle

    /// Starts listening and returns the base URL (`http://127.0.0.1:<port>`), which is the Gmail API root
    /// (pass it as the client's root URL; methods are under `/gmail/v1/`) and the OAuth server's root.
    @discardableResult
    public func start() async throws -> String {
        if let server { return "http://\(configuration.host):\(server.port)" }
        let started = try await LocalHTTPServer.start(
            host: configuration.host, port: configuration.port, label: "local-gmail"
        ) { [weak self] request in
            guard let self else { return .empty(503) }
            return await self.handle(request)
        }
        server = started
        return "http://\(configuration.host):\(started.port)"
    }

    /// The base URL while running.
    public var baseURL: String? { server.map { "http://\(configuration.host):\($0.port)" } }

    /// The OAuth and JWKS URLs while running.
    public var endpoints: Endpoints? {
        guard let root = baseURL else { return nil }
        return Endpoints(
            root: root, authorize: root + "/o/oauth2/v2/auth", token: root + "/token", revoke: root + "/revoke",
            jwks: root + "/oauth2/v3/certs")
    }

    /// Stops listening (in-flight push retries are cancelled) and waits for the server to shut down.
    public func stop() async {
        for task in pushTasks.values { task.cancel() }
        pushTasks.removeAll()
        for observer in observers.values { observer.finish() }
        observers.removeAll()
        if let server {
            self.server = nil
            await server.stop()
        }
    }

    // MARK: Mailboxes

    /// Creates a mailbox for `email` (or returns fresh tokens for an existing one) and issues its tokens.
    @discardableResult
    public func addMailbox(email: String) async -> MailboxAccess {
        if mailboxes[email] == nil {
            // Different mailboxes have different history id ranges, as in Gmail.
            let first = 1000 + UInt64(mailboxes.count) * 100_000
            mailboxes[email] = GmailMailbox(
                email: email, firstHistoryID: first, unitsPerSecond: configuration.unitsPerUserPerSecond,
                quotaWindowSeconds: configuration.quotaWindowSeconds)
        }
        let grant = await oauth.grant(email: email)
        return MailboxAccess(
            email: email, accessToken: grant.accessToken, refreshToken: grant.refreshToken,
            historyId: mailboxes[email]?.historyID ?? 0)
    }

    /// The addresses of every mailbox.
    public var mailboxEmails: [String] { mailboxes.keys.sorted() }

    /// Mail arrives: adds `raw` (RFC 5322 bytes) with `labelIds` (default INBOX, UNREAD) in `threadId` (or the thread
    /// its `In-Reply-To`/`References` and subject point to), records `messageAdded`, pushes when watched.
    /// Returns the new message id.
    @discardableResult
    public func deliver(
        to email: String, raw: Data, threadId: String? = nil, labelIds: [String] = ["INBOX", "UNREAD"], date: Date = Date()
    ) throws -> String {
        try withMailbox(email) { mailbox in
            let id = newMessageID()
            let thread = mailbox.threadFor(GmailMIME(raw), requested: threadId, newID: id)
            let message = mailbox.add(id: id, threadID: thread, raw: raw, labelIDs: labelIds, date: date)
            return message.id
        }
    }

    /// The owner deletes a message permanently (history `messageDeleted`).
    public func deleteMessage(email: String, messageId: String) throws {
        try withMailbox(email) { mailbox in
            guard mailbox.messages[messageId] != nil else { throw LocalProviderError.notFound(messageId) }
            mailbox.delete(messageID: messageId)
        }
    }

    /// The owner moves a message: adds and removes labels (ids) in one change (history `labelsAdded`/`labelsRemoved`).
    public func moveToLabel(email: String, messageId: String, add: [String], remove: [String] = []) throws {
        try withMailbox(email) { mailbox in
            guard mailbox.messages[messageId] != nil else { throw LocalProviderError.notFound(messageId) }
            for label in add + remove where mailbox.labels[label] == nil { throw LocalProviderError.notFound(label) }
            mailbox.modify(messageID: messageId, add: add, remove: remove)
        }
    }

    /// The owner edits a draft: its message is replaced (new message id, as Gmail does) and it is marked edited.
    /// Returns the draft's new message id.
    @discardableResult
    public func editDraft(email: String, draftId: String, raw: Data) throws -> String {
        try withMailbox(email) { mailbox in
            guard let draft = mailbox.drafts[draftId], let old = mailbox.messages[draft.messageID] else {
                throw LocalProviderError.notFound(draftId)
            }
            mailbox.delete(messageID: old.id)
            let message = mailbox.add(id: newMessageID(), threadID: old.threadID, raw: raw, labelIDs: ["DRAFT"])
            mailbox.drafts[draftId] = GmailMailbox.Draft(id: draftId, messageID: message.id, editedByOwner: true)
            return message.id
        }
    }

    /// The owner sends a draft: the draft disappears and a SENT message with its content appears in the thread.
    /// Returns the sent message id.
    @discardableResult
    public func sendDraft(email: String, draftId: String) throws -> String {
        try withMailbox(email) { mailbox in
            guard let draft = mailbox.drafts.removeValue(forKey: draftId), let old = mailbox.messages[draft.messageID]
            else { throw LocalProviderError.notFound(draftId) }
            mailbox.draftOrder.removeAll { $0 == draftId }
            mailbox.delete(messageID: old.id)
            return mailbox.add(id: newMessageID(), threadID: old.threadID, raw: old.raw, labelIDs: ["SENT"]).id
        }
    }

    /// The owner deletes a label (it disappears from every message; a later `labels.get` answers 404).
    public func deleteLabel(email: String, labelId: String) throws {
        try withMailbox(email) { mailbox in
            guard let label = mailbox.labels[labelId], label.type == "user" else { throw LocalProviderError.notFound(labelId) }
            removeLabel(labelId, from: &mailbox)
        }
    }

    /// The owner renames a label (its id stays).
    public func renameLabel(email: String, labelId: String, to name: String) throws {
        try withMailbox(email) { mailbox in
            guard mailbox.labels[labelId]?.type == "user" else { throw LocalProviderError.notFound(labelId) }
            mailbox.labels[labelId]?.name = name
        }
    }

    /// Drops the whole history log of `email` (or of every mailbox when `nil`): `history.list` with any
    /// `startHistoryId` before now answers 404, as after Gmail's retention window.
    public func expireHistory(email: String? = nil) {
        for key in mailboxes.keys where email == nil || key == email {
            guard var mailbox = mailboxes[key] else { continue }
            mailbox.history.removeAll()
            mailbox.historyFloor = mailbox.historyID
            mailboxes[key] = mailbox
        }
    }

    /// Makes the mailbox's watch lapse (no more pushes until the next `users.watch`).
    public func expireWatch(email: String) {
        mailboxes[email]?.watch?.expiration = Date(timeIntervalSince1970: 0)
    }

    // MARK: Push

    /// Routes the Pub/Sub topic `route.topicName` to a push endpoint; `users.watch` accepts only routed topics.
    public func configurePush(_ route: PushRoute) {
        pushRoutes[route.topicName] = route
    }

    /// Sends a push for `email` with `historyId` now (e.g. a duplicate or out-of-order notification), through the
    /// watch's topic; returns `false` when the mailbox has no live watch on a routed topic.
    @discardableResult
    public func sendPush(email: String, historyId: UInt64) -> Bool {
        guard let watch = mailboxes[email]?.watch, watch.expiration > Date(), let route = pushRoutes[watch.topicName]
        else { return false }
        schedulePush(email: email, historyId: historyId, route: route)
        return true
    }

    /// A stream of every change from now on (one per history record), for benchmarks and demos that time the
    /// path from a message's arrival to its label and draft. The stream ends when the server stops.
    public func changes() -> AsyncStream<Change> {
        let (stream, continuation) = AsyncStream.makeStream(of: Change.self, bufferingPolicy: .unbounded)
        let id = UUID()
        observers[id] = continuation
        continuation.onTermination = { _ in Task { await self.removeObserver(id) } }
        return stream
    }

    private func removeObserver(_ id: UUID) { observers[id] = nil }

    /// Every push attempt so far, in order.
    public var pushAttempts: [PushAttempt] { pushLog }

    // MARK: Faults and counters

    /// API calls per Gmail method id (`messages.get`, `history.list`...) for one mailbox.
    public func callCounts(email: String) -> [String: Int] { mailboxes[email]?.calls ?? [:] }

    /// API calls per Gmail method id over every mailbox.
    public var totalCallCounts: [String: Int] { methodCalls }

    /// Quota units charged to one mailbox so far (Google's per-method units).
    public func quotaUnits(email: String) -> Int { mailboxes[email]?.units ?? 0 }

    /// Sets the per-user quota limit (units per second; `nil` = unlimited) for every mailbox.
    public func setUnitsPerUserPerSecond(_ limit: Int?) {
        for key in mailboxes.keys { mailboxes[key]?.quota.unitsPerSecond = limit }
    }

    /// Resets call and unit counters of every mailbox.
    public func resetCounters() {
        methodCalls.removeAll()
        for key in mailboxes.keys {
            mailboxes[key]?.calls.removeAll()
            mailboxes[key]?.units = 0
        }
    }

    // MARK: State readers

    /// The mailbox's current `historyId`.
    public func historyId(email: String) -> UInt64? { mailboxes[email]?.historyID }

    /// Labels of a message (ids), `nil` when there is no such message.
    public func labels(email: String, messageId: String) -> [String]? { mailboxes[email]?.messages[messageId]?.labelIDs }

    /// One message, `nil` when absent.
    public func message(email: String, id: String) -> MessageSnapshot? {
        mailboxes[email]?.messages[id].map(Self.snapshot)
    }

    /// Every message of the mailbox, oldest first (drafts' messages included, as in Gmail).
    public func messages(email: String) -> [MessageSnapshot] {
        guard let mailbox = mailboxes[email] else { return [] }
        return mailbox.messageOrder.compactMap { mailbox.messages[$0] }.map(Self.snapshot)
    }

    /// Messages of one thread, oldest first.
    public func messages(email: String, threadId: String) -> [MessageSnapshot] {
        messages(email: email).filter { $0.threadId == threadId }
    }

    /// The drafts in a thread.
    public func drafts(email: String, threadId: String) -> [DraftSnapshot] {
        allDrafts(email: email).filter { $0.threadId == threadId }
    }

    /// Every draft of the mailbox, oldest first.
    public func allDrafts(email: String) -> [DraftSnapshot] {
        guard let mailbox = mailboxes[email] else { return [] }
        return mailbox.draftOrder.compactMap { id -> DraftSnapshot? in
            guard let draft = mailbox.drafts[id], let message = mailbox.messages[draft.messageID] else { return nil }
            return DraftSnapshot(
                id: id, messageId: message.id, threadId: message.threadID, raw: message.raw,
                editedByOwner: draft.editedByOwner)
        }
    }

    /// The mailbox's labels, system labels first.
    public func labelList(email: String) -> [LabelSnapshot] {
        guard let mailbox = mailboxes[email] else { return [] }
        return mailbox.labelOrder.compactMap { mailbox.labels[$0] }.map { LabelSnapshot(id: $0.id, name: $0.name, type: $0.type) }
    }

    /// The watch's label filter: the label ids and whether they are excluded; `nil` when no watch is active.
    public func watchFilter(email: String) -> (labelIds: [String], exclude: Bool)? {
        guard let watch = mailboxes[email]?.watch, watch.expiration > Date() else { return nil }
        return (watch.labelIDs, watch.excludeLabels)
    }

    /// The watch's topic and expiry, `nil` when none is active.
    public func watch(email: String) -> (topicName: String, expiration: Date)? {
        guard let watch = mailboxes[email]?.watch, watch.expiration > Date() else { return nil }
        return (watch.topicName, watch.expiration)
    }

    // MARK: Internals

    static func snapshot(_ message: GmailMailbox.Message) -> MessageSnapshot {
        MessageSnapshot(
            id: message.id, threadId: message.threadID, labelIds: message.labelIDs, raw: message.raw,
            historyId: message.historyID)
    }

    func newMessageID() -> String {
        nextID += 1
        return String(nextID, radix: 16)
    }

    func newDraftID() -> String {
        nextID += 1
        return "r" + String(nextID % 10_000_000_000_000_000_000)
    }

    func removeLabel(_ labelID: String, from mailbox: inout GmailMailbox) {
        for id in mailbox.messageOrder where mailbox.messages[id]?.labelIDs.contains(labelID) == true {
            mailbox.modify(messageID: id, add: [], remove: [labelID])
        }
        mailbox.labels[labelID] = nil
        mailbox.labelOrder.removeAll { $0 == labelID }
    }

    /// Runs a change on a mailbox, then pushes once if the watch reports any record the change appended.
    func withMailbox<T>(_ email: String, _ change: (inout GmailMailbox) throws -> T) throws -> T {
        guard var mailbox = mailboxes[email] else { throw LocalProviderError.unknownMailbox(email) }
        let before = mailbox.historyID
        let result = try change(&mailbox)
        mailboxes[email] = mailbox
        afterChange(email: email, since: before)
        return result
    }

    /// Gmail pushes one notification per change batch with the mailbox's new historyId, when the watch matches.
    func afterChange(email: String, since historyID: UInt64, byClient: Bool = false) {
        guard let mailbox = mailboxes[email], mailbox.historyID > historyID else { return }
        if !observers.isEmpty {
            let now = Date()
            for record in mailbox.history.reversed().prefix(while: { $0.id > historyID }).reversed() {
                let change = Change(
                    email: email, historyId: record.id, messageId: record.messageID, threadId: record.threadID,
                    messageAdded: record.added, messageDeleted: record.deleted, labelsAdded: record.labelsAdded,
                    labelsRemoved: record.labelsRemoved, labelIds: record.labelIDs, byClient: byClient, at: now)
                for observer in observers.values { observer.yield(change) }
            }
        }
        guard let watch = mailbox.watch, let route = pushRoutes[watch.topicName] else { return }
        let reported = mailbox.history.reversed().prefix { $0.id > historyID }.contains { record in
            mailbox.watchReports(record.labelIDs + record.labelsRemoved)
        }
        if reported { schedulePush(email: email, historyId: mailbox.historyID, route: route) }
    }

    private func schedulePush(email: String, historyId: UInt64, route: PushRoute) {
        nextPubSubID += 1
        let messageID = String(nextPubSubID)
        nextPushTask += 1
        let key = nextPushTask
        let attempts = configuration.maxPushAttempts
        let delay = configuration.pushRetryDelay
        let signer = oauth.pushSigner
        // The task holds the server until it ends; `stop()` cancels it.
        pushTasks[key] = Task {
            await GmailPushSender.deliver(
                email: email, historyId: historyId, messageId: messageID, route: route, signer: signer,
                maxAttempts: attempts, retryDelay: delay
            ) { attempt in
                await self.recordPush(attempt)
            }
            self.pushFinished(key)
        }
    }

    private func recordPush(_ attempt: PushAttempt) { pushLog.append(attempt) }

    private func pushFinished(_ key: Int) { pushTasks[key] = nil }
}
