/// Size and time limits of the HTTP server, each a setting with a documented default.
public struct HTTPLimits: Sendable, Equatable {
    /// Longest request target (path and query) in bytes; longer answers 414. nginx, in front of Supabase, allows 8 KiB
    /// per header line; a PostgREST `in.(…)` list of a few hundred ids needs more, so 16 KiB.
    public var maximumURLLength: Int
    /// Largest request body in bytes (raw mail with attachments); a larger `Content-Length` answers 413 before
    /// anything is read. Routes set lower limits of their own (the data API 10 MiB, auth 64 KiB).
    public var maximumBodySize: Int
    /// A connection on which nothing complete arrives (a request head or a body part) while no response is in
    /// progress is closed after this long. It is both the keep-alive idle timeout and the header-read timeout: a
    /// client that sends half a request head and stalls (slowloris) is cut off after it, as is one that trickles a
    /// head byte by byte, since only a complete head counts as activity.
    public var idleTimeout: Duration

    public init(maximumURLLength: Int = 16 * 1024, maximumBodySize: Int = 25 * 1024 * 1024, idleTimeout: Duration = .seconds(30)) {
        self.maximumURLLength = maximumURLLength
        self.maximumBodySize = maximumBodySize
        self.idleTimeout = idleTimeout
    }
}
