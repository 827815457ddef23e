import Synchronization

/// Wakes idle workers: `ring()` resumes every waiter; a waiter also wakes after its timeout.
final class Doorbell: Sendable {
    private struct State {
        var waiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
        var next: UInt64 = 0
        /// A ring with nobody waiting is remembered once, so a worker that was busy looks again at once.
        var pending = false
        var closed = false
        /// Waits woken (by their timeout or cancellation) before their continuation was registered: the
        /// registration then resumes at once instead of waiting for a wake that already happened.
        var woken: Set<UInt64> = []
    }

    private let state = Mutex(State())

    /// Wakes everyone waiting now, or the next waiter if nobody is.
    func ring() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            if state.waiters.isEmpty {
                state.pending = true
                return []
            }
            let waiting = Array(state.waiters.values)
            state.waiters.removeAll()
            return waiting
        }
        waiters.forEach { $0.resume() }
    }

    /// Wakes everyone for good (shutdown): later waits return at once.
    func close() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.closed = true
            let waiting = Array(state.waiters.values)
            state.waiters.removeAll()
            return waiting
        }
        waiters.forEach { $0.resume() }
    }

    /// Waits for a ring, at most `timeout`.
    func wait(timeout: Duration) async {
        let id: UInt64? = state.withLock { state in
            if state.closed { return nil }
            if state.pending {
                state.pending = false
                return nil
            }
            state.next += 1
            return state.next
        }
        guard let id else { return }
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await withCheckedContinuation { continuation in
                    let resumeNow = self.state.withLock { state -> Bool in
                        if state.closed || state.woken.remove(id) != nil { return true }
                        state.waiters[id] = continuation
                        return false
                    }
                    if resumeNow { continuation.resume() }
                }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                self.wake(id)
            }
            await group.next()
            group.cancelAll()
            self.wake(id)
        }
        // Both children have ended: nothing can wake or register this id any more.
        state.withLock { _ = $0.woken.remove(id) }
    }

    /// Resumes the wait `id`, or, when it has not registered yet (a cancelled wait's timer can fire first),
    /// remembers that it was woken.
    private func wake(_ id: UInt64) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if let waiter = state.waiters.removeValue(forKey: id) { return waiter }
            state.woken.insert(id)
            return nil
        }
        waiter?.resume()
    }
}
