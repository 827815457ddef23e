/// How long FloWorx keeps what grows without bound (docs/operations.md, "Retention"). `nil` keeps it forever.
public struct RetentionPolicy: Sendable, Equatable {
    /// Days of `analytics_events` kept; older local days are rolled up first (`rollups.analytics_daily`).
    public var eventsDays: Int?
    /// Days of `performance_metrics` kept; older local days are rolled up first (`rollups.performance_daily`).
    public var metricsDays: Int?
    /// Days of `error_logs` kept.
    public var errorLogsDays: Int?
    /// Days an email's body (`email_logs.body`) is kept; then it is cleared and the row, its metadata, stays.
    public var bodiesDays: Int?
    /// Rows deleted or cleared per statement (each its own transaction, so no lock is held long).
    public var batchSize: Int
    /// Local days rolled up per transaction.
    public var rollupDays: Int

    /// The documented defaults: 90 days of events and metrics, 30 of error logs and bodies, batches of 5,000.
    public static let standard = RetentionPolicy(eventsDays: 90, metricsDays: 90, errorLogsDays: 30, bodiesDays: 30)

    public init(eventsDays: Int?, metricsDays: Int?, errorLogsDays: Int?, bodiesDays: Int?, batchSize: Int = 5000, rollupDays: Int = 7) {
        self.eventsDays = eventsDays
        self.metricsDays = metricsDays
        self.errorLogsDays = errorLogsDays
        self.bodiesDays = bodiesDays
        self.batchSize = batchSize
        self.rollupDays = rollupDays
    }
}
