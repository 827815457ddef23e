import FloWorxCore
import Foundation
import PostgresNIO

/// `floworx.sla_timers`: first-response timers started with an email's job completion, answered from the mailbox or
/// the API, and breached by the `sla.check` job. Every write is one statement, so a timer is never half-breached and
/// a restart loses nothing.
public struct SLATimerRepository: Sendable {
    let database: ServiceDatabase

    public init(database: ServiceDatabase) {
        self.database = database
    }

    /// Starts timers (the same rows the job completion inserts; for tools and tests). A timer that exists for the
    /// email is kept. Returns how many were started.
    @discardableResult
    public func start(_ timers: [(emailLogId: UUID, clientId: UUID, timer: SLATimerStart)]) async throws -> Int {
        var columns = SLATimerColumns()
        for item in timers { columns.append(item.timer, emailLogId: item.emailLogId, clientId: item.clientId, jobId: item.emailLogId) }
        guard !columns.isEmpty else { return 0 }
        return try await database.query("""
            INSERT INTO floworx.sla_timers (email_log_id, client_id, started_at, due_at, target_minutes, category, thread_id)
            SELECT s.log_id, s.client_id, to_timestamp(s.started), to_timestamp(s.due), s.minutes, s.category, nullif(s.thread, '')
            FROM unnest(\(columns.logs)::uuid[], \(columns.clients)::uuid[], \(columns.started)::float8[], \(columns.due)::float8[],
                        \(columns.minutes)::int8[], \(columns.categories)::text[], \(columns.threads)::text[])
                 AS s(log_id, client_id, started, due, minutes, category, thread)
            ON CONFLICT (email_log_id) DO NOTHING
            RETURNING 1
            """).collect().count
    }

    /// The timer of one email of the client, if it has one.
    public func timer(clientId: UUID, emailLogId: UUID) async throws -> SLATimer? {
        let rows = try await database.query("""
            SELECT \(unescaped: Self.columns) FROM floworx.sla_timers
            WHERE email_log_id = \(emailLogId) AND client_id = \(clientId)
            """).collect()
        return try rows.first.map(Self.timer)
    }

    /// Records that the email was answered. A pending timer becomes `answered`; a breached one stays breached and
    /// records the late answer; the first answer is kept (idempotent). Returns the timer, `nil` when the email has none.
    @discardableResult
    public func markAnswered(clientId: UUID, emailLogId: UUID, by: SLATimer.AnsweredBy) async throws -> SLATimer? {
        let rows = try await database.query("""
            WITH marked AS (
              UPDATE floworx.sla_timers
              SET status = CASE WHEN status = 'pending' THEN 'answered' ELSE status END,
                  answered_at = coalesce(answered_at, now()), answered_by = coalesce(answered_by, \(by.rawValue)), updated_at = now()
              WHERE email_log_id = \(emailLogId) AND client_id = \(clientId) AND status IN ('pending', 'breached') AND answered_at IS NULL
              RETURNING \(unescaped: Self.columns)
            )
            SELECT * FROM marked
            UNION ALL
            SELECT \(unescaped: Self.columns) FROM floworx.sla_timers
            WHERE email_log_id = \(emailLogId) AND client_id = \(clientId) AND NOT EXISTS (SELECT 1 FROM marked)
            """).collect()
        return try rows.first.map(Self.timer)
    }

    /// Records that a message was sent in these threads of the client's mailbox: the pending (or breached, not yet
    /// answered) timers of emails in them are answered from the mailbox. Returns how many timers it answered.
    @discardableResult
    public func markAnswered(clientId: UUID, threadIds: [String]) async throws -> Int {
        guard !threadIds.isEmpty else { return 0 }
        return try await database.query("""
            UPDATE floworx.sla_timers
            SET status = CASE WHEN status = 'pending' THEN 'answered' ELSE status END,
                answered_at = now(), answered_by = 'mailbox', updated_at = now()
            WHERE client_id = \(clientId) AND thread_id = ANY(\(threadIds)::text[]) AND status IN ('pending', 'breached') AND answered_at IS NULL
            RETURNING 1
            """).collect().count
    }

    /// Breaches up to `limit` due pending timers in one statement: each is marked breached, its email escalated (a
    /// `processed` email log becomes `escalated`), an `sla_breach` analytics event is written, and the breach
    /// notifications are queued in the outbox (`floworx.notifications`, whose trigger queues their delivery jobs).
    /// Several checkers may run at once: the claim skips timers another one holds, and every notification has a
    /// dedupe key (`sla:<email_log_id>:<recipient>:<channel>`), so a breach is alerted once.
    ///
    /// Recipients: the managers with role `owner`, or every manager when none has it, or, for a business without
    /// managers, its contact email (`client_config.contact.email`) or else the account's email. Channels follow the
    /// business's `notification_settings` (the latest row; the column defaults without one): nothing when
    /// `escalation_alerts` is off; email to each recipient when `email_notifications`; SMS to each recipient's phone when
    /// `sms_notifications` (a recipient without a phone gets a `skipped` row saying so, keyed by their email address);
    /// push once to the business account (its user id) when `push_notifications`.
    public func breachDue(limit: Int = 200, linkPath: String = "/app/emails/") async throws -> [SLABreach] {
        let rows = try await database.query("""
            WITH due AS (
              SELECT t.email_log_id FROM floworx.sla_timers t
              WHERE t.status = 'pending' AND t.due_at <= now()
              ORDER BY t.due_at
              LIMIT \(limit)
              FOR UPDATE SKIP LOCKED
            ), breached AS (
              UPDATE floworx.sla_timers t SET status = 'breached', breached_at = now(), updated_at = now()
              FROM due WHERE t.email_log_id = due.email_log_id AND t.status = 'pending'
              RETURNING t.email_log_id, t.client_id, t.started_at, t.due_at, t.target_minutes, t.category
            ), escalated AS (
              UPDATE public.email_logs l SET status = 'escalated'
              FROM breached b WHERE l.id = b.email_log_id AND l.status = 'processed'
              RETURNING 1
            ), events AS (
              INSERT INTO public.analytics_events (client_id, event_type, event_data)
              SELECT b.client_id, 'sla_breach', jsonb_build_object(
                       'email_log_id', b.email_log_id, 'target_minutes', b.target_minutes, 'due_at', b.due_at,
                       'started_at', b.started_at, 'category', b.category)
              FROM breached b
              RETURNING 1
            ), info AS (
              SELECT b.*, jsonb_build_object(
                       'kind', 'sla_breach', 'email_log_id', b.email_log_id, 'subject', left(coalesce(l.subject, ''), 500),
                       'sender', l.from_email, 'category', b.category, 'started_at', b.started_at, 'due_at', b.due_at,
                       'target_minutes', b.target_minutes, 'link', \(linkPath) || b.email_log_id::text) AS content
              FROM breached b JOIN public.email_logs l ON l.id = b.email_log_id
            ), settings AS (
              SELECT c.client_id,
                     coalesce(s.email_notifications, true) AS email, coalesce(s.sms_notifications, false) AS sms,
                     coalesce(s.push_notifications, true) AS push, coalesce(s.escalation_alerts, true) AS alerts
              FROM (SELECT DISTINCT client_id FROM breached) c
              LEFT JOIN LATERAL (
                SELECT * FROM public.notification_settings n WHERE n.client_id = c.client_id
                ORDER BY n.updated_at DESC NULLS LAST, n.created_at DESC NULLS LAST LIMIT 1
              ) s ON true
            ), managers AS (
              SELECT p.id AS client_id, m.value AS manager
              FROM public.profiles p
              CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(p.managers) = 'array' THEN p.managers ELSE '[]'::jsonb END) AS m(value)
              WHERE p.id IN (SELECT client_id FROM breached) AND coalesce(btrim(m.value->>'email'), '') <> ''
            ), recipients AS (
              SELECT DISTINCT ON (m.client_id, lower(btrim(m.manager->>'email')))
                     m.client_id, lower(btrim(m.manager->>'email')) AS email, left(m.manager->>'name', 200) AS name,
                     nullif(btrim(m.manager->>'phone'), '') AS phone
              FROM managers m
              WHERE m.manager->'roles' @> '["owner"]'::jsonb
                 OR NOT EXISTS (SELECT 1 FROM managers o WHERE o.client_id = m.client_id AND o.manager->'roles' @> '["owner"]'::jsonb)
              UNION ALL
              SELECT p.id, lower(btrim(coalesce(nullif(btrim(p.client_config->'contact'->>'email'), ''), u.email))),
                     left(coalesce(p.client_config->'contact'->>'name', p.client_config->'business'->>'name'), 200),
                     nullif(btrim(p.client_config->'contact'->>'after_hours_phone'), '')
              FROM public.profiles p JOIN auth.users u ON u.id = p.id
              WHERE p.id IN (SELECT client_id FROM breached) AND NOT EXISTS (SELECT 1 FROM managers m WHERE m.client_id = p.id)
                AND coalesce(nullif(btrim(p.client_config->'contact'->>'email'), ''), u.email) IS NOT NULL
            ), planned AS (
              SELECT i.client_id, i.email_log_id, 'email' AS channel, r.email AS recipient, r.name AS recipient_name, i.content,
                     NULL::text AS reason
              FROM info i JOIN settings s USING (client_id) JOIN recipients r USING (client_id)
              WHERE s.alerts AND s.email
              UNION ALL
              SELECT i.client_id, i.email_log_id, 'sms', coalesce(r.phone, r.email), r.name, i.content,
                     CASE WHEN r.phone IS NULL THEN coalesce(r.name, r.email) || ' has no phone number for SMS' END
              FROM info i JOIN settings s USING (client_id) JOIN recipients r USING (client_id)
              WHERE s.alerts AND s.sms
              UNION ALL
              SELECT i.client_id, i.email_log_id, 'push', i.client_id::text, NULL, i.content, NULL
              FROM info i JOIN settings s USING (client_id)
              WHERE s.alerts AND s.push
            ), notified AS (
              INSERT INTO floworx.notifications (client_id, email_log_id, kind, channel, recipient, recipient_name, dedupe_key, content, status, reason)
              SELECT client_id, email_log_id, 'sla_breach', channel, left(recipient, 320), recipient_name,
                     'sla:' || email_log_id::text || ':' || left(recipient, 320) || ':' || channel, content,
                     CASE WHEN reason IS NULL THEN 'pending' ELSE 'skipped' END, reason
              FROM planned
              ON CONFLICT (dedupe_key) DO NOTHING
              RETURNING 1
            )
            SELECT b.email_log_id, b.client_id, b.due_at, b.target_minutes,
                   (SELECT count(*) FROM escalated) + (SELECT count(*) FROM events) + (SELECT count(*) FROM notified)
            FROM breached b
            """)
        var breaches: [SLABreach] = []
        for try await (log, client, due, minutes, _) in rows.decode((UUID, UUID, Date, Int, Int).self) {
            breaches.append(SLABreach(emailLogId: log, clientId: client, dueAt: due, targetMinutes: minutes))
        }
        return breaches
    }

    static let columns = """
        email_log_id, client_id, started_at, due_at, target_minutes, category, thread_id, status, answered_at, answered_by, breached_at
        """

    static func timer(_ row: PostgresRow) throws -> SLATimer {
        let (log, client, started, due, minutes, category, thread, status, answeredAt, answeredBy, breachedAt) =
            try row.decode((UUID, UUID, Date, Date, Int, String?, String?, String, Date?, String?, Date?).self)
        return SLATimer(emailLogId: log, clientId: client, startedAt: started, dueAt: due, targetMinutes: minutes, category: category,
                        threadId: thread, status: status, answeredAt: answeredAt, answeredBy: answeredBy.flatMap(SLATimer.AnsweredBy.init),
                        breachedAt: breachedAt)
    }
}
