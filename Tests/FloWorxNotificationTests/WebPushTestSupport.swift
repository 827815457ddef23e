import AsyncHTTPClient
import Crypto
import FloWorxIntegrations
import FloWorxServer
import FloWorxStore
import FloWorxTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// A browser's side of web push: the key pair and auth secret `pushManager.subscribe()` creates, which only the
/// browser holds (the test decrypts with them, as the browser would).
struct WebPushBrowser: Sendable {
    let privateKey = P256.KeyAgreement.PrivateKey()
    let auth = Data((0..<16).map { _ in UInt8.random(in: .min ... .max) })

    var p256dh: String { Base64URL.encode(privateKey.publicKey.x963Representation) }
    var authText: String { Base64URL.encode(auth) }

    /// `PushSubscription.toJSON()` for `endpoint`.
    func json(_ endpoint: String) -> String {
        #"{"endpoint":"\#(endpoint)","expirationTime":null,"keys":{"p256dh":"\#(p256dh)","auth":"\#(authText)"}}"#
    }

    /// The subscription as the sender sees it.
    func subscription(_ endpoint: String) throws -> WebPushSubscription {
        try WebPushSubscription(endpoint: endpoint, p256dhBase64URL: p256dh, authBase64URL: authText)
    }
}

/// FloWorx's HTTP application on a test database with web push settings, and signed-in users.
enum WebPushTestApp {
    static let secret = String(repeating: "push-s3cret-", count: 4)

    /// The VAPID key every test server and client of a test shares.
    static func configuration(_ keys: VAPIDKeys = .generate()) throws -> WebPushConfiguration {
        try WebPushConfiguration(keys: keys, subject: "mailto:alerts@floworx.test", timeout: .seconds(5))
    }

    static func with(
        _ db: TestDatabase, push: PushServerConfiguration,
        _ body: @Sendable (any TestClientProtocol, TokenService) async throws -> Void
    ) async throws {
        let tokens = try await TokenService.make(secret: secret)
        let keyring = "k1:" + Data((0..<32).map { _ in UInt8.random(in: .min ... .max) }).base64EncodedString()
        let dependencies = ServerDependencies(
            database: db.database, tokens: tokens, cipher: try CredentialCipher(keyring: keyring),
            configuration: ServerConfiguration(host: "127.0.0.1", port: 0, publicURL: "http://floworx.test"),
            logger: TestCluster.logger, push: push
        )
        try await FloWorxServer.application(dependencies).test(.router) { client in try await body(client, tokens) }
    }

    /// A new user (and its profile) and its `Authorization` header.
    static func user(_ db: TestDatabase, _ tokens: TokenService, _ name: String) async throws -> (id: UUID, bearer: String) {
        let account = try await AuthRepository(database: db.database.service)
            .createUser(email: "\(name)-\(UUID().uuidString.prefix(8).lowercased())@push.test", passwordHash: "x", userMetadataJSON: "{}")
        return (account.id, "Bearer " + (try await tokens.accessToken(for: account, sessionId: UUID())).token)
    }

    /// A request with a JSON body.
    static func send(
        _ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, bearer: String?, json: String? = nil,
        headers extra: HTTPFields = [:]
    ) async throws -> TestResponse {
        var headers = extra
        if let bearer { headers[.authorization] = bearer }
        if json != nil { headers[.contentType] = "application/json" }
        return try await client.execute(uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }

    /// The `code` of a JSON error answer.
    static func code(_ response: TestResponse) -> String? {
        ((try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))) as? [String: Any])?["code"] as? String
    }

    /// A JSON object answer.
    static func object(_ response: TestResponse) -> [String: Any] {
        ((try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))) as? [String: Any]) ?? [:]
    }
}
