import FloWorxStore
import Foundation
import Logging
import ServiceLifecycle

/// Queues an `sla.check` job every `checkInterval`. The job's dedupe key keeps one waiting at a time and never two
/// running, so any number of processes may run the scheduler; the check itself is in the database, so nothing is
/// lost when a process stops.
public struct SLAScheduler: Service {
    let queue: JobQueue
    let configuration: SLAConfiguration
    let logger: Logger

    public init(database: ServiceDatabase, configuration: SLAConfiguration = SLAConfiguration(), logger: Logger) {
        queue = JobQueue(database: database)
        self.configuration = configuration
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do { try await schedule() } catch { logger.warning("SLA check scheduling failed", metadata: ["error": "\(PostgresErrorText.describe(error))"]) }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: configuration.checkInterval) }
        }
    }

    /// Queues one check, due now (nothing when one already waits); returns whether it queued one.
    @discardableResult
    public func schedule() async throws -> Bool {
        try await !queue.enqueue([NewJob(kind: SLACheckJobHandler.kind, dedupeKey: SLACheckJobHandler.kind, maxAttempts: 3)]).isEmpty
    }

    /// The SLA job worker and scheduler, as services of a process's group (what `floworx worker` and `serve` run).
    public static func services(
        database: ServiceDatabase, listen: DatabaseConnectionInfo?, configuration: SLAConfiguration, jobs: JobWorkerConfiguration, logger: Logger
    ) -> [any Service] {
        var workers = jobs
        // One loop is plenty: a check is one statement per batch and two never run at once.
        workers.concurrency = 1
        workers.batchSize = 1
        let handler = SLACheckJobHandler(database: database, configuration: configuration, logger: logger)
        return [
            JobWorkerService(queue: JobQueue(database: database), handler: handler, listenConnection: listen, configuration: workers, logger: logger),
            SLAScheduler(database: database, configuration: configuration, logger: logger),
        ]
    }
}
