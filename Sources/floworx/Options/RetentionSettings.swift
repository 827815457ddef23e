import FloWorxStore
import Logging
import ServiceLifecycle

/// Retention from the environment (docs/operations.md, "Retention"); 0 days keeps that kind forever:
/// - `FLOWORX_RETENTION_EVENTS_DAYS` (90): `analytics_events`, after their days are rolled up for the dashboard;
/// - `FLOWORX_RETENTION_METRICS_DAYS` (90): `performance_metrics`, likewise;
/// - `FLOWORX_RETENTION_ERROR_LOGS_DAYS` (30): `error_logs`;
/// - `FLOWORX_RETENTION_BODIES_DAYS` (30): `email_logs.body` is cleared, the row stays;
/// - `FLOWORX_RETENTION_BATCH` (5000): rows per statement;
/// - `FLOWORX_RETENTION_INTERVAL_HOURS` (24): how often `serve` and `worker` run it; 0: never (run
///   `floworx retention run` from cron instead).
struct RetentionSettings {
    var policy: RetentionPolicy
    var interval: Duration?

    static func fromEnvironment() throws -> RetentionSettings {
        func days(_ name: String, _ standard: Int?) throws -> Int? {
            guard let value = try Environment.int(name, range: 0...36_500) else { return standard }
            return value == 0 ? nil : value
        }
        let standard = RetentionPolicy.standard
        let policy = RetentionPolicy(
            eventsDays: try days("FLOWORX_RETENTION_EVENTS_DAYS", standard.eventsDays),
            metricsDays: try days("FLOWORX_RETENTION_METRICS_DAYS", standard.metricsDays),
            errorLogsDays: try days("FLOWORX_RETENTION_ERROR_LOGS_DAYS", standard.errorLogsDays),
            bodiesDays: try days("FLOWORX_RETENTION_BODIES_DAYS", standard.bodiesDays),
            batchSize: try Environment.int("FLOWORX_RETENTION_BATCH", range: 1...1_000_000) ?? standard.batchSize
        )
        let hours = try Environment.int("FLOWORX_RETENTION_INTERVAL_HOURS", range: 0...8760) ?? 24
        return RetentionSettings(policy: policy, interval: hours > 0 ? .seconds(hours * 3600) : nil)
    }

    /// The scheduler, unless the interval is 0.
    func services(database: Database, logger: Logger) -> [ServiceGroupConfiguration.ServiceConfiguration] {
        guard let interval else { return [] }
        return [.init(service: RetentionScheduler(runner: RetentionRunner(database: database.service, policy: policy), interval: interval, logger: logger))]
    }
}
