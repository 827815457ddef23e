#if canImport(Glibc)
import Glibc
#endif
import Foundation
import FloWorxStore
import Logging
import PostgresNIO
import Synchronization

/// The PostgreSQL cluster of one test process, started once through the embedded launcher.
///
/// Tests get databases cloned from a migrated template, so each test has its own schema at no migration cost.
/// Set `FLOWORX_TEST_DATABASE_URL` to use an existing server instead (its user must be allowed to create databases).
public actor TestCluster {
    /// The cluster shared by every test of this process.
    public static let shared = TestCluster()

    private var started: Task<DatabaseConnectionInfo, any Error>?
    private var template: Task<String, any Error>?
    private var counter = 0
    /// Logs only warnings and errors, so test output stays readable.
    public static let logger: Logger = {
        var logger = Logger(label: "floworx-test")
        logger.logLevel = ProcessInfo.processInfo.environment["FLOWORX_TEST_LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) } ?? .warning
        return logger
    }()

    /// Connection to the cluster's maintenance database.
    public func admin() async throws -> DatabaseConnectionInfo {
        if let started { return try await started.value }
        let task = Task { try await Self.startCluster() }
        started = task
        return try await task.value
    }

    /// A new, empty database (no migrations applied).
    public func makeEmptyDatabase(prefix: String = "t") async throws -> DatabaseConnectionInfo {
        let admin = try await admin()
        counter += 1
        let name = "\(prefix)_\(getpid())_\(counter)"
        try await DatabaseConnectionInfo.withConnection(admin, logger: Self.logger) { connection in
            try await connection.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: Self.logger)
        }
        return admin.with(database: name)
    }

    /// A new database with every migration applied (cloned from a template migrated once per process).
    public func makeMigratedDatabase() async throws -> DatabaseConnectionInfo {
        let admin = try await admin()
        if template == nil {
            template = Task {
                let info = try await makeEmptyDatabase(prefix: "template")
                let runner = MigrationRunner(migrations: try Migration.bundled(), logger: Self.logger)
                try await DatabaseConnectionInfo.withConnection(info, logger: Self.logger) { connection in
                    try await runner.migrate(connection)
                }
                return info.database
            }
        }
        let templateName = try await template!.value
        counter += 1
        let name = "m_\(getpid())_\(counter)"
        try await DatabaseConnectionInfo.withConnection(admin, logger: Self.logger) { connection in
            try await connection.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name) TEMPLATE \(templateName)"), logger: Self.logger)
        }
        return admin.with(database: name)
    }

    private static func startCluster() async throws -> DatabaseConnectionInfo {
        if let url = ProcessInfo.processInfo.environment["FLOWORX_TEST_DATABASE_URL"] {
            return try DatabaseConnectionInfo(url: url)
        }
        removeAbandonedClusters()
        let directory = NSTemporaryDirectory() + "floworx-test-\(getpid())/pgdata"
        let configuration = EmbeddedPostgresConfiguration(
            dataDirectory: directory,
            // Durability is pointless for a throwaway cluster; these make it several times faster.
            settings: ["fsync": "off", "synchronous_commit": "off", "full_page_writes": "off", "max_connections": "300"],
            syncInitdb: false
        )
        let server = try await EmbeddedPostgres.start(configuration, logger: logger)
        ClusterShutdown.register(server: server, directory: (directory as NSString).deletingLastPathComponent)
        return server.connection.with(database: "postgres")
    }
}

/// Clusters of test processes that died without cleaning up (killed, crashed): stop their server, remove their files.
func removeAbandonedClusters() {
    let temporary = NSTemporaryDirectory()
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: temporary)) ?? []
    for entry in entries where entry.hasPrefix("floworx-test-") {
        guard let pid = pid_t(entry.dropFirst("floworx-test-".count)), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else { continue }
        let directory = temporary + entry
        if let text = try? String(contentsOfFile: directory + "/pgdata/postmaster.pid", encoding: .utf8),
           let server = text.split(separator: "\n").first.flatMap({ pid_t($0) }), server > 0 {
            kill(server, SIGQUIT)
        }
        try? FileManager.default.removeItem(atPath: directory)
    }
}

/// Stops the test cluster and removes its files when the test process exits.
enum ClusterShutdown {
    private static let state = Mutex<(pid: pid_t, directory: String)?>(nil)

    static func register(server: EmbeddedPostgres, directory: String) {
        guard let pid = server.serverPID else { return }
        state.withLock { $0 = (pid, directory) }
        atexit {
            guard let (pid, directory) = ClusterShutdown.state.withLock({ $0 }) else { return }
            kill(pid, SIGQUIT)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
            try? FileManager.default.removeItem(atPath: directory)
        }
    }
}
