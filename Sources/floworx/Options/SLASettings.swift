import FloWorxStore
import FloWorxWorker
import Logging
import ServiceLifecycle

/// SLA checker settings from the environment (README, "Configuration"; docs/notifications.md, "SLA timers").
struct SLASettings: Sendable {
    var configuration = SLAConfiguration()
    var jobs = JobWorkerConfiguration()

    static func fromEnvironment() throws -> SLASettings {
        var settings = SLASettings()
        if let interval = try Environment.seconds("FLOWORX_SLA_CHECK_INTERVAL_SECONDS", range: 1...3_600) { settings.configuration.checkInterval = interval }
        if let batch = try Environment.int("FLOWORX_SLA_CHECK_BATCH", range: 1...10_000) { settings.configuration.batchSize = batch }
        return settings
    }

    /// The `sla.check` job worker and the scheduler that queues the checks, as services of the process's group.
    func services(database: Database, listen: DatabaseConnectionInfo, logger: Logger) -> [ServiceGroupConfiguration.ServiceConfiguration] {
        SLAScheduler.services(database: database.service, listen: listen, configuration: configuration, jobs: jobs, logger: logger).map { .init(service: $0) }
    }
}
