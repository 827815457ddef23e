import Foundation

/// Where FloWorx reaches n8n's public API and with which key. Read from the environment only (`N8N_API_URL`,
/// `N8N_API_KEY`); the key is a secret and never appears in an error or a log.
public struct N8NConfiguration: Sendable {
    /// The API's base, ending in `/api/v1` (`N8N_API_URL` may be given with or without it: `http://n8n:5678`).
    public var apiURL: String
    /// The `X-N8N-API-KEY` value.
    public var apiKey: String
    /// The longest one call may take, body included (default 10 s).
    public var timeout: Duration
    /// The largest response body accepted (default 8 MiB; a workflow with many nodes is a few hundred KB).
    public var maxResponseBytes: Int

    public init(apiURL: String, apiKey: String, timeout: Duration = .seconds(10), maxResponseBytes: Int = 8 * 1024 * 1024) {
        var base = MailHTTP.trimmed(apiURL)
        if !base.hasSuffix("/api/v1") { base += "/api/v1" }
        self.apiURL = base
        self.apiKey = apiKey
        self.timeout = timeout
        self.maxResponseBytes = maxResponseBytes
    }

    /// The configuration from `N8N_API_URL` and `N8N_API_KEY`; nil when either is unset or empty (n8n not configured).
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> N8NConfiguration? {
        guard let url = environment["N8N_API_URL"], !url.isEmpty, let key = environment["N8N_API_KEY"], !key.isEmpty else { return nil }
        return N8NConfiguration(apiURL: url, apiKey: key)
    }
}
