import Crypto
import Foundation

/// One schema migration: an ordered `.sql` file bundled with FloWorx.
public struct Migration: Sendable, Hashable {
    /// The number the file name starts with (`0003_indexes.sql` → 3); migrations apply in this order.
    public var version: Int
    /// The file name.
    public var name: String
    /// The SQL text.
    public var sql: String
    /// SHA-256 of the file, hex: an applied migration must never change.
    public var checksum: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
        self.checksum = SHA256.hash(data: Data(sql.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// The migrations bundled in this module, in order.
    public static func bundled() throws -> [Migration] {
        guard let directory = Bundle.module.url(forResource: "Migrations", withExtension: nil) else {
            throw StoreError(.migrationsMissing, "the Migrations resource directory is missing from the FloWorxStore bundle")
        }
        return try load(from: directory)
    }

    /// Loads `NNNN_name.sql` files from `directory`, in order; refuses duplicate numbers.
    public static func load(from directory: URL) throws -> [Migration] {
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".sql") }
        var migrations: [Migration] = []
        for file in files {
            guard let version = Int(file.prefix { $0.isNumber }), file.first?.isNumber == true else {
                throw StoreError(.migrationsMissing, "migration file \(file) must start with its number, e.g. 0001_name.sql")
            }
            let sql = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            migrations.append(Migration(version: version, name: file, sql: sql))
        }
        migrations.sort { $0.version < $1.version }
        for (previous, next) in zip(migrations, migrations.dropFirst()) where previous.version == next.version {
            throw StoreError(.migrationsMissing, "two migrations share number \(next.version): \(previous.name) and \(next.name)")
        }
        return migrations
    }
}

/// A migration recorded in the ledger.
public struct AppliedMigration: Sendable, Hashable {
    public var version: Int
    public var name: String
    public var checksum: String
    public var appliedAt: Date
}

/// The state of every migration, known or applied.
public struct MigrationStatus: Sendable {
    /// Applied and unchanged.
    public var applied: [AppliedMigration]
    /// Known to this binary, not applied yet.
    public var pending: [Migration]
    /// Applied but whose file has changed since.
    public var changed: [(applied: AppliedMigration, file: Migration)]
    /// Applied by a newer binary: unknown to this one.
    public var unknown: [AppliedMigration]

    /// The highest applied version (0 when none).
    public var schemaVersion: Int { (applied.map(\.version) + changed.map(\.applied.version)).max() ?? 0 }
}
