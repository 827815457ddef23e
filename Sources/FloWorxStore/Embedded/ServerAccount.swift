#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The OS account the PostgreSQL server runs as: FloWorx's own, or an ordinary user when FloWorx runs as root.
struct ServerAccount: Sendable {
    /// The uid and gid to switch to, when running as root.
    var switchTo: (name: String, uid: uid_t, gid: gid_t)?

    static func current(osUser: String) throws -> ServerAccount {
        guard geteuid() == 0 else { return ServerAccount(switchTo: nil) }
        guard let entry = getpwnam(osUser) else {
            throw EmbeddedPostgresError(
                .dataDirectory,
                "PostgreSQL refuses to run as root and there is no OS user '\(osUser)': create it (useradd \(osUser)), set FLOWORX_PG_OS_USER, run FloWorx as an ordinary user, or set DATABASE_URL"
            )
        }
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else {
            throw EmbeddedPostgresError(.spawnFailed, "running the embedded PostgreSQL as root needs /usr/bin/setpriv (util-linux); install it or run FloWorx as an ordinary user")
        }
        return ServerAccount(switchTo: (osUser, entry.pointee.pw_uid, entry.pointee.pw_gid))
    }

    /// The command line that runs `executable` as this account.
    func command(_ executable: String, _ arguments: [String]) -> (String, [String]) {
        guard let user = switchTo else { return (executable, arguments) }
        return ("/usr/bin/setpriv", ["--reuid=\(user.uid)", "--regid=\(user.gid)", "--init-groups", "--", executable] + arguments)
    }

    /// Gives `path` to this account (no-op when not switching users).
    func own(_ path: String) throws {
        guard let user = switchTo else { return }
        guard chown(path, user.uid, user.gid) == 0 else {
            throw EmbeddedPostgresError(.dataDirectory, "cannot give \(path) to OS user \(user.name): \(String(cString: strerror(errno)))")
        }
    }

    /// Whether this account can enter and write `directory` (every parent must be searchable).
    func canWrite(_ directory: String) -> Bool {
        guard switchTo != nil else { return access(directory, W_OK | X_OK) == 0 }
        let (executable, arguments) = command("/usr/bin/test", ["-w", directory, "-a", "-x", directory])
        return (try? ChildProcess.run(executable, arguments))?.status == 0
    }

    /// Writes a private file this account can read, outside the data directory; returns its path.
    func writeTemporaryFile(contents: String) throws -> String {
        let path = NSTemporaryDirectory() + "floworx-\(UUID().uuidString)"
        guard FileManager.default.createFile(atPath: path, contents: Data(contents.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw EmbeddedPostgresError(.dataDirectory, "cannot write \(path)")
        }
        try own(path)
        return path
    }
}
