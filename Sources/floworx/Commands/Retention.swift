import ArgumentParser
import FloWorxStore
import Foundation

/// `floworx retention run`: the data lifecycle's daily run, now.
struct Retention: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Apply the retention policy: roll old days up for the dashboard, delete old events, metrics and error logs, clear old email bodies.",
        subcommands: [Run.self],
        defaultSubcommand: Run.self
    )

    /// `floworx retention run [--json]`.
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run retention now (serve and worker also run it daily).",
            discussion: """
                The policy comes from FLOWORX_RETENTION_EVENTS_DAYS (90), FLOWORX_RETENTION_METRICS_DAYS (90), \
                FLOWORX_RETENTION_ERROR_LOGS_DAYS (30), FLOWORX_RETENTION_BODIES_DAYS (30) and FLOWORX_RETENTION_BATCH \
                (5000); 0 days keeps that kind forever. Safe to repeat: a second run the same day changes nothing.
                """
        )

        @OptionGroup var database: DatabaseOptions

        @Flag(help: "Print the report as JSON.")
        var json = false

        func run() async throws {
            let logger = try database.makeLogger()
            let policy = try RetentionSettings.fromEnvironment().policy
            let report: RetentionReport = try await database.withDatabase(logger: logger) { launcher in
                try await Migrations.requireCurrent(launcher.connection, logger: logger)
                return try await Database.withPool(launcher.connection, connections: 2, logger: logger) { pool in
                    try await RetentionRunner(database: pool.service, policy: policy).run()
                }
            }
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
                print(String(decoding: try encoder.encode(report), as: UTF8.self))
            } else {
                print(report.text)
            }
        }
    }
}
