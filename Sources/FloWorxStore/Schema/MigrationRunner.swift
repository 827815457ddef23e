import Foundation
import Logging
import PostgresNIO

/// Applies pending migrations, each in its own transaction, recording each in the ledger
/// `floworx.schema_migrations` with its checksum.
///
/// A session advisory lock serialises runners, so several processes starting at once apply each migration once:
/// the others wait, then find nothing pending. A migration whose file changed after it was applied is refused.
public struct MigrationRunner: Sendable {
    /// The advisory lock key (`floworx.migrations` as a 64-bit number).
    static let lockKey: Int64 = 0x466c_6f57_6f72_784d

    public var migrations: [Migration]
    public var logger: Logger

    public init(migrations: [Migration], logger: Logger) {
        self.migrations = migrations
        self.logger = logger
    }

    /// Applies every pending migration and returns those applied, in order; `onApply` is called after each.
    @discardableResult
    public func migrate(_ connection: PostgresConnection, onApply: (Migration, Duration) -> Void = { _, _ in }) async throws -> [Migration] {
        try await withLock(connection) {
            try await ensureLedger(connection)
            let status = try await readStatus(connection)
            if let first = status.changed.first {
                throw StoreError(
                    .migrationChanged,
                    "migration \(first.file.name) was changed after it was applied (checksum \(first.applied.checksum.prefix(12))… in the database, \(first.file.checksum.prefix(12))… in the file): applied migrations are immutable, add a new migration instead"
                )
            }
            var applied: [Migration] = []
            for migration in status.pending {
                let start = ContinuousClock.now
                try await apply(migration, connection)
                let elapsed = ContinuousClock.now - start
                logger.info("applied migration", metadata: ["migration": "\(migration.name)", "duration": "\(elapsed)"])
                onApply(migration, elapsed)
                applied.append(migration)
            }
            return applied
        }
    }

    /// Compares the ledger with the bundled migrations (without applying anything).
    public func status(_ connection: PostgresConnection) async throws -> MigrationStatus {
        let exists = try await connection.query("SELECT to_regclass('floworx.schema_migrations') IS NOT NULL", logger: logger)
            .collect().first?.decode(Bool.self) ?? false
        guard exists else {
            return MigrationStatus(applied: [], pending: migrations, changed: [], unknown: [])
        }
        return try await readStatus(connection)
    }

    private func withLock<Result: Sendable>(_ connection: PostgresConnection, _ body: () async throws -> Result) async throws -> Result {
        try await connection.query("SELECT pg_advisory_lock(\(Self.lockKey))", logger: logger)
        do {
            let result = try await body()
            try await connection.query("SELECT pg_advisory_unlock(\(Self.lockKey))", logger: logger)
            return result
        } catch {
            _ = try? await connection.query("SELECT pg_advisory_unlock(\(Self.lockKey))", logger: logger)
            throw error
        }
    }

    private func ensureLedger(_ connection: PostgresConnection) async throws {
        try await connection.query("CREATE SCHEMA IF NOT EXISTS floworx", logger: logger)
        try await connection.query("""
            CREATE TABLE IF NOT EXISTS floworx.schema_migrations (
              version integer PRIMARY KEY,
              name text NOT NULL,
              checksum text NOT NULL,
              applied_at timestamptz NOT NULL DEFAULT now(),
              duration_ms integer
            )
            """, logger: logger)
    }

    private func readStatus(_ connection: PostgresConnection) async throws -> MigrationStatus {
        let rows = try await connection.query(
            "SELECT version, name, checksum, applied_at FROM floworx.schema_migrations ORDER BY version", logger: logger
        )
        var ledger: [Int: AppliedMigration] = [:]
        for try await (version, name, checksum, appliedAt) in rows.decode((Int, String, String, Date).self) {
            ledger[version] = AppliedMigration(version: version, name: name, checksum: checksum, appliedAt: appliedAt)
        }
        var status = MigrationStatus(applied: [], pending: [], changed: [], unknown: [])
        for migration in migrations {
            if let applied = ledger.removeValue(forKey: migration.version) {
                if applied.checksum == migration.checksum {
                    status.applied.append(applied)
                } else {
                    status.changed.append((applied, migration))
                }
            } else {
                status.pending.append(migration)
            }
        }
        status.unknown = ledger.values.sorted { $0.version < $1.version }
        return status
    }

    private func apply(_ migration: Migration, _ connection: PostgresConnection) async throws {
        let start = ContinuousClock.now
        try await connection.query("BEGIN", logger: logger)
        do {
            for statement in SQLStatementSplitter.split(migration.sql) {
                // Migration files are trusted code shipped with FloWorx, not input: they run as written.
                try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
            }
            let milliseconds = Int((ContinuousClock.now - start).milliseconds)
            try await connection.query(
                "INSERT INTO floworx.schema_migrations (version, name, checksum, duration_ms) VALUES (\(migration.version), \(migration.name), \(migration.checksum), \(milliseconds))",
                logger: logger
            )
            try await connection.query("COMMIT", logger: logger)
        } catch {
            _ = try? await connection.query("ROLLBACK", logger: logger)
            throw StoreError(.migrationFailed, "migration \(migration.name) failed and was rolled back: \(PostgresErrorText.describe(error))")
        }
    }
}
