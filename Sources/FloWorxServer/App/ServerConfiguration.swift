/// Settings of the HTTP server.
public struct ServerConfiguration: Sendable {
    /// Address to bind.
    public var host: String
    /// Port to bind (0 picks a free one).
    public var port: Int
    /// How long `/health` waits for the database.
    public var healthTimeout: Duration

    public init(host: String = "127.0.0.1", port: Int = 8080, healthTimeout: Duration = .seconds(2)) {
        self.host = host
        self.port = port
        self.healthTimeout = healthTimeout
    }
}
