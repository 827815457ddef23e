import ArgumentParser
import FloWorxStore
import FloWorxWorker
import Logging
import PostgresNIO
import ServiceLifecycle
import UnixSignals

/// `floworx worker`: email workers only, so several processes on several machines can share one PostgreSQL.
struct Worker: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run email workers only (no HTTP API); migrates the database first.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var workers: WorkerOptions

    func run() async throws {
        let logger = try database.makeLogger()
        let configuration = try workers.configuration()
        let provider = try workers.provider(logger: logger)
        try await database.withDatabase(logger: logger, create: true) { launcher in
            try await Migrations.apply(to: launcher.connection, logger: logger)
            let client = PostgresClient(
                configuration: launcher.connection.clientConfiguration(maximumConnections: configuration.concurrency + 2), backgroundLogger: logger
            )
            let service = try EmailWorkerService(
                database: Database(client: client, logger: logger), listenConnection: launcher.connection,
                provider: provider, configuration: configuration, logger: logger
            )
            let group = ServiceGroup(configuration: .init(
                services: [
                    .init(service: client),
                    .init(service: service, successTerminationBehavior: .gracefullyShutdownGroup, failureTerminationBehavior: .gracefullyShutdownGroup),
                ],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            ))
            try await group.run()
        }
    }
}
