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
struct GmailFixture {
    let db: TestDatabase
    let client: UUID
    let integrationId: UUID
    let address: String
    let oauth: LocalGoogleOAuth
    let gmail: LocalGmailServer
    let configuration: MailboxConfiguration
    let credentials: CredentialsRepository

    var service: ServiceDatabase { db.database.service }

    static let cipher = try! CredentialCipher(keyring: "test:" + Data(repeating: 7, count: 32).base64EncodedString())

    static func with(configure: (inout MailboxConfiguration) -> Void = { _ in }, _ body: (GmailFixture) async throws -> Void) async throws {
        try await TestDatabase.with(connections: 6) { db in
            let setup = try JSONCoding.decoder().decode(ClientSetup.self, from: Data(contentsOf: MailboxFiles.directory.appendingPathComponent("clients/hvac.json")))
            let client = try await ClientSeeder(database: db.database.service).create(email: "owner@northlinehvac.ca", passwordHash: nil, setup: setup)
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

    /// The mailbox job workers, as `floworx serve` runs them (without LISTEN: tests drain explicitly).
    var workers: JobWorkerService {
        JobWorkerService(
            queue: JobQueue(database: service),
            handler: MailboxJobHandler(database: service, credentials: credentials, configuration: configuration, logger: TestCluster.logger),
            listenConnection: nil, configuration: JobWorkerConfiguration(), logger: TestCluster.logger
        )
    }

    /// Mail arrives in the mailbox (an .eml of Tests/Mailbox); returns Gmail's message id.
    @discardableResult
    func deliver(_ file: String, threadId: String? = nil) async throws -> String {
        let raw = try Data(contentsOf: MailboxFiles.directory.appendingPathComponent("messages/hvac/" + file))
        return try await gmail.deliver(to: address, raw: raw, threadId: threadId)
    }

    /// Queues a sync (what a push or the scheduler does).
    func queueSync() async throws {
        try await JobQueue(database: service).enqueue([NewJob(
            kind: MailboxJobKind.sync, dedupeKey: integrationId.uuidString.lowercased(), integrationId: integrationId, clientId: client
        )])
    }

    /// Runs queued mailbox jobs, then the email pipeline on what they queued, then the write-back jobs it queued.
    func syncAndProcess() async throws {
        try await queueSync()
        try await workers.drain()
        try await runPipeline()
        try await workers.drain()
    }

    /// The email pipeline (built-in composer) on every queued email.
    func runPipeline() async throws {
        try await Self.runPipeline(service)
    }

    static func runPipeline(_ service: ServiceDatabase) async throws {
        let queue = EmailQueue(database: service)
        let pipeline = try EmailPipeline(
            queue: queue, repository: ProfileRepository(database: service, logger: TestCluster.logger),
            provider: BuiltInComposer(), configuration: WorkerConfiguration(), logger: TestCluster.logger
        )
        while true {
            let jobs = try await queue.claim(limit: 20)
            if jobs.isEmpty { return }
            _ = try await pipeline.process(jobs)
        }
    }

    func strings(_ query: PostgresQuery) async throws -> [String] {
        var values: [String] = []
        for try await value in try await service.query(query).decode(String.self) { values.append(value) }
        return values
    }

    func count(_ query: PostgresQuery) async throws -> Int {
        try await service.query(query).collect().first?.decode(Int.self) ?? 0
    }
}

/// Tests/Mailbox, the shared test mailbox.
enum MailboxFiles {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Mailbox")
}
