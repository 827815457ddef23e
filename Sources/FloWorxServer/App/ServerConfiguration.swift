/// Settings of the HTTP server.
public struct ServerConfiguration: Sendable {
    /// Address to bind.
    public var host: String
    /// Port to bind (0 picks a free one).
    public var port: Int
    /// The public base URL, written into the OpenAPI description.
    public var publicURL: String?
    /// How long `/health` waits for the database.
    public var healthTimeout: Duration
    /// Auth API settings.
    public var auth: AuthConfiguration

    public init(host: String = "127.0.0.1", port: Int = 8080, publicURL: String? = nil, healthTimeout: Duration = .seconds(2), auth: AuthConfiguration = AuthConfiguration()) {
        self.host = host
        self.port = port
        self.publicURL = publicURL
        self.healthTimeout = healthTimeout
        self.auth = auth
    }
}
