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
        let mailbox = try MailboxSettings.fromEnvironment(publicURL: Environment.get("FLOWORX_PUBLIC_URL"))
        let shutdown = try ShutdownSettings.fromEnvironment()
        let pool = try PoolSettings.fromEnvironment()
        let tracing = try TracingSettings.fromEnvironment()
        try await database.withDatabase(logger: logger, create: true) { launcher in
            try await Migrations.apply(to: launcher.connection, logger: logger)
            let secrets = try Secrets.resolve(embeddedDataDirectory: launcher.embedded?.dataDirectory, logger: logger)
            let deliveryLoops = try NotificationDelivery.concurrency()
            let client = PostgresClient(
                configuration: try pool.poolConnection(direct: launcher.connection).clientConfiguration(maximumConnections: configuration.concurrency + deliveryLoops + 6),
                backgroundLogger: logger
            )
            var db = Database(client: client, logger: logger)
            pool.apply(to: &db)
            let service = try EmailWorkerService(
                database: db, listenConnection: launcher.connection,
                provider: provider, configuration: configuration, logger: logger
            )
            let mailboxServices = mailbox.services(
                database: db, cipher: try CredentialCipher(keyring: secrets.encryptionKeys), listen: launcher.connection, logger: logger
            )
            let notificationServices = try NotificationDelivery.fromEnvironment(database: db, publicURL: Environment.get("FLOWORX_PUBLIC_URL"), logger: logger)
                .services(database: db, listen: launcher.connection, logger: logger)
            let digestServices = try DigestSettings.fromEnvironment(publicURL: Environment.get("FLOWORX_PUBLIC_URL"))
                .services(database: db, listen: launcher.connection, logger: logger)
            let group = shutdown.group(
                tracing.services(logger: logger) + [
                    .init(service: PoolService(client: client, reads: db.pipelinedReads, logger: logger)),
                    .init(service: service, successTerminationBehavior: .gracefullyShutdownGroup, failureTerminationBehavior: .gracefullyShutdownGroup),
                ] + mailboxServices + notificationServices + digestServices
                    + (try SLASettings.fromEnvironment().services(database: db, listen: launcher.connection, logger: logger))
                    + (try WorkflowJobSettings.fromEnvironment().services(database: db, listen: launcher.connection, logger: logger))
                    + (try RetentionSettings.fromEnvironment().services(database: db, logger: logger)),
                logger: logger
            )
            try await group.run()
        }
    }
}
