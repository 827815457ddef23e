import Metrics
import PostgresNIO

/// Leases a pooled connection with a bound on the wait.
///
/// `PostgresClient.withConnection` waits as long as the pool keeps trying to connect (up to its one-minute circuit
/// breaker), so with PostgreSQL stopped every request would hang that long. Here the lease runs in a child task that
/// hands the connection over and holds it until `body` is done; a timer child ends the wait after `timeout` with
/// `DatabaseUnavailableError`, and cancelling the lease child withdraws its request from the pool.
enum PooledConnectionLease {
    static func with<Result: Sendable>(
        _ client: PostgresClient, timeout: Duration?, _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        let started = ContinuousClock.now
        guard let timeout else {
            return try await client.withConnection { connection in
                PoolWaitMetrics.acquired(since: started)
                return try await body(connection)
            }
        }
        let (handoff, slot) = AsyncThrowingStream<PostgresConnection, any Error>.makeStream(bufferingPolicy: .bufferingOldest(1))
        let released = Signal()
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                do {
                    try await client.withConnection { connection in
                        slot.yield(connection)
                        // Also reached when the wait timed out just as the lease came: the reader fires it on exit.
                        await released.wait()
                    }
                } catch {
                    slot.finish(throwing: error)
                }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                // A no-op once the connection was handed over (the stream keeps the element for the reader).
                slot.finish(throwing: DatabaseUnavailableError(waited: timeout))
            }
            // Whatever happens below, the lease child returns its connection and the timer stops.
            defer {
                released.fire()
                group.cancelAll()
            }
            var iterator = handoff.makeAsyncIterator()
            let leased: PostgresConnection?
            do {
                leased = try await iterator.next()
            } catch let error as DatabaseUnavailableError {
                PoolWaitMetrics.timedOut(since: started)
                throw error
            }
            guard let connection = leased else { throw CancellationError() }
            PoolWaitMetrics.acquired(since: started)
            return try await body(connection)
        }
    }

    /// Runs `operation` (which leases a connection itself, as `PostgresClient.query` does) and fails with
    /// `DatabaseUnavailableError` when it has not returned within `timeout`. The operation is cancelled then, which
    /// withdraws a lease request still waiting in the pool; a statement already running is not cut short: its result
    /// is returned when it comes.
    static func within<Value: Sendable>(_ timeout: Duration, _ operation: @escaping @Sendable () async throws -> Value) async throws -> Value {
        try await withThrowingTaskGroup(of: Value?.self) { group in
            group.addTask { try await operation() }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            var timedOut = false
            while true {
                let next: Value??
                do {
                    next = try await group.next()
                } catch {
                    // The operation failed; after the bound, because it was cancelled while waiting for a connection.
                    if timedOut { throw DatabaseUnavailableError(waited: timeout) }
                    throw error
                }
                guard let outcome = next else { throw CancellationError() }
                if let value = outcome { return value }
                timedOut = true
                group.cancelAll()
            }
        }
    }
}
