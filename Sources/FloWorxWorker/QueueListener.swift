import FloWorxStore
import Logging
import PostgresNIO

/// Holds a LISTEN connection on the queue channel and rings the doorbell on every notification;
/// reconnects with backoff when the connection drops (workers keep polling meanwhile).
struct QueueListener: Sendable {
    let connection: DatabaseConnectionInfo
    var channel: String = EmailQueue.channel
    let doorbell: Doorbell
    let logger: Logger

    func run() async {
        var delay = Duration.milliseconds(250)
        while !Task.isCancelled {
            do {
                try await DatabaseConnectionInfo.withConnection(connection, logger: logger) { connection in
                    try await connection.listen(on: channel) { notifications in
                        // Anything may have been queued while (re)connecting.
                        doorbell.ring()
                        delay = .milliseconds(250)
                        for try await _ in notifications { doorbell.ring() }
                    }
                }
            } catch {
                if Task.isCancelled { return }
                logger.warning("queue listener disconnected; polling until it reconnects", metadata: ["error": "\(PostgresErrorText.describe(error))"])
            }
            try? await Task.sleep(for: delay)
            delay = min(delay * 2, .seconds(10))
        }
    }
}
