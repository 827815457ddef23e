import ArgumentParser
import FloWorxCore
import FloWorxStore
import Logging

/// Where the database is: `DATABASE_URL`, or the embedded cluster and its settings.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .customLong("database-url"), help: "PostgreSQL URL, e.g. postgres://user:pass@host:5432/db (env: DATABASE_URL). Without it FloWorx runs its own cluster.")
    var databaseURL: String?

    @Option(name: .customLong("data-dir"), help: "Data directory of the embedded cluster (env: FLOWORX_DATA_DIR, default .floworx/postgres).")
    var dataDirectory: String?

    @Option(name: .customLong("pg-bindir"), help: "Directory of the PostgreSQL server binaries (env: FLOWORX_PG_BINDIR; searched for when unset).")
    var binDirectory: String?

    @Option(name: .customLong("pg-os-user"), help: "OS user the embedded cluster runs as when FloWorx runs as root (env: FLOWORX_PG_OS_USER, default postgres).")
    var osUser: String?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical (env: LOG_LEVEL, default info).")
    var logLevel: String?

    /// The resolved URL, if any.
    var url: String? { databaseURL ?? Environment.get("DATABASE_URL") }

    /// Settings of the embedded cluster.
    var embedded: EmbeddedPostgresConfiguration {
        EmbeddedPostgresConfiguration(
            dataDirectory: dataDirectory ?? Environment.get("FLOWORX_DATA_DIR") ?? ".floworx/postgres",
            binDirectory: binDirectory ?? Environment.get("FLOWORX_PG_BINDIR"),
            osUser: osUser ?? Environment.get("FLOWORX_PG_OS_USER") ?? "postgres"
        )
    }

    /// Refuses when the embedded cluster does not exist (and no `DATABASE_URL` is given): commands that read an
    /// existing installation must not answer from a new, empty one made by a mistyped or forgotten `--data-dir`.
    func requireInstallation() throws {
        guard url == nil else { return }
        let configuration = embedded
        guard configuration.clusterExists else {
            throw EmbeddedPostgresError(
                .notInitialised,
                "no FloWorx database at \(configuration.dataDirectory): start `floworx serve` first, or pass --data-dir / DATABASE_URL"
            )
        }
    }

    /// Sets up logging once per process and returns the command's logger.
    func makeLogger(label: String = "floworx") throws -> Logger {
        let levelName = try Setting.choice(
            logLevel ?? Environment.get("LOG_LEVEL") ?? "info", name: logLevel != nil ? "--log-level" : "LOG_LEVEL",
            among: Logger.Level.allCases.map(\.rawValue)
        )
        let level = Logger.Level(rawValue: levelName) ?? .info
        LoggingBootstrap.once(level: level)
        var logger = Logger(label: label)
        logger.logLevel = level
        return logger
    }

    /// Opens the database (starting the embedded cluster if needed), runs `body`, and always closes it.
    ///
    /// Only `serve`, `worker` and `db start` pass `create: true`; every other command refuses when there is no
    /// embedded cluster yet, instead of initialising one in the current folder.
    func withDatabase<Result: Sendable>(
        logger: Logger, create: Bool = false, _ body: (DatabaseLauncher) async throws -> Result
    ) async throws -> Result {
        var configuration = embedded
        configuration.createIfMissing = create
        let launcher = try await DatabaseLauncher.open(url: url, embedded: configuration, logger: logger)
        do {
            let result = try await body(launcher)
            await launcher.close()
            return result
        } catch {
            await launcher.close()
            throw error
        }
    }
}
