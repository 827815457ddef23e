import Crypto
import Dispatch
import Foundation
import Logging
import PostgresNIO

/// Backs up, verifies and restores a FloWorx database with PostgreSQL's own tools (`pg_dump` custom format and
/// `pg_restore`), for the embedded cluster and for `DATABASE_URL` alike.
///
/// A backup is two files: `NAME.dump` and `NAME.manifest.json`, which records the dump's SHA-256 and every table's
/// row count and checksum, taken in the same snapshot as the dump. Verification restores into a scratch database and
/// compares; a restore only replaces the live database after its restored copy has matched the manifest.
public struct BackupTool: Sendable {
    let binaries: PostgresBinaries
    let connection: DatabaseConnectionInfo
    let logger: Logger

    public init(binaries: PostgresBinaries, connection: DatabaseConnectionInfo, logger: Logger) {
        self.binaries = binaries
        self.connection = connection
        self.logger = logger
    }

    /// Dumps the database into `directory` (created, owner-only, if missing) as `NAME.dump` plus its manifest;
    /// `name` defaults to `floworx-YYYYMMDDTHHMMSSZ`. Returns the dump's path and its manifest.
    public func backup(into directory: String, name: String? = nil) async throws -> (dump: String, manifest: BackupManifest) {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let now = Date()
        let dump = (directory as NSString).appendingPathComponent((name ?? Self.defaultName(at: now)) + ".dump")
        let (tables, serverVersion, migration) = try await DatabaseConnectionInfo.withConnection(connection, logger: logger) { session in
            // One snapshot for the checksums and for pg_dump, so the manifest describes exactly what was dumped.
            try await session.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: logger).collect()
            let snapshot = try await session.query("SELECT pg_catalog.pg_export_snapshot()", logger: logger).collect()[0].decode(String.self)
            let tables = try await TableChecksum.all(on: session, logger: logger)
            let version = try await session.query("SELECT pg_catalog.current_setting('server_version')", logger: logger).collect()[0].decode(String.self)
            let migration = try await Self.latestMigration(session, logger: logger)
            try await run("pg_dump", ["--format=custom", "--snapshot=\(snapshot)", "--file=\(dump)"] + targetArguments(connection.database))
            try await session.query("COMMIT", logger: logger).collect()
            return (tables, version, migration)
        }
        let (bytes, sha256) = try Self.digest(of: dump)
        let manifest = BackupManifest(
            createdAt: now, source: connection.description, serverVersion: serverVersion, migration: migration,
            dumpFile: (dump as NSString).lastPathComponent, dumpBytes: bytes, dumpSHA256: sha256, tables: tables
        )
        try manifest.write(besideDump: dump)
        logger.info("backup written", metadata: ["dump": "\(dump)", "bytes": "\(bytes)", "tables": "\(tables.count)"])
        return (dump, manifest)
    }

    /// Restores `dump` into a scratch database of the same server, compares every table with the manifest, and drops
    /// the scratch database. Throws `StoreError` `.backupMismatch` naming the tables that differ.
    public func verify(_ dump: String) async throws -> BackupManifest {
        try await verify(dump, scratch: Self.scratchName("verify"))
    }

    func verify(_ dump: String, scratch: String) async throws -> BackupManifest {
        let manifest = try checkedManifest(dump)
        try await restoreCopy(dump, as: scratch, expecting: manifest)
        try await dropDatabase(scratch)
        return manifest
    }

    /// Replaces the database with the backup. The dump is restored into a new database and compared with the
    /// manifest first; only then is the old database dropped and the copy renamed in its place. Refuses (`.restoreRefused`)
    /// when the database holds FloWorx data, unless `force`.
    public func restore(_ dump: String, force: Bool) async throws -> BackupManifest {
        let manifest = try checkedManifest(dump)
        let target = try Self.checkedName(connection.database)
        if !force, let rows = try await existingRows(in: target), rows > 0 {
            throw StoreError(.restoreRefused, "\(connection.description) holds \(rows) rows of FloWorx data: pass --force to replace them with the backup")
        }
        let copy = Self.scratchName("restore")
        try await restoreCopy(dump, as: copy, expecting: manifest)
        try await maintenance { session in
            try await session.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(Self.quoted(target)) WITH (FORCE)"), logger: logger).collect()
            try await session.query(PostgresQuery(unsafeSQL: "ALTER DATABASE \(Self.quoted(copy)) RENAME TO \(Self.quoted(target))"), logger: logger).collect()
        }
        logger.info("database restored", metadata: ["database": "\(connection.description)", "dump": "\(dump)"])
        return manifest
    }

    // MARK: - Steps

    /// The manifest of `dump`, after checking the dump file is the one it describes.
    func checkedManifest(_ dump: String) throws -> BackupManifest {
        let manifest = try BackupManifest.read(forDump: dump)
        guard FileManager.default.fileExists(atPath: dump) else { throw StoreError(.backupUnreadable, "no dump file at \(dump)") }
        let (bytes, sha256) = try Self.digest(of: dump)
        guard bytes == manifest.dumpBytes, sha256 == manifest.dumpSHA256 else {
            throw StoreError(.backupCorrupt, "\(dump) is not the file its manifest describes (\(bytes) bytes, SHA-256 \(sha256.prefix(12))…; expected \(manifest.dumpBytes) bytes, \(manifest.dumpSHA256.prefix(12))…)")
        }
        return manifest
    }

    /// Restores `dump` into a new database `name` and checks it against `manifest`; drops it again on any failure.
    func restoreCopy(_ dump: String, as name: String, expecting manifest: BackupManifest) async throws {
        try await maintenance { session in
            try await session.query(PostgresQuery(unsafeSQL: Self.ensureRoles), logger: logger).collect()
            try await session.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(Self.quoted(name))"), logger: logger).collect()
        }
        do {
            try await run("pg_restore", ["--exit-on-error", "--no-owner", "--dbname=\(name)", dump] + connectionArguments)
            let copy = try await DatabaseConnectionInfo.withConnection(connection.with(database: name), logger: logger) { session in
                try await TableChecksum.all(on: session, logger: logger)
            }
            let differences = manifest.differences(from: copy)
            guard differences.isEmpty else {
                throw StoreError(.backupMismatch, "the restored copy differs from the backup: " + differences.joined(separator: "; "))
            }
        } catch {
            try? await dropDatabase(name)
            throw error
        }
    }

    func dropDatabase(_ name: String) async throws {
        try await maintenance { session in
            try await session.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(Self.quoted(name)) WITH (FORCE)"), logger: logger).collect()
        }
    }

    /// Rows in FloWorx's tables of database `name`, or nil when it does not exist or has no FloWorx schema.
    func existingRows(in name: String) async throws -> Int? {
        let exists = try await maintenance { session in
            try await session.query("SELECT count(*)::int FROM pg_catalog.pg_database WHERE datname = \(name)", logger: logger).collect()[0].decode(Int.self)
        }
        guard exists > 0 else { return nil }
        return try await DatabaseConnectionInfo.withConnection(connection.with(database: name), logger: logger) { session in
            guard try await session.query("SELECT to_regclass('public.profiles') IS NOT NULL", logger: logger).collect()[0].decode(Bool.self) else { return nil }
            return try await session.query("SELECT (SELECT count(*) FROM public.profiles)::int", logger: logger).collect()[0].decode(Int.self)
        }
    }

    /// Runs `body` on the server's maintenance database (`postgres`), where databases are created and dropped.
    func maintenance<Result: Sendable>(_ body: (PostgresConnection) async throws -> Result) async throws -> Result {
        try await DatabaseConnectionInfo.withConnection(connection.with(database: "postgres"), logger: logger, body)
    }

    static func latestMigration(_ session: PostgresConnection, logger: Logger) async throws -> Int? {
        guard try await session.query("SELECT to_regclass('floworx.schema_migrations') IS NOT NULL", logger: logger).collect()[0].decode(Bool.self) else { return nil }
        return try await session.query("SELECT max(version)::int FROM floworx.schema_migrations", logger: logger).collect()[0].decode(Int?.self)
    }

    // MARK: - Tools

    /// Host, port and user for `pg_dump` / `pg_restore`; the password and TLS mode go in the environment.
    var connectionArguments: [String] {
        ["--host=\(connection.host)", "--port=\(connection.port)", "--username=\(connection.username)", "--no-password"]
    }

    func targetArguments(_ database: String) -> [String] {
        connectionArguments + ["--dbname=\(database)"]
    }

    /// Runs a PostgreSQL client tool off the concurrency pool (it blocks for as long as the dump takes).
    func run(_ tool: String, _ arguments: [String]) async throws {
        var settings = ProcessInfo.processInfo.environment
        settings["PGPASSWORD"] = connection.password
        settings["PGSSLMODE"] = connection.tls.rawValue
        settings["PGCONNECT_TIMEOUT"] = "10"
        let environment = settings
        let executable = binaries.path(tool)
        let result = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<(status: Int32, output: String), any Error>) in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try ChildProcess.run(executable, arguments, environment: environment) })
            }
        }
        guard result.status == 0 else {
            let output = result.output.trimmingCharacters(in: .whitespacesAndNewlines)
            throw StoreError(.backupToolFailed, "\(tool) exited \(result.status): \(output.suffix(2000))")
        }
    }

    // MARK: - Names

    static func defaultName(at date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return "floworx-" + formatter.string(from: date)
    }

    static func scratchName(_ purpose: String) -> String {
        "floworx_\(purpose)_" + String(UInt64.random(in: 0...UInt64.max), radix: 16)
    }

    /// A database name FloWorx may put in SQL: letters, digits and underscores (checked, then quoted).
    static func checkedName(_ name: String) throws -> String {
        guard !name.isEmpty, name.count <= 63, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }) else {
            throw StoreError(.restoreRefused, "database name \"\(name)\" is not one FloWorx restores into (letters, digits, _ and - only)")
        }
        return name
    }

    static func quoted(_ name: String) -> String { SQLIdentifier.quoted(name) }

    static func digest(of path: String) throws -> (bytes: Int, sha256: String) {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw StoreError(.backupUnreadable, "cannot read \(path)") }
        defer { try? handle.close() }
        var hasher = SHA256()
        var bytes = 0
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            hasher.update(data: chunk)
            bytes += chunk.count
        }
        return (bytes, hasher.finalize().map { String(format: "%02x", $0) }.joined())
    }

    /// The roles FloWorx's grants name (migration 0001 creates them on plain PostgreSQL); a restore into a fresh
    /// cluster needs them before `pg_restore` replays the grants. Roles are cluster-wide, so this runs once per server.
    static let ensureRoles = """
        DO $roles$
        DECLARE role_name text;
        BEGIN
            FOREACH role_name IN ARRAY ARRAY['anon', 'authenticated', 'service_role'] LOOP
                IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = role_name) THEN
                    EXECUTE pg_catalog.format('CREATE ROLE %I NOLOGIN%s', role_name,
                        CASE WHEN role_name = 'service_role' THEN ' BYPASSRLS' ELSE '' END);
                END IF;
            END LOOP;
        END
        $roles$
        """
}
