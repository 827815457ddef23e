import Logging
import PostgresNIO

/// Listens on `floworx_realtime` and hands every change to `receive`, in commit order. Holds one connection for as
/// long as it runs: its own to `connection` when given (the server's), else one of the pool (tests). Reconnects with
/// backoff; changes committed while it was disconnected are lost (said in docs/realtime.md: Supabase's clients
/// refetch on reconnect).
public struct RealtimeChangeFeed: Sendable {
    let database: Database
    let logger: Logger

    public init(database: Database, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    /// Runs until cancelled; `listening` is called each time LISTEN is in place (changes committed from then on arrive).
    public func run(listening: @escaping @Sendable () -> Void = {}, _ receive: @escaping @Sendable (RealtimeChange) -> Void) async {
        var delay = Duration.milliseconds(250)
        while !Task.isCancelled {
            do {
                let consume: (PostgresNotificationSequence) async throws -> Void = { notifications in
                    listening()
                    for try await notification in notifications {
                        if let change = RealtimeChange(notification: notification.payload) { receive(change) }
                    }
                }
                if let info = database.connectionInfo {
                    try await DatabaseConnectionInfo.withConnection(info, logger: logger) { connection in
                        try await connection.listen(on: RealtimeChange.channel, consume: consume)
                    }
                } else {
                    try await database.service.withConnection { connection in
                        try await connection.connection.listen(on: RealtimeChange.channel, consume: consume)
                    }
                }
            } catch {
                if Task.isCancelled { return }
                logger.warning("realtime change feed disconnected; reconnecting", metadata: ["error": "\(PostgresErrorText.describe(error))"])
            }
            try? await Task.sleep(for: delay)
            delay = min(delay * 2, .seconds(10))
        }
    }
}
