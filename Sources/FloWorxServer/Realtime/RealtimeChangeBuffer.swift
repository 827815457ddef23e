import FloWorxStore
import Synchronization

/// Changes received from the feed and not yet dispatched. The dispatcher takes everything waiting at once, so under
/// load one database round trip serves many changes (the batch grows while the previous one is being read).
final class RealtimeChangeBuffer: Sendable {
    private let pending = Mutex<[RealtimeChange]>([])
    /// Rings once per wake-up, however many changes arrived.
    let doorbell: AsyncStream<Void>
    private let ring: AsyncStream<Void>.Continuation

    init() {
        (doorbell, ring) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    func append(_ change: RealtimeChange) {
        pending.withLock { $0.append(change) }
        ring.yield()
    }

    func takeAll() -> [RealtimeChange] {
        pending.withLock { pending in
            defer { pending = [] }
            return pending
        }
    }
}
