import FloWorxStore
import Hummingbird
import Logging
import NIOCore

/// The request context of every FloWorx route: Hummingbird's core storage plus the peer address,
/// which login throttling keys on.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The client's IP address, when known.
    public let remoteAddress: String?
    /// Whether the client is still connected: a tenant statement still running when it goes is cancelled.
    public let liveness: ClientLiveness

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress?.ipAddress
        liveness = ConnectionLiveness.of(source.channel)
    }

    /// Request bodies up to 25 MiB (raw email with attachments).
    public var maxUploadSize: Int { 25 * 1024 * 1024 }
}
