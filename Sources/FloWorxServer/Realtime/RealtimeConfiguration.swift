/// Limits and timings of Realtime (`/realtime/v1/websocket`); every value is a named setting (docs/realtime.md).
public struct RealtimeConfiguration: Sendable {
    /// Channels one socket may have joined at once (`FLOWORX_REALTIME_MAX_CHANNELS`, default 100).
    public var maxChannelsPerSocket: Int
    /// `postgres_changes` bindings in one join (default 20).
    public var maxBindingsPerChannel: Int
    /// The largest message a client may send, in bytes (`FLOWORX_REALTIME_MAX_MESSAGE_BYTES`, default 65,536);
    /// a larger one closes the socket (WebSocket close 1009).
    public var maxMessageBytes: Int
    /// A socket that sends nothing (not even a heartbeat; clients send one every 25 s) for this long is closed
    /// (`FLOWORX_REALTIME_IDLE_TIMEOUT_SECONDS`, default 60).
    public var idleTimeout: Duration
    /// Messages waiting to be written to one socket; a client that reads slower than that is disconnected
    /// (default 10,000).
    public var maxPendingMessages: Int
    /// How often idle sockets and expired tokens are looked for (default 1 s).
    public var sweepInterval: Duration
    /// Concurrent database calls one batch of changes is read with, the subscriber groups split between them
    /// (default 2: the machine's cores; each takes a pool connection for the call).
    public var dispatchConnections: Int
    /// The shortest time between the starts of two batches of changes (`FLOWORX_REALTIME_COALESCE_MS`, default 20 ms):
    /// changes that arrive sooner wait and go out together in the next batch, so a busy table pays the visibility
    /// read's per-group cost at most once per interval; a change to an idle table goes out at once. Zero dispatches
    /// at every wake-up (`RealtimeBatchPacer`).
    public var coalesceInterval: Duration

    public init(
        maxChannelsPerSocket: Int = 100, maxBindingsPerChannel: Int = 20, maxMessageBytes: Int = 65_536,
        idleTimeout: Duration = .seconds(60), maxPendingMessages: Int = 10_000, sweepInterval: Duration = .seconds(1),
        dispatchConnections: Int = 2, coalesceInterval: Duration = .milliseconds(20)
    ) {
        self.dispatchConnections = dispatchConnections
        self.coalesceInterval = coalesceInterval
        self.maxChannelsPerSocket = maxChannelsPerSocket
        self.maxBindingsPerChannel = maxBindingsPerChannel
        self.maxMessageBytes = maxMessageBytes
        self.idleTimeout = idleTimeout
        self.maxPendingMessages = maxPendingMessages
        self.sweepInterval = sweepInterval
    }
}
