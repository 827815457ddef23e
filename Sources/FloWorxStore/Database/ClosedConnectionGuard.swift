import NIOCore
import PostgresNIO
import Synchronization

/// Bounds a statement's wait by the life of its connection.
///
/// PostgresNIO 1.33 hands every statement to its channel with `channel.write(_, promise: nil)`. When the channel has
/// closed by the time that write runs (PostgreSQL stopped between FloWorx's `isClosed` check and the write), the
/// statement's promise is dropped and its caller waits forever, deaf to cancellation. The restart check found it: an
/// API request hung until its client gave up, and on SIGTERM the server could not drain and ServiceLifecycle ended it
/// with a trap.
///
/// `run` sends the statement from a task of its own and waits for whichever comes first: the statement's answer, or
/// `grace` after the connection closed (then `DatabaseUnavailableError.connectionClosed`). A statement answered
/// normally costs one task. An abandoned statement's task stays suspended: its promise is gone, so it never resumes.
enum ClosedConnectionGuard {
    /// How long a statement may stay unanswered after its connection closed. A statement in flight when the server
    /// closes is failed by PostgresNIO within this; only a lost one reaches it.
    static let grace: TimeAmount = .seconds(2)

    /// Runs `statement` (which talks to `connection`), failing it if `connection` closes and it stays unanswered.
    static func run<Value: Sendable>(
        _ connection: PostgresConnection, _ statement: @escaping @Sendable () async throws -> Value
    ) async throws -> Value {
        let outcome = Outcome<Value>()
        let task = Task {
            do { outcome.complete(.success(try await statement())) } catch { outcome.complete(.failure(error)) }
        }
        let token = CloseWatch.shared.add(connection) { outcome.complete(.failure(DatabaseUnavailableError.connectionClosed)) }
        defer { CloseWatch.shared.remove(token) }
        return try await withTaskCancellationHandler {
            try await outcome.value()
        } onCancel: {
            task.cancel()
        }
    }
}

/// The first result of a statement or of its connection's close, handed to one waiter.
private final class Outcome<Value: Sendable>: Sendable {
    private enum State {
        case pending(CheckedContinuation<Value, any Error>?)
        case done(Result<Value, any Error>)
    }

    private let state = Mutex(State.pending(nil))

    /// Records `result` unless one was recorded already.
    func complete(_ result: Result<Value, any Error>) {
        let waiter: CheckedContinuation<Value, any Error>?? = state.withLock { state in
            guard case .pending(let waiter) = state else { return nil }
            state = .done(result)
            return .some(waiter)
        }
        if case .some(.some(let continuation)) = waiter { continuation.resume(with: result) }
    }

    /// The result, once there is one.
    func value() async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            let ready: Result<Value, any Error>? = state.withLock { state in
                switch state {
                case .done(let result): return result
                case .pending: state = .pending(continuation); return nil
                }
            }
            if let ready { continuation.resume(with: ready) }
        }
    }
}

/// Calls back the statements waiting on a connection `ClosedConnectionGuard.grace` after it closes. One close
/// callback per connection (not one per statement, which would pile up on a long-lived pooled connection).
final class CloseWatch: Sendable {
    static let shared = CloseWatch()

    struct Token: Sendable {
        let connection: ObjectIdentifier
        let id: UInt64
    }

    private struct Watched {
        /// Held so that the connection's address (the key) cannot be reused by another while it is watched.
        let connection: PostgresConnection
        var waiters: [UInt64: @Sendable () -> Void] = [:]
    }

    private struct State {
        var next: UInt64 = 0
        var watched: [ObjectIdentifier: Watched] = [:]
    }

    private let state = Mutex(State())

    /// Calls `onClose` if `connection` closes before the token is removed (after the grace period).
    func add(_ connection: PostgresConnection, onClose: @escaping @Sendable () -> Void) -> Token {
        let key = ObjectIdentifier(connection)
        let (id, first) = state.withLock { state -> (UInt64, Bool) in
            state.next += 1
            let first = state.watched[key] == nil
            state.watched[key, default: Watched(connection: connection)].waiters[state.next] = onClose
            return (state.next, first)
        }
        if first {
            let eventLoop = connection.eventLoop
            connection.closeFuture.whenComplete { [self] _ in
                eventLoop.scheduleTask(in: ClosedConnectionGuard.grace) { self.fire(key) }
            }
        }
        return Token(connection: key, id: id)
    }

    /// Forgets a statement that was answered.
    func remove(_ token: Token) {
        state.withLock { state in
            state.watched[token.connection]?.waiters[token.id] = nil
        }
    }

    private func fire(_ key: ObjectIdentifier) {
        let watched = state.withLock { $0.watched.removeValue(forKey: key) }
        watched?.waiters.values.forEach { $0() }
    }
}
