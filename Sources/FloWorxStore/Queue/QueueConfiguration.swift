/// How the email queue retries, leases and cleans up.
public struct QueueConfiguration: Sendable {
    /// Attempts before a job becomes a dead letter (the first attempt included).
    public var maxAttempts: Int
    /// Backoff before the second attempt; doubles each time, with jitter.
    public var retryBase: Duration
    /// The longest backoff.
    public var retryMax: Duration
    /// How long a claimed job may stay in `processing` before another worker takes it back (the visibility timeout).
    public var lease: Duration
    /// How long completed jobs stay in `email_queue` before cleanup deletes them.
    public var completedRetention: Duration
    /// How long failed jobs stay (their data also lives in `dead_letter_queue`).
    public var failedRetention: Duration
    /// The most jobs one client gets in one claimed batch (`FLOWORX_CLAIM_PER_CLIENT`); 0 (the default): no cap.
    /// Claims take turns between clients either way (every client's next job before any client's second), so a
    /// backlog cannot starve another client; a cap also keeps a lone client's batches small, which costs throughput.
    public var claimPerClient: Int
    /// Whether claims take turns between clients (`FLOWORX_FAIR_CLAIMS`, default true). false: the plain order of
    /// priority then age across all clients, as before 0023 (one client's backlog then delays every other's email).
    public var fairClaims: Bool

    public init(
        maxAttempts: Int = 5, retryBase: Duration = .seconds(2), retryMax: Duration = .seconds(600),
        lease: Duration = .seconds(300), completedRetention: Duration = .seconds(3600), failedRetention: Duration = .seconds(7 * 24 * 3600),
        claimPerClient: Int = 0, fairClaims: Bool = true
    ) {
        self.maxAttempts = maxAttempts
        self.retryBase = retryBase
        self.retryMax = retryMax
        self.lease = lease
        self.completedRetention = completedRetention
        self.failedRetention = failedRetention
        self.claimPerClient = claimPerClient
        self.fairClaims = fairClaims
    }

    /// The delay before attempt `attempt + 1` (attempt counts from 1): exponential, capped, with full jitter
    /// between half and all of it so that jobs failing together do not retry together.
    public func backoff(afterAttempt attempt: Int, random: Double = Double.random(in: 0...1)) -> Duration {
        let exponent = min(max(attempt - 1, 0), 30)
        let base = retryBase.fractionalSeconds * Double(1 << exponent)
        let capped = min(base, retryMax.fractionalSeconds)
        return .milliseconds(Int64(capped * (0.5 + 0.5 * random) * 1000))
    }
}

extension Duration {
    /// The duration in seconds, with fractions.
    public var fractionalSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
