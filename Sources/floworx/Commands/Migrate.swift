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

    /// Refuses to go on when migrations are pending or an applied one changed: commands other than `serve`, `worker`,
    /// `migrate` and `db start` never change the schema as a side effect.
    static func requireCurrent(_ info: DatabaseConnectionInfo, logger: Logger) async throws {
        let runner = MigrationRunner(migrations: try Migration.bundled(), logger: logger)
        let status = try await DatabaseConnectionInfo.withConnection(info, logger: logger) { try await runner.status($0) }
        if let (applied, _) = status.changed.first {
            throw ConfigurationError("migration \(applied.name) changed since it was applied to \(info): see `floworx db status`")
        }
        if !status.pending.isEmpty {
            let count = status.pending.count
            throw ConfigurationError(
                "\(info) is at schema version \(status.schemaVersion) and \(count) migration\(count == 1 ? " is" : "s are") pending: run `floworx migrate` first"
            )
        }
    }
}
