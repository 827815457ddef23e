import Metrics

/// How long transactions wait for a pooled connection (issue 14's metrics), whatever the tenant:
/// - `floworx_db_pool_acquire_duration_seconds{outcome}`: the wait, `acquired` or `timeout`
///   (`FLOWORX_DB_ACQUIRE_TIMEOUT_SECONDS` ran out: the request answered 503);
/// - `floworx_db_pool_acquire_timeouts_total`: the waits that ran out.
///
/// Measured in `PooledConnectionLease.with`, which every tenant and service transaction goes through; a single
/// statement on the pool (`ServiceDatabase.query`) leases inside PostgresNIO and is not counted.
enum PoolWaitMetrics {
    static func acquired(since started: ContinuousClock.Instant) {
        Timer(label: "floworx_db_pool_acquire_duration_seconds", dimensions: [("outcome", "acquired")]).record(duration: ContinuousClock.now - started)
    }

    static func timedOut(since started: ContinuousClock.Instant) {
        Timer(label: "floworx_db_pool_acquire_duration_seconds", dimensions: [("outcome", "timeout")]).record(duration: ContinuousClock.now - started)
        Counter(label: "floworx_db_pool_acquire_timeouts_total").increment()
    }
}
