import FloWorxIntegrations
import FloWorxLocalProviders
import FloWorxServer
import FloWorxStore
import FloWorxWorker
import Foundation
import Logging
import PostgresNIO

/// The demo's mailboxes: with no Google or Microsoft app configured, `floworx serve` on the embedded database starts
/// the local Gmail and Graph servers and connects the demo businesses to them (HVAC and roofing on Gmail, pools on
/// Outlook), so mail added with `floworx demo-mail` is synced, labelled or filed, and answered with a draft.
struct DemoMailboxes: Sendable {
    let oauth: LocalGoogleOAuth
    let gmail: LocalGmailServer
    let graph: LocalGraphServer
    let gmailURL: String
    let graphURL: String

    /// The local servers' ports (`FLOWORX_DEMO_GMAIL_PORT`, `FLOWORX_DEMO_GRAPH_PORT`), fixed so `floworx demo-mail`
    /// finds them.
    static let defaultGmailPort = 8091
    static let defaultGraphPort = 8092

    /// Where each demo business's mailbox lives.
    static let accounts: [(name: String, provider: String)] = [("hvac", "gmail"), ("pools", "outlook"), ("roofing", "gmail")]

    static func start(gmailPort: Int, graphPort: Int) async throws -> DemoMailboxes {
        let oauth = try LocalGoogleOAuth()
        let gmail = try LocalGmailServer(configuration: .init(port: gmailPort), oauth: oauth)
        let gmailURL = try await gmail.start()
        let graph = LocalGraphServer()
        let graphURL = try await graph.start(port: graphPort)
        return DemoMailboxes(oauth: oauth, gmail: gmail, graph: graph, gmailURL: gmailURL, graphURL: graphURL)
    }

    /// Points the mailbox settings at the local servers, polling every few seconds (no public URL for push).
    func configure(_ settings: inout MailboxSettings) async {
        guard let endpoints = await gmail.endpoints else { return }
        var google = OAuthProvider.google(clientId: oauth.configuration.clientID, clientSecret: oauth.configuration.clientSecret,
                                          redirectURI: "http://127.0.0.1/api/v1/integrations/gmail/callback")
        google.authorizationURL = endpoints.authorize
        google.tokenURL = endpoints.token
        google.revocationURL = endpoints.revoke
        settings.add("gmail", OAuthClient(provider: google))
        settings.setGmail(GmailClient(configuration: .init(baseURL: gmailURL)))
        settings.setGraph(GraphClient(configuration: .init(baseURL: graphURL)))
        settings.worker.pollInterval = .seconds(3)
    }

    /// Sign-in with Google (`/auth/v1/authorize?provider=google`) against the local Google server, whose accounts
    /// are the demo's Gmail mailboxes (`login_hint` picks one).
    func oauthSignIn() async -> OAuthSignInConfiguration {
        guard let endpoints = await gmail.endpoints else { return OAuthSignInConfiguration() }
        return OAuthSignInConfiguration(providers: [.google(
            clientId: oauth.configuration.clientID, clientSecret: oauth.configuration.clientSecret,
            authorizationURL: endpoints.authorize, tokenURL: endpoints.token, jwksURL: endpoints.jwks)])
    }

    /// Gives every demo business its mailbox, with fresh tokens (the local servers start empty on every run).
    func connect(database: ServiceDatabase, cipher: CredentialCipher, logger: Logger) async throws {
        let credentials = CredentialsRepository(database: database, cipher: cipher)
        for account in Self.accounts {
            let address = "\(account.name)@demo.floworx.dev"
            let rows = try await database.query("SELECT id FROM auth.users WHERE email = \(address)").collect()
            guard let client = try rows.first?.decode(UUID.self) else { continue }
            let integration = try await IntegrationRepository(database: database).integration(clientId: client, provider: account.provider)
            let tokens: OAuthTokens
            var checkpoint: String?
            if account.provider == "gmail" {
                let access = await gmail.addMailbox(email: address)
                tokens = OAuthTokens(accessToken: access.accessToken, refreshToken: access.refreshToken, expiresAt: Date().addingTimeInterval(3_000))
                checkpoint = String(access.historyId)
            } else {
                let access = await graph.addMailbox(email: address)
                tokens = OAuthTokens(accessToken: access.accessToken, refreshToken: nil, expiresAt: nil)
            }
            _ = try await credentials.store(try JSONEncoder().encode(tokens), integrationId: integration.id)
            try await MailboxRepository(database: database).connect(
                integrationId: integration.id, clientId: client, provider: account.provider, address: address,
                checkpoint: checkpoint, checkpointSeq: Int64(checkpoint ?? "0") ?? 0, backfillFrom: account.provider == "outlook" ? Date() : nil
            )
        }
        logger.notice("demo mailboxes: Gmail at \(gmailURL) (hvac@, roofing@demo.floworx.dev), Graph at \(graphURL) (pools@demo.floworx.dev); add mail with: floworx demo-mail --to hvac@demo.floworx.dev")
    }

    func stop() async {
        await gmail.stop()
        await graph.stop()
    }
}
