import FloWorxCore
import FloWorxStore
import Foundation
import Logging
import ServiceLifecycle

/// Queues the daily digests: every `tick`, for each configured business with someone to send to, a `digest.send`
/// job for its next digest (due at the digest time in its timezone) and, when the latest due one was never sent, that
/// one now. Jobs are deduplicated per business and day (`digest:<client_id>:<date>`), so any number of processes may
/// run the scheduler; the outbox rows are deduplicated too, so a job that runs twice still sends one digest.
public struct DigestScheduler: Service {
    let repository: DigestRepository
    let queue: JobQueue
    let schedule: DigestSchedule
    let logger: Logger
    /// How often the scheduler looks.
    public var tick: Duration
    /// Businesses read per query.
    public var pageSize = 500

    public init(database: ServiceDatabase, schedule: DigestSchedule, tick: Duration = .seconds(300), logger: Logger) {
        repository = DigestRepository(database: database)
        queue = JobQueue(database: database)
        self.schedule = schedule
        self.tick = tick
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do { try await scheduleAll() } catch { logger.warning("digest scheduling failed", metadata: ["error": "\(PostgresErrorText.describe(error))"]) }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: tick) }
        }
    }

    /// One look at every business: returns the jobs queued (a job already waiting is not counted).
    @discardableResult
    public func scheduleAll(now: Date = Date()) async throws -> Int {
        var queued = 0
        var after: UUID?
        while true {
            let page = try await repository.schedulable(after: after, limit: pageSize)
            queued += try await queue.enqueue(page.flatMap { jobs(for: $0, now: now) }).count
            guard page.count == pageSize, let last = page.last else { return queued }
            after = last.clientId
        }
    }

    /// The jobs to queue for one business at `now`: none when it has nobody to send to.
    public func jobs(for business: DigestBusiness, now: Date) -> [NewJob] {
        guard !business.recipients.isEmpty else { return [] }
        return schedule.due(now: now, in: business.zone, lastSent: business.lastSent, since: business.createdAt).map { due in
            let payload = Digest.JobPayload(clientId: business.clientId, date: due.date)
            let json = (try? JSONCoding.encoder().encode(payload)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
            return NewJob(
                kind: Digest.jobKind, payloadJSON: json, dedupeKey: Digest.jobKey(clientId: business.clientId, date: due.date),
                clientId: business.clientId, runAt: due.runAt, maxAttempts: 5
            )
        }
    }
}
