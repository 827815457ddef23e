import Metrics

/// Counts and times the calls FloWorx makes to providers (Gmail, Microsoft Graph, the OAuth token endpoints, OpenAI),
/// by provider and outcome, never by tenant (cardinality):
/// - `floworx_provider_requests_total{provider, outcome}`: `ok` (2xx), `throttled` (429 or the provider's own rate
///   limit answer), `client_error` (other 4xx), `server_error` (5xx), `transport` (no answer: refused, reset, timeout);
/// - `floworx_provider_request_duration_seconds{provider}`: the whole exchange, body included.
public enum ProviderCallMetrics {
    /// How a call ended.
    public enum Outcome: String, Sendable {
        case ok, throttled, clientError = "client_error", serverError = "server_error", transport
    }

    /// The outcome of an HTTP answer with `status` (nil: none came); `throttled` when the caller recognised the
    /// provider's rate limit in the body (Gmail answers 403 `rateLimitExceeded`).
    public static func outcome(status: Int?, throttled: Bool = false) -> Outcome {
        guard let status else { return .transport }
        if throttled || status == 429 { return .throttled }
        switch status {
        case 200..<300: return .ok
        case 500...: return .serverError
        default: return .clientError
        }
    }

    /// Records one call that began at `started`.
    public static func record(provider: String, _ outcome: Outcome, started: ContinuousClock.Instant) {
        Counter(label: "floworx_provider_requests_total", dimensions: [("provider", provider), ("outcome", outcome.rawValue)]).increment()
        Timer(label: "floworx_provider_request_duration_seconds", dimensions: [("provider", provider)])
            .record(duration: ContinuousClock.now - started)
    }
}
