import ArgumentParser
import FloWorxStore
import Foundation
import Logging
import PostgresNIO

/// The database a benchmark runs on: `--database-url` or `DATABASE_URL` (the scripts start one cluster for all runs).
struct BenchDatabase: ParsableArguments {
    @Option(name: .customLong("database-url"), help: "PostgreSQL URL (env: DATABASE_URL).")
    var url: String?

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
        let client = PostgresClient(configuration: info.clientConfiguration(maximumConnections: connections), backgroundLogger: logger)
        return try await withThrowingTaskGroup(of: Result?.self) { group in
            group.addTask { await client.run(); return nil }
            defer { group.cancelAll() }
            return try await body(Database(client: client, logger: logger), info)
        }
    }
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
