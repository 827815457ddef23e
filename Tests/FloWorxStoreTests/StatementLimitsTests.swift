@testable import FloWorxStore
import FloWorxTestSupport
import Foundation
import PostgresNIO
import Testing

/// The limits that keep one tenant request from holding the database: per-role statement timeouts, cancellation when
/// the client leaves, and a prepared-statement cache that gives back what it evicts.
@Suite struct StatementLimitsTests {
    @Test func eachRoleRunsWithItsStatementTimeout() async throws {
        try await TestDatabase.with { db in
            let anon = try await db.database.tenant(.anonymous).transaction { try await Self.text($0, "SHOW statement_timeout") }
            let user = try await db.database.tenant(.user(UUID())).transaction { try await Self.text($0, "SHOW statement_timeout") }
            #expect(anon == "3s")
            #expect(user == "8s")
        }
    }

    @Test func aStatementOverItsRolesTimeoutIsStopped() async throws {
        try await TestDatabase.with { db in
            var database = db.database
            database.statementTimeouts = StatementTimeouts(anon: .milliseconds(200))
            let error = try await #require(throws: PSQLError.self) {
                try await database.tenant(.anonymous).transaction { for try await _ in try await $0.query("SELECT pg_sleep(30)") {} }
            }
            #expect(error.serverInfo?[.sqlState] == "57014")
            #expect(error.serverInfo?[.message]?.contains("statement timeout") == true)
        }
    }

    @Test func aStatementIsCancelledWhenItsClientLeaves() async throws {
        try await TestDatabase.with { db in
            let liveness = ClientLiveness()
            let leaving = Task {
                // Leaves once the statement is running (the backend shows it), or after a bounded wait in any case.
                try await db.withConnection { connection in
                    for _ in 0..<1_500 {
                        if try await Self.count(connection, "SELECT count(*) FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(29)'") > 0 { break }
                        try await Task.sleep(for: .milliseconds(20))
                    }
                }
                liveness.markGone()
            }
            let error = try await #require(throws: PSQLError.self) {
                try await db.database.tenant(.user(UUID()), liveness: liveness).transaction { for try await _ in try await $0.query("SELECT pg_sleep(29)") {} }
            }
            try await leaving.value
            #expect(error.serverInfo?[.sqlState] == "57014")
            #expect(error.serverInfo?[.message]?.contains("user request") == true, "\(String(reflecting: error))")
            // The connection serves the next request normally.
            let after = try await db.database.tenant(.anonymous, liveness: ClientLiveness()).transaction { try await Self.text($0, "SELECT 'ok'") }
            #expect(after == "ok")
        }
    }

    @Test func evictedPreparedStatementsAreDeallocated() async throws {
        try await TestDatabase.with { db in
            let cache = PreparedStatements(perConnection: 4)
            try await db.withConnection { connection in
                for index in 0..<12 {
                    let statement = try await cache.statement("SELECT \(index) AS alias_\(index)", on: connection)
                    _ = try await statement.execute([]).get()
                }
                #expect(cache.count(on: connection) == 4)
                let onServer = try await Self.count(connection, "SELECT count(*) FROM pg_prepared_statements")
                #expect(onServer == 4)
            }
        }
    }

    private static func text(_ connection: TenantConnection, _ sql: String) async throws -> String? {
        for try await value in try await connection.query(PostgresQuery(unsafeSQL: sql)).decode(String.self) { return value }
        return nil
    }

    private static func count(_ connection: PostgresConnection, _ sql: String) async throws -> Int {
        for try await value in try await connection.query(PostgresQuery(unsafeSQL: sql), logger: TestCluster.logger).decode(Int.self) { return value }
        return 0
    }
}
