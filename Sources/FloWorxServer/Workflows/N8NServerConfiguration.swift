import FloWorxIntegrations

/// The n8n instance workflow versions are deployed to (`N8N_API_URL`, `N8N_API_KEY`), and the FloWorx URL the
/// exported workflows call. Without an n8n configuration, export still works and deploys answer 503.
public struct N8NServerConfiguration: Sendable {
    /// n8n's public API; nil when not configured.
    public var n8n: N8NConfiguration?
    /// The FloWorx base URL the exported n8n workflows call (default: the server's public URL).
    public var floworxURL: String?

    public init(n8n: N8NConfiguration? = N8NConfiguration.fromEnvironment(), floworxURL: String? = nil) {
        self.n8n = n8n
        self.floworxURL = floworxURL
    }
}
