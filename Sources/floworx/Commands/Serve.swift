import ArgumentParser
import FloWorxServer
import FloWorxStore
import FloWorxWeb
import FloWorxWorker
import Foundation
import Hummingbird
import Logging
import NIOCore
import PostgresNIO
import ServiceLifecycle
import UnixSignals

/// `floworx serve`: the HTTP API (and, later, the email workers) on one database.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the HTTP API; migrates the database first.")

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Address to listen on (env: FLOWORX_HOST, default 127.0.0.1).")
    var host: String?

    @Option(help: "Port to listen on (env: PORT, default 8080; 0 picks a free port).")
    var port: Int?

    @Option(name: .customLong("db-pool"), help: "Database connections for API requests, as PostgREST's db-pool (env: FLOWORX_DB_POOL, default 10).")
    var databasePool: Int?

    @Flag(name: .customLong("no-workers"), help: "Serve the API only, without email workers (env: FLOWORX_WORKERS=false).")
    var noWorkers = false

    @Flag(name: .customLong("no-demo"), help: "Do not load the demo clients into a new embedded database (env: FLOWORX_DEMO=false).")
    var noDemo = false

    @OptionGroup var workers: WorkerOptions

    func run() async throws {
        let logger = try database.makeLogger()
        // Every setting is checked before the database is opened: a typo costs no cluster start.
        var configuredServer = ServerConfiguration(
            host: try Self.listenHost(host ?? Environment.get("FLOWORX_HOST") ?? "127.0.0.1", name: host != nil ? "--host" : "FLOWORX_HOST"),
            port: try Environment.int(flag: port, "--port", env: "PORT", default: 8080, range: 0...65535),
            auth: try Self.authConfiguration()
        )
        let jwtLeeway = try Self.jwtLeeway()
        let limits = try APILimits.fromEnvironment()
        configuredServer.limits = limits.http
        configuredServer.cors = limits.cors
        configuredServer.publicURL = limits.publicURL
        configuredServer.ingest = try Self.ingestLimits()
        configuredServer.metricsToken = Environment.get("FLOWORX_METRICS_TOKEN")
        FloWorxMetrics.bootstrap()
        let serverConfiguration = configuredServer
        let apiConnections = try Environment.int(flag: databasePool, "--db-pool", env: "FLOWORX_DB_POOL", default: 10, range: 1...1000)
        let workerConfiguration = try workers.configuration()
        let provider = try workers.provider(logger: logger)
        let workersEnabled = try Environment.bool("FLOWORX_WORKERS") ?? true
        let demoEnabled = try Environment.bool("FLOWORX_DEMO") ?? true
        let runWorkers = !noWorkers && workersEnabled
        let mailboxSettings = try MailboxSettings.fromEnvironment(publicURL: limits.publicURL)
        let shutdown = try ShutdownSettings.fromEnvironment()
        let backups = try BackupSettings.fromEnvironment(embedded: database.url == nil)
        let retention = try RetentionSettings.fromEnvironment()
        let tracing = try TracingSettings.fromEnvironment()
        var pool = try PoolSettings.fromEnvironment()
        pool.readConnections = apiConnections
        try await database.withDatabase(logger: logger, create: true) { launcher in
            let secrets = try Secrets.resolve(embeddedDataDirectory: launcher.embedded?.dataDirectory, logger: logger)
            let tokens = try await TokenService.make(secret: secrets.jwtSecret, clockLeeway: jwtLeeway)
            try await Migrations.apply(to: launcher.connection, logger: logger)
            let deliveryLoops = try NotificationDelivery.concurrency()
            let client = PostgresClient(configuration: try pool.poolConnection(direct: launcher.connection).clientConfiguration(maximumConnections: apiConnections + workerConfiguration.concurrency + deliveryLoops + 4), backgroundLogger: logger)
            var db = Database(
                client: client, logger: logger, statementTimeouts: limits.statementTimeouts,
                canceller: StatementCanceller(connection: launcher.connection, logger: logger)
            )
            db.connectionInfo = launcher.connection
            pool.apply(to: &db)
            let cipher = try CredentialCipher(keyring: secrets.encryptionKeys)
            var mailboxSettings = mailboxSettings
            var demoMailboxes: DemoMailboxes?
            var demoSMTP: DemoSMTP?
            if launcher.isEmbedded && !noDemo && demoEnabled {
                try await DemoData.loadIfEmpty(into: launcher.connection, logger: logger)
                // The demo's local mailbox for alerts (floworx demo-inbox), unless a real SMTP relay is configured.
                if Environment.get("FLOWORX_SMTP_HOST") == nil && runWorkers {
                    demoSMTP = try await DemoSMTP.start(
                        port: try Environment.int("FLOWORX_DEMO_SMTP_PORT", range: 0...65535) ?? DemoSMTP.defaultPort,
                        httpPort: try Environment.int("FLOWORX_DEMO_SMTP_HTTP_PORT", range: 0...65535) ?? DemoSMTP.defaultHTTPPort,
                        logger: logger)
                }
                if !mailboxSettings.hasProvider && runWorkers {
                    let demo = try await DemoMailboxes.start(
                        gmailPort: try Environment.int("FLOWORX_DEMO_GMAIL_PORT", range: 0...65535) ?? DemoMailboxes.defaultGmailPort,
                        graphPort: try Environment.int("FLOWORX_DEMO_GRAPH_PORT", range: 0...65535) ?? DemoMailboxes.defaultGraphPort
                    )
                    await demo.configure(&mailboxSettings)
                    try await Database.withPool(launcher.connection, connections: 2, logger: logger) { pool in
                        try await demo.connect(database: pool.service, cipher: cipher, logger: logger)
                    }
                    demoMailboxes = demo
                }
            }
            try await BillingSettings.syncPlanLimits(launcher.connection, logger: logger)
            var dependencies = ServerDependencies(
                database: db, tokens: tokens, cipher: cipher, configuration: serverConfiguration, logger: logger, mailbox: mailboxSettings.server,
                twilio: TwilioWebhookConfiguration(authToken: Environment.get("FLOWORX_TWILIO_AUTH_TOKEN"), publicURL: limits.publicURL),
                push: try PushServerSettings.fromEnvironment()
            )
            dependencies.authMailer = try Self.authMailer(demoSMTP: demoSMTP?.configuration, logger: logger)
            if let demoMailboxes, dependencies.configuration.auth.oauth.providers.isEmpty { dependencies.configuration.auth.oauth = await demoMailboxes.oauthSignIn() }
            dependencies.realtime = try RealtimeSettings.fromEnvironment()
            dependencies.billing = try BillingSettings.server()
            try BillingCheckoutSettings.apply(to: &dependencies)
            if launcher.isEmbedded && !noDemo && demoEnabled && dependencies.billingCheckout.stripe == nil {
                // The demo's Stripe (docs/billing.md): checkout, portal and signed webhooks against the local Stripe server.
                let appURL = "http://127.0.0.1:\(serverConfiguration.port)"
                let stripe = try await DemoStripe.start(port: try Environment.int("FLOWORX_DEMO_STRIPE_PORT", range: 0...65535) ?? DemoStripe.defaultPort,
                                                        plans: dependencies.billing.plans, webhookURL: appURL + "/api/v1/webhooks/stripe")
                stripe.configure(&dependencies.billingCheckout, &dependencies.billing, appURL: appURL, logger: logger)
            }
            // The owner's web app at `/`, on the same router (docs/web.md).
            let webApp = try WebApp(dependencies: dependencies, configuration: try WebSettings.fromEnvironment(
                publicURL: limits.publicURL, demo: launcher.isEmbedded && !noDemo && demoEnabled))
            dependencies.additionalRoutes = { router in webApp.addRoutes(to: router) }
            let app = FloWorxServer.application(dependencies) { port in
                logger.notice("FloWorx is listening on http://\(serverConfiguration.host):\(port)", metadata: ["anon_key": "\(tokens.anonKey)"])
            }
            var services: [ServiceGroupConfiguration.ServiceConfiguration] = tracing.services(logger: logger)
                + [.init(service: PoolService(client: client, reads: db.pipelinedReads, logger: logger)), .init(service: app)]
            if runWorkers {
                let worker = try EmailWorkerService(
                    database: db, listenConnection: launcher.connection, provider: provider, configuration: workerConfiguration, logger: logger
                )
                services.append(.init(service: worker))
                services += mailboxSettings.services(database: db, cipher: cipher, listen: launcher.connection, logger: logger)
                services += try NotificationDelivery.fromEnvironment(database: db, publicURL: limits.publicURL, demoSMTP: demoSMTP?.configuration, logger: logger)
                    .services(database: db, listen: launcher.connection, logger: logger)
                services += try DigestSettings.fromEnvironment(publicURL: limits.publicURL)
                    .services(database: db, listen: launcher.connection, logger: logger)
                services += try SLASettings.fromEnvironment().services(database: db, listen: launcher.connection, logger: logger)
                services += try WorkflowJobSettings.fromEnvironment().services(database: db, listen: launcher.connection, logger: logger)
            }
            services += try backups.services(database: database, launcher: launcher, logger: logger)
            services += retention.services(database: db, logger: logger)
            let group = shutdown.group(services, logger: logger)
            do {
                try await group.run()
                await demoMailboxes?.stop()
                await demoSMTP?.stop()
            } catch let error as IOError where String(describing: error).hasPrefix("bind") {
                await demoMailboxes?.stop()
                await demoSMTP?.stop()
                throw Self.listenError(error, host: serverConfiguration.host, port: serverConfiguration.port)
            } catch {
                await demoMailboxes?.stop()
                await demoSMTP?.stop()
                throw error
            }
        }
    }

    /// NIO's `bind(descriptor:ptr:bytes:): Address already in use (errno: 98)`, said with the address and what to do.
    static func listenError(_ error: IOError, host: String, port: Int) -> any Error {
        let address = "\(host):\(port)"
        switch error.errnoCode {
        case EADDRINUSE:
            return ConfigurationError("cannot listen on \(address): the address is already in use (another FloWorx?); choose another --port / PORT")
        case EACCES:
            return ConfigurationError("cannot listen on \(address): permission denied (ports below 1024 need privileges); choose another --port / PORT")
        case EADDRNOTAVAIL:
            return ConfigurationError("cannot listen on \(address): \(host) is not an address of this machine; choose another --host / FLOWORX_HOST")
        default:
            return ConfigurationError("cannot listen on \(address): \(error)")
        }
    }

    /// The address to listen on: a host name or an IP address, without a scheme, port or spaces.
    static func listenHost(_ text: String, name: String) throws -> String {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: ".-:_%"))
        guard !text.isEmpty, text.unicodeScalars.allSatisfy(allowed.contains), !text.contains("://") else {
            throw ConfigurationError("\(name) must be a host name or an IP address (e.g. 127.0.0.1 or 0.0.0.0), got \"\(text)\"")
        }
        return text
    }
}
