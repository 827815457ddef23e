import ArgumentParser
import FloWorxServer
import FloWorxStore
import FloWorxWorker
import Hummingbird
import Logging
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
        let serverConfiguration = ServerConfiguration(
            host: host ?? Environment.get("FLOWORX_HOST") ?? "127.0.0.1",
            port: try port ?? Environment.int("PORT") ?? 8080
        )
        let apiConnections = try databasePool ?? Environment.int("FLOWORX_DB_POOL") ?? 10
        guard apiConnections >= 1 else { throw ConfigurationError("the database pool needs at least 1 connection, got \(apiConnections)") }
        try await database.withDatabase(logger: logger) { launcher in
            let secrets = try Secrets.resolve(embeddedDataDirectory: launcher.embedded?.dataDirectory, logger: logger)
            let tokens = try await TokenService.make(secret: secrets.jwtSecret)
            let workerConfiguration = try workers.configuration()
            let provider = try workers.provider(logger: logger)
            let workersEnabled = try Environment.bool("FLOWORX_WORKERS") ?? true
            let demoEnabled = try Environment.bool("FLOWORX_DEMO") ?? true
            let runWorkers = !noWorkers && workersEnabled
            try await Migrations.apply(to: launcher.connection, logger: logger)
            let client = PostgresClient(configuration: launcher.connection.clientConfiguration(maximumConnections: apiConnections + workerConfiguration.concurrency), backgroundLogger: logger)
            let db = Database(client: client, logger: logger)
            let cipher = try CredentialCipher(keyring: secrets.encryptionKeys)
            let dependencies = ServerDependencies(database: db, tokens: tokens, cipher: cipher, configuration: serverConfiguration, logger: logger)
            let app = FloWorxServer.application(dependencies) { port in
                logger.notice("FloWorx is listening on http://\(serverConfiguration.host):\(port)", metadata: ["anon_key": "\(tokens.anonKey)"])
            }
            var services: [ServiceGroupConfiguration.ServiceConfiguration] = [.init(service: client), .init(service: app)]
            if runWorkers {
                let worker = EmailWorkerService(
                    database: db, listenConnection: launcher.connection, provider: provider, configuration: workerConfiguration, logger: logger
                )
                services.append(.init(service: worker))
            }
            if launcher.isEmbedded && !noDemo && demoEnabled {
                try await DemoData.loadIfEmpty(into: launcher.connection, logger: logger)
            }
            let group = ServiceGroup(configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
            try await group.run()
        }
    }
}
