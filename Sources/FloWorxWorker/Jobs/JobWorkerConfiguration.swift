/// Settings of the service-job workers (`floworx.jobs`).
public struct JobWorkerConfiguration: Sendable, Hashable {
    /// Concurrent loops in this process.
    public var concurrency: Int = 4
    /// Jobs claimed at once per loop.
    public var batchSize: Int = 8
    /// How long a claim holds a job; a job running longer is handed to another worker.
    public var lease: Duration = .seconds(120)
    /// How long an idle loop waits for a NOTIFY before polling anyway.
    public var pollInterval: Duration = .seconds(2)
    /// How often expired leases are reclaimed.
    public var reclaimInterval: Duration = .seconds(30)
    /// How long finished jobs are kept.
    public var retention: Duration = .seconds(7 * 86_400)
    /// First retry delay; doubles per attempt, with jitter, up to `maxBackoff`.
    public var baseBackoff: Duration = .seconds(2)
    public var maxBackoff: Duration = .seconds(900)

    public init() {}

    /// The delay before retry `attempt` (1-based): exponential, with full jitter over its upper half, so retries
    /// after an outage spread out instead of arriving together.
    public func backoff(attempt: Int, random: Double = Double.random(in: 0...1)) -> Duration {
        let exponent = min(max(attempt - 1, 0), 20)
        let ceiling = min(baseBackoff * (1 << exponent), maxBackoff)
        return ceiling * (0.5 + random / 2)
    }
}
