import Foundation

/// Where the PostgreSQL server programs (`initdb`, `postgres`) are, and their major version.
public struct PostgresBinaries: Sendable, Hashable {
    /// The directory holding `initdb`, `postgres` and `pg_ctl`.
    public var directory: String
    /// The major version, e.g. 15.
    public var majorVersion: Int

    /// The oldest server FloWorx supports.
    public static let minimumMajorVersion = 15

    /// Path of a program in `directory`.
    public func path(_ program: String) -> String {
        (directory as NSString).appendingPathComponent(program)
    }

    /// Finds the binaries: `explicitDirectory` if given, else `pg_config --bindir` on the PATH, else a directory on
    /// the PATH that has both programs, else the usual install locations, preferring the newest version.
    public static func locate(explicitDirectory: String? = nil) throws -> PostgresBinaries {
        let fileManager = FileManager.default
        func usable(_ directory: String) -> Bool {
            fileManager.isExecutableFile(atPath: (directory as NSString).appendingPathComponent("initdb"))
                && fileManager.isExecutableFile(atPath: (directory as NSString).appendingPathComponent("postgres"))
        }
        var candidates: [String] = []
        if let explicitDirectory {
            guard usable(explicitDirectory) else {
                throw EmbeddedPostgresError(.binariesNotFound, "no initdb and postgres in \(explicitDirectory) (FLOWORX_PG_BINDIR)")
            }
            candidates = [explicitDirectory]
        } else {
            let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
            let pathDirectories = path.split(separator: ":").map(String.init)
            for directory in pathDirectories {
                let pgConfig = (directory as NSString).appendingPathComponent("pg_config")
                if fileManager.isExecutableFile(atPath: pgConfig),
                   let result = try? ChildProcess.run(pgConfig, ["--bindir"]), result.status == 0 {
                    candidates.append(result.output.trimmingCharacters(in: .whitespacesAndNewlines))
                }
            }
            candidates += pathDirectories
            candidates += versionedDirectories(parent: "/usr/lib/postgresql", suffix: "bin")
            candidates += versionedDirectories(parent: "/usr", prefix: "pgsql-", suffix: "bin")
            candidates += versionedDirectories(parent: "/opt/homebrew/opt", prefix: "postgresql@", suffix: "bin")
            candidates += versionedDirectories(parent: "/usr/local/opt", prefix: "postgresql@", suffix: "bin")
            candidates += ["/usr/local/pgsql/bin", "/opt/homebrew/bin", "/Applications/Postgres.app/Contents/Versions/latest/bin"]
        }
        var tooOld: [String] = []
        var found: [PostgresBinaries] = []
        for directory in candidates where usable(directory) {
            guard let version = majorVersion(of: (directory as NSString).appendingPathComponent("postgres")) else { continue }
            if version >= minimumMajorVersion {
                found.append(PostgresBinaries(directory: directory, majorVersion: version))
            } else {
                tooOld.append("\(directory) (\(version))")
            }
        }
        // The first usable candidate wins (explicit choice, then PATH order); only the fallbacks are ranked by version.
        if let first = found.first { return first }
        if !tooOld.isEmpty {
            throw EmbeddedPostgresError(
                .versionTooOld,
                "PostgreSQL \(minimumMajorVersion) or newer is needed, found only \(tooOld.joined(separator: ", ")): install postgresql-\(minimumMajorVersion) or set DATABASE_URL"
            )
        }
        throw EmbeddedPostgresError(
            .binariesNotFound,
            "PostgreSQL server binaries (initdb, postgres) not found: install PostgreSQL \(minimumMajorVersion)+ (Debian/Ubuntu: apt-get install postgresql; macOS: brew install postgresql@15), set FLOWORX_PG_BINDIR, or set DATABASE_URL to an existing database"
        )
    }

    /// `parent/<prefix><version>/<suffix>` for every version present, newest first.
    private static func versionedDirectories(parent: String, prefix: String = "", suffix: String) -> [String] {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: parent) else { return [] }
        return entries
            .filter { $0.hasPrefix(prefix) && Double($0.dropFirst(prefix.count)) != nil }
            .sorted { Double($0.dropFirst(prefix.count))! > Double($1.dropFirst(prefix.count))! }
            .map { "\(parent)/\($0)/\(suffix)" }
    }

    /// Parses `postgres (PostgreSQL) 15.18 (Debian …)`.
    private static func majorVersion(of postgres: String) -> Int? {
        guard let result = try? ChildProcess.run(postgres, ["--version"]), result.status == 0 else { return nil }
        let words = result.output.split(separator: " ")
        guard let index = words.firstIndex(of: "(PostgreSQL)"), index + 1 < words.count else { return nil }
        let version = words[index + 1].prefix { $0.isNumber }
        return Int(version)
    }
}
