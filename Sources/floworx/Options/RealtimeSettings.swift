import FloWorxServer

/// Realtime's settings (`/realtime/v1/websocket`), from the environment (docs/realtime.md):
///
/// - `FLOWORX_REALTIME_MAX_CHANNELS` (default 100, 1...10000): channels one socket may join;
/// - `FLOWORX_REALTIME_MAX_MESSAGE_BYTES` (default 65536, 1024...16777216): the largest client message;
/// - `FLOWORX_REALTIME_IDLE_TIMEOUT_SECONDS` (default 60, 5...3600): a socket silent that long (no heartbeat) is closed;
/// - `FLOWORX_REALTIME_COALESCE_MS` (default 20, 0...1000): the shortest time between two batches of changes.
enum RealtimeSettings {
    static func fromEnvironment() throws -> RealtimeConfiguration {
        var configuration = RealtimeConfiguration()
        configuration.maxChannelsPerSocket = try Environment.int("FLOWORX_REALTIME_MAX_CHANNELS", range: 1...10_000) ?? configuration.maxChannelsPerSocket
        configuration.maxMessageBytes = try Environment.int("FLOWORX_REALTIME_MAX_MESSAGE_BYTES", range: 1_024...16_777_216) ?? configuration.maxMessageBytes
        configuration.idleTimeout = try Environment.seconds("FLOWORX_REALTIME_IDLE_TIMEOUT_SECONDS", range: 5...3_600) ?? configuration.idleTimeout
        if let milliseconds = try Environment.int("FLOWORX_REALTIME_COALESCE_MS", range: 0...1_000) {
            configuration.coalesceInterval = .milliseconds(milliseconds)
        }
        return configuration
    }
}
