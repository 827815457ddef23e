import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Synchronization
import Testing

@testable import FloWorxIntegrations

/// The exact requests the clients send, captured by a plain HTTP responder: headers Graph needs on every call,
/// OAuth form fields, tokens never in a URL, Gmail's query and body shapes.
@Suite("Request shapes the vendors document", .serialized)
struct RequestShapeTests {
    struct Captured: Sendable {
        var method: String
        var uri: String
        var headers: HTTPFields
        var body: String

        func header(_ name: String) -> [String] { headers[values: HTTPField.Name(name)!] }
        var form: [String: String] {
            Dictionary((URLComponents(string: "?" + body)?.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { first, _ in first })
        }
    }

    /// A responder answering `reply(request)` (status, JSON body) and recording every request.
    static func withCapture(_ reply: @escaping @Sendable (Captured) -> (Int, String),
                            _ body: (String, @Sendable () -> [Captured]) async throws -> Void) async throws {
        let log = Mutex<[Captured]>([])
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            let bytes = (try? await request.body.collect(upTo: 1 << 20)).map { String(buffer: $0) } ?? ""
            let captured = Captured(method: request.method.rawValue, uri: request.uri.description, headers: request.headers, body: bytes)
            log.withLock { $0.append(captured) }
            let (status, json) = reply(captured)
            return Response(status: .init(code: status), headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: json)))
        }
        var logger = Logger(label: "capture")
        logger.logLevel = .critical
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(responder: responder, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { channel in
                                  continuation.yield(channel.localAddress?.port ?? 0)
                                  continuation.finish()
                              }, logger: logger)
        let task = Task { try await app.runService(gracefulShutdownSignals: []) }
        var iterator = ports.makeAsyncIterator()
        let port = await iterator.next() ?? 0
        do {
            try await body("http://127.0.0.1:\(port)", { log.withLock { $0 } })
            task.cancel()
            _ = try? await task.value
        } catch {
            task.cancel()
            _ = try? await task.value
            throw error
        }
    }

    @Test("Graph: Prefer IdType=ImmutableId on every call, odata.maxpagesize and $select on delta, the token only in Authorization")
    func graphHeaders() async throws {
        try await Self.withCapture({ request in
            if request.uri.contains("/delta") { return (200, #"{"value":[],"@odata.deltaLink":"http://x/v1.0/me/mailFolders/inbox/messages/delta?$deltatoken=1"}"#) }
            if request.uri.hasSuffix("/$value") { return (200, "MIME") }
            if request.uri.contains("subscriptions") { return (201, #"{"id":"s1","expirationDateTime":"2026-12-07T07:00:00.1234567Z"}"#) }
            if request.method == "DELETE" { return (204, "") }
            return (200, #"{"id":"AAMk=","displayName":"Inbox"}"#)
        }) { base, captured in
            let graph = GraphClient(configuration: .init(baseURL: base + "/v1.0", deltaPageSize: 25))
            let token = "eyJ0eXAi.graph-access-token"
            _ = try await graph.folder(accessToken: token)
            _ = try await graph.startDelta(accessToken: token)
            _ = try await graph.mime(accessToken: token, messageId: "AAMk+/x=")
            _ = try await graph.move(accessToken: token, messageId: "AAMk=", destinationId: "AQMk=")
            _ = try await graph.createReply(accessToken: token, messageId: "AAMk=")
            _ = try await graph.updateMessage(accessToken: token, id: "AAMk=", patch: .init(isRead: false))
            _ = try await graph.createChildFolder(accessToken: token, displayName: "Sales")
            let subscription = try await graph.createSubscription(accessToken: token, .init(
                notificationUrl: "https://floworx.example/api/v1/webhooks/graph", expirationDateTime: Date(timeIntervalSince1970: 1_796_626_800),
                clientState: "state-secret"))
            #expect(subscription.expiresAt == Date(timeIntervalSince1970: 1_796_626_800.123))
            _ = try await graph.renewSubscription(accessToken: token, id: "s1", expiration: Date(timeIntervalSince1970: 1_796_626_800))
            try await graph.deleteSubscription(accessToken: token, id: "s1")

            let requests = captured()
            #expect(requests.count == 10)
            for request in requests {
                #expect(request.header("Prefer").contains(#"IdType="ImmutableId""#), "\(request.method) \(request.uri)")
                #expect(request.header("Authorization") == ["Bearer \(token)"])
                #expect(!request.uri.contains(token))
            }
            #expect(requests[1].uri == "/v1.0/me/mailFolders/inbox/messages/delta?$select=id,conversationId,internetMessageId,subject,from,receivedDateTime,isRead,isDraft,parentFolderId,categories")
            #expect(requests[1].header("Prefer").contains("odata.maxpagesize=25"))
            #expect(requests[2].uri == "/v1.0/me/messages/AAMk%2B%2Fx=/$value")
            #expect(requests[3].body == #"{"destinationId":"AQMk="}"#)
            #expect(requests[4].uri == "/v1.0/me/messages/AAMk=/createReply" && requests[4].body == "{}")
            #expect(requests[5].method == "PATCH" && requests[5].body == #"{"isRead":false}"#)
            let created = try #require(try JSONSerialization.jsonObject(with: Data(requests[7].body.utf8)) as? [String: String])
            #expect(created == ["changeType": "created", "notificationUrl": "https://floworx.example/api/v1/webhooks/graph",
                                "resource": "me/mailFolders('inbox')/messages", "expirationDateTime": "2026-12-07T07:00:00.000Z",
                                "clientState": "state-secret"])
            #expect(requests[8].method == "PATCH" && requests[8].body == #"{"expirationDateTime":"2026-12-07T07:00:00.000Z"}"#)
        }
    }

    @Test("OAuth: form fields of the code exchange (with the verifier), refresh and revoke; secrets only in bodies")
    func oauthForms() async throws {
        try await Self.withCapture({ request in
            request.uri.hasPrefix("/revoke") ? (200, "{}") : (200, #"{"access_token":"at","expires_in":3599,"token_type":"Bearer"}"#)
        }) { base, captured in
            let google = OAuthClient(provider: .google(clientId: "cid", clientSecret: "csecret", redirectURI: "http://127.0.0.1/cb",
                                                       authorizationURL: base + "/auth", tokenURL: base + "/token", revocationURL: base + "/revoke"))
            _ = try await google.exchange(code: "4/0code", verifier: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")
            _ = try await google.refresh(refreshToken: "1//refresh")
            #expect(try await google.revoke(token: "1//refresh"))
            let microsoft = OAuthClient(provider: .microsoft(tenant: "common", clientId: "mid", clientSecret: "msecret", redirectURI: "http://127.0.0.1/cb",
                                                             authority: base))
            _ = try await microsoft.refresh(refreshToken: "0.ARrefresh")

            let requests = captured()
            #expect(requests.map(\.uri) == ["/token", "/token", "/revoke", "/common/oauth2/v2.0/token"])
            #expect(requests.allSatisfy { $0.method == "POST" && $0.header("Content-Type") == ["application/x-www-form-urlencoded"] })
            #expect(requests[0].form == ["grant_type": "authorization_code", "code": "4/0code", "redirect_uri": "http://127.0.0.1/cb", "client_id": "cid",
                                         "client_secret": "csecret", "code_verifier": "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"])
            #expect(requests[1].form == ["grant_type": "refresh_token", "refresh_token": "1//refresh", "client_id": "cid", "client_secret": "csecret"])
            #expect(requests[2].form == ["token": "1//refresh"])
            #expect(requests[3].form["scope"] == "offline_access User.Read Mail.ReadWrite")
            #expect(requests[3].form["grant_type"] == "refresh_token")
        }
    }

    @Test("Gmail: repeated query parameters, base64url raw without padding, an empty POST with Content-Length 0")
    func gmailShapes() async throws {
        try await Self.withCapture({ request in
            if request.uri.contains("/history") { return (200, #"{"historyId":"1234"}"#) }
            if request.uri.contains("/drafts") { return (200, #"{"id":"r1","message":{"id":"m1","threadId":"t1","labelIds":["DRAFT"]}}"#) }
            if request.uri.contains("/messages?") { return (200, #"{"resultSizeEstimate":0}"#) }
            return (204, "")
        }) { base, captured in
            let gmail = GmailClient(configuration: .init(baseURL: base))
            let page = try await gmail.history(accessToken: "ya29.t", startHistoryId: "1000", pageToken: "p 1", maxResults: 100,
                                               historyTypes: [.messageAdded, .labelAdded])
            #expect(page.history.isEmpty && page.historyId == "1234")
            let list = try await gmail.listMessages(accessToken: "ya29.t", query: "after:1700000000 in:inbox", labelIds: ["INBOX", "UNREAD"])
            #expect(list.messages.isEmpty)
            let draft = try await gmail.createDraft(accessToken: "ya29.t", raw: Data([0xFB, 0xFF, 0x01, 0x02]), threadId: "t1")
            #expect(draft.threadId == "t1" && draft.messageId == "m1")
            try await gmail.stop(accessToken: "ya29.t")

            let requests = captured()
            #expect(requests[0].uri == "/gmail/v1/users/me/history?startHistoryId=1000&pageToken=p%201&maxResults=100&historyTypes=messageAdded&historyTypes=labelAdded")
            #expect(requests[1].uri == "/gmail/v1/users/me/messages?q=after%3A1700000000%20in%3Ainbox&labelIds=INBOX&labelIds=UNREAD")
            #expect(requests[2].body == #"{"message":{"raw":"-_8BAg","threadId":"t1"}}"#)
            #expect(requests[3].uri == "/gmail/v1/users/me/stop" && requests[3].header("Content-Length") == ["0"])
        }
    }
}
