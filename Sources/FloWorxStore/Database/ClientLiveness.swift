import Synchronization

/// Whether the HTTP client a request works for is still connected.
///
/// The server marks it gone when the client's connection closes; a tenant transaction arms it with a hook that
/// cancels its running statement, and disarms it when done. PostgreSQL would otherwise run an abandoned statement to
/// the end (or to its `statement_timeout`) while the client has long stopped waiting.
public final class ClientLiveness: Sendable {
    private enum State {
        case open((@Sendable () -> Void)?)
        case gone
    }

    private let state = Mutex(State.open(nil))

    public init() {}

    /// The client has gone: runs the armed hook, if any, once.
    public func markGone() {
        let hook: (@Sendable () -> Void)? = state.withLock { state in
            defer { state = .gone }
            if case .open(let hook) = state { return hook }
            return nil
        }
        hook?()
    }

    /// Whether the client has gone.
    public var isGone: Bool {
        state.withLock { if case .gone = $0 { return true } else { return false } }
    }

    /// Runs `hook` when the client goes; returns false (and runs nothing) if it has gone already.
    func arm(_ hook: @escaping @Sendable () -> Void) -> Bool {
        state.withLock { state in
            guard case .open = state else { return false }
            state = .open(hook)
            return true
        }
    }

    /// Forgets the hook: the work it guarded is over.
    func disarm() {
        state.withLock { state in
            if case .open = state { state = .open(nil) }
        }
    }
}
