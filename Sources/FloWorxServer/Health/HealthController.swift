import Foundation
import Hummingbird
import Logging
import PostgresNIO
import FloWorxStore

/// `GET /health` (liveness): 200 with database reachability and the schema version, 503 when the database is down.
/// `GET /ready` (readiness, for a load balancer): 200 only when the database answers and every migration this build
/// bundles is applied; 503 with the reason otherwise, so a new process takes traffic only once it can serve it.
struct HealthController: Sendable {
    let database: Database
    /// How long the database check may take before the service counts as down.
    let timeout: Duration
    /// Where the pool connects. When the check fails, one connection is opened there to say why (refused, timed out,
    /// wrong password…): the pool only makes requests wait, it does not tell.
    let probe: DatabaseConnectionInfo?

    init(database: Database, timeout: Duration, probe: DatabaseConnectionInfo? = nil) {
        self.database = database
        self.timeout = timeout
        self.probe = probe ?? database.connectionInfo
    }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/health") { _, _ in try await check() }
        router.get("/ready") { _, _ in try await ready() }
    }

    struct Report: ResponseEncodable {
        struct DatabaseReport: Codable {
            var reachable: Bool
            var schemaVersion: Int?
            var latencyMs: Double?
            var error: String?

            enum CodingKeys: String, CodingKey {
                case reachable
                case schemaVersion = "schema_version"
                case latencyMs = "latency_ms"
                case error
            }
        }

        var status: String
        var database: DatabaseReport
        var version: String
    }

    func check() async throws -> EditedResponse<Report> {
        let start = ContinuousClock.now
        do {
            let version = try await withTimeout(timeout) {
                try await database.service.query(
                    "SELECT coalesce(max(version), 0) FROM floworx.schema_migrations"
                ).collect().first?.decode(Int.self) ?? 0
            }
            let elapsed = ContinuousClock.now - start
            let milliseconds = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
            let report = Report(
                status: "ok",
                database: .init(reachable: true, schemaVersion: version, latencyMs: (milliseconds * 100).rounded() / 100),
                version: FloWorxVersion.current
            )
            return EditedResponse(status: .ok, response: report)
        } catch {
            let report = Report(
                status: "unavailable",
                database: .init(reachable: false, error: await explain(error)),
                version: FloWorxVersion.current
            )
            return EditedResponse(status: .serviceUnavailable, response: report)
        }
    }
}

extension HealthController {
    /// The error detail of a failed check: the server's SQLSTATE and message, or why a connection cannot be opened.
    func explain(_ error: any Error) async -> String {
        if PostgresErrorText.sqlState(error) != nil || error is DatabaseConnectionError {
            return PostgresErrorText.describe(error)
        }
        // Timed out waiting for the pool, or a client-side error: ask the server directly, within the same budget.
        guard var probe else {
            return error is CancellationError ? "no answer from the database within \(timeout)" : PostgresErrorText.describe(error)
        }
        probe.connectTimeout = timeout
        do {
            try await DatabaseConnectionInfo.withConnection(probe, logger: database.logger) { connection in
                _ = try await connection.query("SELECT 1", logger: database.logger).collect()
            }
        } catch {
            return PostgresErrorText.describe(PostgresErrorText.connectionError(error, connecting: probe))
        }
        // The server answers a new connection: the pool is what is stuck (every connection busy).
        return error is CancellationError
            ? "no connection from the pool within \(timeout): the database answers, but every pooled connection is busy"
            : PostgresErrorText.describe(error)
    }
}

/// Runs `body`, throwing `CancellationError` if it takes longer than `timeout`.
func withTimeout<Result: Sendable>(_ timeout: Duration, _ body: @escaping @Sendable () async throws -> Result) async throws -> Result {
    try await withThrowingTaskGroup(of: Result.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: timeout)
            throw CancellationError()
        }
        defer { group.cancelAll() }
        return try await group.next()!
    }
}

extension HealthController {
    struct Readiness: ResponseEncodable {
        var status: String
        /// Why the process is not ready (empty when it is).
        var reasons: [String]
        var schemaVersion: Int?
        var pendingMigrations: [Int]
        var version: String

        enum CodingKeys: String, CodingKey {
            case status, reasons, version
            case schemaVersion = "schema_version"
            case pendingMigrations = "pending_migrations"
        }
    }

    /// The versions of the migrations this build bundles (read once; an unreadable bundle reports not ready).
    static let bundledVersions: [Int]? = try? Migration.bundled().map(\.version)

    func ready() async throws -> EditedResponse<Readiness> {
        var reasons: [String] = []
        var applied: Set<Int> = []
        do {
            applied = try await withTimeout(timeout) {
                var versions = Set<Int>()
                let rows = try await database.service.query("SELECT version FROM floworx.schema_migrations")
                for try await version in rows.decode(Int.self) { versions.insert(version) }
                return versions
            }
        } catch {
            reasons.append("database: \(await explain(error))")
        }
        var pending: [Int] = []
        if reasons.isEmpty {
            if let bundled = Self.bundledVersions {
                pending = bundled.filter { !applied.contains($0) }
                if !pending.isEmpty { reasons.append("migrations not applied: \(pending.map(String.init).joined(separator: ", "))") }
            } else {
                reasons.append("migrations: the bundled migrations could not be read")
            }
        }
        let report = Readiness(
            status: reasons.isEmpty ? "ready" : "not_ready", reasons: reasons, schemaVersion: applied.max(),
            pendingMigrations: pending, version: FloWorxVersion.current
        )
        return EditedResponse(status: reasons.isEmpty ? .ok : .serviceUnavailable, response: report)
    }
}
