import Foundation
import Hummingbird
import Logging
import PostgresNIO
import FloWorxStore

/// `GET /health`: 200 with database reachability and the schema version, 503 when the database is down.
struct HealthController: Sendable {
    let database: Database
    /// How long the database check may take before the service counts as down.
    let timeout: Duration

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/health") { _, _ in try await check() }
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
                database: .init(reachable: false, error: PostgresErrorText.sqlState(error).map { "SQLSTATE \($0)" } ?? "database unreachable"),
                version: FloWorxVersion.current
            )
            return EditedResponse(status: .serviceUnavailable, response: report)
        }
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
