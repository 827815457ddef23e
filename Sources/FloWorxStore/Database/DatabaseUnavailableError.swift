/// The pool could not hand out a connection in time: the database is down, restarting or unreachable, or every
/// connection stayed busy for the whole `acquireTimeout`. The API answers it with 503 `database_unavailable`
/// instead of holding the request until the pool gives up (PostgresNIO's pool queues a request for up to a minute
/// while it cannot connect).
public struct DatabaseUnavailableError: Error, Sendable, CustomStringConvertible {
    /// How long the request waited for a connection.
    public var waited: Duration

    public init(waited: Duration) {
        self.waited = waited
    }

    public var description: String {
        "no database connection within \(waited.components.seconds) s: the database is unreachable or overloaded"
    }
}
