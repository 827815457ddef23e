import Foundation
@testable import FloWorxStore
import FloWorxTestSupport
import Logging
import PostgresNIO
import Testing

/// Backups with PostgreSQL's own tools: write data, back up, destroy, restore, compare — identical; and a backup
/// that is not what its manifest says is refused.
@Suite struct BackupTests {
    func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "floworx-backup-test-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    func tool(_ info: DatabaseConnectionInfo) throws -> BackupTool {
        BackupTool(binaries: try PostgresBinaries.locate(), connection: info, logger: TestCluster.logger)
    }

    func checksums(_ db: TestDatabase) async throws -> [TableChecksum] {
        try await db.withConnection { try await TableChecksum.all(on: $0, logger: TestCluster.logger) }
    }

    /// Two tenants with a row in every table, plus mail in bulk and values whose text form is easy to get wrong.
    func writeData(_ db: TestDatabase) async throws {
        try await TenantFixture.insert(into: db)
        try await db.database.service.transaction { connection in
            try await connection.query(
                """
                INSERT INTO public.email_logs (client_id, message_id, from_email, to_email, subject, body, status, processed_at)
                SELECT \(Tenant.a.id), '<m' || i || '@example.com>', 'customer' || i || '@example.com', 'owner@example.com',
                       'Ünïcode ✓ subject ' || i, repeat('body line ', i % 40), 'processed',
                       timestamptz '2026-03-29 00:59:59.123456+00' + i * interval '17 minutes'
                FROM generate_series(1, 500) i
                """
            )
        }
    }

    @Test func backUpDestroyRestoreIsIdentical() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await TestDatabase.with { db in
            try await writeData(db)
            let before = try await checksums(db)
            let (dump, manifest) = try await tool(db.info).backup(into: directory, name: "test")
            #expect(manifest.tables == before, "the manifest records the tables as they were")
            #expect(manifest.tables.first { $0.table == "public.email_logs" }?.rows == 502)
            #expect(manifest.migration != nil)

            // Destroy: the mail, and a tenant with everything it owns.
            try await db.withConnection { connection in
                try await connection.query("DELETE FROM public.email_logs", logger: TestCluster.logger).collect()
                try await connection.query("DELETE FROM auth.users WHERE id = \(Tenant.b.id)", logger: TestCluster.logger).collect()
            }
            #expect(try await checksums(db) != before)

            // A restore over data needs --force.
            await #expect(throws: StoreError.self) { try await tool(db.info).restore(dump, force: false) }
            _ = try await tool(db.info).restore(dump, force: true)
            #expect(try await checksums(db) == before, "every table is back, row for row")
        }
    }

    @Test func verifyRestoresIntoAScratchDatabaseAndLeavesNothingBehind() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await TestDatabase.with { db in
            try await writeData(db)
            let (dump, _) = try await tool(db.info).backup(into: directory, name: "verify")
            let scratch = "floworx_verify_test_\(UInt32.random(in: 0...UInt32.max))"
            _ = try await tool(db.info).verify(dump, scratch: scratch)
            let left = try await db.withConnection { connection in
                try await connection.query("SELECT count(*)::int FROM pg_database WHERE datname = \(scratch)", logger: TestCluster.logger).collect()[0].decode(Int.self)
            }
            #expect(left == 0, "the scratch database is dropped")
        }
    }

    @Test func aDumpThatIsNotTheOneItsManifestDescribesIsRefused() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await TestDatabase.with { db in
            try await writeData(db)
            let (dump, _) = try await tool(db.info).backup(into: directory, name: "tampered")
            let handle = try #require(FileHandle(forUpdatingAtPath: dump))
            try handle.seek(toOffset: 200)
            try handle.write(contentsOf: Data([0x42, 0x42, 0x42]))
            try handle.close()
            let error = await #expect(throws: StoreError.self) { try await tool(db.info).verify(dump) }
            #expect(error?.code == .backupCorrupt)
        }
    }

    @Test func aManifestThatDisagreesWithTheRestoredRowsIsAMismatch() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await TestDatabase.with { db in
            try await writeData(db)
            let (dump, manifest) = try await tool(db.info).backup(into: directory, name: "mismatch")
            // The manifest claims one more row than the dump holds: verification must notice, not trust it.
            var claimed = manifest
            let index = try #require(claimed.tables.firstIndex { $0.table == "public.email_logs" })
            claimed.tables[index].rows += 1
            let encoder = JSONEncoder()
            encoder.dateEncodingStrategy = .iso8601
            try encoder.encode(claimed).write(to: URL(fileURLWithPath: BackupManifest.path(forDump: dump)))
            let error = await #expect(throws: StoreError.self) { try await tool(db.info).verify(dump) }
            #expect(error?.code == .backupMismatch)
            #expect(error?.message.contains("public.email_logs") == true)
        }
    }

    @Test func retentionKeepsTheNewestAndSchedulesFromTheNewest() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let now = Date()
        for (index, hoursAgo) in [50.0, 2.0, 26.0].enumerated() {
            let dump = directory + "/floworx-\(index).dump"
            try Data("dump \(index)".utf8).write(to: URL(fileURLWithPath: dump))
            let manifest = BackupManifest(
                createdAt: now.addingTimeInterval(-hoursAgo * 3600), source: "test", serverVersion: "15", migration: 1,
                dumpFile: "floworx-\(index).dump", dumpBytes: 6, dumpSHA256: "", tables: []
            )
            let encoder = JSONEncoder()
            encoder.dateEncodingStrategy = .iso8601
            try encoder.encode(manifest).write(to: URL(fileURLWithPath: BackupManifest.path(forDump: dump)))
        }
        let folder = BackupDirectory(path: directory)
        #expect(folder.backups().map { ($0.dump as NSString).lastPathComponent } == ["floworx-1.dump", "floworx-2.dump", "floworx-0.dump"])

        let scheduler = BackupScheduler(
            tool: try tool(try await TestCluster.shared.admin()), directory: directory,
            configuration: .init(interval: .seconds(24 * 3600), keep: 2, verify: true), logger: TestCluster.logger
        )
        // The newest is 2 hours old: the next is due in 22 hours, whenever the server started.
        let delay = scheduler.delayBeforeNext(now: now, started: now)
        #expect(delay > .seconds(21 * 3600) && delay <= .seconds(22 * 3600))

        let removed = try folder.prune(keep: 2)
        #expect(removed.map { ($0 as NSString).lastPathComponent } == ["floworx-0.dump"])
        #expect(!FileManager.default.fileExists(atPath: BackupManifest.path(forDump: directory + "/floworx-0.dump")))
        #expect(folder.backups().count == 2)

        // An empty folder: the first backup waits an hour after start (not the whole interval, not zero).
        try folder.prune(keep: 1)
        for (dump, _) in folder.backups() { try FileManager.default.removeItem(atPath: dump) }
        #expect(scheduler.delayBeforeNext(now: now, started: now) == .seconds(3600))
    }
}
