import FloWorxCore
import Foundation
import Logging
import PostgresNIO

/// The email queue on `email_queue`: batched claims with `FOR UPDATE SKIP LOCKED`, completions that write a
/// job's results in the same statement, retries with backoff, leases, dead letters and cleanup.
///
/// Exactly-once in effect: a job's results are written by the statement that completes it, and only if the
/// job still carries the row version its claim wrote. A worker that lost its lease (it stalled, or was thought
/// dead) therefore writes nothing, and a worker that dies before committing leaves nothing behind.
public struct EmailQueue: Sendable {
    let database: ServiceDatabase
    public let configuration: QueueConfiguration

    /// The channel workers LISTEN on.
    public static let channel = "floworx_email_queue"

    public init(database: ServiceDatabase, configuration: QueueConfiguration = QueueConfiguration()) {
        self.database = database
        self.configuration = configuration
    }

    // MARK: Claim

    /// Takes up to `limit` due jobs, taking turns between clients so that one client's backlog cannot starve
    /// another: every client's next job comes before any client's second (`floworx.claim_email_jobs`, 0023).
    /// Within a client, and within a turn, the highest priority comes first, then the oldest `scheduled_for`.
    /// `configuration.claimPerClient` (when above 0) also caps the jobs one client gets per batch.
    public func claim(limit: Int) async throws -> [ClaimedJob] {
        guard configuration.fairClaims else { return try await claimInPriorityOrder(limit: limit) }
        // The clients are visited from a random one on, so that when more clients have due jobs than a batch
        // holds, the turns go round all of them across batches.
        let rows = try await database.execute(ClaimJobs(query: Self.claimQuery(start: UUID(), limit: limit, perClient: configuration.claimPerClient)))
        return try Self.jobs(rows)
    }

    /// The fair claim (`claim(limit:)`) from `start`, the client the turns begin at. Each job comes with its business's
    /// active workflow version as this statement sees it (migration 0040's partial index): the version that will
    /// process it.
    static func claimQuery(start: UUID, limit: Int, perClient: Int) -> PostgresQuery {
        """
        SELECT c.job_id, c.job_client_id, c.job_email_log_id, c.job_dead_letter_id, c.job_email_data, c.job_retry_count,
               c.job_priority, c.job_token, w.id, w.version
        FROM floworx.claim_email_jobs(\(start), \(limit)::int, \(perClient)::int) AS c
        LEFT JOIN public.workflows w ON w.client_id = c.job_client_id AND w.is_active AND w.workflow_data ? 'schemaVersion'
        """
    }

    /// Takes up to `limit` due jobs, highest priority first, then oldest `scheduled_for`, whatever their client
    /// (`fairClaims` off: the claim before 0023).
    func claimInPriorityOrder(limit: Int) async throws -> [ClaimedJob] {
        let rows = try await database.query("""
            WITH next AS (
              SELECT id FROM public.email_queue
              WHERE status = 'pending' AND scheduled_for <= now()
              ORDER BY priority DESC NULLS LAST, scheduled_for
              LIMIT \(limit)
              FOR UPDATE SKIP LOCKED
            ), claimed AS (
              UPDATE public.email_queue q SET status = 'processing'
              FROM next WHERE q.id = next.id
              RETURNING q.id, q.client_id, (q.email_data->>'email_log_id')::uuid AS log_id, (q.email_data->>'dead_letter_id')::uuid AS letter_id,
                        q.email_data::text AS data, coalesce(q.retry_count, 0) AS retries, coalesce(q.priority, 1) AS priority, q.xmin::text AS token
            )
            SELECT c.id, c.client_id, c.log_id, c.letter_id, c.data, c.retries, c.priority, c.token, w.id, w.version
            FROM claimed c
            LEFT JOIN public.workflows w ON w.client_id = c.client_id AND w.is_active AND w.workflow_data ? 'schemaVersion'
            """).collect()
        return try Self.jobs(rows)
    }

    /// The claimed jobs of a claim's rows.
    private static func jobs(_ rows: [PostgresRow]) throws -> [ClaimedJob] {
        var jobs: [ClaimedJob] = []
        jobs.reserveCapacity(rows.count)
        for row in rows {
            let (id, client, log, deadLetter, data, retries, priority, token, workflow, version)
                = try row.decode((UUID, UUID, UUID?, UUID?, String, Int, Int, String, UUID?, Int?).self)
            jobs.append(ClaimedJob(
                id: id, clientId: client, emailLogId: log, deadLetterId: deadLetter, emailDataJSON: data, retryCount: retries, priority: priority, token: token,
                workflowId: workflow, workflowVersion: version))
        }
        return jobs
    }

    // MARK: Complete

    /// Completes jobs and writes their results in one statement; returns the ids still owned (whose results were written).
    public func complete(_ completions: [JobCompletion]) async throws -> Set<UUID> {
        // Tracing on: the statement is the `floworx.email.complete` stage of every email it completes.
        try await EmailTraceScope.stage(EmailTraceKeys.complete, jobs: completions.map(\.job)) { try await completeUntraced(completions) }
    }

    private func completeUntraced(_ completions: [JobCompletion]) async throws -> Set<UUID> {
        guard !completions.isEmpty else { return [] }
        let rows = try await database.execute(CompletionColumns(completions).statement)
        var owned = Set<UUID>()
        for row in rows { owned.insert(try row.decode(UUID.self)) }
        return owned
    }

    /// Completes jobs without results (the queue benchmark's no-op jobs).
    public func completeWithoutResults(_ jobs: [ClaimedJob]) async throws -> Int {
        guard !jobs.isEmpty else { return 0 }
        let rows = try await database.execute(CompleteWithoutResults(query: Self.completeWithoutResultsQuery(ids: jobs.map(\.id), tokens: jobs.map(\.token))))
        return rows.count
    }

    /// Completes the jobs of `ids` still owned (their claim's `tokens`), writing nothing else.
    static func completeWithoutResultsQuery(ids: [UUID], tokens: [String]) -> PostgresQuery {
        """
        UPDATE public.email_queue q SET status = 'completed'
        FROM unnest(\(ids)::uuid[], \(tokens)::text[]) AS j(id, token)
        WHERE q.id = j.id AND q.status = 'processing' AND q.xmin::text = j.token
        RETURNING q.id
        """
    }

    /// The nil UUID: "none" in the completion's uuid arrays (PostgreSQL arrays of a bound type have no nulls here).
    static let noId = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))

    /// A failed attempt's count on its workflow version's totals, for the statement that records the attempt: `source`
    /// is the CTE of the job's row (empty when the job was no longer owned), its `workflow_id` the claim's version.
    static func workflowErrorSQL(_ source: String) -> String {
        """
        INSERT INTO public.workflow_metrics AS m (workflow_id, execution_count, success_count, error_count, avg_execution_time, success_rate)
          SELECT w.id, 1, 0, 1, 0, 0 FROM \(source) s JOIN public.workflows w ON w.id = s.workflow_id
          ON CONFLICT (workflow_id) WHERE execution_count > 0 DO UPDATE SET
            execution_count = m.execution_count + 1, error_count = coalesce(m.error_count, 0) + 1,
            success_rate = round(m.success_count::numeric / (m.execution_count + 1), 2), recorded_at = now()
          RETURNING 1
        """
    }

    // MARK: Fail, retry, release

    /// Records a failed attempt: a retry later, with backoff, or — after the last attempt or when retrying cannot
    /// help — a dead letter, an error log and the email log marked failed. Returns false if the job was no longer owned.
    @discardableResult
    public func fail(_ job: ClaimedJob, _ failure: JobFailure) async throws -> Bool {
        EmailTraceScope.failed(job, type: failure.type, message: failure.message)
        let attempts = job.retryCount + 1
        if failure.retryable && attempts < configuration.maxAttempts {
            let delay = configuration.backoff(afterAttempt: attempts)
            let rows = try await database.query("""
                WITH retried AS (
                  UPDATE public.email_queue SET status = 'pending', retry_count = \(attempts),
                         scheduled_for = now() + make_interval(secs => \(delay.fractionalSeconds))
                  WHERE id = \(job.id) AND status = 'processing' AND xmin::text = \(job.token)
                  RETURNING id, client_id, \(job.workflowId)::uuid AS workflow_id
                ), logged AS (
                  INSERT INTO public.error_logs (client_id, error_type, error_message, context, severity)
                  SELECT client_id, \(failure.type), \(failure.message),
                         jsonb_build_object('queue_id', id, 'email_log_id', \(job.emailLogId)::uuid, 'attempt', \(attempts), 'workflow_id', \(job.workflowId)::uuid,
                                            'max_attempts', \(configuration.maxAttempts), 'retry_in_seconds', \(delay.fractionalSeconds)),
                         'low'
                  FROM retried
                ), workflow_errors AS (
                  \(unescaped: Self.workflowErrorSQL("retried"))
                )
                SELECT count(*) FROM retried
                """).collect()
            return try rows.first?.decode(Int.self) == 1
        }
        return try await deadLetter(job, failure, attempts: attempts)
    }

    private func deadLetter(_ job: ClaimedJob, _ failure: JobFailure, attempts: Int) async throws -> Bool {
        let severity = failure.retryable ? "high" : "medium"
        let rows = try await database.query("""
            WITH failed AS (
              UPDATE public.email_queue SET status = 'failed', retry_count = \(attempts)
              WHERE id = \(job.id) AND status = 'processing' AND xmin::text = \(job.token)
              RETURNING id, client_id, email_data, \(job.workflowId)::uuid AS workflow_id
            ), new_letter AS (
              INSERT INTO public.dead_letter_queue (client_id, operation_type, operation_data, error_message, retry_count, status)
              SELECT client_id, 'process_email', jsonb_build_object('queue_id', id, 'error_type', \(failure.type), 'email_data', email_data - 'dead_letter_id'),
                     \(failure.message), \(attempts), 'pending'
              FROM failed WHERE \(job.deadLetterId)::uuid IS NULL
              RETURNING id
            ), old_letter AS (
              UPDATE public.dead_letter_queue SET status = 'pending', error_message = \(failure.message), retry_count = coalesce(retry_count, 0) + 1
              WHERE id = \(job.deadLetterId)::uuid AND EXISTS (SELECT 1 FROM failed)
              RETURNING id
            ), logged AS (
              INSERT INTO public.error_logs (client_id, error_type, error_message, context, severity)
              SELECT client_id, \(failure.type), \(failure.message),
                     jsonb_build_object('queue_id', id, 'email_log_id', \(job.emailLogId)::uuid, 'attempts', \(attempts),
                                        'dead_letter_id', coalesce((SELECT id FROM new_letter), (SELECT id FROM old_letter))),
                     \(severity)
              FROM failed
            ), marked AS (
              UPDATE public.email_logs SET status = 'failed', processed_at = now()
              WHERE id = \(job.emailLogId)::uuid AND EXISTS (SELECT 1 FROM failed)
            ), workflow_errors AS (
              \(unescaped: Self.workflowErrorSQL("failed"))
            )
            SELECT count(*) FROM failed
            """).collect()
        return try rows.first?.decode(Int.self) == 1
    }

    /// Puts claimed jobs back as they were (graceful shutdown): no attempt is counted.
    public func release(_ jobs: [ClaimedJob]) async throws {
        guard !jobs.isEmpty else { return }
        try await database.query("""
            WITH released AS (
              UPDATE public.email_queue q SET status = 'pending'
              FROM unnest(\(jobs.map(\.id))::uuid[], \(jobs.map(\.token))::text[]) AS j(id, token)
              WHERE q.id = j.id AND q.status = 'processing' AND q.xmin::text = j.token
              RETURNING q.id
            )
            SELECT pg_notify(\(Self.channel), '') FROM released LIMIT 1
            """)
    }

    /// Takes back jobs whose lease expired (their worker died or stalled): back to pending, counting an attempt,
    /// or dead-lettered after the last one. Returns how many were requeued and dead-lettered.
    public func reclaimExpired(limit: Int = 500) async throws -> (requeued: Int, deadLettered: Int) {
        let rows = try await database.query("""
            SELECT id, client_id, (email_data->>'email_log_id')::uuid, (email_data->>'dead_letter_id')::uuid,
                   coalesce(retry_count, 0), coalesce(priority, 1), xmin::text
            FROM public.email_queue
            WHERE status = 'processing' AND updated_at < now() - make_interval(secs => \(configuration.lease.fractionalSeconds))
            ORDER BY updated_at
            LIMIT \(limit)
            """)
        var expired: [ClaimedJob] = []
        for try await (id, client, log, letter, retries, priority, token) in rows.decode((UUID, UUID, UUID?, UUID?, Int, Int, String).self) {
            expired.append(ClaimedJob(id: id, clientId: client, emailLogId: log, deadLetterId: letter, emailDataJSON: "", retryCount: retries, priority: priority, token: token))
        }
        var requeued: [ClaimedJob] = []
        var deadLettered = 0
        let failure = JobFailure(type: "lease_expired", message: "the worker holding this job stopped before finishing it (lease of \(configuration.lease) expired)", retryable: true)
        for job in expired {
            if job.retryCount + 1 < configuration.maxAttempts {
                requeued.append(job)
            } else if try await deadLetter(job, failure, attempts: job.retryCount + 1) {
                deadLettered += 1
            }
        }
        guard !requeued.isEmpty else { return (0, deadLettered) }
        let requeuedRows = try await database.query("""
            WITH requeued AS (
              UPDATE public.email_queue q SET status = 'pending', retry_count = coalesce(q.retry_count, 0) + 1, scheduled_for = now()
              FROM unnest(\(requeued.map(\.id))::uuid[], \(requeued.map(\.token))::text[]) AS j(id, token)
              WHERE q.id = j.id AND q.status = 'processing' AND q.xmin::text = j.token
              RETURNING q.id, q.client_id, q.retry_count
            ), logged AS (
              INSERT INTO public.error_logs (client_id, error_type, error_message, context, severity)
              SELECT client_id, 'lease_expired', \(failure.message), jsonb_build_object('queue_id', id, 'attempt', retry_count), 'low'
              FROM requeued
            ), woken AS (
              SELECT pg_notify(\(Self.channel), '') FROM requeued LIMIT 1
            )
            SELECT count(*) FROM requeued, (SELECT count(*) FROM woken) w
            """).collect()
        return (try requeuedRows.first?.decode(Int.self) ?? 0, deadLettered)
    }

    // MARK: Cleanup

    /// Deletes completed jobs older than the retention, and failed ones older than theirs, in batches.
    public func cleanup(batchSize: Int = 5000) async throws -> Int {
        var deleted = 0
        for (status, retention) in [("completed", configuration.completedRetention), ("failed", configuration.failedRetention)] {
            while true {
                let rows = try await database.query("""
                    DELETE FROM public.email_queue WHERE id IN (
                      SELECT id FROM public.email_queue
                      WHERE status = \(status) AND updated_at < now() - make_interval(secs => \(retention.fractionalSeconds))
                      LIMIT \(batchSize)
                    ) RETURNING 1
                    """).collect()
                deleted += rows.count
                if rows.count < batchSize { break }
            }
        }
        return deleted
    }
}
