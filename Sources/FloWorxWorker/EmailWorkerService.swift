import FloWorxCore
import FloWorxStore
import Foundation
import Logging
import Metrics
import ServiceLifecycle

/// The email workers of one process, as a service: `concurrency` loops that claim and process batches, a LISTEN
/// connection that wakes them, a reaper for expired leases and a janitor for finished jobs.
///
/// On graceful shutdown the loops stop claiming, finish the batch in hand, and release any job they could not
/// finish, so nothing waits for a lease to expire after a clean stop.
public struct EmailWorkerService: Service {
    let pipeline: EmailPipeline
    let queue: EmailQueue
    let listenConnection: DatabaseConnectionInfo
    let configuration: WorkerConfiguration
    let logger: Logger

    /// Throws when the bundled triage model cannot be loaded (a broken installation).
    /// `analyzer` defaults to one with the bundled triage model (a benchmark passes another to compare).
    public init(
        database: Database, listenConnection: DatabaseConnectionInfo, provider: any AIProvider, configuration: WorkerConfiguration, logger: Logger,
        analyzer: EmailAnalyzer? = nil
    ) throws {
        let queue = EmailQueue(database: database.service, configuration: configuration.queue)
        self.queue = queue
        self.pipeline = try EmailPipeline(
            queue: queue, repository: ProfileRepository(database: database.service, logger: logger),
            provider: TracedAIProvider(provider), configuration: configuration, logger: logger, analyzer: analyzer,
            corrections: CorrectionRepository(database: database.service),
            secondOpinion: try configuration.secondOpinion.map { try SecondOpinionService(configuration: $0, database: database.service, logger: logger) },
            billingDatabase: database.service
        )
        self.listenConnection = listenConnection
        self.configuration = configuration
        self.logger = logger
    }

    public func run() async throws {
        let doorbell = Doorbell()
        logger.info("email workers starting", metadata: ["concurrency": "\(configuration.concurrency)", "batch": "\(configuration.batchSize)"])
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await QueueListener(connection: listenConnection, doorbell: doorbell, logger: logger).run() }
                group.addTask { await periodically(configuration.reclaimInterval, doorbell) { try await reclaim() } }
                group.addTask { await periodically(configuration.cleanupInterval, doorbell) { try await cleanup() } }
                await withTaskGroup(of: Void.self) { workers in
                    for index in 0..<configuration.concurrency {
                        workers.addTask { await workLoop(index, doorbell) }
                    }
                }
                // The loops have finished: stop the helpers.
                group.cancelAll()
            }
        } onGracefulShutdown: {
            doorbell.close()
        }
        logger.info("email workers stopped")
    }

    private func workLoop(_ index: Int, _ doorbell: Doorbell) async {
        var logger = self.logger
        logger[metadataKey: "worker"] = "\(index)"
        var failures = 0
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                let jobs = try await queue.claim(limit: configuration.batchSize)
                failures = 0
                if jobs.isEmpty {
                    await doorbell.wait(timeout: configuration.pollInterval)
                    continue
                }
                do {
                    let started = ContinuousClock.now
                    // Tracing on: a process span per job, in the trace its ingestion started (EmailTraceScope).
                    let result = try await EmailTraceScope.processing(jobs) { try await pipeline.process(jobs) }
                    Self.record(result, claimed: jobs.count, duration: ContinuousClock.now - started)
                    logger.debug("batch done", metadata: ["jobs": "\(jobs.count)", "completed": "\(result.completed)", "failed": "\(result.failed)"])
                } catch {
                    // Cancelled, or the database failed mid-batch: hand the jobs back rather than wait for the lease.
                    // The release runs in a task of its own, which this task's cancellation does not reach.
                    if !(error is CancellationError) {
                        logger.error("batch failed; releasing its jobs", metadata: ["error": "\(PostgresErrorText.describe(error))"])
                    }
                    let (queue, logger) = (self.queue, logger)
                    await Task { await Self.release(jobs, queue, logger) }.value
                    throw error
                }
            } catch {
                failures += 1
                let delay = Duration.milliseconds(min(100 * (1 << min(failures, 7)), 10_000))
                logger.warning("worker error; backing off", metadata: ["error": "\(PostgresErrorText.describe(error))", "delay": "\(delay)"])
                await doorbell.wait(timeout: delay)
            }
        }
    }

    /// Hands `jobs` back, retrying while the database is away: a batch that failed because PostgreSQL stopped cannot
    /// be released at that moment either, and without a retry its jobs wait for their lease (5 minutes by default)
    /// after the database is back (found by scripts/restart-check). Gives up after `releaseRetryBudget`; the lease
    /// still brings the jobs back then.
    static func release(_ jobs: [ClaimedJob], _ queue: EmailQueue, _ logger: Logger) async {
        var delay = Duration.milliseconds(250)
        let deadline = ContinuousClock.now + releaseRetryBudget
        while true {
            do {
                try await queue.release(jobs)
                return
            } catch {
                guard ContinuousClock.now + delay < deadline else {
                    logger.warning("could not release the jobs of a failed batch; their lease will", metadata: ["jobs": "\(jobs.count)", "error": "\(PostgresErrorText.describe(error))"])
                    return
                }
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(4))
            }
        }
    }

    /// How long a failed batch's release is retried.
    static let releaseRetryBudget: Duration = .seconds(30)

    private func reclaim() async throws {
        let (requeued, deadLettered) = try await queue.reclaimExpired()
        if requeued + deadLettered > 0 {
            logger.warning("reclaimed jobs with expired leases", metadata: ["requeued": "\(requeued)", "dead_lettered": "\(deadLettered)"])
        }
    }

    private func cleanup() async throws {
        let deleted = try await queue.cleanup()
        if deleted > 0 { logger.debug("deleted finished jobs", metadata: ["count": "\(deleted)"]) }
    }

    /// Runs `body` every `interval` until shutdown; errors are logged, not fatal.
    private func periodically(_ interval: Duration, _ doorbell: Doorbell, _ body: @Sendable () async throws -> Void) async {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                try await body()
            } catch {
                logger.warning("queue maintenance failed", metadata: ["error": "\(PostgresErrorText.describe(error))"])
            }
            try? await Task.sleep(for: interval)
        }
    }
}

extension EmailWorkerService {
    /// Counts one batch's outcomes (`floworx_emails_total` by outcome, escalations, drafts) and times it.
    static func record(_ result: EmailPipeline.BatchResult, claimed: Int, duration: Duration) {
        for (outcome, count) in [("completed", result.completed), ("failed", result.failed), ("lost", result.lost)] where count > 0 {
            Counter(label: "floworx_emails_total", dimensions: [("outcome", outcome)]).increment(by: count)
        }
        if result.escalated > 0 { Counter(label: "floworx_emails_escalated_total").increment(by: result.escalated) }
        if result.drafted > 0 { Counter(label: "floworx_drafts_total").increment(by: result.drafted) }
        Timer(label: "floworx_email_batch_duration_seconds").record(duration: duration)
        Recorder(label: "floworx_email_batch_size", aggregate: true).record(claimed)
    }
}
