#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The embedded cluster's data directory: PGDATA plus the two files FloWorx keeps in it.
struct DataDirectory: Sendable {
    /// The server log, inside PGDATA.
    static let logName = "floworx-postgres.log"
    /// The superuser password written at `initdb`, readable only by its owner.
    static let passwordName = "floworx-superuser.password"

    var path: String
    var account: ServerAccount

    var logPath: String { "\(path)/\(Self.logName)" }
    var passwordPath: String { "\(path)/\(Self.passwordName)" }
    var isInitialised: Bool { FileManager.default.fileExists(atPath: "\(path)/PG_VERSION") }

    /// Creates the directory (and its parents) if needed; it must be empty.
    func prepareEmpty() throws {
        let fileManager = FileManager.default
        if fileManager.fileExists(atPath: path) {
            let entries = (try? fileManager.contentsOfDirectory(atPath: path)) ?? []
            guard entries.isEmpty else {
                throw EmbeddedPostgresError(.dataDirectory, "\(path) exists, is not empty and is not a PostgreSQL data directory: choose another --data-dir")
            }
        } else {
            do {
                // Parents get the default mode (they must stay searchable by the server's OS user); PGDATA gets 0700.
                let parent = (path as NSString).deletingLastPathComponent
                try fileManager.createDirectory(atPath: parent, withIntermediateDirectories: true)
                try fileManager.createDirectory(atPath: path, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
            } catch {
                throw EmbeddedPostgresError(.dataDirectory, "cannot create \(path): \(error.localizedDescription)")
            }
        }
        chmod(path, 0o700)
        try account.own(path)
        guard account.canWrite(path) else {
            let user = account.switchTo?.name ?? "this user"
            throw EmbeddedPostgresError(
                .dataDirectory,
                "OS user \(user) cannot write \(path) (a parent directory is not searchable by it): choose a --data-dir it can reach"
            )
        }
    }

    /// Refuses a cluster made by another major version.
    func checkVersion(_ major: Int) throws {
        let text = (try? String(contentsOfFile: "\(path)/PG_VERSION", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard Int(text) == major else {
            throw EmbeddedPostgresError(.dataDirectory, "\(path) holds a PostgreSQL \(text) cluster but the binaries found are version \(major): point FLOWORX_PG_BINDIR at PostgreSQL \(text) or use another --data-dir")
        }
    }

    func writePassword(_ password: String) throws {
        guard FileManager.default.createFile(atPath: passwordPath, contents: Data(password.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw EmbeddedPostgresError(.dataDirectory, "cannot write \(passwordPath)")
        }
        try account.own(passwordPath)
    }

    func readPassword() throws -> String {
        guard let password = try? String(contentsOfFile: passwordPath, encoding: .utf8) else {
            throw EmbeddedPostgresError(.dataDirectory, "cannot read \(passwordPath): the data directory was not made by FloWorx, or belongs to another user")
        }
        return password.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// What the server logged after `offset` bytes.
    func logTail(from offset: Int) -> String {
        guard let handle = FileHandle(forReadingAtPath: logPath) else { return "" }
        defer { try? handle.close() }
        try? handle.seek(toOffset: UInt64(offset))
        return String(decoding: (try? handle.readToEnd()) ?? Data(), as: UTF8.self)
    }

    /// The server already running on this directory, from `postmaster.pid` (pid on line 1, port on line 4).
    func runningServer() -> (pid: pid_t, port: Int)? {
        guard let text = try? String(contentsOfFile: "\(path)/postmaster.pid", encoding: .utf8) else { return nil }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count >= 4, let pid = pid_t(lines[0]), let port = Int(lines[3]), pid > 0 else { return nil }
        let alive = kill(pid, 0) == 0 || errno == EPERM
        return alive ? (pid, port) : nil
    }
}
