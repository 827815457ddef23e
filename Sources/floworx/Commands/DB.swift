import ArgumentParser
import FloWorxStore
import Foundation
import Logging
import UnixSignals

/// `floworx db …`: database tools.
struct DB: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Database tools.", subcommands: [Status.self, URL.self, Start.self])

    /// `floworx db start`: the embedded cluster alone, migrated, until Ctrl-C (for psql, benchmarks, several workers).
    struct Start: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the embedded PostgreSQL (migrated) in the foreground and print its URL; Ctrl-C stops it."
        )

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let logger = try database.makeLogger()
            guard database.url == nil else { throw ConfigurationError("floworx db start runs the embedded cluster; unset DATABASE_URL") }
            try await database.withDatabase(logger: logger, create: true) { launcher in
                try await Migrations.apply(to: launcher.connection, logger: logger)
                // Trapped before the URL is printed: a script that signals as soon as it has read the URL must not
                // land between the two (the signal was then lost and `db start` never stopped; seen in the restart check).
                let signals = await UnixSignalsSequence(trapping: .sigint, .sigterm)
                // Unbuffered, so that a script reading the first line gets it now.
                FileHandle.standardOutput.write(Data((launcher.connection.urlWithPassword + "\n").utf8))
                // Wait for SIGINT or SIGTERM, then let withDatabase stop the cluster.
                for await _ in signals { break }
            }
        }
    }

    /// `floworx db url`: the connection URL of the database, for psql, pgbench and other tools.
    struct URL: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "url",
            abstract: "Print the database URL (with its password). With the embedded cluster, run it while `floworx serve` runs."
        )

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let logger = try database.makeLogger()
            try await database.withDatabase(logger: logger) { launcher in
                // A URL of a cluster that stops when this command exits would fail in whatever it is handed to.
                if let embedded = launcher.embedded, embedded.ownsServer {
                    throw ConfigurationError(
                        "no FloWorx is running on \(embedded.dataDirectory): start `floworx serve` or `floworx db start` first (the URL is only valid while it runs)"
                    )
                }
                print(launcher.connection.urlWithPassword)
            }
        }
    }

    /// `floworx db status`: applied and pending migrations.
    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show applied and pending migrations.")

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let logger = try database.makeLogger()
            let changed = try await database.withDatabase(logger: logger) { launcher in
                let runner = MigrationRunner(migrations: try Migration.bundled(), logger: logger)
                let status = try await DatabaseConnectionInfo.withConnection(launcher.connection, logger: logger) { connection in
                    try await runner.status(connection)
                }
                print("database: \(launcher.connection)\(launcher.isEmbedded ? " (embedded)" : "")")
                print("schema version: \(status.schemaVersion)")
                for applied in status.applied {
                    print("  applied  \(applied.name)  \(ISO8601DateFormatter().string(from: applied.appliedAt))")
                }
                for (applied, _) in status.changed {
                    print("  CHANGED  \(applied.name)  (file differs from the applied version)")
                }
                for migration in status.pending {
                    print("  pending  \(migration.name)")
                }
                for unknown in status.unknown {
                    print("  unknown  \(unknown.name)  (applied by a newer FloWorx)")
                }
                if status.pending.isEmpty && status.changed.isEmpty { print("up to date") }
                return status.changed.count
            }
            if changed > 0 { throw ExitCode(2) }
        }
    }
}
