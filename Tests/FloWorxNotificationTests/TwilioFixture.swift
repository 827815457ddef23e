import FloWorxIntegrations
import FloWorxLocalProviders
import FloWorxServer
import FloWorxStore
import FloWorxTestSupport
import Foundation
import HummingbirdTesting
import PostgresNIO
import Testing

/// A local Twilio server with a client configured for it, and SMS notification rows written straight to the database.
enum TwilioFixture {
    /// The account's number (owned by the local server's account).
    static let from = "+15005550006"

    /// Runs `body` with a started local Twilio server and a client for it (Account SID + Auth Token), then stops it.
    static func with<Result: Sendable>(
        _ configuration: LocalTwilioConfiguration = LocalTwilioConfiguration(), statusCallbackURL: String? = nil,
        _ body: (LocalTwilioServer, TwilioClient) async throws -> Result
    ) async throws -> Result {
        let server = LocalTwilioServer(configuration: configuration)
        let base = try await server.start()
        let client = TwilioClient(configuration: TwilioConfiguration(
            accountSid: configuration.accountSid, credentials: .authToken(configuration.authToken), sender: .init(from: from), baseURL: base,
            statusCallbackURL: statusCallbackURL))
        do {
            let result = try await body(server, client)
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }

    /// FloWorx's HTTP application on `db`, verifying Twilio callbacks with `authToken` against `publicURL`.
    static func withApp(
        _ db: TestDatabase, setup: TestingSetup = .router, authToken: String?, publicURL: String?,
        _ body: @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        let tokens = try await TokenService.make(secret: String(repeating: "s3cret-", count: 8))
        let dependencies = ServerDependencies(
            database: db.database, tokens: tokens, cipher: try CredentialCipher(keyring: "k1:" + Data(repeating: 7, count: 32).base64EncodedString()),
            configuration: ServerConfiguration(host: "127.0.0.1", port: 0, publicURL: publicURL), logger: TestCluster.logger,
            twilio: TwilioWebhookConfiguration(authToken: authToken, publicURL: publicURL))
        try await FloWorxServer.application(dependencies).test(setup) { client in try await body(client) }
    }

    /// A business and one SMS notification of it, `sent` with `providerMessageId` (none: not recorded yet).
    static func smsNotification(_ db: TestDatabase, providerMessageId: String?, recipient: String = "+15551234567") async throws -> UUID {
        let client = UUID()
        try await db.database.service.query("INSERT INTO auth.users (id, email) VALUES (\(client), \("sms-\(client.uuidString.prefix(8).lowercased())@example.com"))")
        let rows = try await db.database.service.query("""
            INSERT INTO floworx.notifications (client_id, kind, channel, recipient, dedupe_key, status, provider_message_id, sent_at)
            VALUES (\(client), 'escalation', 'sms', \(recipient), \("test:\(UUID().uuidString)"), 'sent', \(providerMessageId), now())
            RETURNING id
            """).collect()
        return try rows[0].decode(UUID.self)
    }

    /// The row's status, provider status, reason and provider message id.
    static func row(_ db: TestDatabase, _ id: UUID) async throws -> (status: String, providerStatus: String?, reason: String?, providerMessageId: String?) {
        let rows = try await db.database.service.query(
            "SELECT status, provider_status, reason, provider_message_id FROM floworx.notifications WHERE id = \(id)").collect()
        let (status, provider, reason, sid) = try rows[0].decode((String, String?, String?, String?).self)
        return (status, provider, reason, sid)
    }

    /// `application/x-www-form-urlencoded` from pairs.
    static func form(_ fields: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return fields.map { "\($0.0.addingPercentEncoding(withAllowedCharacters: allowed)!)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }
            .joined(separator: "&")
    }
}
