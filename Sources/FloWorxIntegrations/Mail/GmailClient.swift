import AsyncHTTPClient
import Foundation
import NIOHTTP1

/// The Gmail API v1 calls FloWorx makes, for the mailbox whose access token each call takes (the caller refreshes
/// tokens; a rejected token is `MailProviderError.Kind.unauthorized`). One HTTP request per call, no retries; paths,
/// parameters and bodies follow Google's discovery document (`gmail.v1.json`).
public struct GmailClient: Sendable {
    /// Where and how to call the API.
    public struct Configuration: Sendable, Hashable {
        /// Google's root URL (`https://gmail.googleapis.com`); requests go to `{baseURL}/gmail/v1/users/{userId}/...`.
        public var baseURL: String
        /// The mailbox: `me`, the owner of the access token.
        public var userId: String
        /// Timeout of one request.
        public var timeout: Duration
        /// The largest response body accepted. Gmail messages are at most 25 MB (35 MB with base64 overhead); a
        /// larger answer fails with `tooLarge` instead of growing memory.
        public var maxResponseBytes: Int

        public init(baseURL: String = "https://gmail.googleapis.com", userId: String = "me", timeout: Duration = .seconds(30),
                    maxResponseBytes: Int = 40 * 1024 * 1024) {
            self.baseURL = baseURL
            self.userId = userId
            self.timeout = timeout
            self.maxResponseBytes = maxResponseBytes
        }
    }

    public let configuration: Configuration
    let http: MailHTTP
    let root: String

    public init(configuration: Configuration = Configuration(), client: HTTPClient = .shared) {
        self.configuration = configuration
        self.http = MailHTTP(client: client, provider: .gmail, timeout: configuration.timeout, maxResponseBytes: configuration.maxResponseBytes)
        self.root = MailHTTP.trimmed(configuration.baseURL) + "/gmail/v1/users/" + MailHTTP.percentEncode(configuration.userId)
    }

    // MARK: Mailbox

    /// `users.getProfile`: the address and the current history id.
    public func profile(accessToken: String) async throws(MailProviderError) -> GmailProfile {
        try await get("/profile", accessToken: accessToken, operation: "users.getProfile")
    }

    /// `users.history.list`: one page of changes after `startHistoryId`. Follow `nextPageToken` with the same
    /// `startHistoryId`. An expired start id (Google answers 404) is `.gone`: resynchronise with `listMessages`.
    public func history(accessToken: String, startHistoryId: String, pageToken: String? = nil, maxResults: Int? = nil,
                        labelId: String? = nil, historyTypes: [GmailHistoryType] = []) async throws(MailProviderError) -> GmailHistoryPage {
        let query = MailHTTP.query([("startHistoryId", startHistoryId), ("pageToken", pageToken), ("maxResults", maxResults.map(String.init)),
                                    ("labelId", labelId)] + historyTypes.map { ("historyTypes", $0.rawValue) })
        return try await get("/history" + query, accessToken: accessToken, operation: "users.history.list", checkpoint: true)
    }

    /// `users.messages.list`: one page of message ids, newest first. `query` is Gmail search syntax
    /// (`after:1700000000 in:inbox`).
    public func listMessages(accessToken: String, query: String? = nil, labelIds: [String] = [], pageToken: String? = nil,
                             maxResults: Int? = nil, includeSpamTrash: Bool = false) async throws(MailProviderError) -> GmailMessageList {
        let items: [(String, String?)] = [("q", query)] + labelIds.map { ("labelIds", $0) } + [
            ("pageToken", pageToken), ("maxResults", maxResults.map(String.init)), ("includeSpamTrash", includeSpamTrash ? "true" : nil),
        ]
        return try await get("/messages" + MailHTTP.query(items), accessToken: accessToken, operation: "users.messages.list")
    }

    /// `users.messages.get?format=raw`: the message bytes. A deleted message is `.notFound`.
    public func rawMessage(accessToken: String, id: String) async throws(MailProviderError) -> GmailRawMessage {
        try await get("/messages/\(MailHTTP.percentEncode(id))?format=raw", accessToken: accessToken, operation: "users.messages.get")
    }

    /// `users.messages.get?format=minimal`: ids and labels only (5 quota units, no content).
    public func messageRef(accessToken: String, id: String) async throws(MailProviderError) -> GmailMessageRef {
        try await get("/messages/\(MailHTTP.percentEncode(id))?format=minimal", accessToken: accessToken, operation: "users.messages.get")
    }

    /// `users.messages.modify`: adds and removes labels; returns the message's ids and labels.
    public func modify(accessToken: String, id: String, addLabelIds: [String] = [], removeLabelIds: [String] = []) async throws(MailProviderError) -> GmailMessageRef {
        struct Body: Encodable { var addLabelIds: [String]; var removeLabelIds: [String] }
        return try await send(.POST, "/messages/\(MailHTTP.percentEncode(id))/modify", accessToken: accessToken,
                              body: Body(addLabelIds: addLabelIds, removeLabelIds: removeLabelIds), operation: "users.messages.modify")
    }

    /// `users.messages.batchModify`: the same label change on up to 1,000 messages (Google answers 204).
    public func batchModify(accessToken: String, ids: [String], addLabelIds: [String] = [], removeLabelIds: [String] = []) async throws(MailProviderError) {
        struct Body: Encodable { var ids: [String]; var addLabelIds: [String]; var removeLabelIds: [String] }
        try await sendEmpty(.POST, "/messages/batchModify", accessToken: accessToken,
                            body: Body(ids: ids, addLabelIds: addLabelIds, removeLabelIds: removeLabelIds), operation: "users.messages.batchModify")
    }

    // MARK: Labels

    /// `users.labels.list`: every label, system ones included.
    public func labels(accessToken: String) async throws(MailProviderError) -> [GmailLabel] {
        struct Page: Decodable { var labels: [GmailLabel]? }
        let page: Page = try await get("/labels", accessToken: accessToken, operation: "users.labels.list")
        return page.labels ?? []
    }

    /// `users.labels.get`. A deleted label is `.notFound`.
    public func label(accessToken: String, id: String) async throws(MailProviderError) -> GmailLabel {
        try await get("/labels/\(MailHTTP.percentEncode(id))", accessToken: accessToken, operation: "users.labels.get")
    }

    /// `users.labels.create`. A name already taken is `.conflict` (Google answers 409).
    public func createLabel(accessToken: String, name: String, labelListVisibility: String = "labelShow",
                            messageListVisibility: String = "show") async throws(MailProviderError) -> GmailLabel {
        struct Body: Encodable { var name: String; var labelListVisibility: String; var messageListVisibility: String }
        return try await send(.POST, "/labels", accessToken: accessToken,
                              body: Body(name: name, labelListVisibility: labelListVisibility, messageListVisibility: messageListVisibility),
                              operation: "users.labels.create")
    }

    /// `users.labels.delete`.
    public func deleteLabel(accessToken: String, id: String) async throws(MailProviderError) {
        try await sendEmpty(.DELETE, "/labels/\(MailHTTP.percentEncode(id))", accessToken: accessToken, body: Optional<String>.none,
                            operation: "users.labels.delete")
    }

    // MARK: Drafts

    /// `users.drafts.create`: a draft from RFC 5322 bytes (`MIMEReplyBuilder`), in `threadId`'s thread. Gmail keeps
    /// the draft in the thread only when the subject and the In-Reply-To/References headers match it.
    public func createDraft(accessToken: String, raw: Data, threadId: String?) async throws(MailProviderError) -> GmailDraft {
        try await send(.POST, "/drafts", accessToken: accessToken, body: DraftBody(raw: raw, threadId: threadId), operation: "users.drafts.create")
    }

    /// `users.drafts.get`; `format: "raw"` includes the bytes (to see whether the owner edited it). A draft the owner
    /// sent or deleted is `.notFound`.
    public func draft(accessToken: String, id: String, format: String = "raw") async throws(MailProviderError) -> GmailDraft {
        try await get("/drafts/\(MailHTTP.percentEncode(id))" + MailHTTP.query([("format", format)]), accessToken: accessToken,
                      operation: "users.drafts.get")
    }

    /// `users.drafts.list`: one page of drafts (ids and thread ids).
    public func drafts(accessToken: String, query: String? = nil, pageToken: String? = nil, maxResults: Int? = nil) async throws(MailProviderError) -> GmailDraftList {
        try await get("/drafts" + MailHTTP.query([("q", query), ("pageToken", pageToken), ("maxResults", maxResults.map(String.init))]),
                      accessToken: accessToken, operation: "users.drafts.list")
    }

    /// `users.drafts.update`: replaces the draft's message.
    public func updateDraft(accessToken: String, id: String, raw: Data, threadId: String?) async throws(MailProviderError) -> GmailDraft {
        struct Body: Encodable { var id: String; var message: DraftBody.Message }
        return try await send(.PUT, "/drafts/\(MailHTTP.percentEncode(id))", accessToken: accessToken,
                              body: Body(id: id, message: .init(raw: Base64URL.encode(raw), threadId: threadId)), operation: "users.drafts.update")
    }

    /// `users.drafts.delete`.
    public func deleteDraft(accessToken: String, id: String) async throws(MailProviderError) {
        try await sendEmpty(.DELETE, "/drafts/\(MailHTTP.percentEncode(id))", accessToken: accessToken, body: Optional<String>.none,
                            operation: "users.drafts.delete")
    }

    // MARK: Push

    /// `users.watch`: Gmail publishes the mailbox's changes to the Pub/Sub `topicName`
    /// (`projects/{project}/topics/{topic}`) until `expiresAt`; renew daily.
    public func watch(accessToken: String, topicName: String, labelIds: [String] = ["INBOX"],
                      labelFilterBehavior: String = "include") async throws(MailProviderError) -> GmailWatch {
        struct Body: Encodable { var topicName: String; var labelIds: [String]; var labelFilterBehavior: String }
        return try await send(.POST, "/watch", accessToken: accessToken,
                              body: Body(topicName: topicName, labelIds: labelIds, labelFilterBehavior: labelFilterBehavior), operation: "users.watch")
    }

    /// `users.stop`: no more push for this mailbox.
    public func stop(accessToken: String) async throws(MailProviderError) {
        try await sendEmpty(.POST, "/stop", accessToken: accessToken, body: Optional<String>.none, operation: "users.stop")
    }

    // MARK: Transport

    struct DraftBody: Encodable {
        struct Message: Encodable { var raw: String; var threadId: String? }
        var message: Message
        init(raw: Data, threadId: String?) { message = Message(raw: Base64URL.encode(raw), threadId: threadId) }
    }

    private func get<T: Decodable>(_ path: String, accessToken: String, operation: String, checkpoint: Bool = false) async throws(MailProviderError) -> T {
        let response = try await request(.GET, path, accessToken: accessToken, body: nil, operation: operation, checkpoint: checkpoint)
        return try http.decode(T.self, from: response, operation: operation)
    }

    private func send<T: Decodable>(_ method: HTTPMethod, _ path: String, accessToken: String, body: some Encodable, operation: String) async throws(MailProviderError) -> T {
        let response = try await request(method, path, accessToken: accessToken, body: MailHTTP.json(body), operation: operation)
        return try http.decode(T.self, from: response, operation: operation)
    }

    private func sendEmpty(_ method: HTTPMethod, _ path: String, accessToken: String, body: (some Encodable)?, operation: String) async throws(MailProviderError) {
        _ = try await request(method, path, accessToken: accessToken, body: body.map { MailHTTP.json($0) }, operation: operation)
    }

    private func request(_ method: HTTPMethod, _ path: String, accessToken: String, body: Data?, operation: String,
                         checkpoint: Bool = false) async throws(MailProviderError) -> MailHTTP.Response {
        var headers: HTTPHeaders = ["Authorization": "Bearer \(accessToken)", "Accept": "application/json"]
        if body != nil { headers.add(name: "Content-Type", value: "application/json") }
        return try await http.send(method, root + path, headers: headers, body: body, operation: operation, secrets: [accessToken]) { status, body, retryAfter in
            MailProviderError.gmail(status: status, body: body, retryAfterHeader: retryAfter, operation: operation, checkpoint: checkpoint,
                                    secrets: [accessToken])
        }
    }
}
