import Foundation
import FloWorxTestSupport
import Logging
import PostgresNIO
import Testing
@testable import FloWorxStore

@Suite struct MigrationRunnerTests {
    let migrations = [
        Migration(version: 1, name: "0001_a.sql", sql: "CREATE TABLE a (id int); INSERT INTO a VALUES (1);"),
        Migration(version: 2, name: "0002_b.sql", sql: "CREATE TABLE b (id int);\n-- trailing comment"),
    ]

    func count(_ table: String, _ connection: PostgresConnection) async throws -> Int {
        try await connection.query(PostgresQuery(unsafeSQL: "SELECT count(*)::int FROM \(table)"), logger: TestCluster.logger)
            .collect().first!.decode(Int.self)
    }

    @Test func appliesPendingMigrationsOnceAndRecordsThem() async throws {
        let info = try await TestCluster.shared.makeEmptyDatabase()
        let runner = MigrationRunner(migrations: migrations, logger: TestCluster.logger)
        try await DatabaseConnectionInfo.withConnection(info, logger: TestCluster.logger) { connection in
            let first = try await runner.migrate(connection)
            #expect(first.map(\.name) == ["0001_a.sql", "0002_b.sql"])
            let second = try await runner.migrate(connection)
            #expect(second.isEmpty)
            #expect(try await count("a", connection) == 1)
            let status = try await runner.status(connection)
            #expect(status.pending.isEmpty)
            #expect(status.schemaVersion == 2)
            let checksums = try await connection.query("SELECT checksum FROM floworx.schema_migrations ORDER BY version", logger: TestCluster.logger)
                .collect().map { try $0.decode(String.self) }
            #expect(checksums == migrations.map(\.checksum))
        }
    }

    @Test func concurrentRunnersApplyEachMigrationOnce() async throws {
        let info = try await TestCluster.shared.makeEmptyDatabase()
        let runner = MigrationRunner(migrations: migrations, logger: TestCluster.logger)
        let applied = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<6 {
                group.addTask {
                    try await DatabaseConnectionInfo.withConnection(info, logger: TestCluster.logger) { connection in
                        try await runner.migrate(connection).count
                    }
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(applied.sorted() == [0, 0, 0, 0, 0, 2])
        let rows = try await DatabaseConnectionInfo.withConnection(info, logger: TestCluster.logger) { connection in
            try await count("a", connection)
        }
        #expect(rows == 1)
    }

    @Test func refusesAnAppliedMigrationWhoseFileChanged() async throws {
        let info = try await TestCluster.shared.makeEmptyDatabase()
        try await DatabaseConnectionInfo.withConnection(info, logger: TestCluster.logger) { connection in
            try await MigrationRunner(migrations: migrations, logger: TestCluster.logger).migrate(connection)
            var edited = migrations
            edited[0] = Migration(version: 1, name: "0001_a.sql", sql: "CREATE TABLE a (id bigint);")
            let error = await #expect(throws: StoreError.self) {
                try await MigrationRunner(migrations: edited, logger: TestCluster.logger).migrate(connection)
            }
            #expect(error?.code == .migrationChanged)
            #expect(error?.message.contains("0001_a.sql") == true)
            let status = try await MigrationRunner(migrations: edited, logger: TestCluster.logger).status(connection)
            #expect(status.changed.count == 1)
        }
    }

    @Test func aFailingMigrationRollsBackCompletelyAndIsNotRecorded() async throws {
        let info = try await TestCluster.shared.makeEmptyDatabase()
        let broken = migrations + [Migration(version: 3, name: "0003_bad.sql", sql: "CREATE TABLE c (id int); SELECT * FROM missing_table;")]
        try await DatabaseConnectionInfo.withConnection(info, logger: TestCluster.logger) { connection in
            let error = await #expect(throws: StoreError.self) {
                try await MigrationRunner(migrations: broken, logger: TestCluster.logger).migrate(connection)
            }
            #expect(error?.code == .migrationFailed)
            #expect(error?.message.contains("missing_table") == true)
            let exists = try await connection.query("SELECT to_regclass('public.c') IS NOT NULL", logger: TestCluster.logger).collect().first!.decode(Bool.self)
            #expect(!exists)
            let status = try await MigrationRunner(migrations: broken, logger: TestCluster.logger).status(connection)
            #expect(status.applied.map(\.version) == [1, 2])
            #expect(status.pending.map(\.version) == [3])
        }
    }

    @Test func bundledMigrationsAreOrderedAndUniquelyNumbered() throws {
        let bundled = try Migration.bundled()
        #expect(!bundled.isEmpty)
        #expect(bundled.map(\.version) == bundled.map(\.version).sorted())
        #expect(Set(bundled.map(\.version)).count == bundled.count)
    }
}
