import FloWorxStore
import Logging
import PostgresNIO

/// A migrated database of its own for one test, with a running pool.
public struct TestDatabase: Sendable {
    /// How to reach it.
    public let info: DatabaseConnectionInfo
    /// The pool, running for the duration of `withTestDatabase`.
    public let database: Database

    /// Runs `body` with a fresh migrated database and a running pool of `connections` connections.
    public static func with<Result: Sendable>(
        connections: Int = 4,
        _ body: (TestDatabase) async throws -> Result
    ) async throws -> Result {
        let info = try await TestCluster.shared.makeMigratedDatabase()
        let client = PostgresClient(configuration: info.clientConfiguration(maximumConnections: connections), backgroundLogger: TestCluster.logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            return try await body(TestDatabase(info: info, database: Database(client: client, logger: TestCluster.logger)))
        }
    }

    /// Runs `body` on a standalone connection as the owner.
    public func withConnection<Result: Sendable>(_ body: (PostgresConnection) async throws -> Result) async throws -> Result {
        try await DatabaseConnectionInfo.withConnection(info, logger: TestCluster.logger, body)
    }
}
