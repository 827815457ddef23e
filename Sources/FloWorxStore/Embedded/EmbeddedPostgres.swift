#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Logging
import PostgresNIO

/// A private PostgreSQL cluster that FloWorx initialises, starts and stops itself when no `DATABASE_URL` is given.
///
/// The server runs as a child process in its own process group, listening on 127.0.0.1 on a free port, with
/// password authentication. A watchdog shell stops it if FloWorx dies without stopping it (SIGKILL), so no server
/// is left behind. When FloWorx runs as root, the cluster runs as an ordinary OS user (`postgres` by default),
/// because `initdb` and `postgres` refuse root. When another FloWorx process already runs the cluster in the same
/// data directory, this one attaches to it instead and leaves it running on exit.
public final class EmbeddedPostgres: Sendable {
    /// The superuser FloWorx creates in the cluster.
    public static let superuser = "floworx"
    /// The database FloWorx uses.
    public static let databaseName = "floworx"

    /// The data directory (PGDATA).
    public let dataDirectory: String
    /// The TCP port on 127.0.0.1.
    public let port: Int
    /// The superuser's password, generated at `initdb`.
    public let password: String
    /// Whether this process started the server (and so stops it).
    public let ownsServer: Bool
    private let server: ChildProcess?
    private let watchdog: ChildProcess?
    private let logger: Logger

    private init(dataDirectory: String, port: Int, password: String, server: ChildProcess?, watchdog: ChildProcess?, logger: Logger) {
        self.dataDirectory = dataDirectory
        self.port = port
        self.password = password
        self.server = server
        self.watchdog = watchdog
        self.ownsServer = server != nil
        self.logger = logger
    }

    /// The server's process id, when this process started it.
    public var serverPID: Int32? { server?.pid }

    /// How to connect to the cluster's `floworx` database.
    public var connection: DatabaseConnectionInfo {
        DatabaseConnectionInfo(host: "127.0.0.1", port: port, username: Self.superuser, password: password, database: Self.databaseName, tls: .disable)
    }

    /// Initialises the cluster on first use, then starts it (or attaches to the one already running there).
    public static func start(_ configuration: EmbeddedPostgresConfiguration, logger: Logger) async throws -> EmbeddedPostgres {
        let binaries = try PostgresBinaries.locate(explicitDirectory: configuration.binDirectory)
        let dataDirectory = URL(fileURLWithPath: configuration.dataDirectory).standardizedFileURL.path
        let account = try ServerAccount.current(osUser: configuration.osUser)
        let layout = DataDirectory(path: dataDirectory, account: account)

        if !layout.isInitialised {
            guard configuration.createIfMissing else {
                throw EmbeddedPostgresError(
                    .notInitialised,
                    "no FloWorx database at \(configuration.dataDirectory): start `floworx serve` first, or pass --data-dir / DATABASE_URL"
                )
            }
            try layout.prepareEmpty()
            try await initialise(layout, binaries: binaries, configuration: configuration, logger: logger)
        }
        try layout.checkVersion(binaries.majorVersion)
        let password = try layout.readPassword()

        if let running = layout.runningServer() {
            logger.info("attaching to the PostgreSQL already running in \(dataDirectory)", metadata: ["port": "\(running.port)", "pid": "\(running.pid)"])
            let instance = EmbeddedPostgres(dataDirectory: dataDirectory, port: running.port, password: password, server: nil, watchdog: nil, logger: logger)
            try await instance.waitUntilReady(server: nil, timeout: .seconds(30))
            return instance
        }

        // A free port can be taken by someone else between choosing it and binding it: try another one then.
        var attempt = 1
        while true {
            do {
                return try await launch(layout: layout, binaries: binaries, account: account, password: password, configuration: configuration, logger: logger)
            } catch let error as EmbeddedPostgresError where error.code == .portInUse && configuration.port == nil && attempt < 5 {
                logger.info("port taken while starting PostgreSQL; trying another", metadata: ["attempt": "\(attempt)"])
                attempt += 1
            }
        }
    }

    private static func launch(
        layout: DataDirectory, binaries: PostgresBinaries, account: ServerAccount, password: String,
        configuration: EmbeddedPostgresConfiguration, logger: Logger
    ) async throws -> EmbeddedPostgres {
        let dataDirectory = layout.path
        let port = try configuration.port ?? freePort()
        var arguments = ["-D", dataDirectory, "-p", "\(port)", "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="]
        for (name, value) in configuration.settings.sorted(by: { $0.key < $1.key }) {
            arguments += ["-c", "\(name)=\(value)"]
        }
        let (executable, fullArguments) = account.command(binaries.path("postgres"), arguments)
        let logStart = (try? FileManager.default.attributesOfItem(atPath: layout.logPath)[.size] as? Int) ?? 0
        let server = try ChildProcess.spawn(executable, fullArguments, outputPath: layout.logPath)
        logger.info("starting embedded PostgreSQL \(binaries.majorVersion)", metadata: ["dataDirectory": "\(dataDirectory)", "port": "\(port)", "pid": "\(server.pid)"])
        let watchdog = try? ChildProcess.spawn(
            "/bin/sh",
            ["-c", "while kill -0 \"$1\" 2>/dev/null; do sleep 0.5; done; kill -INT \"$2\" 2>/dev/null", "floworx-watchdog", "\(getpid())", "\(server.pid)"]
        )
        let instance = EmbeddedPostgres(dataDirectory: dataDirectory, port: port, password: password, server: server, watchdog: watchdog, logger: logger)
        do {
            try await instance.waitUntilReady(server: server, timeout: configuration.startTimeout)
            try await instance.createDatabaseIfMissing()
        } catch {
            await instance.stop()
            if let running = layout.runningServer(), running.pid != server.pid {
                // Another process won the race to start this cluster: use its server.
                let attached = EmbeddedPostgres(dataDirectory: dataDirectory, port: running.port, password: password, server: nil, watchdog: nil, logger: logger)
                try await attached.waitUntilReady(server: nil, timeout: .seconds(30))
                return attached
            }
            if layout.logTail(from: logStart).contains("Address already in use") {
                throw EmbeddedPostgresError(.portInUse, "port \(port) was taken before PostgreSQL could bind it")
            }
            throw error
        }
        return instance
    }

    /// Stops the server if this process started it: a fast shutdown (SIGINT), then an immediate one if it hangs.
    public func stop() async {
        guard let server else { return }
        watchdog?.signal(SIGKILL)
        _ = await watchdog?.wait(timeout: .seconds(2))
        server.signal(SIGINT)
        if await server.wait(timeout: .seconds(30)) == nil {
            logger.warning("PostgreSQL did not stop within 30 s; sending SIGQUIT")
            server.signal(SIGQUIT)
            _ = await server.wait(timeout: .seconds(10))
        }
        logger.info("embedded PostgreSQL stopped", metadata: ["dataDirectory": "\(dataDirectory)"])
    }

    private static func initialise(_ layout: DataDirectory, binaries: PostgresBinaries, configuration: EmbeddedPostgresConfiguration, logger: Logger) async throws {
        logger.info("initialising a new PostgreSQL cluster", metadata: ["dataDirectory": "\(layout.path)"])
        let password = randomToken()
        let passwordFile = try layout.account.writeTemporaryFile(contents: password + "\n")
        defer { try? FileManager.default.removeItem(atPath: passwordFile) }
        var arguments = ["-D", layout.path, "-U", superuser, "--pwfile=\(passwordFile)", "--auth=scram-sha-256", "-E", "UTF8", "--no-locale"]
        if !configuration.syncInitdb { arguments.append("--no-sync") }
        let (executable, fullArguments) = layout.account.command(binaries.path("initdb"), arguments)
        let result = try ChildProcess.run(executable, fullArguments)
        guard result.status == 0 else {
            let lastLines = result.output.split(separator: "\n").suffix(3).joined(separator: " | ")
            throw EmbeddedPostgresError(.initdbFailed, "initdb failed in \(layout.path): \(lastLines)")
        }
        try layout.writePassword(password)
    }

    private func waitUntilReady(server: ChildProcess?, timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        var lastError: (any Error)?
        while ContinuousClock.now < deadline {
            if let server, let code = server.poll() {
                throw EmbeddedPostgresError(.startFailed, "PostgreSQL exited with status \(code) at start; see \(dataDirectory)/\(DataDirectory.logName)")
            }
            do {
                try await DatabaseConnectionInfo.withConnection(connection.with(database: "postgres"), logger: logger) { connection in
                    try await connection.query("SELECT 1", logger: logger)
                }
                return
            } catch {
                lastError = error
                try? await Task.sleep(for: .milliseconds(50))
            }
        }
        throw EmbeddedPostgresError(
            .startFailed, "PostgreSQL did not accept connections within \(timeout): \(lastError.map { PostgresErrorText.describe($0) } ?? "no attempt finished")"
        )
    }

    private func createDatabaseIfMissing() async throws {
        try await DatabaseConnectionInfo.withConnection(connection.with(database: "postgres"), logger: logger) { connection in
            let rows = try await connection.query("SELECT 1 FROM pg_database WHERE datname = \(Self.databaseName)", logger: logger)
            for try await _ in rows { return }
            do {
                // An identifier, not a value: fixed at compile time, so it is safe to splice.
                try await connection.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(Self.databaseName)"), logger: logger)
            } catch let error as PSQLError where error.serverInfo?[.sqlState] == "42P04" {
                // Created concurrently by another process: fine.
            }
        }
    }

    /// A port on 127.0.0.1 that nothing listens on right now.
    static func freePort() throws -> Int {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketFD >= 0 else { throw EmbeddedPostgresError(.startFailed, "cannot open a socket to find a free port") }
        defer { close(socketFD) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(socketFD, pointer, length) == 0 && getsockname(socketFD, pointer, &length) == 0
            }
        }
        guard bound else { throw EmbeddedPostgresError(.startFailed, "cannot bind 127.0.0.1 to find a free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// 32 random hex characters.
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }
}
