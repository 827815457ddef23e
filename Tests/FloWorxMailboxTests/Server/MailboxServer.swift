import FloWorxServer
import FloWorxStore
import FloWorxTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// FloWorx's HTTP application on a test database, with mailbox settings.
enum MailboxServer {
    static let secret = String(repeating: "s3cret-", count: 8)

    static func with(
        _ db: TestDatabase, setup: TestingSetup = .router, mailbox: MailboxServerConfiguration,
        _ body: @Sendable (any TestClientProtocol, TokenService) async throws -> Void
    ) async throws {
        let tokens = try await TokenService.make(secret: secret)
        let dependencies = ServerDependencies(
            database: db.database, tokens: tokens, cipher: GmailFixture.cipher,
            configuration: ServerConfiguration(host: "127.0.0.1", port: 0, publicURL: "http://floworx.test"),
            logger: TestCluster.logger, mailbox: mailbox
        )
        try await FloWorxServer.application(dependencies).test(setup) { client in try await body(client, tokens) }
    }

    /// A signed-in owner's access token.
    static func bearer(_ user: UUID, _ db: TestDatabase, _ tokens: TokenService) async throws -> String {
        let account = try #require(try await AuthRepository(database: db.database.service).user(id: user))
        return "Bearer " + (try await tokens.accessToken(for: account, sessionId: UUID())).token
    }

    /// The query items of a URL.
    static func query(_ url: String) -> [String: String] {
        var items: [String: String] = [:]
        for item in URLComponents(string: url)?.queryItems ?? [] { items[item.name] = item.value }
        return items
    }
}
