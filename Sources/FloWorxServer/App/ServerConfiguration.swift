/// Settings of the HTTP server.
public struct ServerConfiguration: Sendable {
    /// Address to bind.
    public var host: String
    /// Port to bind (0 picks a free one).
    public var port: Int
    /// The public base URL, written into the OpenAPI description (`FLOWORX_PUBLIC_URL`); without it the description
    /// names the server relatively (`/`), never from the request's Host header.
    public var publicURL: String?
    /// How long `/health` waits for the database.
    public var healthTimeout: Duration
    /// Auth API settings.
    public var auth: AuthConfiguration
    /// Request size and connection time limits.
    public var limits: HTTPLimits
    /// Browser origins allowed to call the API.
    public var cors: CORSConfiguration
    /// Ingestion limits per tenant: priority cap, rate limit.
    public var ingest: IngestLimits
    /// The bearer token `GET /metrics` requires (`FLOWORX_METRICS_TOKEN`); without one the endpoint is off.
    public var metricsToken: String?

    public init(
        host: String = "127.0.0.1", port: Int = 8080, publicURL: String? = nil, healthTimeout: Duration = .seconds(2),
        auth: AuthConfiguration = AuthConfiguration(), limits: HTTPLimits = HTTPLimits(), cors: CORSConfiguration = CORSConfiguration(),
        ingest: IngestLimits = IngestLimits(), metricsToken: String? = nil
    ) {
        self.metricsToken = metricsToken
        self.host = host
        self.port = port
        self.publicURL = publicURL
        self.healthTimeout = healthTimeout
        self.auth = auth
        self.limits = limits
        self.cors = cors
        self.ingest = ingest
    }
}
