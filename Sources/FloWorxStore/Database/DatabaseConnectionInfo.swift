import Foundation
import Logging
import NIOSSL
import PostgresNIO
import Synchronization

/// Where a PostgreSQL database is and how to log in: parsed from `DATABASE_URL` or given by the embedded cluster.
public struct DatabaseConnectionInfo: Sendable, CustomStringConvertible {
    /// Transport security, as libpq's `sslmode` names it (disable, prefer, require).
    public enum TLSMode: String, Sendable {
        case disable, prefer, require
    }

    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    public var tls: TLSMode
    /// How long opening a connection (TCP, TLS and login) may take before it fails as timed out.
    public var connectTimeout: Duration

    /// The default `connectTimeout`, PostgresNIO's.
    public static let defaultConnectTimeout: Duration = .seconds(10)

    public init(
        host: String, port: Int, username: String, password: String?, database: String, tls: TLSMode,
        connectTimeout: Duration = DatabaseConnectionInfo.defaultConnectTimeout
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.tls = tls
        self.connectTimeout = connectTimeout
    }

    /// Parses `postgres://user:password@host:port/database?sslmode=require` (also `postgresql://`).
    public init(url text: String) throws {
        guard let components = URLComponents(string: text),
              let scheme = components.scheme, scheme == "postgres" || scheme == "postgresql",
              let host = components.host, !host.isEmpty
        else {
            throw StoreError(.configuration, "DATABASE_URL must look like postgres://user:password@host:5432/database")
        }
        self.host = host
        self.connectTimeout = Self.defaultConnectTimeout
        // URLComponents accepts any number of digits as a port; a port that does not fit 16 bits would be truncated.
        if let port = components.port, !(1...65535).contains(port) {
            throw StoreError(.configuration, "DATABASE_URL port must be between 1 and 65535, got \(port)")
        }
        self.port = components.port ?? 5432
        self.username = components.user.flatMap { $0.removingPercentEncoding } ?? "postgres"
        self.password = components.password.flatMap { $0.removingPercentEncoding }
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        self.database = path.isEmpty ? self.username : (path.removingPercentEncoding ?? path)
        let mode = components.queryItems?.first { $0.name == "sslmode" }?.value ?? "prefer"
        switch mode {
        case "disable", "allow": tls = .disable
        case "prefer": tls = .prefer
        case "require", "verify-ca", "verify-full": tls = .require
        default: throw StoreError(.configuration, "DATABASE_URL sslmode \(mode) is not supported (disable, prefer, require)")
        }
        // libpq's connect_timeout, in seconds.
        if let text = components.queryItems?.first(where: { $0.name == "connect_timeout" })?.value {
            guard let seconds = Int(text), (1...3600).contains(seconds) else {
                throw StoreError(.configuration, "DATABASE_URL connect_timeout must be a number of seconds between 1 and 3600, got \(text)")
            }
            connectTimeout = .seconds(seconds)
        }
    }

    /// The same server and credentials, another database.
    public func with(database: String) -> DatabaseConnectionInfo {
        var copy = self
        copy.database = database
        return copy
    }

    /// The URL without the password, for logs.
    public var description: String {
        "postgres://\(username)@\(host):\(port)/\(database)"
    }

    /// The full URL including the password (for child processes such as pgbench; never log it).
    public var urlWithPassword: String {
        var components = URLComponents()
        components.scheme = "postgres"
        components.user = username
        components.password = password
        components.host = host
        components.port = port
        components.path = "/" + database
        if tls == .disable { components.queryItems = [URLQueryItem(name: "sslmode", value: "disable")] }
        return components.string ?? description
    }

    /// Pool configuration for `PostgresClient`.
    public func clientConfiguration(maximumConnections: Int = 20) -> PostgresClient.Configuration {
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: clientTLS
        )
        configuration.options.maximumConnections = maximumConnections
        configuration.options.minimumConnections = 0
        configuration.options.connectTimeout = connectTimeout
        return configuration
    }

    /// Configuration for one `PostgresConnection`.
    public var connectionConfiguration: PostgresConnection.Configuration {
        var configuration = PostgresConnection.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: connectionTLS
        )
        configuration.options.connectTimeout = timeAmount(connectTimeout)
        return configuration
    }

    private func timeAmount(_ duration: Duration) -> TimeAmount {
        .nanoseconds(duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }

    private var clientTLS: PostgresClient.Configuration.TLS {
        switch tls {
        case .disable: .disable
        case .prefer: .prefer(.makeClientConfiguration())
        case .require: .require(.makeClientConfiguration())
        }
    }

    private var connectionTLS: PostgresConnection.Configuration.TLS {
        switch tls {
        case .disable: .disable
        case .prefer: (try? .prefer(.init(configuration: .makeClientConfiguration()))) ?? .disable
        case .require: (try? .require(.init(configuration: .makeClientConfiguration()))) ?? .disable
        }
    }

    private static let connectionIDs = ConnectionIDs()

    /// Opens one connection; a failure is a `DatabaseConnectionError` naming the host, the port and the cause.
    public static func connect(_ info: DatabaseConnectionInfo, logger: Logger) async throws -> PostgresConnection {
        do {
            return try await PostgresConnection.connect(configuration: info.connectionConfiguration, id: connectionIDs.next(), logger: logger)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw PostgresErrorText.connectionError(error, connecting: info)
        }
    }

    /// Opens one connection, runs `body`, and closes it. A failure to connect is a `DatabaseConnectionError` that
    /// says why and where; errors from `body` pass through unchanged.
    @discardableResult
    public static func withConnection<Result: Sendable>(
        _ info: DatabaseConnectionInfo,
        logger: Logger,
        _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        let connection = try await connect(info, logger: logger)
        do {
            let result = try await body(connection)
            try? await connection.close()
            return result
        } catch {
            try? await connection.close()
            throw error
        }
    }
}

/// Ids for standalone connections, for PostgresNIO's logs.
final class ConnectionIDs: Sendable {
    private let counter = Mutex(0)
    func next() -> Int {
        counter.withLock { value in
            value += 1
            return value
        }
    }
}
