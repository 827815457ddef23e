import AsyncHTTPClient
import Foundation
import NIOHTTP1

/// The Microsoft Graph v1.0 calls FloWorx makes on a mailbox, with the access token each call takes (the caller
/// refreshes tokens; a rejected token is `MailProviderError.Kind.unauthorized`). One HTTP request per call (a list
/// that pages is followed within the call), no retries. Every request sends `Prefer: IdType="ImmutableId"`, so
/// message ids survive moves between folders.
public struct GraphClient: Sendable {
    /// Where and how to call Graph.
    public struct Configuration: Sendable, Hashable {
        /// `https://graph.microsoft.com/v1.0`; requests go to `{baseURL}/me/...` and `{baseURL}/subscriptions`.
        public var baseURL: String
        /// Timeout of one request.
        public var timeout: Duration
        /// The largest response body accepted (a `$value` MIME download included); larger fails with `tooLarge`.
        public var maxResponseBytes: Int
        /// `Prefer: odata.maxpagesize` of delta requests (Graph's default is 10).
        public var deltaPageSize: Int
        /// Properties delta rows carry (`$select`).
        public var deltaSelect: [String]

        public init(baseURL: String = "https://graph.microsoft.com/v1.0", timeout: Duration = .seconds(30), maxResponseBytes: Int = 40 * 1024 * 1024,
                    deltaPageSize: Int = 50, deltaSelect: [String] = GraphClient.defaultDeltaSelect) {
            self.baseURL = baseURL
            self.timeout = timeout
            self.maxResponseBytes = maxResponseBytes
            self.deltaPageSize = deltaPageSize
            self.deltaSelect = deltaSelect
        }
    }

    /// The message properties FloWorx needs from a delta row to decide what to fetch.
    public static let defaultDeltaSelect = ["id", "conversationId", "internetMessageId", "subject", "from", "receivedDateTime", "isRead",
                                            "isDraft", "parentFolderId", "categories"]
    /// The header that makes Graph return immutable ids.
    public static let immutableIdPreference = "IdType=\"ImmutableId\""

    public let configuration: Configuration
    let http: MailHTTP
    let base: String

    public init(configuration: Configuration = Configuration(), client: HTTPClient = .shared) {
        self.configuration = configuration
        self.http = MailHTTP(client: client, provider: .graph, timeout: configuration.timeout, maxResponseBytes: configuration.maxResponseBytes)
        self.base = MailHTTP.trimmed(configuration.baseURL)
    }

    // MARK: Mailbox

    /// `GET /me`.
    public func me(accessToken: String) async throws(MailProviderError) -> GraphUser {
        try await json(.GET, base + "/me", accessToken: accessToken, operation: "user.get")
    }

    /// `GET /me/mailFolders/{id}` (`inbox` is a well-known name).
    public func folder(accessToken: String, id: String = "inbox") async throws(MailProviderError) -> GraphFolder {
        try await json(.GET, base + "/me/mailFolders/" + Self.segment(id), accessToken: accessToken, operation: "mailFolder.get")
    }

    /// The first page of a new delta round on a folder's messages (no state yet: enumerates what is there).
    public func startDelta(accessToken: String, folderId: String = "inbox") async throws(MailProviderError) -> GraphDeltaPage {
        let select = configuration.deltaSelect.isEmpty ? "" : "?$select=" + configuration.deltaSelect.map(MailHTTP.percentEncode).joined(separator: ",")
        return try await json(.GET, base + "/me/mailFolders/" + Self.segment(folderId) + "/messages/delta" + select, accessToken: accessToken,
                              operation: "message.delta", pageSize: configuration.deltaPageSize)
    }

    /// A page from a stored `@odata.nextLink` or `@odata.deltaLink`. The link must point at the configured Graph
    /// origin (the token is never sent elsewhere). An expired delta token is `.gone`: start a new round.
    public func delta(accessToken: String, link: String) async throws(MailProviderError) -> GraphDeltaPage {
        try checkOrigin(link, operation: "message.delta")
        return try await json(.GET, link, accessToken: accessToken, operation: "message.delta", pageSize: configuration.deltaPageSize)
    }

    /// `GET /me/mailFolders/{id}/messages`: the newest `top` messages of a folder (one page; `drafts` is a
    /// well-known name), with only the `select` properties.
    public func messages(accessToken: String, folderId: String, select: [String], top: Int = 25) async throws(MailProviderError) -> [GraphMessage] {
        var query = "?$top=\(top)"
        if !select.isEmpty { query += "&$select=" + select.map(MailHTTP.percentEncode).joined(separator: ",") }
        let page: GraphDeltaPage = try await json(.GET, base + "/me/mailFolders/" + Self.segment(folderId) + "/messages" + query,
                                                  accessToken: accessToken, operation: "message.list")
        return page.messages
    }

    /// `GET /me/messages/{id}/$value`: the message as RFC 5322 bytes.
    public func mime(accessToken: String, messageId: String) async throws(MailProviderError) -> Data {
        try await request(.GET, base + "/me/messages/" + Self.segment(messageId) + "/$value", accessToken: accessToken, body: nil,
                          operation: "message.value", accept: "*/*").body
    }

    /// `GET /me/messages/{id}`, with `select` properties when given.
    public func message(accessToken: String, id: String, select: [String] = []) async throws(MailProviderError) -> GraphMessage {
        let query = select.isEmpty ? "" : "?$select=" + select.map(MailHTTP.percentEncode).joined(separator: ",")
        return try await json(.GET, base + "/me/messages/" + Self.segment(id) + query, accessToken: accessToken, operation: "message.get")
    }

    /// `PATCH /me/messages/{id}`: read state, categories, or a draft's body.
    public func updateMessage(accessToken: String, id: String, patch: GraphMessagePatch) async throws(MailProviderError) -> GraphMessage {
        try await json(.PATCH, base + "/me/messages/" + Self.segment(id), accessToken: accessToken, body: MailHTTP.json(patch),
                       operation: "message.update")
    }

    /// `DELETE /me/messages/{id}` (a draft FloWorx created and the owner has not touched).
    public func deleteMessage(accessToken: String, id: String) async throws(MailProviderError) {
        _ = try await request(.DELETE, base + "/me/messages/" + Self.segment(id), accessToken: accessToken, body: nil, operation: "message.delete")
    }

    /// `POST /me/messages/{id}/move`: the moved message (same id with immutable ids).
    public func move(accessToken: String, messageId: String, destinationId: String) async throws(MailProviderError) -> GraphMessage {
        struct Body: Encodable { var destinationId: String }
        return try await json(.POST, base + "/me/messages/" + Self.segment(messageId) + "/move", accessToken: accessToken,
                              body: MailHTTP.json(Body(destinationId: destinationId)), operation: "message.move")
    }

    /// `POST /me/messages/{id}/createReply`: a reply draft in the conversation, addressed by Graph (Reply-To
    /// honoured); set its text with `updateMessage(... body:)`. Never sends.
    public func createReply(accessToken: String, messageId: String, comment: String? = nil) async throws(MailProviderError) -> GraphMessage {
        struct Body: Encodable { var comment: String? }
        return try await json(.POST, base + "/me/messages/" + Self.segment(messageId) + "/createReply", accessToken: accessToken,
                              body: MailHTTP.json(Body(comment: comment)), operation: "message.createReply")
    }

    // MARK: Folders

    /// `GET /me/mailFolders/{id}/childFolders`, every page (`@odata.nextLink` followed, at most `maxPages`).
    public func childFolders(accessToken: String, parentId: String = "inbox", maxPages: Int = 20) async throws(MailProviderError) -> [GraphFolder] {
        struct Page: Decodable {
            var value: [GraphFolder]
            var nextLink: String?
            enum CodingKeys: String, CodingKey { case value, nextLink = "@odata.nextLink" }
        }
        var folders: [GraphFolder] = []
        var url: String? = base + "/me/mailFolders/" + Self.segment(parentId) + "/childFolders"
        var pages = 0
        while let next = url, pages < maxPages {
            try checkOrigin(next, operation: "mailFolder.childFolders")
            let page: Page = try await json(.GET, next, accessToken: accessToken, operation: "mailFolder.childFolders")
            folders += page.value
            url = page.nextLink
            pages += 1
        }
        return folders
    }

    /// `POST /me/mailFolders/{id}/childFolders`. A name already used under the parent is `.conflict`
    /// (`ErrorFolderExists`).
    public func createChildFolder(accessToken: String, parentId: String = "inbox", displayName: String) async throws(MailProviderError) -> GraphFolder {
        struct Body: Encodable { var displayName: String; var isHidden = false }
        return try await json(.POST, base + "/me/mailFolders/" + Self.segment(parentId) + "/childFolders", accessToken: accessToken,
                              body: MailHTTP.json(Body(displayName: displayName)), operation: "mailFolder.createChild")
    }

    // MARK: Subscriptions

    /// `POST /subscriptions`. Graph answers after validating the notification URL(s).
    public func createSubscription(accessToken: String, _ subscription: GraphSubscriptionRequest) async throws(MailProviderError) -> GraphSubscription {
        try await json(.POST, base + "/subscriptions", accessToken: accessToken, body: MailHTTP.json(subscription), operation: "subscription.create",
                       secrets: [subscription.clientState])
    }

    /// `PATCH /subscriptions/{id}` with a new expiration. A subscription Graph already removed is `.notFound`.
    public func renewSubscription(accessToken: String, id: String, expiration: Date) async throws(MailProviderError) -> GraphSubscription {
        struct Body: Encodable { var expirationDateTime: String }
        return try await json(.PATCH, base + "/subscriptions/" + Self.segment(id), accessToken: accessToken,
                              body: MailHTTP.json(Body(expirationDateTime: GraphDate.format(expiration))), operation: "subscription.renew")
    }

    /// `DELETE /subscriptions/{id}`.
    public func deleteSubscription(accessToken: String, id: String) async throws(MailProviderError) {
        _ = try await request(.DELETE, base + "/subscriptions/" + Self.segment(id), accessToken: accessToken, body: nil, operation: "subscription.delete")
    }

    // MARK: Transport

    /// A path segment: Graph ids are base64url with `=` padding; everything else is percent-encoded.
    static func segment(_ id: String) -> String {
        MailHTTP.percentEncode(id).replacingOccurrences(of: "%3D", with: "=")
    }

    /// Links from Graph's answers must stay on the configured origin: a token sent to another host would leak.
    private func checkOrigin(_ link: String, operation: String) throws(MailProviderError) {
        guard let expected = URL(string: base), let url = URL(string: link), url.scheme == expected.scheme, url.host == expected.host,
              url.port == expected.port else {
            throw MailProviderError(kind: .invalidResponse, provider: .graph, operation: operation,
                                    message: "link does not point at the configured Graph origin")
        }
    }

    private func json<T: Decodable>(_ method: HTTPMethod, _ url: String, accessToken: String, body: Data? = nil, operation: String,
                                    pageSize: Int? = nil, secrets: [String] = []) async throws(MailProviderError) -> T {
        let response = try await request(method, url, accessToken: accessToken, body: body, operation: operation, pageSize: pageSize, secrets: secrets)
        return try http.decode(T.self, from: response, operation: operation)
    }

    private func request(_ method: HTTPMethod, _ url: String, accessToken: String, body: Data?, operation: String, accept: String = "application/json",
                         pageSize: Int? = nil, secrets: [String] = []) async throws(MailProviderError) -> MailHTTP.Response {
        var headers: HTTPHeaders = ["Authorization": "Bearer \(accessToken)", "Accept": accept, "Prefer": Self.immutableIdPreference]
        if let pageSize { headers.add(name: "Prefer", value: "odata.maxpagesize=\(pageSize)") }
        if body != nil { headers.add(name: "Content-Type", value: "application/json") }
        let secrets = [accessToken] + secrets
        return try await http.send(method, url, headers: headers, body: body, operation: operation, secrets: secrets) { status, body, retryAfter in
            MailProviderError.graph(status: status, body: body, retryAfterHeader: retryAfter, operation: operation, secrets: secrets)
        }
    }
}
