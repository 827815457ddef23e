import Logging
import PostgresNIO
import Synchronization

/// The connections data API reads run on, each read one pipeline and one round trip (`PipelineConnection`) instead of
/// four (`BEGIN`, role and claims, `SELECT`, `COMMIT`) through PostgresNIO's pool.
///
/// Only for direct connections or a pooler in session mode: named statements live on each connection. Behind a
/// transaction pooler reads keep the transaction path (`Database.pooler`).
public final class PipelinedReads: Sendable {
    let info: DatabaseConnectionInfo
    let maximumConnections: Int
    let logger: Logger

    private struct Waiter {
        var id: Int
        var continuation: CheckedContinuation<PipelineConnection?, any Error>
    }

    private struct State {
        var idle: [PipelineConnection] = []
        /// Open connections and connections being opened.
        var open = 0
        var waiters: [Waiter] = []
        var nextID = 0
    }

    private let state = Mutex(State())

    /// Reads over at most `connections` connections to `info`, opened when first needed.
    public init(info: DatabaseConnectionInfo, connections: Int, logger: Logger) {
        self.info = info
        self.maximumConnections = max(1, connections)
        self.logger = logger
    }

    /// Closes the idle connections (at the end of the pool's life); a later read opens new ones.
    public func closeIdle() async {
        let idle = state.withLock { state in
            let idle = state.idle
            state.idle = []
            state.open -= idle.count
            return idle
        }
        for connection in idle { try? await connection.postgres.close() }
    }

    /// Runs `body` on a connection, waiting at most `timeout` for one (`DatabaseUnavailableError` then).
    func with<Result: Sendable>(timeout: Duration?, _ body: (PipelineConnection) async throws -> Result) async throws -> Result {
        let connection = try await acquire(timeout: timeout)
        do {
            let result = try await body(connection)
            release(connection)
            return result
        } catch {
            release(connection)
            throw error
        }
    }

    private enum Next {
        case use(PipelineConnection)
        case open(Int)
        case wait
    }

    private func acquire(timeout: Duration?) async throws -> PipelineConnection {
        let next: Next = state.withLock { state in
            while let connection = state.idle.popLast() {
                if !connection.isClosed { return .use(connection) }
                state.open -= 1
            }
            guard state.open < maximumConnections else { return .wait }
            state.open += 1
            state.nextID += 1
            return .open(state.nextID)
        }
        switch next {
        case .use(let connection):
            return connection
        case .open(let id):
            return try await open(id)
        case .wait:
            if let connection = try await wait(timeout: timeout) { return connection }
            // A connection closed and its place was handed over: open one in it.
            let id = state.withLock { state in
                state.nextID += 1
                return state.nextID
            }
            return try await open(id)
        }
    }

    private func open(_ id: Int) async throws -> PipelineConnection {
        do {
            return try await PipelineConnection.connect(info, id: id, logger: logger)
        } catch {
            // The place is free again; a waiter may try.
            handOver(nil)
            throw error
        }
    }

    private func wait(timeout: Duration?) async throws -> PipelineConnection? {
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        let timer = timeout.map { timeout in
            Task { [weak self] in
                try await Task.sleep(for: timeout)
                self?.abandon(id, DatabaseUnavailableError(waited: timeout))
            }
        }
        defer { timer?.cancel() }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                state.withLock { state in
                    state.waiters.append(Waiter(id: id, continuation: continuation))
                }
                // Cancelled before the waiter was listed: the handler found nothing to end.
                if Task.isCancelled { abandon(id, CancellationError()) }
            }
        } onCancel: {
            abandon(id, CancellationError())
        }
    }

    /// Ends a wait that is still pending.
    private func abandon(_ id: Int, _ error: any Error) {
        let waiter: Waiter? = state.withLock { state in
            guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
            return state.waiters.remove(at: index)
        }
        waiter?.continuation.resume(throwing: error)
    }

    private func release(_ connection: PipelineConnection) {
        handOver(connection.isClosed ? nil : connection)
    }

    /// Gives `connection` (or, when `nil`, the place of a connection that is gone) to the first waiter, or keeps it.
    private func handOver(_ connection: PipelineConnection?) {
        let waiter: Waiter? = state.withLock { state in
            if state.waiters.isEmpty {
                if let connection { state.idle.append(connection) } else { state.open -= 1 }
                return nil
            }
            return state.waiters.removeFirst()
        }
        waiter?.continuation.resume(returning: connection)
    }
}
