@testable import FloWorxStore
import FloWorxTestSupport
import PostgresNIO
import Testing

/// `ServiceDatabase.execute`: a fixed statement is prepared once by name on each connection and then runs with each
/// execution's values; behind a transaction pooler it runs unnamed; a text that is not the prepared one is refused.
@Suite struct FixedStatementTests {
    /// `SELECT $1 + 1`, as the queue's statements are built: one `PostgresQuery` for both paths.
    struct PlusOne: FixedStatement {
        static let name = "floworx_test_plus_one"
        static let sql = PlusOne.query(0).sql
        let query: PostgresQuery

        static func query(_ value: Int) -> PostgresQuery { "SELECT \(value)::int8 + 1" }
    }

    @Test func aStatementIsPreparedOncePerConnectionAndTakesEachExecutionsValues() async throws {
        try await TestDatabase.with(connections: 1) { db in
            let service = db.database.service
            let first = try await service.execute(PlusOne(query: PlusOne.query(1)))
            let second = try await service.execute(PlusOne(query: PlusOne.query(41)))
            #expect(try first.map { try $0.decode(Int.self) } == [2])
            #expect(try second.map { try $0.decode(Int.self) } == [42])
            #expect(try await prepared(service) == [PlusOne.name], "one statement by name on the pool's one connection")
        }
    }

    @Test func behindATransactionPoolerNothingIsPreparedByName() async throws {
        try await TestDatabase.with(connections: 1) { db in
            var database = db.database
            database.pooler = .transaction
            let rows = try await database.service.execute(PlusOne(query: PlusOne.query(6)))
            #expect(try rows.map { try $0.decode(Int.self) } == [7])
            #expect(try await prepared(database.service).isEmpty)
        }
    }

    @Test func aTextThatIsNotThePreparedOneIsRefused() async throws {
        try await TestDatabase.with(connections: 1) { db in
            let service = db.database.service
            await #expect(throws: StoreError.self) { try await service.execute(PlusOne(query: "SELECT 2::int8 * 3")) }
            let names = try await prepared(service)
            #expect(names.isEmpty)
        }
    }

    /// Every column of a probe table, so that adding one changes what the prepared statement returns.
    struct ProbeRows: FixedStatement {
        static let name = "floworx_test_probe_rows"
        static let sql = ProbeRows.query(0).sql
        let query: PostgresQuery

        static func query(_ above: Int) -> PostgresQuery { "SELECT * FROM public.fixed_statement_probe WHERE a > \(above)::int8 ORDER BY a" }
    }

    @Test func aStatementWhoseResultAMigrationChangedStillRuns() async throws {
        try await TestDatabase.with(connections: 1) { db in
            let service = db.database.service
            try await service.query("CREATE TABLE public.fixed_statement_probe (a int8)")
            try await service.query("INSERT INTO public.fixed_statement_probe VALUES (1), (2), (3)")
            #expect(try await service.execute(ProbeRows(query: ProbeRows.query(1))).map { try $0.decode(Int.self) } == [2, 3])
            // PostgreSQL now refuses the statement prepared before: "cached plan must not change result type".
            try await service.query("ALTER TABLE public.fixed_statement_probe ADD COLUMN b text DEFAULT 'new'")
            let rows = try await service.execute(ProbeRows(query: ProbeRows.query(2)))
            #expect(try rows.map { try $0.decode((Int, String).self) }.map { "\($0.0)\($0.1)" } == ["3new"])
        }
    }

    @Test func theQueuesStatementsAreTheirQueriesText() {
        #expect(ClaimJobs.sql.contains("floworx.claim_email_jobs($1, $2::int, $3::int)"))
        #expect(CompleteWithoutResults.sql.contains("unnest($1::uuid[], $2::text[])"))
        #expect(CompleteJobs.sql.hasPrefix("WITH owned AS ("))
        #expect(Set([ClaimJobs.name, CompleteWithoutResults.name, CompleteJobs.name]).count == 3)
    }

    /// The statements prepared by name on the pool's connection.
    private func prepared(_ service: ServiceDatabase) async throws -> [String] {
        try await service.query("SELECT name FROM pg_prepared_statements ORDER BY name").collect().map { try $0.decode(String.self) }
    }
}
