/// What one retention run did.
public struct RetentionReport: Sendable, Equatable, Codable {
    /// The local day through which analytics are rolled up after the run (`nil`: never, or retention off).
    public var eventsRolledThrough: String?
    /// The local day through which performance metrics are rolled up after the run.
    public var metricsRolledThrough: String?
    /// Local days rolled up by this run, for events and for metrics.
    public var eventDaysRolledUp = 0
    public var metricDaysRolledUp = 0
    /// Rows deleted or cleared by this run.
    public var eventsDeleted = 0
    public var metricsDeleted = 0
    public var errorLogsDeleted = 0
    public var bodiesCleared = 0

    public init() {}

    /// Whether the run changed nothing (a second run on the same day).
    public var isEmpty: Bool {
        eventDaysRolledUp + metricDaysRolledUp + eventsDeleted + metricsDeleted + errorLogsDeleted + bodiesCleared == 0
    }

    /// One line per kind, as `floworx retention run` prints it.
    public var text: String {
        """
        analytics_events: \(eventDaysRolledUp) day(s) rolled up (through \(eventsRolledThrough ?? "-")), \(eventsDeleted) deleted
        performance_metrics: \(metricDaysRolledUp) day(s) rolled up (through \(metricsRolledThrough ?? "-")), \(metricsDeleted) deleted
        error_logs: \(errorLogsDeleted) deleted
        email bodies: \(bodiesCleared) cleared
        """
    }
}
