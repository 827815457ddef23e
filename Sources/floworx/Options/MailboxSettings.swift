import FloWorxIntegrations
import FloWorxServer
import FloWorxWorker
import FloWorxStore
import Foundation
import Logging
import ServiceLifecycle

/// Mailbox integration settings from the environment (README, "Mailbox integrations"). A provider is configured when
/// its client id and secret are set; every provider URL defaults to the real one and may be overridden (tests,
/// the demo's local servers).
struct MailboxSettings: Sendable {
    var server = MailboxServerConfiguration()
    var worker = MailboxConfiguration()
    var jobs = JobWorkerConfiguration()

    /// Whether any real provider is configured.
    var hasProvider: Bool { !server.oauth.isEmpty }

    static func fromEnvironment(publicURL: String?) throws -> MailboxSettings {
        var settings = MailboxSettings()
        let base = (publicURL ?? "http://127.0.0.1:8080").trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        if let id = Environment.get("FLOWORX_GOOGLE_CLIENT_ID"), let secret = Environment.get("FLOWORX_GOOGLE_CLIENT_SECRET") {
            var google = OAuthProvider.google(clientId: id, clientSecret: secret,
                                              redirectURI: Environment.get("FLOWORX_GOOGLE_REDIRECT_URI") ?? base + "/api/v1/integrations/gmail/callback")
            if let url = Environment.get("FLOWORX_GOOGLE_AUTH_URL") { google.authorizationURL = url }
            if let url = Environment.get("FLOWORX_GOOGLE_TOKEN_URL") { google.tokenURL = url }
            if let url = Environment.get("FLOWORX_GOOGLE_REVOKE_URL") { google.revocationURL = url }
            settings.add("gmail", OAuthClient(provider: google))
        } else if Environment.get("FLOWORX_GOOGLE_CLIENT_ID") != nil || Environment.get("FLOWORX_GOOGLE_CLIENT_SECRET") != nil {
            throw ConfigurationError("FLOWORX_GOOGLE_CLIENT_ID and FLOWORX_GOOGLE_CLIENT_SECRET go together: set both or neither")
        }
        if let id = Environment.get("FLOWORX_MICROSOFT_CLIENT_ID"), let secret = Environment.get("FLOWORX_MICROSOFT_CLIENT_SECRET") {
            var microsoft = OAuthProvider.microsoft(tenant: Environment.get("FLOWORX_MICROSOFT_TENANT") ?? "common", clientId: id, clientSecret: secret,
                                                    redirectURI: Environment.get("FLOWORX_MICROSOFT_REDIRECT_URI") ?? base + "/api/v1/integrations/outlook/callback")
            if let url = Environment.get("FLOWORX_MICROSOFT_AUTH_URL") { microsoft.authorizationURL = url }
            if let url = Environment.get("FLOWORX_MICROSOFT_TOKEN_URL") { microsoft.tokenURL = url }
            settings.add("outlook", OAuthClient(provider: microsoft))
        } else if Environment.get("FLOWORX_MICROSOFT_CLIENT_ID") != nil || Environment.get("FLOWORX_MICROSOFT_CLIENT_SECRET") != nil {
            throw ConfigurationError("FLOWORX_MICROSOFT_CLIENT_ID and FLOWORX_MICROSOFT_CLIENT_SECRET go together: set both or neither")
        }
        if let url = Environment.get("FLOWORX_GMAIL_API_URL") { settings.setGmail(GmailClient(configuration: .init(baseURL: url))) }
        if let url = Environment.get("FLOWORX_GRAPH_API_URL") { settings.setGraph(GraphClient(configuration: .init(baseURL: url))) }
        settings.worker.gmailTopic = Environment.get("FLOWORX_GMAIL_PUBSUB_TOPIC")
        settings.server.gmailPush.audience = Environment.get("FLOWORX_GMAIL_PUSH_AUDIENCE")
        settings.server.gmailPush.serviceAccountEmail = Environment.get("FLOWORX_GMAIL_PUSH_SERVICE_ACCOUNT")
        if let url = Environment.get("FLOWORX_GOOGLE_JWKS_URL") { settings.server.gmailPush.jwksURL = url }
        settings.worker.graphNotificationURL = Environment.get("FLOWORX_GRAPH_NOTIFICATION_URL")
        if let poll = try Environment.seconds("FLOWORX_MAILBOX_POLL_SECONDS", range: 5...86_400) { settings.worker.pollInterval = poll }
        if let hours = try Environment.int("FLOWORX_MAILBOX_BACKFILL_HOURS", range: 0...720) {
            settings.worker.backfillWindow = .seconds(hours * 3_600)
            settings.server.backfillWindow = .seconds(hours * 3_600)
        }
        if let lease = try Environment.seconds("FLOWORX_JOB_LEASE_SECONDS", range: 1...86_400) {
            settings.jobs.lease = lease
            // A lease that ran out (its worker died) is noticed within a quarter of it.
            settings.jobs.reclaimInterval = min(settings.jobs.reclaimInterval, max(.seconds(1), lease / 4))
        }
        if let loops = try Environment.int("FLOWORX_JOB_CONCURRENCY", range: 1...256) { settings.jobs.concurrency = loops }
        if let scan = try Environment.seconds("FLOWORX_OUTLOOK_OWNER_SCAN_SECONDS", range: 60...86_400) { settings.worker.ownerScanInterval = scan }
        if let filing = Environment.get("FLOWORX_OUTLOOK_FILING") {
            guard let value = MailboxConfiguration.OutlookFiling(rawValue: filing) else {
                throw ConfigurationError("FLOWORX_OUTLOOK_FILING must be folders or categories, got \"\(filing)\"")
            }
            settings.worker.outlookFiling = value
        }
        return settings
    }

    mutating func add(_ provider: String, _ client: OAuthClient) {
        server.oauth[provider] = client
        worker.oauth[provider] = client
    }

    mutating func setGmail(_ client: GmailClient) {
        server.gmail = client
        worker.gmail = client
    }

    mutating func setGraph(_ client: GraphClient) {
        server.graph = client
        worker.graph = client
    }
}

extension MailboxSettings {
    /// The mailbox job workers and scheduler, as services of the process's group.
    func services(database: Database, cipher: CredentialCipher, listen: DatabaseConnectionInfo, logger: Logger) -> [ServiceGroupConfiguration.ServiceConfiguration] {
        let configuration = worker
        let handler = MailboxJobHandler(
            database: database.service, credentials: CredentialsRepository(database: database.service, cipher: cipher), configuration: configuration, logger: logger
        )
        let workers = JobWorkerService(
            queue: JobQueue(database: database.service), handler: handler, listenConnection: listen, configuration: jobs, logger: logger
        )
        return [.init(service: workers), .init(service: MailboxScheduler(database: database.service, configuration: configuration, logger: logger))]
    }
}
