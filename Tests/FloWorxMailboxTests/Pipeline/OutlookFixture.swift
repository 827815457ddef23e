import FloWorxCore
import FloWorxIntegrations
import FloWorxLocalProviders
import FloWorxStore
import FloWorxTestSupport
import FloWorxWorker
import Foundation
import PostgresNIO

/// A connected Outlook mailbox on the local Graph server and the HVAC business on a fresh database.
struct OutlookFixture: MailboxTestFixture {
    let db: TestDatabase
    let client: UUID
    let integrationId: UUID
    let address: String
    let graph: LocalGraphServer
    let configuration: MailboxConfiguration
    let credentials: CredentialsRepository


    static func with(configure: (inout MailboxConfiguration) -> Void = { _ in }, _ body: (OutlookFixture) async throws -> Void) async throws {
        try await TestDatabase.with(connections: 6) { db in
            let client = try await seedBusiness(db)
            let graph = LocalGraphServer()
            let root = try await graph.start()
            do {
                let address = "service@northlinehvac.ca"
                let account = await graph.addMailbox(email: address)
                var configuration = MailboxConfiguration()
                configuration.graph = GraphClient(configuration: .init(baseURL: root))
                configure(&configuration)
                let service = db.database.service
                let credentials = CredentialsRepository(database: service, cipher: GmailFixture.cipher)
                let integration = try await IntegrationRepository(database: service).integration(clientId: client, provider: "outlook")
                let tokens = OAuthTokens(accessToken: account.accessToken, refreshToken: nil, expiresAt: Date().addingTimeInterval(3_000))
                _ = try await credentials.store(try JSONEncoder().encode(tokens), integrationId: integration.id)
                try await MailboxRepository(database: service).connect(
                    integrationId: integration.id, clientId: client, provider: "outlook", address: address,
                    checkpoint: nil, checkpointSeq: 0, backfillFrom: Date().addingTimeInterval(-60)
                )
                try await body(OutlookFixture(
                    db: db, client: client, integrationId: integration.id, address: address, graph: graph, configuration: configuration, credentials: credentials
                ))
            } catch {
                await graph.stop()
                throw error
            }
            await graph.stop()
        }
    }

    @discardableResult
    func deliver(_ file: String) async throws -> String {
        let raw = try String(contentsOf: MailboxFiles.directory.appendingPathComponent("messages/hvac/" + file), encoding: .utf8)
        return try await graph.deliver(to: address, raw: raw)
    }

}
