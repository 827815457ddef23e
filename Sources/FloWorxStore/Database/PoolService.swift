import Logging
import PostgresNIO
import ServiceLifecycle
import Synchronization

/// The database pool as a service whose stop is bounded.
///
/// `PostgresClient.run()` closes every connection when it is cancelled, but in PostgresNIO 1.33 it does not always
/// return afterwards: seen in CI, after "Connection closed" for every connection the pool's task never finished, and
/// the process (and the embedded PostgreSQL it would stop next) stayed up. This service runs the pool in a task of its
/// own, cancels it on graceful shutdown or cancellation, and waits at most `closeTimeout` for it. By then the pool
/// has closed its connections; a task still hanging holds nothing the process needs, so it is left behind with a
/// warning instead of keeping the process alive.
public struct PoolService: Service {
    let run: @Sendable () async -> Void
    let closeTimeout: Duration
    let logger: Logger
    /// The data API's read connections (`PipelinedReads`), closed with the pool: a PostgresConnection released
    /// without being closed traps in PostgresNIO's debug builds (seen on SIGTERM in the restart check).
    var reads: PipelinedReads?

    /// - Parameter closeTimeout: how long the pool may take to finish once cancelled.
    public init(client: PostgresClient, reads: PipelinedReads? = nil, closeTimeout: Duration = .seconds(5), logger: Logger) {
        self.init(closeTimeout: closeTimeout, logger: logger) { await client.run() }
        self.reads = reads
    }

    /// The pool's `run` given as a closure (tests pass one that ignores cancellation).
    init(closeTimeout: Duration, logger: Logger, run: @escaping @Sendable () async -> Void) {
        self.run = run
        self.closeTimeout = closeTimeout
        self.logger = logger
    }

    public func run() async {
        await runPool()
        await reads?.closeIdle()
    }

    private func runPool() async {
        let finished = Signal()
        // Unstructured, so that this service can return without it.
        let pool = Task { [run] in
            await run()
            finished.fire()
        }
        await withTaskCancellationOrGracefulShutdownHandler {
            await finished.wait()
        } onCancelOrGracefulShutdown: { [closeTimeout, logger] in
            pool.cancel()
            Task {
                try? await Task.sleep(for: closeTimeout)
                if finished.fire() {
                    logger.warning("the database pool did not finish closing in time; stopping without it", metadata: ["timeout": "\(closeTimeout)"])
                }
            }
        }
    }
}

/// A one-shot event that can be awaited: fired by whichever of several parties comes first.
final class Signal: Sendable {
    private enum State {
        case waiting([CheckedContinuation<Void, Never>])
        case fired
    }

    private let state = Mutex(State.waiting([]))

    /// Fires the signal; returns false if it had fired already.
    @discardableResult
    func fire() -> Bool {
        let waiters: [CheckedContinuation<Void, Never>]? = state.withLock { state in
            guard case .waiting(let waiters) = state else { return nil }
            state = .fired
            return waiters
        }
        waiters?.forEach { $0.resume() }
        return waiters != nil
    }

    /// Returns once the signal has fired.
    func wait() async {
        await withCheckedContinuation { continuation in
            let fired = state.withLock { state -> Bool in
                guard case .waiting(var waiters) = state else { return true }
                waiters.append(continuation)
                state = .waiting(waiters)
                return false
            }
            if fired { continuation.resume() }
        }
    }
}
