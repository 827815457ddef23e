import ArgumentParser
import FloWorxServer
import FloWorxStore
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

    func run() async throws {
        let logger = try database.makeLogger()
        let serverConfiguration = ServerConfiguration(
            host: host ?? Environment.get("FLOWORX_HOST") ?? "127.0.0.1",
            port: try port ?? Environment.int("PORT") ?? 8080
        )
        try await database.withDatabase(logger: logger) { launcher in
            let secrets = try Secrets.resolve(embeddedDataDirectory: launcher.embedded?.dataDirectory, logger: logger)
            let tokens = try await TokenService.make(secret: secrets.jwtSecret)
            try await Migrations.apply(to: launcher.connection, logger: logger)
            let client = PostgresClient(configuration: launcher.connection.clientConfiguration(), backgroundLogger: logger)
            let db = Database(client: client, logger: logger)
            let dependencies = ServerDependencies(database: db, tokens: tokens, configuration: serverConfiguration, logger: logger)
            let app = FloWorxServer.application(dependencies) { port in
                logger.notice("FloWorx is listening on http://\(serverConfiguration.host):\(port)", metadata: ["anon_key": "\(tokens.anonKey)"])
            }
            let group = ServiceGroup(
                configuration: .init(
                    services: [.init(service: client), .init(service: app)],
                    gracefulShutdownSignals: [.sigterm, .sigint],
                    logger: logger
                )
            )
            try await group.run()
        }
    }
}
