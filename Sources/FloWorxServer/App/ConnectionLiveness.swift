import FloWorxStore
import NIOCore
import Synchronization

/// One `ClientLiveness` per client connection, marked gone when the connection closes.
///
/// Requests on one HTTP/1 connection run one after another, so they share it: each tenant transaction arms it for
/// its own statement and disarms it when done. Registering one close callback per connection (not per request)
/// keeps a long keep-alive connection from accumulating callbacks.
enum ConnectionLiveness {
    private static let entries = Mutex<[ObjectIdentifier: ClientLiveness]>([:])

    /// The liveness of `channel`'s client.
    static func of(_ channel: any Channel) -> ClientLiveness {
        let id = ObjectIdentifier(channel)
        let (liveness, isNew) = entries.withLock { entries in
            if let existing = entries[id] { return (existing, false) }
            let created = ClientLiveness()
            entries[id] = created
            return (created, true)
        }
        if isNew {
            channel.closeFuture.whenComplete { _ in
                entries.withLock { entries in
                    if entries[id] === liveness { entries[id] = nil }
                }
                liveness.markGone()
            }
        }
        return liveness
    }
}
