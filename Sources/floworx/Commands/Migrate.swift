import ArgumentParser
import FloWorxStore
import Logging

/// `floworx migrate`: applies pending migrations.
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending schema migrations; prints each one applied, or \"up to date\".")

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let logger = try database.makeLogger()
        try await database.withDatabase(logger: logger) { launcher in
            let applied = try await Migrations.apply(to: launcher.connection, logger: logger) { migration, elapsed in
                print("applied \(migration.name) (\(elapsed.milliseconds) ms)")
            }
            if applied.isEmpty { print("up to date") }
        }
    }
}

/// Running the bundled migrations on a standalone connection.
enum Migrations {
    /// Applies every pending bundled migration; returns those applied.
    @discardableResult
    static func apply(
        to info: DatabaseConnectionInfo,
        logger: Logger,
        onApply: @escaping (Migration, Duration) -> Void = { _, _ in }
    ) async throws -> [Migration] {
        let runner = MigrationRunner(migrations: try Migration.bundled(), logger: logger)
        return try await DatabaseConnectionInfo.withConnection(info, logger: logger) { connection in
            try await runner.migrate(connection, onApply: onApply).map { $0 }
        }
    }
}
