@testable import FloWorxStore
import FloWorxTestSupport
import Foundation
import NIOCore
import PostgresNIO
import Testing

/// Data API reads in one round trip (`TenantDatabase.read` on `PipelinedReads`): the read runs as the request's role
/// with its claims and statement timeout, and nothing of it outlives the read on the connection, after an error
/// either. Row-level security through this path is what RestIsolationTests and RestEmbedTests check over HTTP.
@Suite struct PipelinedReadTests {
    /// A statement shaped as `RestSQL.read`'s (body, count) with one bound value of each kind.
    static func statement(_ sql: String, _ values: [RestBinds.Value] = []) -> RestStatement {
        var binds = RestBinds()
        for value in values {
            switch value {
            case .text(let text): binds.append(text)
            case .int(let number): binds.append(number)
            case .textArray(let list): binds.append(list)
            }
        }
        return RestStatement(sql: sql, binds: binds)
    }

    static func body(_ result: RestResult) -> String? {
        result.body.map { String(buffer: $0) }
    }

    /// What the one connection of a single-connection pool holds between reads.
    static func session(_ reads: PipelinedReads) async throws -> (user: String, role: String, claims: String) {
        try await reads.with(timeout: nil) { connection in
            for try await row in try await connection.postgres.query(
                "SELECT current_user::text, current_setting('role'), coalesce(current_setting('request.jwt.claims', true), '')", logger: TestCluster.logger
            ).decode((String, String, String).self) {
                return (row.0, row.1, row.2)
            }
            return ("", "", "")
        }
    }

    @Test func aReadRunsAsItsRoleWithItsClaimsAndLeavesNothingBehind() async throws {
        try await TestDatabase.with(connections: 1) { db in
            let reads = try #require(db.database.pipelinedReads)
            let before = try await Self.session(reads)
            let user = UUID()
            let result = try await db.database.tenant(.user(user)).read(Self.statement(
                "SELECT current_user::text || ' ' || auth.uid()::text || ' ' || $1 || ' ' || ($2 + 1)::text, '7'", [.text("x"), .int(41)]
            ))
            #expect(Self.body(result) == "authenticated \(user.uuidString.lowercased()) x 42")
            #expect(result.rowCount == 7)
            let after = try await Self.session(reads)
            #expect(after.user == before.user)
            #expect(after.role == "none")
            #expect(after.claims == "")
            #expect(after.user != "authenticated")

            // A failing read: the error is PostgreSQL's, and the connection is clean and serves the next read.
            let error = try await #require(throws: PostgresServerError.self) {
                try await db.database.tenant(.user(user)).read(Self.statement("SELECT (1 / (length($1) - 1))::text, '1'", [.text("x")]))
            }
            #expect(error.sqlState == "22012")
            let afterError = try await Self.session(reads)
            #expect(afterError.role == "none")
            #expect(afterError.claims == "")
            let anon = try await db.database.tenant(.anonymous).read(Self.statement("SELECT current_user::text, '1'"))
            #expect(Self.body(anon) == "anon")
        }
    }

    @Test func listsAndNullsRoundTrip() async throws {
        try await TestDatabase.with(connections: 1) { db in
            let list = ["a\"b", "c\\d", "", "NULL", "x,y", "{}", "é ü"]
            let result = try await db.database.tenant(.anonymous).read(Self.statement(
                "SELECT array_to_json($1::text[])::text, cardinality($1::text[])::text", [.textArray(list)]
            ))
            let decoded = try JSONDecoder().decode([String].self, from: Data(try #require(Self.body(result)).utf8))
            #expect(decoded == list)
            #expect(result.rowCount == list.count)
            // A result of many reads' worth (the body arrives in pieces and is put together).
            let large = try await db.database.tenant(.anonymous).read(Self.statement("SELECT repeat('ab', $1::int), '1'", [.int(1_500_000)]))
            #expect(large.body?.readableBytes == 3_000_000)
            #expect(large.body?.getString(at: large.body!.readerIndex + 2_999_998, length: 2) == "ab")
            let empty = try await db.database.tenant(.anonymous).read(Self.statement("SELECT NULL::text, '0' WHERE $1 = 'y'", [.text("n")]))
            #expect(empty.body.map { String(buffer: $0) } == "[]")
            #expect(empty.rowCount == 0)
        }
    }

    @Test func aReadOverItsRolesTimeoutIsStopped() async throws {
        try await TestDatabase.with(connections: 1) { db in
            var database = db.database
            database.statementTimeouts = StatementTimeouts(anon: .milliseconds(200))
            let error = try await #require(throws: PostgresServerError.self) {
                try await database.tenant(.anonymous).read(Self.statement("SELECT pg_sleep(30)::text, '1'"))
            }
            #expect(error.sqlState == "57014")
            #expect(error.message.contains("statement timeout"), "\(error)")
        }
    }

    @Test func aReadIsCancelledWhenItsClientLeaves() async throws {
        try await TestDatabase.with(connections: 1) { db in
            let liveness = ClientLiveness()
            let leaving = Task {
                try await db.withConnection { connection in
                    for _ in 0..<1_500 {
                        var running = 0
                        for try await count in try await connection.query(
                            "SELECT count(*)::int FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(28)::text, ''1'''", logger: TestCluster.logger
                        ).decode(Int.self) { running = count }
                        if running > 0 { break }
                        try await Task.sleep(for: .milliseconds(20))
                    }
                }
                liveness.markGone()
            }
            let error = try await #require(throws: PostgresServerError.self) {
                try await db.database.tenant(.user(UUID()), liveness: liveness).read(Self.statement("SELECT pg_sleep(28)::text, '1'"))
            }
            try await leaving.value
            #expect(error.sqlState == "57014")
            #expect(error.message.contains("user request"), "\(error)")
            let after = try await db.database.tenant(.anonymous).read(Self.statement("SELECT 'ok', '1'"))
            #expect(Self.body(after) == "ok")
        }
    }
}
