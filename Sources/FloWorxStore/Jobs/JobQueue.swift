import Foundation
import Logging
import PostgresNIO

/// The generic service-job queue on `floworx.jobs` (migration 0030): the email queue's mechanics for every other
/// kind of work. Claims take due jobs with `FOR UPDATE SKIP LOCKED`, skip a job whose twin (same kind and dedupe
/// key) is running and a mailbox in a Retry-After pause, and fence every later write with a claim token.
public struct JobQueue: Sendable {
    let database: ServiceDatabase

    /// The channel job workers LISTEN on (one NOTIFY per inserting statement).
    public static let channel = "floworx_jobs"

    public init(database: ServiceDatabase) {
        self.database = database
    }

    /// Queues jobs; a job whose (kind, dedupe key) already waits is left out. Returns the ids queued.
    @discardableResult
    public func enqueue(_ jobs: [NewJob]) async throws -> [UUID] {
        guard !jobs.isEmpty else { return [] }
        let rows = try await database.query("""
            INSERT INTO floworx.jobs (kind, payload, dedupe_key, integration_id, client_id, run_at, max_attempts)
            SELECT kind, payload::jsonb, nullif(dedupe_key, ''), nullif(integration_id, '')::uuid, nullif(client_id, '')::uuid,
                   coalesce(to_timestamp(nullif(run_at, -1)), now()), max_attempts
            FROM unnest(\(jobs.map(\.kind))::text[], \(jobs.map(\.payloadJSON))::text[], \(jobs.map { $0.dedupeKey ?? "" })::text[],
                        \(jobs.map { $0.integrationId?.uuidString ?? "" })::text[], \(jobs.map { $0.clientId?.uuidString ?? "" })::text[],
                        \(jobs.map { $0.runAt?.timeIntervalSince1970 ?? -1 })::float8[], \(jobs.map(\.maxAttempts))::int8[])
              AS j(kind, payload, dedupe_key, integration_id, client_id, run_at, max_attempts)
            ON CONFLICT DO NOTHING
            RETURNING id
            """)
        var ids: [UUID] = []
        for try await id in rows.decode(UUID.self) { ids.append(id) }
        return ids
    }

    /// Claims up to `limit` due jobs of the given kinds for `lease`, oldest due first.
    public func claim(kinds: [String], limit: Int, lease: Duration) async throws -> [ServiceJob] {
        let rows = try await database.query("""
            WITH next AS (
              SELECT j.id FROM floworx.jobs j
              WHERE j.status = 'pending' AND j.run_at <= now() AND j.kind = ANY(\(kinds)::text[])
                AND (j.dedupe_key IS NULL OR NOT EXISTS (
                  SELECT 1 FROM floworx.jobs r
                  WHERE r.status = 'processing' AND r.kind = j.kind AND r.dedupe_key = j.dedupe_key AND r.locked_until > now()))
                AND (j.integration_id IS NULL OR NOT EXISTS (
                  SELECT 1 FROM floworx.mailboxes m WHERE m.integration_id = j.integration_id AND m.not_before > now()))
              ORDER BY j.run_at
              LIMIT \(limit)
              FOR UPDATE SKIP LOCKED
            )
            UPDATE floworx.jobs j
            SET status = 'processing', attempts = j.attempts + 1, claim_token = gen_random_uuid(),
                locked_until = now() + make_interval(secs => \(lease.fractionalMilliseconds / 1000)), updated_at = now()
            FROM next WHERE j.id = next.id
            RETURNING j.id, j.kind, j.payload::text, j.dedupe_key, j.integration_id, j.client_id, j.attempts, j.max_attempts, j.claim_token
            """)
        var jobs: [ServiceJob] = []
        for try await (id, kind, payload, key, integration, client, attempts, maxAttempts, token) in rows.decode((UUID, String, String, String?, UUID?, UUID?, Int, Int, UUID).self) {
            jobs.append(ServiceJob(id: id, kind: kind, payloadJSON: payload, dedupeKey: key, integrationId: integration, clientId: client, attempts: attempts, maxAttempts: maxAttempts, token: token))
        }
        return jobs
    }

    /// Marks a job done; false when the lease was lost (another worker owns it now).
    @discardableResult
    public func complete(_ job: ServiceJob) async throws -> Bool {
        try await database.query("""
            UPDATE floworx.jobs SET status = 'completed', finished_at = now(), updated_at = now(), claim_token = NULL, last_error = NULL
            WHERE id = \(job.id) AND claim_token = \(job.token) AND status = 'processing'
            RETURNING 1
            """).collect().count == 1
    }

    /// Records a failed attempt: queued again after `delay`, or dead when `retryable` is false or attempts are spent.
    /// A retry whose twin (same kind and dedupe key) already waits is folded into it: that job does the work.
    public func fail(_ job: ServiceJob, error: String, retryable: Bool, delay: Duration) async throws -> JobFailureOutcome {
        let rows = try await database.query("""
            WITH me AS (
              SELECT j.id, \(retryable) AND j.attempts < j.max_attempts AS retry, \(unescaped: Self.waitingTwin) AS folded
              FROM floworx.jobs j WHERE j.id = \(job.id) AND j.claim_token = \(job.token) AND j.status = 'processing'
            )
            UPDATE floworx.jobs j
            SET status = CASE WHEN NOT me.retry THEN 'dead' WHEN me.folded THEN 'completed' ELSE 'pending' END,
                run_at = now() + make_interval(secs => \(delay.fractionalMilliseconds / 1000)),
                finished_at = CASE WHEN me.retry AND NOT me.folded THEN NULL ELSE now() END,
                last_error = left(\(error), 2000), claim_token = NULL, locked_until = NULL, updated_at = now()
            FROM me WHERE j.id = me.id
            RETURNING j.status, j.run_at
            """).collect()
        guard let row = rows.first else { return .notOwned }
        let (status, runAt) = try row.decode((String, Date).self)
        return status == "dead" ? .dead : .retrying(runAt)
    }

    /// Puts a job back to run after `delay` without counting the attempt (a budget wait, a Retry-After pause), or
    /// folds it into a waiting twin.
    @discardableResult
    public func postpone(_ job: ServiceJob, by delay: Duration) async throws -> Bool {
        try await handBack([job], delay: delay) == 1
    }

    /// Hands claimed jobs back without counting the attempt (a graceful stop before they started).
    public func release(_ jobs: [ServiceJob]) async throws {
        try await handBack(jobs, delay: .zero)
    }

    @discardableResult
    private func handBack(_ jobs: [ServiceJob], delay: Duration) async throws -> Int {
        try await database.query("""
            WITH me AS (
              SELECT j.id, \(unescaped: Self.waitingTwin) AS folded
              FROM floworx.jobs j JOIN unnest(\(jobs.map(\.id))::uuid[], \(jobs.map(\.token))::uuid[]) AS h(id, token)
                ON j.id = h.id AND j.claim_token = h.token AND j.status = 'processing'
            )
            UPDATE floworx.jobs j
            SET status = CASE WHEN me.folded THEN 'completed' ELSE 'pending' END, attempts = greatest(j.attempts - 1, 0),
                run_at = now() + make_interval(secs => \(delay.fractionalMilliseconds / 1000)),
                finished_at = CASE WHEN me.folded THEN now() END, claim_token = NULL, locked_until = NULL, updated_at = now()
            FROM me WHERE j.id = me.id
            RETURNING 1
            """).collect().count
    }

    /// Extends the leases still held among `jobs`; returns how many were extended (finished or lost ones are not).
    @discardableResult
    public func extend(_ jobs: [ServiceJob], lease: Duration) async throws -> Int {
        try await database.query("""
            UPDATE floworx.jobs j SET locked_until = now() + make_interval(secs => \(lease.fractionalMilliseconds / 1000)), updated_at = now()
            FROM unnest(\(jobs.map(\.id))::uuid[], \(jobs.map(\.token))::uuid[]) AS h(id, token)
            WHERE j.id = h.id AND j.claim_token = h.token AND j.status = 'processing'
            RETURNING 1
            """).collect().count
    }

    /// Hands jobs whose lease ran out (their worker died or stalled) back to the queue, or to the dead when that
    /// was their last attempt. Only one job per (kind, dedupe key) may wait, so an expired job whose twin already
    /// waits, or that has an expired twin of its own, is folded into it instead (marked completed: the twin does
    /// the work). Returns (requeued or folded, dead).
    public func reclaimExpired() async throws -> (requeued: Int, dead: Int) {
        let rows = try await database.query("""
            WITH expired AS (
              SELECT j.id, j.kind, j.dedupe_key, j.run_at, j.attempts < j.max_attempts AS retry, \(unescaped: Self.waitingTwin) AS folded
              FROM floworx.jobs j WHERE j.status = 'processing' AND j.locked_until < now()
              FOR UPDATE OF j SKIP LOCKED
            ), ranked AS (
              SELECT e.*, e.dedupe_key IS NOT NULL
                AND row_number() OVER (PARTITION BY e.kind, e.dedupe_key, e.retry AND NOT e.folded ORDER BY e.run_at, e.id) > 1 AS twin
              FROM expired e
            )
            UPDATE floworx.jobs j
            SET status = CASE WHEN NOT r.retry THEN 'dead' WHEN r.folded OR r.twin THEN 'completed' ELSE 'pending' END,
                finished_at = CASE WHEN r.retry AND NOT (r.folded OR r.twin) THEN NULL ELSE now() END,
                last_error = CASE WHEN r.retry AND (r.folded OR r.twin) THEN 'lease expired; a job with the same key does the work'
                                  ELSE coalesce(j.last_error, 'lease expired') END,
                claim_token = NULL, locked_until = NULL, run_at = now(), updated_at = now()
            FROM ranked r WHERE j.id = r.id
            RETURNING j.status
            """)
        var requeued = 0, dead = 0
        for try await status in rows.decode(String.self) {
            if status == "dead" { dead += 1 } else { requeued += 1 }
        }
        return (requeued, dead)
    }

    /// True for job `j` when another job of its kind and dedupe key is waiting (SQL, no values).
    static let waitingTwin = """
        (j.dedupe_key IS NOT NULL AND EXISTS (SELECT 1 FROM floworx.jobs w
          WHERE w.status = 'pending' AND w.kind = j.kind AND w.dedupe_key = j.dedupe_key AND w.id <> j.id))
        """

    /// Deletes finished jobs older than `retention`; returns how many.
    public func deleteFinished(olderThan retention: Duration) async throws -> Int {
        try await database.query("""
            DELETE FROM floworx.jobs WHERE status IN ('completed', 'dead') AND finished_at < now() - make_interval(secs => \(retention.fractionalMilliseconds / 1000))
            RETURNING 1
            """).collect().count
    }
}
