import FloWorxCore
import Foundation
import PostgresNIO

/// Applies a `RetentionPolicy`: rolls old local days up into `rollups.*` (migration 0064), then deletes the raw rows
/// the rollups replace, old error logs, and clears old email bodies, in batches of short transactions.
///
/// Safe to run any number of times and from several processes: a day is rolled up in the same transaction that moves
/// the mark in `floworx.retention_state` (locked `FOR UPDATE`, so two runs take turns), and raw rows are only deleted
/// below the mark. Events are deleted below the UTC midnight a day before the mark: an email is rolled up by its day
/// in its business's time zone (UTC−12 to UTC+14), and every event about an email is written after it arrived, so an
/// event older than that belongs to an email whose day is rolled up already. (The mark may be past today's target
/// when the policy was made longer since; deletions then stop at the target.)
public struct RetentionRunner: Sendable {
    let database: ServiceDatabase
    /// What is kept, and how much is done per statement.
    public let policy: RetentionPolicy

    public init(database: ServiceDatabase, policy: RetentionPolicy) {
        self.database = database
        self.policy = policy
    }

    /// One run: rollups first, then deletions; returns what it did and records it in `floworx.retention_state`.
    public func run() async throws -> RetentionReport {
        var report = RetentionReport()
        if let days = policy.eventsDays {
            let (through, rolled) = try await rollUp(.events, keepingDays: days)
            (report.eventsRolledThrough, report.eventDaysRolledUp) = (through, rolled)
            if let through { report.eventsDeleted = try await deleteRolledUp(.events, through: through, keepingDays: days) }
        }
        if let days = policy.metricsDays {
            let (through, rolled) = try await rollUp(.metrics, keepingDays: days)
            (report.metricsRolledThrough, report.metricDaysRolledUp) = (through, rolled)
            if let through { report.metricsDeleted = try await deleteRolledUp(.metrics, through: through, keepingDays: days) }
        }
        if let days = policy.errorLogsDays {
            report.errorLogsDeleted = try await inBatches { batch in """
                WITH gone AS (
                  DELETE FROM public.error_logs WHERE id IN (
                    SELECT id FROM public.error_logs WHERE created_at < now() - make_interval(days => \(days)::int) LIMIT \(batch))
                  RETURNING 1)
                SELECT count(*)::int FROM gone
                """ }
        }
        if let days = policy.bodiesDays {
            report.bodiesCleared = try await inBatches { batch in """
                WITH cleared AS (
                  UPDATE public.email_logs SET body = NULL WHERE id IN (
                    SELECT id FROM public.email_logs
                    WHERE body IS NOT NULL AND created_at < now() - make_interval(days => \(days)::int) LIMIT \(batch))
                  RETURNING 1)
                SELECT count(*)::int FROM cleared
                """ }
        }
        let json = String(decoding: try JSONCoding.encoder().encode(report), as: UTF8.self)
        try await database.query("UPDATE floworx.retention_state SET last_report = \(json)::jsonb")
        return report
    }

    /// Claims the periodic run when the last one is at least `interval` old (one process of many wins); false when
    /// it is not due.
    public func claim(interval: Duration) async throws -> Bool {
        let seconds = Double(interval.components.seconds)
        let rows = try await database.query("""
            UPDATE floworx.retention_state SET last_run_at = now()
            WHERE last_run_at IS NULL OR last_run_at <= now() - make_interval(secs => \(seconds))
            RETURNING 1
            """).collect()
        return !rows.isEmpty
    }

    /// Makes the next claim possible `retry` from now (after a failed run).
    public func release(interval: Duration, retry: Duration) async throws {
        let seconds = Double(interval.components.seconds - retry.components.seconds)
        try await database.query("UPDATE floworx.retention_state SET last_run_at = now() - make_interval(secs => \(seconds))")
    }

    /// What `rollUp` works on.
    enum Rollup {
        case events, metrics

        /// The raw table and its time column (fixed identifiers, never input).
        var raw: (table: String, time: String) {
            switch self {
            case .events: ("public.analytics_events", "timestamp")
            case .metrics: ("public.performance_metrics", "recorded_at")
            }
        }
    }

    /// Deletes the raw rows of `kind` older than UTC midnight of the day before the mark `through` (or before today's
    /// target, if sooner), in batches.
    func deleteRolledUp(_ kind: Rollup, through: String, keepingDays days: Int) async throws -> Int {
        let (table, time) = kind.raw
        return try await inBatches { batch in """
            WITH gone AS (
              DELETE FROM \(unescaped: table) WHERE id IN (
                SELECT id FROM \(unescaped: table)
                WHERE \(unescaped: time) < (least(\(through)::date, (now() AT TIME ZONE 'UTC')::date - \(days)::int) - 1)::timestamp AT TIME ZONE 'UTC'
                LIMIT \(batch))
              RETURNING 1)
            SELECT count(*)::int FROM gone
            """ }
    }

    /// Rolls up every local day up to `keepingDays` before today (UTC) that is not rolled up yet, `policy.rollupDays`
    /// per transaction; returns the mark after the run and the days it rolled up.
    func rollUp(_ kind: Rollup, keepingDays days: Int) async throws -> (through: String?, days: Int) {
        var rolled = 0
        while true {
            try Task.checkCancellation()
            let step = try await database.transaction { connection in try await rollUpStep(kind, keepingDays: days, on: connection) }
            rolled += step.days
            if step.done { return (step.through, rolled) }
        }
    }

    /// One transaction of `rollUp`.
    func rollUpStep(_ kind: Rollup, keepingDays days: Int, on connection: ServiceConnection) async throws -> (through: String?, days: Int, done: Bool) {
        // The mark; on the first run, two days before the oldest raw row (no earlier local day can hold one).
        let state: PostgresQuery = switch kind {
        case .events: """
            SELECT coalesce(events_rolled_through, (SELECT (min(created_at) AT TIME ZONE 'UTC')::date - 2 FROM public.email_logs))::text,
                   ((now() AT TIME ZONE 'UTC')::date - \(days)::int)::text
            FROM floworx.retention_state FOR UPDATE
            """
        case .metrics: """
            SELECT coalesce(metrics_rolled_through, (SELECT (min(recorded_at) AT TIME ZONE 'UTC')::date - 2 FROM public.performance_metrics))::text,
                   ((now() AT TIME ZONE 'UTC')::date - \(days)::int)::text
            FROM floworx.retention_state FOR UPDATE
            """
        }
        guard let row = try await connection.query(state).collect().first else { return (nil, 0, true) }
        // dashboard_emails is PL/pgSQL: after five calls on one connection its query would switch to a generic plan,
        // blind to the day range (measured: 0.4 s per week of 3,500 emails became 20 s).
        try await connection.query("SELECT set_config('plan_cache_mode', 'force_custom_plan', true)")
        let (start, target) = try row.decode((String?, String).self)
        // No raw row at all, or none old enough: everything up to the target is (trivially) rolled up.
        guard let start, start < target else {
            if start == nil { try await mark(kind, target, on: connection) }
            return (start ?? target, 0, true)
        }
        let span = try await connection.query("""
            SELECT (\(start)::date + 1)::text, least(\(start)::date + \(policy.rollupDays)::int, \(target)::date)::text,
                   least(\(start)::date + \(policy.rollupDays)::int, \(target)::date) - \(start)::date
            """).collect()
        let (from, to, count) = try span[0].decode((String, String, Int).self)
        switch kind {
        case .events:
            // The same function the dashboard reads, so a rolled-up day answers exactly what it answered live.
            try await connection.query("""
                INSERT INTO rollups.analytics_daily (client_id, day, status, category, urgency, sla_breached, emails,
                                                     email_log_ids, received_at, drafted_at, replied_at)
                SELECT d.client_id, d.day, d.status, d.category, d.urgency, d.sla_breached, count(*)::int,
                       array_agg(d.email_log_id ORDER BY d.received_at, d.email_log_id),
                       array_agg(d.received_at ORDER BY d.received_at, d.email_log_id),
                       array_agg(d.drafted_at ORDER BY d.received_at, d.email_log_id),
                       array_agg(d.replied_at ORDER BY d.received_at, d.email_log_id)
                FROM public.dashboard_emails(\(from)::date, \(to)::date) d
                GROUP BY d.client_id, d.day, d.status, d.category, d.urgency, d.sla_breached
                ON CONFLICT DO NOTHING
                """)
        case .metrics:
            try await connection.query("""
                INSERT INTO rollups.performance_daily (client_id, day, metric_type, samples, total)
                SELECT m.client_id, m.day, m.metric_type, count(*)::int, sum(m.metric_value)
                FROM (
                  SELECT p.client_id, (p.recorded_at AT TIME ZONE coalesce(h.timezone, 'UTC'))::date AS day, p.metric_type, p.metric_value
                  FROM public.performance_metrics p
                  LEFT JOIN public.business_hours h ON h.client_id = p.client_id
                  WHERE p.recorded_at >= (\(from)::date - 1)::timestamp AT TIME ZONE 'UTC'
                    AND p.recorded_at < (\(to)::date + 2)::timestamp AT TIME ZONE 'UTC'
                ) m
                WHERE m.day BETWEEN \(from)::date AND \(to)::date
                GROUP BY m.client_id, m.day, m.metric_type
                ON CONFLICT DO NOTHING
                """)
        }
        try await mark(kind, to, on: connection)
        return (to, count, to >= target)
    }

    /// Moves the mark of `kind` to `day`.
    func mark(_ kind: Rollup, _ day: String, on connection: ServiceConnection) async throws {
        switch kind {
        case .events: try await connection.query("UPDATE floworx.retention_state SET events_rolled_through = \(day)::date")
        case .metrics: try await connection.query("UPDATE floworx.retention_state SET metrics_rolled_through = \(day)::date")
        }
    }

    /// Runs `statement` (which answers the rows it changed) until a batch changes fewer than `policy.batchSize`.
    func inBatches(_ statement: (Int) -> PostgresQuery) async throws -> Int {
        var total = 0
        while true {
            try Task.checkCancellation()
            let changed = try await database.query(statement(policy.batchSize)).collect().first?.decode(Int.self) ?? 0
            total += changed
            if changed < policy.batchSize { return total }
        }
    }
}
