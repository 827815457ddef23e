import ArgumentParser
import FloWorxStore
import Foundation
import Logging

/// `floworx backup …`: backups with PostgreSQL's own tools, each with a manifest of row counts and checksums.
struct Backup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Back up the database (pg_dump custom format plus a manifest of every table's rows and checksum).",
        subcommands: [Create.self, Verify.self, List.self],
        defaultSubcommand: Create.self
    )

    /// `floworx backup [create]`.
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write a backup now (works while floworx serve runs).")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var location: BackupLocation

        @Option(help: "File name without extension (default floworx-YYYYMMDDTHHMMSSZ).")
        var name: String?

        @Flag(help: "Also restore it into a scratch database and compare every table.")
        var verify = false

        func run() async throws {
            let logger = try database.makeLogger()
            try database.requireInstallation()
            let directory = location.directory(database)
            try await database.withDatabase(logger: logger) { launcher in
                let tool = try location.tool(database, launcher, logger: logger)
                let (dump, manifest) = try await tool.backup(into: directory, name: name)
                if verify { _ = try await tool.verify(dump) }
                print("\(dump)\n  \(manifest.tables.count) tables, \(manifest.tables.reduce(0) { $0 + $1.rows }) rows, \(manifest.dumpBytes) bytes\(verify ? ", verified" : "")")
            }
        }
    }

    /// `floworx backup verify FILE`.
    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Restore a backup into a scratch database, compare every table with its manifest, drop the scratch database."
        )

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var location: BackupLocation

        @Argument(help: "The .dump file (its .manifest.json must be beside it).")
        var file: String

        func run() async throws {
            let logger = try database.makeLogger()
            try database.requireInstallation()
            try await database.withDatabase(logger: logger) { launcher in
                let manifest = try await location.tool(database, launcher, logger: logger).verify(file)
                print("\(file): verified — \(manifest.tables.count) tables restored identical to the backup of \(manifest.createdAt)")
            }
        }
    }

    /// `floworx backup list`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the backups in the backup folder, newest first.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var location: BackupLocation

        func run() async throws {
            let directory = location.directory(database)
            let backups = BackupDirectory(path: directory).backups()
            if backups.isEmpty { print("no backups in \(directory)") }
            for (dump, manifest) in backups {
                print("\(manifest.createdAt)  \(manifest.dumpBytes) bytes  \(manifest.tables.reduce(0) { $0 + $1.rows }) rows  \(dump)")
            }
        }
    }
}

/// `floworx restore FILE`: replaces the database with a backup, after checking the restored copy.
struct Restore: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Replace the database with a backup. The backup is restored into a new database and compared with its manifest first; only then is the old one dropped."
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var location: BackupLocation

    @Argument(help: "The .dump file (its .manifest.json must be beside it).")
    var file: String

    @Flag(help: "Replace a database that holds FloWorx data.")
    var force = false

    func run() async throws {
        let logger = try database.makeLogger()
        // A lost or mistyped data dir gets a new cluster: restoring into it is exactly what disaster recovery needs.
        try await database.withDatabase(logger: logger, create: true) { launcher in
            if let embedded = launcher.embedded, !embedded.ownsServer {
                throw ConfigurationError("floworx serve (or db start) is running on \(embedded.dataDirectory): stop it before restoring")
            }
            let manifest = try await location.tool(database, launcher, logger: logger).restore(file, force: force)
            print("restored \(file) (\(manifest.tables.count) tables, backup of \(manifest.createdAt)) into \(launcher.connection)")
        }
    }
}

/// Where backups go and which PostgreSQL tools write them.
struct BackupLocation: ParsableArguments {
    @Option(name: .customLong("backup-dir"), help: "Backup folder (env: FLOWORX_BACKUP_DIR; default: backups/ beside the embedded data dir, or ./floworx-backups with DATABASE_URL).")
    var backupDirectory: String?

    func directory(_ database: DatabaseOptions) -> String {
        Self.directory(flag: backupDirectory, database)
    }

    /// The folder: the flag, else `FLOWORX_BACKUP_DIR`, else the default.
    static func directory(flag: String?, _ database: DatabaseOptions) -> String {
        if let chosen = flag ?? Environment.get("FLOWORX_BACKUP_DIR") { return chosen }
        return defaultDirectory(database)
    }

    static func defaultDirectory(_ database: DatabaseOptions) -> String {
        guard database.url == nil else { return "floworx-backups" }
        return ((database.embedded.dataDirectory as NSString).deletingLastPathComponent as NSString).appendingPathComponent("backups")
    }

    func tool(_ database: DatabaseOptions, _ launcher: DatabaseLauncher, logger: Logger) throws -> BackupTool {
        try Self.tool(database, launcher, logger: logger)
    }

    static func tool(_ database: DatabaseOptions, _ launcher: DatabaseLauncher, logger: Logger) throws -> BackupTool {
        BackupTool(binaries: try PostgresBinaries.locate(explicitDirectory: database.embedded.binDirectory), connection: launcher.connection, logger: logger)
    }
}
