import Logging
import PostgresNIO
import Synchronization

/// Cancels a running statement by its backend's process id, from a connection of its own.
///
/// Not through the pool: when every pooled connection is busy with slow statements, which is when cancelling
/// matters most, a pooled cancel would wait behind them.
public struct StatementCanceller: Sendable {
    let configuration: PostgresConnection.Configuration
    let logger: Logger

    public init(connection info: DatabaseConnectionInfo, logger: Logger) {
        self.configuration = info.connectionConfiguration
        self.logger = logger
    }

    /// Sends `pg_cancel_backend(pid)`; failures are logged, never thrown (the statement timeout still bounds it).
    func cancel(backend pid: Int32) async {
        do {
            let connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
            do {
                _ = try await connection.query("SELECT pg_cancel_backend(\(pid))", logger: logger).collect()
            } catch {
                try? await connection.close()
                throw error
            }
            try? await connection.close()
            logger.debug("cancelled the statement of a client that disconnected", metadata: ["backend": "\(pid)"])
        } catch {
            logger.warning("could not cancel the statement of a client that disconnected", metadata: ["backend": "\(pid)", "error": "\(PostgresErrorText.describe(error))"])
        }
    }
}

/// One transaction's link between its client's liveness and its backend: cancels the statement when the client goes,
/// and makes sure a cancel in flight has landed before the connection returns to the pool.
final class StatementCancelGuard: Sendable {
    private let task = Mutex<Task<Void, Never>?>(nil)
    private let liveness: ClientLiveness

    /// Arms `liveness`; when the client is gone already the statement is cancelled as soon as it starts.
    init(liveness: ClientLiveness, backend pid: Int32, canceller: StatementCanceller) {
        self.liveness = liveness
        let armed = liveness.arm { [self] in startCancel(pid, canceller) }
        if !armed { startCancel(pid, canceller) }
    }

    private func startCancel(_ pid: Int32, _ canceller: StatementCanceller) {
        task.withLock { $0 = Task { await canceller.cancel(backend: pid) } }
    }

    /// Disarms, and waits for a cancel that is under way. Returns whether one was sent.
    @discardableResult
    func finish() async -> Bool {
        liveness.disarm()
        guard let pending = task.withLock({ $0 }) else { return false }
        await pending.value
        return true
    }
}
