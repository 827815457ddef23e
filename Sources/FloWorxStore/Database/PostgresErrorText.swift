#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO

/// Readable text for PostgreSQL errors: PSQLError's own description hides everything on purpose ("Generic
/// description to prevent accidental leakage"), which leaves an operator with nothing to act on.
///
/// None of these texts contain a password: PostgresNIO never puts it in an error, and `DatabaseConnectionInfo`'s
/// description leaves it out.
public enum PostgresErrorText {
    /// `SQLSTATE: message (detail)` for server errors; what failed for client-side errors (connection refused,
    /// timed out, TLS…); the error's own description for anything else.
    public static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseConnectionError { return error.description }
        if let error = error as? PostgresServerError { return error.description + (error.detail.map { " (\($0))" } ?? "") }
        if let error = error as? PostgresDecodingError {
            return "cannot read column \(error.columnName) (\(error.postgresType)) as \(error.targetType): \(error.code)"
        }
        guard let error = error as? PSQLError else { return String(describing: error) }
        if let info = error.serverInfo {
            var text = "\(info[.sqlState] ?? "?????"): \(info[.message] ?? "unknown error")"
            if let detail = info[.detail] { text += " (\(detail))" }
            if let position = info[.position] { text += " at character \(position)" }
            return text
        }
        return clientSide(error, username: nil).message
    }

    /// The SQLSTATE of a server error, if it is one.
    public static func sqlState(_ error: any Error) -> String? {
        if let error = error as? PostgresServerError { return error.sqlState }
        return (error as? PSQLError)?.serverInfo?[.sqlState]
    }

    /// Explains why connecting to `info` failed, naming its host and port (never its password).
    public static func connectionError(_ error: any Error, connecting info: DatabaseConnectionInfo) -> DatabaseConnectionError {
        if let error = error as? DatabaseConnectionError { return error }
        let (reason, message): (DatabaseConnectionError.Reason, String)
        if let error = error as? PSQLError, let server = error.serverInfo {
            (reason, message) = serverSide(server, info: info)
        } else if let error = error as? PSQLError {
            (reason, message) = clientSide(error, username: info.username)
        } else {
            (reason, message) = underlying(error) ?? (.other, String(describing: error))
        }
        return DatabaseConnectionError(reason: reason, host: info.host, port: info.port, message: message)
    }

    /// A login refused by the server: SQLSTATE classes 28 (authorization), 3D (database), 53/57 (resources, start-up).
    private static func serverSide(_ server: PSQLError.ServerInfo, info: DatabaseConnectionInfo) -> (DatabaseConnectionError.Reason, String) {
        let state = server[.sqlState] ?? "?????"
        let text = server[.message] ?? "unknown error"
        switch state {
        case "28P01":
            return (.wrongPassword, "wrong password for user \"\(info.username)\" (\(state) \(text)): check the password in DATABASE_URL")
        case "28000":
            return (.notAllowed, "the server does not let user \"\(info.username)\" in (\(state) \(text)): check the user name and the server's pg_hba.conf")
        case "3D000":
            return (.unknownDatabase, "database \"\(info.database)\" does not exist (\(state) \(text)): create it, or fix the database name in DATABASE_URL")
        case "53300", "57P03":
            return (.serverUnavailable, "the server cannot take the connection now (\(state) \(text))")
        default:
            return (.other, "\(state) \(text)")
        }
    }

    /// An error PostgresNIO raised itself, without a server message.
    private static func clientSide(_ error: PSQLError, username: String?) -> (reason: DatabaseConnectionError.Reason, message: String) {
        switch error.code {
        case .sslUnsupported:
            return (.tlsRequired, "TLS is required (sslmode=require) but the server does not support TLS: enable ssl on the server, or use sslmode=prefer or sslmode=disable")
        case .failedToAddSSLHandler, .receivedUnencryptedDataAfterSSLRequest:
            return (.tlsFailed, "TLS could not be set up\(error.underlying.map { ": \($0)" } ?? "")")
        case .authMechanismRequiresPassword:
            let user = username.map { " for user \"\($0)\"" } ?? ""
            return (.passwordRequired, "the server asks for a password\(user) and DATABASE_URL has none")
        case .unsupportedAuthMechanism:
            return (.notAllowed, "the server asks for an authentication method FloWorx does not support (use scram-sha-256, md5 or password)")
        case .saslError:
            return (.notAllowed, "SCRAM authentication failed\(error.underlying.map { ": \($0)" } ?? "")")
        case .queryCancelled:
            return (.other, "the query was cancelled")
        case .poolClosed:
            return (.other, "the connection pool is shut down")
        default:
            if let underlying = error.underlying, let found = Self.underlying(underlying) { return found }
            switch error.code {
            case .serverClosedConnection, .uncleanShutdown:
                return (.closedByServer, "the server closed the connection (is it PostgreSQL, and does it allow this client?)")
            case .clientClosedConnection:
                return (.other, "the connection was closed")
            default:
                return (.other, "PostgreSQL client error \(error.code)\(error.underlying.map { ": \($0)" } ?? "")")
            }
        }
    }

    /// Network and TLS errors from NIO, possibly wrapped.
    private static func underlying(_ error: any Error) -> (DatabaseConnectionError.Reason, String)? {
        switch error {
        case let error as PSQLError:
            return error.underlying.flatMap { underlying($0) }
        case let error as NIOConnectionError:
            if let dns = error.dnsAError ?? error.dnsAAAAError {
                return (.unknownHost, "the host name does not resolve (\(dns))")
            }
            for failure in error.connectionErrors {
                if let found = underlying(failure.error) { return found }
            }
            return error.connectionErrors.isEmpty ? (.unknownHost, "the host name has no address") : nil
        case let error as IOError:
            return fromErrno(error.errnoCode, error)
        case let error as ChannelError:
            if case .connectTimeout(let amount) = error {
                return (.timedOut, "timed out: no answer within \(seconds(amount)) (is a firewall dropping the connection, or is the server overloaded?)")
            }
            if case .eof = error { return (.closedByServer, "the server closed the connection") }
            return nil
        case let error as SocketAddressError:
            if case .unknown(let host, _) = error { return (.unknownHost, "the host name \(host) does not resolve") }
            return nil
        case let error as NIOSSLError:
            return (.tlsFailed, "the TLS handshake failed (\(error)): check the server's certificate, or use sslmode=disable on a trusted network")
        case let error as BoringSSLError:
            return (.tlsFailed, "the TLS handshake failed (\(error))")
        default:
            return nil
        }
    }

    private static func fromErrno(_ code: Int32, _ error: IOError) -> (DatabaseConnectionError.Reason, String) {
        switch code {
        case ECONNREFUSED:
            return (.connectionRefused, "connection refused (is PostgreSQL running and listening on that address and port?)")
        case ETIMEDOUT:
            return (.timedOut, "timed out: no answer (is a firewall dropping the connection?)")
        case ECONNRESET, EPIPE:
            return (.closedByServer, "the connection was reset (is it PostgreSQL listening there, and does it allow this client?)")
        case EHOSTUNREACH, ENETUNREACH, EADDRNOTAVAIL:
            return (.unreachable, "the host cannot be reached (\(String(cString: strerror(code))))")
        default:
            return (.other, String(describing: error))
        }
    }

    private static func seconds(_ amount: TimeAmount) -> String {
        let value = Double(amount.nanoseconds) / 1e9
        return value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }
}
