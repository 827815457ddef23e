import FloWorxStore
import PostgresNIO

/// Recognises the errors that mean "the database is not there right now", so that every route answers them with
/// 503 and the stable code `database_unavailable` (`PGRST000` on the data API) instead of 500 or a hang:
/// - no pooled connection within the acquire timeout (`DatabaseUnavailableError`);
/// - a connection-level failure without a server answer (refused, closed, timed out);
/// - the server ending the session: `57P01` admin shutdown (`pg_ctl stop -m fast`), `57P02` crash shutdown,
///   `57P03` cannot connect now (starting up), and class `08` connection exceptions;
/// - the pool's circuit breaker, open after a minute of failed connection attempts.
enum DatabaseOutage {
    /// The message every outage answer carries.
    static let message = "Database client error: the database is unreachable; try again shortly"

    /// Whether `error` is an outage rather than a fault of the request or of FloWorx.
    static func matches(_ error: any Error) -> Bool {
        switch error {
        case is DatabaseUnavailableError, is DatabaseConnectionError:
            return true
        case let error as PSQLError:
            guard let state = error.serverInfo?[.sqlState] else { return true }
            return isOutage(sqlState: state)
        case let error as PostgresServerError:
            return isOutage(sqlState: error.sqlState)
        default:
            // PostgresNIO's `ConnectionPoolError` lives in a module FloWorx does not import.
            return String(describing: type(of: error)) == "ConnectionPoolError"
        }
    }

    /// Server states that end or refuse the session because the server is going away or not up yet.
    static func isOutage(sqlState: String) -> Bool {
        ["57P01", "57P02", "57P03"].contains(sqlState) || sqlState.hasPrefix("08")
    }
}
