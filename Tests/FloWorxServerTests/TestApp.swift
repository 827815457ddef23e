import FloWorxCore
import FloWorxServer
import FloWorxStore
import FloWorxTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// One FloWorx HTTP application on a fresh migrated database, built with a random JWT secret and a random AES key,
/// and the client that sends it requests.
struct TestApp: Sendable {
    /// The database behind the application, for checks the API does not show.
    let db: TestDatabase
    /// The token service the application verifies with (its anon and service keys).
    let tokens: TokenService
    /// The JWT secret, for tests that forge or expire tokens.
    let jwtSecret: String
    /// The keyring the application encrypts credentials with (`kid:base64key`).
    let keyring: String
    /// The client of the running application.
    let client: any TestClientProtocol

    /// The password every helper signs users up with.
    static let password = "Correct-Horse-7-battery"
    /// The `apikey` header.
    static let apiKeyHeader = HTTPField.Name("apikey")!
    /// The `Prefer` header.
    static let preferHeader = HTTPField.Name("Prefer")!

    /// Runs `body` against a new application on a new database.
    @discardableResult
    static func with<Result: Sendable>(
        _ setup: TestingSetup = .router,
        auth: AuthConfiguration = AuthConfiguration(),
        keyring: String = TestApp.randomKeyring(),
        connections: Int = 4,
        configure: @Sendable (inout ServerDependencies) -> Void = { _ in },
        _ body: @Sendable (TestApp) async throws -> Result
    ) async throws -> Result {
        try await TestDatabase.with(connections: connections) { db in
            let secret = randomSecret()
            var configured = try await dependencies(database: db.database, secret: secret, keyring: keyring, auth: auth)
            configure(&configured)
            let dependencies = configured
            return try await FloWorxServer.application(dependencies).test(setup) { client in
                try await body(TestApp(db: db, tokens: dependencies.tokens, jwtSecret: secret, keyring: keyring, client: client))
            }
        }
    }

    /// What `FloWorxServer.router` is built from, on `database`.
    static func dependencies(
        database: Database,
        secret: String = randomSecret(),
        keyring: String = randomKeyring(),
        auth: AuthConfiguration = AuthConfiguration(),
        // Generous: the whole suite starts at once on a small machine, and a slow first connection is not an outage.
        healthTimeout: Duration = .seconds(30)
    ) async throws -> ServerDependencies {
        ServerDependencies(
            database: database,
            tokens: try await TokenService.make(secret: secret),
            cipher: try CredentialCipher(keyring: keyring),
            configuration: ServerConfiguration(host: "127.0.0.1", port: 0, publicURL: "http://floworx.test", healthTimeout: healthTimeout, auth: auth),
            logger: TestCluster.logger
        )
    }

    /// A new 48-character JWT secret.
    static func randomSecret() -> String {
        (0..<24).map { _ in String(format: "%02x", UInt8.random(in: .min ... .max)) }.joined()
    }

    /// A new keyring of one random AES-256 key with a random key id.
    static func randomKeyring() -> String {
        "k\(UInt32.random(in: .min ... .max)):" + Data((0..<32).map { _ in UInt8.random(in: .min ... .max) }).base64EncodedString()
    }

    /// An email address no other test uses.
    static func uniqueEmail(_ who: String = "owner") -> String {
        "\(who)-\(UUID().uuidString.prefix(8).lowercased())@example.com"
    }

    // MARK: Requests

    /// Sends one request as `caller`; `json` is sent as the body with `Content-Type: application/json`.
    /// Fields of `headers` replace those the caller would send.
    func request(
        _ method: HTTPRequest.Method,
        _ uri: String,
        as caller: Caller = .anon,
        headers extra: HTTPFields = [:],
        json: String? = nil,
        body: ByteBuffer? = nil
    ) async throws -> TestResponse {
        var headers = HTTPFields()
        switch caller {
        case .nobody:
            break
        case .anon:
            headers[Self.apiKeyHeader] = tokens.anonKey
        case .service:
            headers[Self.apiKeyHeader] = tokens.serviceKey
            headers[.authorization] = "Bearer \(tokens.serviceKey)"
        case .user(let session):
            headers[Self.apiKeyHeader] = tokens.anonKey
            headers[.authorization] = "Bearer \(session.accessToken)"
        case .bearer(let token):
            headers[Self.apiKeyHeader] = tokens.anonKey
            headers[.authorization] = "Bearer \(token)"
        case .apiKey(let value):
            headers[Self.apiKeyHeader] = value
        }
        var payload = body
        if let json {
            headers[.contentType] = "application/json"
            payload = ByteBuffer(string: json)
        }
        for field in extra { headers[field.name] = field.value }
        return try await client.executeRequest(uri: uri, method: method, headers: headers, body: payload)
    }

    // MARK: Auth

    /// Signs a new user up and returns its session; `data` is the user metadata object as JSON.
    func signUp(_ email: String = TestApp.uniqueEmail(), password: String = TestApp.password, data: String? = nil) async throws -> Session {
        let metadata = data.map { #", "data": \#($0)"# } ?? ""
        let response = try await request(.post, "/auth/v1/signup", json: #"{"email": "\#(email)", "password": "\#(password)"\#(metadata)}"#)
        try #require(response.status == .ok, "sign-up of \(email): \(response.status) \(response.text)")
        return try Session(response, password: password)
    }

    /// The password grant.
    func signInResponse(_ email: String, password: String) async throws -> TestResponse {
        try await request(.post, "/auth/v1/token?grant_type=password", json: #"{"email": "\#(email)", "password": "\#(password)"}"#)
    }

    /// Signs in (a new session of the same user).
    func signIn(_ email: String, password: String = TestApp.password) async throws -> Session {
        let response = try await signInResponse(email, password: password)
        try #require(response.status == .ok, "sign-in of \(email): \(response.status) \(response.text)")
        return try Session(response, password: password)
    }

    /// The refresh-token grant.
    func refresh(_ refreshToken: String) async throws -> TestResponse {
        try await request(.post, "/auth/v1/token?grant_type=refresh_token", json: #"{"refresh_token": "\#(refreshToken)"}"#)
    }
}
