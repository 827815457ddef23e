/// The database cannot serve this request right now: the pool could not hand out a connection within the acquire
/// timeout (the database is down, restarting or unreachable, or every connection stayed busy that long), or the
/// connection was closed under the transaction (a restart or shutdown ended the session). The API answers it with
/// 503 `database_unavailable` instead of holding the request until the pool gives up (PostgresNIO's pool queues a
/// request for up to a minute while it cannot connect).
public struct DatabaseUnavailableError: Error, Sendable, CustomStringConvertible {
    /// What happened, in one line.
    public var description: String

    /// No pooled connection within `waited`.
    public init(waited: Duration) {
        description = "no database connection within \(waited.milliseconds) ms: the database is unreachable or overloaded"
    }

    private init(description: String) {
        self.description = description
    }

    /// The connection was closed before the next statement could be sent.
    ///
    /// PostgresNIO 1.33 writes a statement to a closed connection without failing it, and the caller waits forever:
    /// seen in the restart check, where requests in flight when PostgreSQL stopped hung until their client gave up.
    public static let connectionClosed = DatabaseUnavailableError(description: "the database closed the connection (a restart or shutdown)")
}
