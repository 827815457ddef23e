import Logging
import ServiceLifecycle

/// Runs retention once per `interval` (default daily) in `floworx serve` and `floworx worker`. Every `tick` it tries
/// to claim the run in `floworx.retention_state`; only the process whose claim succeeds runs it, so any number of
/// processes may run the scheduler. A failed run is logged and retried after `retry`; it never stops the process.
public struct RetentionScheduler: Service {
    let runner: RetentionRunner
    let interval: Duration
    let tick: Duration
    let retry: Duration
    let logger: Logger

    public init(runner: RetentionRunner, interval: Duration, tick: Duration = .seconds(900), retry: Duration = .seconds(900), logger: Logger) {
        self.runner = runner
        self.interval = interval
        self.tick = tick
        self.retry = retry
        self.logger = logger
    }

    public func run() async throws {
        logger.info("scheduled retention", metadata: ["every": "\(interval)"])
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            // The first look is one tick after start, so a short-lived demo or test server does not spend its start on it.
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: tick) }
            if Task.isCancelled || Task.isShuttingDownGracefully { return }
            do {
                guard try await runner.claim(interval: interval) else { continue }
                let report = try await cancelWhenGracefulShutdown { try await runner.run() }
                logger.info("retention done", metadata: [
                    "events_deleted": "\(report.eventsDeleted)", "metrics_deleted": "\(report.metricsDeleted)",
                    "error_logs_deleted": "\(report.errorLogsDeleted)", "bodies_cleared": "\(report.bodiesCleared)",
                    "days_rolled_up": "\(report.eventDaysRolledUp + report.metricDaysRolledUp)",
                ])
            } catch {
                logger.error("retention failed; retrying later", metadata: ["error": "\(PostgresErrorText.describe(error))", "retry": "\(retry)"])
                try? await runner.release(interval: interval, retry: retry)
            }
        }
    }
}
