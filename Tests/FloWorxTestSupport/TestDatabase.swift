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
        try await TestSlots.shared.withSlot {
            let info = try await TestCluster.shared.makeMigratedDatabase()
            return try await Database.withPool(info, connections: connections, logger: TestCluster.logger) { database in
                try await body(TestDatabase(info: info, database: database))
            }
        }
    }

    /// Runs `body` on a standalone connection as the owner.
    public func withConnection<Result: Sendable>(_ body: (PostgresConnection) async throws -> Result) async throws -> Result {
        try await DatabaseConnectionInfo.withConnection(info, logger: TestCluster.logger, body)
    }
}
