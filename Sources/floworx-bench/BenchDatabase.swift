import ArgumentParser
import FloWorxStore
import Foundation
import Logging
import PostgresNIO

extension PoolerMode: ExpressibleByArgument {}

/// The database a benchmark runs on: `--database-url` or `DATABASE_URL` (the scripts start one cluster for all runs).
struct BenchDatabase: ParsableArguments {
    @Option(name: .customLong("database-url"), help: "PostgreSQL URL (env: DATABASE_URL).")
    var url: String?
    @Option(help: "How the pool reaches PostgreSQL: session (statements prepared by name, the default) or transaction (unnamed only, as behind PgBouncer's transaction pooling).")
    var pooler: PoolerMode = .session

    var logger: Logger {
        var logger = Logger(label: "floworx-bench")
        logger.logLevel = .warning
        return logger
    }

    func connection() throws -> DatabaseConnectionInfo {
        guard let text = url ?? ProcessInfo.processInfo.environment["DATABASE_URL"] else {
            throw ValidationError("set DATABASE_URL or --database-url (scripts/bench/*.sh start a cluster and set it)")
        }
        return try DatabaseConnectionInfo(url: text)
    }

    /// Migrates, then runs `body` with a running pool of `connections`.
    func withDatabase<Result: Sendable>(connections: Int, _ body: @escaping @Sendable (Database, DatabaseConnectionInfo) async throws -> Result) async throws -> Result {
        let info = try connection()
        let logger = self.logger
        try await DatabaseConnectionInfo.withConnection(info, logger: logger) { connection in
            try await MigrationRunner(migrations: try Migration.bundled(), logger: logger).migrate(connection)
        }
        do {
            let pooler = self.pooler
            return try await Database.withPool(info, connections: connections, logger: logger) { database in
                var database = database
                database.pooler = pooler
                return try await body(database, info)
            }
        } catch {
            // PSQLError hides the server's message by design; a benchmark wants to see it.
            throw BenchError(description: PostgresErrorText.describe(error))
        }
    }
}

/// A failure, with PostgreSQL's own message.
struct BenchError: Error, CustomStringConvertible {
    var description: String
}

/// Prints one JSON object on stdout.
func report(_ values: [String: Any]) {
    let data = (try? JSONSerialization.data(withJSONObject: values, options: [.sortedKeys])) ?? Data("{}".utf8)
    print(String(decoding: data, as: UTF8.self))
}

/// Seconds since `start`.
func seconds(since start: ContinuousClock.Instant) -> Double {
    (ContinuousClock.now - start).fractionalSeconds
}
