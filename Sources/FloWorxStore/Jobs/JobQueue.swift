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
    public func fail(_ job: ServiceJob, error: String, retryable: Bool, delay: Duration) async throws -> JobFailureOutcome {
        let rows = try await database.query("""
            UPDATE floworx.jobs
            SET status = CASE WHEN \(retryable) AND attempts < max_attempts THEN 'pending' ELSE 'dead' END,
                run_at = now() + make_interval(secs => \(delay.fractionalMilliseconds / 1000)),
                finished_at = CASE WHEN \(retryable) AND attempts < max_attempts THEN NULL ELSE now() END,
                last_error = left(\(error), 2000), claim_token = NULL, locked_until = NULL, updated_at = now()
            WHERE id = \(job.id) AND claim_token = \(job.token) AND status = 'processing'
            RETURNING status, run_at
            """).collect()
        guard let row = rows.first else { return .notOwned }
        let (status, runAt) = try row.decode((String, Date).self)
        return status == "dead" ? .dead : .retrying(runAt)
    }

    /// Puts a job back to run after `delay` without counting the attempt (a budget wait, a Retry-After pause).
    @discardableResult
    public func postpone(_ job: ServiceJob, by delay: Duration) async throws -> Bool {
        try await database.query("""
            UPDATE floworx.jobs
            SET status = 'pending', attempts = greatest(attempts - 1, 0), run_at = now() + make_interval(secs => \(delay.fractionalMilliseconds / 1000)),
                claim_token = NULL, locked_until = NULL, updated_at = now()
            WHERE id = \(job.id) AND claim_token = \(job.token) AND status = 'processing'
            RETURNING 1
            """).collect().count == 1
    }

    /// Extends a held lease; false when it was already lost.
    public func extend(_ job: ServiceJob, lease: Duration) async throws -> Bool {
        try await database.query("""
            UPDATE floworx.jobs SET locked_until = now() + make_interval(secs => \(lease.fractionalMilliseconds / 1000)), updated_at = now()
            WHERE id = \(job.id) AND claim_token = \(job.token) AND status = 'processing'
            RETURNING 1
            """).collect().count == 1
    }

    /// Hands jobs whose lease ran out (their worker died or stalled) back to the queue, or to the dead when that
    /// was their last attempt. Returns (requeued, dead).
    public func reclaimExpired() async throws -> (requeued: Int, dead: Int) {
        let rows = try await database.query("""
            UPDATE floworx.jobs
            SET status = CASE WHEN attempts < max_attempts THEN 'pending' ELSE 'dead' END,
                finished_at = CASE WHEN attempts < max_attempts THEN NULL ELSE now() END,
                last_error = coalesce(last_error, 'lease expired'), claim_token = NULL, locked_until = NULL, run_at = now(), updated_at = now()
            WHERE status = 'processing' AND locked_until < now()
            RETURNING status
            """)
        var requeued = 0, dead = 0
        for try await status in rows.decode(String.self) {
            if status == "dead" { dead += 1 } else { requeued += 1 }
        }
        return (requeued, dead)
    }

    /// Deletes finished jobs older than `retention`; returns how many.
    public func deleteFinished(olderThan retention: Duration) async throws -> Int {
        try await database.query("""
            DELETE FROM floworx.jobs WHERE status IN ('completed', 'dead') AND finished_at < now() - make_interval(secs => \(retention.fractionalMilliseconds / 1000))
            RETURNING 1
            """).collect().count
    }
}
