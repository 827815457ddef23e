import FloWorxStore
import Foundation
import Metrics
import Logging
import ServiceLifecycle

/// The service-job workers of one process: loops that claim jobs of the handler's kinds from `floworx.jobs` and run
/// them, woken by NOTIFY, plus a reaper for expired leases and a janitor for finished jobs. On graceful shutdown the
/// loops stop claiming and finish the job in hand; a job cut off by a crash comes back when its lease expires.
public struct JobWorkerService: Service {
    let queue: JobQueue
    let handler: any JobHandler
    let listenConnection: DatabaseConnectionInfo?
    let configuration: JobWorkerConfiguration
    let logger: Logger

    public init(queue: JobQueue, handler: any JobHandler, listenConnection: DatabaseConnectionInfo?, configuration: JobWorkerConfiguration, logger: Logger) {
        self.queue = queue
        self.handler = handler
        self.listenConnection = listenConnection
        self.configuration = configuration
        self.logger = logger
    }

    public func run() async throws {
        let doorbell = Doorbell()
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                if let listenConnection {
                    group.addTask { await QueueListener(connection: listenConnection, channel: JobQueue.channel, doorbell: doorbell, logger: logger).run() }
                }
                // A reaper slower than the lease would leave a dead worker's jobs waiting long after they expired.
                let reclaimEvery = min(configuration.reclaimInterval, max(configuration.lease, .seconds(1)))
                group.addTask { await periodically(reclaimEvery) { try await reclaim() } }
                await withTaskGroup(of: Void.self) { workers in
                    for index in 0..<configuration.concurrency {
                        workers.addTask { await workLoop(index, doorbell) }
                    }
                }
                group.cancelAll()
            }
        } onGracefulShutdown: {
            doorbell.close()
        }
    }

    /// Claims and runs jobs until there are none due; returns how many ran (tests and tools drive the queue with it).
    @discardableResult
    public func drain(limit: Int = 1_000) async throws -> Int {
        var ran = 0
        while ran < limit {
            let jobs = try await queue.claim(kinds: handler.kinds, limit: 1, lease: configuration.lease)
            guard let job = jobs.first else { return ran }
            await run(job)
            ran += 1
        }
        return ran
    }

    private func workLoop(_ index: Int, _ doorbell: Doorbell) async {
        var failures = 0
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                let jobs = try await queue.claim(kinds: handler.kinds, limit: configuration.batchSize, lease: configuration.lease)
                failures = 0
                if jobs.isEmpty {
                    await doorbell.wait(timeout: configuration.pollInterval)
                    continue
                }
                await runBatch(jobs)
            } catch {
                failures += 1
                let delay = Duration.milliseconds(min(100 * (1 << min(failures, 7)), 10_000))
                logger.warning("job worker error; backing off", metadata: ["error": "\(PostgresErrorText.describe(error))", "delay": "\(delay)"])
                await doorbell.wait(timeout: delay)
            }
        }
    }

    /// Runs a claimed batch in order while keeping its leases alive, so a job waiting behind slow ones is not handed
    /// to another worker. On graceful shutdown the jobs not yet started are released at once.
    private func runBatch(_ jobs: [ServiceJob]) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await keepLeases(jobs) }
            for (index, job) in jobs.enumerated() {
                if Task.isShuttingDownGracefully || Task.isCancelled {
                    let rest = Array(jobs[index...])
                    await Task { try? await queue.release(rest) }.value
                    break
                }
                await run(job)
            }
            group.cancelAll()
        }
    }

    /// Extends the batch's leases every third of the lease until cancelled; finished jobs no longer match.
    private func keepLeases(_ jobs: [ServiceJob]) async {
        let period = configuration.lease / 3
        while (try? await Task.sleep(for: period)) != nil {
            do { try await queue.extend(jobs, lease: configuration.lease) } catch {
                logger.warning("could not extend job leases", metadata: ["error": "\(PostgresErrorText.describe(error))"])
            }
        }
    }

    /// Runs one job and records how it ended; the record is written even when this task is being cancelled.
    func run(_ job: ServiceJob) async {
        var logger = self.logger
        logger[metadataKey: "job"] = "\(job.id)"
        logger[metadataKey: "kind"] = "\(job.kind)"
        let started = ContinuousClock.now
        // A job an email caused (its write-back, its alerts' delivery) is a span of the email's trace when tracing is on.
        let outcome: Result<Void, any Error> = await FollowUpJobTrace.run(job) {
            do {
                try await handler.run(job)
                return .success(())
            } catch {
                return .failure(error)
            }
        } failure: { outcome in
            guard case .failure(let error) = outcome else { return nil }
            if let error = error as? JobError, case .postpone = error.action { return nil }
            return "\(type(of: error))"
        }
        Timer(label: "floworx_job_duration_seconds", dimensions: [("kind", job.kind)]).record(duration: ContinuousClock.now - started)
        let kind = job.kind
        func count(_ result: String) {
            Counter(label: "floworx_jobs_total", dimensions: [("kind", kind), ("outcome", result)]).increment()
        }
        let queue = self.queue, configuration = self.configuration
        await Task {
            do {
                switch outcome {
                case .success:
                    if try await !queue.complete(job) { logger.warning("job finished after its lease was lost; another worker owns it") }
                    count("completed")
                case .failure(let error as JobError):
                    switch error.action {
                    case .postpone(let delay):
                        try await queue.postpone(job, by: delay)
                        count("postponed")
                    case .fail:
                        logger.error("job failed for good", metadata: ["error": "\(error.message)"])
                        _ = try await queue.fail(job, error: error.message, retryable: false, delay: .zero)
                        count("dead")
                    case .retry(let after):
                        let delay = max(configuration.backoff(attempt: job.attempts), after ?? .zero)
                        let result = try await queue.fail(job, error: error.message, retryable: true, delay: delay)
                        count(result == .dead ? "dead" : "retried")
                        logger.warning("job failed; \(result == .dead ? "out of attempts" : "will retry")", metadata: ["error": "\(error.message)"])
                    }
                case .failure(let error):
                    let result = try await queue.fail(job, error: "\(error)", retryable: true, delay: configuration.backoff(attempt: job.attempts))
                    count(result == .dead ? "dead" : "retried")
                    logger.warning("job failed; \(result == .dead ? "out of attempts" : "will retry")", metadata: ["error": "\(PostgresErrorText.describe(error))"])
                }
            } catch {
                logger.error("could not record a job's outcome; its lease will hand it back", metadata: ["error": "\(PostgresErrorText.describe(error))"])
            }
        }.value
    }

    private func reclaim() async throws {
        let (requeued, dead) = try await queue.reclaimExpired()
        if requeued + dead > 0 { logger.warning("reclaimed service jobs with expired leases", metadata: ["requeued": "\(requeued)", "dead": "\(dead)"]) }
        _ = try await queue.deleteFinished(olderThan: configuration.retention)
    }

    private func periodically(_ interval: Duration, _ body: @Sendable () async throws -> Void) async {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do { try await body() } catch { logger.warning("job maintenance failed", metadata: ["error": "\(PostgresErrorText.describe(error))"]) }
            try? await Task.sleep(for: interval)
        }
    }
}
