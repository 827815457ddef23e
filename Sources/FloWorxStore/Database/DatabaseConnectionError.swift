/// Why FloWorx could not open a connection to PostgreSQL, and where it tried: one line a person can act on.
///
/// PostgresNIO's `PSQLError` prints a fixed "Generic description to prevent accidental leakage" text; this type
/// says what failed (refused, timed out, wrong password, unknown database, TLS…) and at which host and port,
/// and never carries the password.
public struct DatabaseConnectionError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, as a stable code.
    public struct Reason: Sendable, Hashable, CustomStringConvertible {
        let value: String
        public var description: String { value }

        /// Nothing listens on the port (ECONNREFUSED).
        public static let connectionRefused = Reason(value: "connection_refused")
        /// No answer within the connect timeout.
        public static let timedOut = Reason(value: "timed_out")
        /// The host name does not resolve.
        public static let unknownHost = Reason(value: "unknown_host")
        /// The host or network cannot be reached (no route, network down).
        public static let unreachable = Reason(value: "unreachable")
        /// The server refused the user's password (28P01).
        public static let wrongPassword = Reason(value: "wrong_password")
        /// The server asks for a password and none was given.
        public static let passwordRequired = Reason(value: "password_required")
        /// The server does not allow this user, address or database (28000, pg_hba.conf) or the role is missing.
        public static let notAllowed = Reason(value: "not_allowed")
        /// The database does not exist (3D000).
        public static let unknownDatabase = Reason(value: "unknown_database")
        /// `sslmode=require` against a server without TLS.
        public static let tlsRequired = Reason(value: "tls_required")
        /// The TLS handshake failed (certificate, protocol).
        public static let tlsFailed = Reason(value: "tls_failed")
        /// The server accepts no more connections (53300) or is starting up / shutting down (57P03).
        public static let serverUnavailable = Reason(value: "server_unavailable")
        /// The server closed the connection during the handshake.
        public static let closedByServer = Reason(value: "closed_by_server")
        /// Anything else; the message says what.
        public static let other = Reason(value: "other")
    }

    /// What went wrong.
    public var reason: Reason
    /// The server's host, as configured.
    public var host: String
    /// The server's port.
    public var port: Int
    /// The one-line explanation (without the `host:port` prefix).
    public var message: String

    public init(reason: Reason, host: String, port: Int, message: String) {
        self.reason = reason
        self.host = host
        self.port = port
        self.message = message
    }

    /// `cannot connect to PostgreSQL at 127.0.0.1:1: connection refused (…)`.
    public var description: String {
        "cannot connect to PostgreSQL at \(host):\(port): \(message)"
    }
}
