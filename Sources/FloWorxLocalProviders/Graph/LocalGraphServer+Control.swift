import Foundation

/// The in-process control surface: what the mailbox owner (or Exchange) does, and what tests read back.
extension LocalGraphServer {
    // MARK: Mailboxes and tokens

    /// Creates a mailbox (or returns the existing one with a new token) with Inbox, Drafts, Sent Items, Deleted
    /// Items, Archive, Junk Email and Outbox.
    @discardableResult
    public func addMailbox(email: String, displayName: String? = nil) async -> GraphMailboxAccount {
        await store.addMailbox(email: email, displayName: displayName)
    }

    /// Whether a mailbox with this address exists.
    public func mailboxExists(email: String) async -> Bool {
        await store.mailboxes[email.lowercased()] != nil
    }

    /// Issues an access token for a mailbox, valid for `lifetime` (`nil`: never expires). Used by
    /// `LocalMicrosoftOAuth`; tests may call it too.
    public func issueAccessToken(email: String, lifetime: Duration?) async -> String {
        await store.issueToken(email: email, lifetime: lifetime)
    }

    /// Makes every access token of `email` (all mailboxes when `nil`) expired: Graph then answers 401
    /// `InvalidAuthenticationToken`.
    public func expireAccessTokens(email: String? = nil) async {
        await store.expireTokens(email: email)
    }

    /// Called with the mailbox address when a client calls `POST /me/revokeSignInSessions`.
    public func onRevokeSignInSessions(_ handler: @escaping @Sendable (String) async -> Void) async {
        await store.setSignInRevoker(handler)
    }

    // MARK: Owner and Exchange actions

    /// New mail: `raw` (RFC 5322) lands in the Inbox, unread; subscriptions are notified. Returns the immutable id.
    @discardableResult
    public func deliver(to email: String, raw: String, receivedAt: Date? = nil) async throws -> String {
        try await store.deliver(to: email, raw: raw, receivedAt: receivedAt)
    }

    /// The owner deletes a message (delta reports `@removed`, subscriptions get `deleted`).
    public func deleteMessage(email: String, id: String) async throws {
        try await store.ownerDelete(email: email, id: id)
    }

    /// The owner moves a message to a folder given by id, well-known name or display name.
    public func moveToFolder(email: String, id: String, folder: String) async throws {
        try await store.ownerMove(email: email, id: id, folder: folder)
    }

    /// The owner reads (or marks unread) a message.
    public func setRead(email: String, id: String, isRead: Bool) async throws {
        try await store.ownerSetRead(email: email, id: id, isRead: isRead)
    }

    /// The owner edits a draft's body.
    public func editDraft(email: String, id: String, body: String, isHTML: Bool = true) async throws {
        try await store.editDraft(email: email, id: id, body: body, isHTML: isHTML)
    }

    /// The owner sends a draft: it moves to Sent Items and is no longer a draft. Returns its (immutable) id.
    @discardableResult
    public func sendDraft(email: String, id: String) async throws -> String {
        try await store.sendDraft(email: email, id: id)
    }

    /// Invalidates every delta token of the mailbox: the next delta call with one answers 410 Gone with `code`
    /// (`SyncStateNotFound`, as Exchange answers, or `resyncRequired`).
    public func expireDelta(email: String, code: String = "SyncStateNotFound") async throws {
        try await store.expireDelta(email: email, code: code)
    }

    /// Ends a subscription as if it lapsed: no more notifications, PATCH and DELETE answer 404.
    public func expireSubscription(id: String) async throws {
        try await store.expireSubscription(id: id)
    }

    /// Sends a lifecycle notification (`reauthorizationRequired`, `missed`, `subscriptionRemoved`) to the
    /// subscription's `lifecycleNotificationUrl`; `subscriptionRemoved` also removes the subscription.
    public func sendLifecycle(subscriptionId: String, event: GraphLifecycleEvent) async throws {
        try await store.sendLifecycle(subscriptionId: subscriptionId, event: event)
    }

    /// Waits until every notification sent so far has been answered or has used up its retries.
    public func drainNotifications() async {
        await notifier.drain()
    }

    /// Makes the mailbox's requests wait (holding their concurrency slot) until `releaseRequests`: lets a test put
    /// exactly N requests in flight.
    public func holdRequests(email: String) async {
        await store.hold(email: email)
    }

    /// Lets held requests of the mailbox go.
    public func releaseRequests(email: String) async {
        await store.release(email: email)
    }

    // MARK: State readers

    /// Calls per operation (`messages.delta`, `messages.get`, `messages.move`, `messages.createReply`,
    /// `subscriptions.create`, `throttled`...) for one mailbox, or summed over all when `email` is `nil`.
    public func counters(email: String? = nil) async -> [String: Int] {
        await store.counters(email: email)
    }

    /// Requests of the mailbox in flight now.
    public func requestsInFlight(email: String) async -> Int {
        await store.inFlight(email: email)
    }

    /// A message by either id, or `nil` when it is not (or no longer) in the mailbox.
    public func message(email: String, id: String) async -> GraphMessageSnapshot? {
        await store.messageSnapshot(email: email, id: id)
    }

    /// The messages of a folder (id, well-known or display name), or of the whole mailbox, in change order.
    public func messages(email: String, folder: String? = nil) async throws -> [GraphMessageSnapshot] {
        try await store.messageSnapshots(email: email, folder: folder)
    }

    /// The drafts of a conversation.
    public func drafts(email: String, conversationId: String) async throws -> [GraphMessageSnapshot] {
        try await store.messageSnapshots(email: email, folder: "drafts").filter { $0.conversationId == conversationId }
    }

    /// Every folder of the mailbox.
    public func folders(email: String) async throws -> [GraphFolderSnapshot] {
        try await store.folderSnapshots(email: email)
    }

    /// Live subscriptions (of one mailbox, or all).
    public func subscriptions(email: String? = nil) async -> [GraphSubscriptionSnapshot] {
        await store.subscriptionSnapshots(email: email)
    }

    /// Every validation request, change notification and lifecycle notification sent, with the subscriber's answer.
    public func notificationLog() -> [GraphNotificationRecord] {
        notifier.log
    }
}
