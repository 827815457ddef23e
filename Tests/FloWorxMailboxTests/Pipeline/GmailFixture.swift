import FloWorxCore
import FloWorxIntegrations
import FloWorxLocalProviders
import FloWorxStore
import FloWorxTestSupport
import FloWorxWorker
import Foundation
import PostgresNIO
import Testing

/// A connected Gmail mailbox on the local Gmail and Google OAuth servers, a business (the HVAC client of
/// Tests/Mailbox) on a fresh database, and the workers that move mail between them.
struct GmailFixture: MailboxTestFixture {
    let db: TestDatabase
    let client: UUID
    let integrationId: UUID
    let address: String
    let oauth: LocalGoogleOAuth
    let gmail: LocalGmailServer
    let configuration: MailboxConfiguration
    let credentials: CredentialsRepository


    static let keyring = "test:" + Data(repeating: 7, count: 32).base64EncodedString()
    static let cipher = try! CredentialCipher(keyring: keyring)

    static func with(configure: (inout MailboxConfiguration) -> Void = { _ in }, _ body: (GmailFixture) async throws -> Void) async throws {
        try await TestDatabase.with(connections: 6) { db in
            let client = try await seedBusiness(db)
            let oauth = try LocalGoogleOAuth()
            let gmail = try LocalGmailServer(oauth: oauth)
            let base = try await gmail.start()
            do {
                let endpoints = try #require(await gmail.endpoints)
                let address = "service@northlinehvac.ca"
                let access = await gmail.addMailbox(email: address)
                var google = OAuthProvider.google(clientId: oauth.configuration.clientID, clientSecret: oauth.configuration.clientSecret,
                                                  redirectURI: "http://127.0.0.1/api/v1/integrations/gmail/callback")
                google.authorizationURL = endpoints.authorize
                google.tokenURL = endpoints.token
                google.revocationURL = endpoints.revoke
                var configuration = MailboxConfiguration()
                configuration.gmail = GmailClient(configuration: .init(baseURL: base))
                configuration.oauth["gmail"] = OAuthClient(provider: google)
                configure(&configuration)
                let service = db.database.service
                let credentials = CredentialsRepository(database: service, cipher: cipher)
                let integration = try await IntegrationRepository(database: service).integration(clientId: client, provider: "gmail")
                let tokens = OAuthTokens(accessToken: access.accessToken, refreshToken: access.refreshToken, expiresAt: Date().addingTimeInterval(3_000))
                _ = try await credentials.store(try JSONEncoder().encode(tokens), integrationId: integration.id)
                try await MailboxRepository(database: service).connect(
                    integrationId: integration.id, clientId: client, provider: "gmail", address: address,
                    checkpoint: String(access.historyId), checkpointSeq: Int64(access.historyId), backfillFrom: nil
                )
                try await body(GmailFixture(
                    db: db, client: client, integrationId: integration.id, address: address, oauth: oauth, gmail: gmail,
                    configuration: configuration, credentials: credentials
                ))
            } catch {
                await gmail.stop()
                throw error
            }
            await gmail.stop()
        }
    }

    /// Mail arrives in the mailbox (an .eml of Tests/Mailbox); returns Gmail's message id.
    @discardableResult
    func deliver(_ file: String, threadId: String? = nil) async throws -> String {
        let raw = try Data(contentsOf: MailboxFiles.directory.appendingPathComponent("messages/hvac/" + file))
        return try await gmail.deliver(to: address, raw: raw, threadId: threadId)
    }

}

/// Tests/Mailbox, the shared test mailbox.
enum MailboxFiles {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Mailbox")
}
