-- 0035 The owner's dashboard analytics as functions of the data API (issue 12, deliverable 4):
-- POST /rest/v1/rpc/{name} with {"p_from": "2026-12-01", "p_to": "2026-12-06"}, or GET with the same in the query.
--
-- SECURITY INVOKER (the default, spelled out) and STABLE: they run as the caller, so row-level security on
-- email_logs, analytics_events, ai_responses and business_hours decides whose mail they count: a business sees only
-- its own, the operator (service_role, which bypasses RLS) every business, one row per business and day (client_id).
-- anon and PUBLIC may not call them. No SET search_path (every name is qualified), so the SQL ones can be inlined.
--
-- The facts come from the public tables only: floworx.* (sla_timers, triage_corrections) is service-only, and an
-- invoker function cannot read it. So:
--   * an email's day is its arrival (email_logs.created_at) in the business's own time zone (business_hours.timezone;
--     UTC without one);
--   * its category is the owner's latest correction (classification_corrected events, written beside every
--     triage_corrections row), else what FloWorx classified it as (the latest email_classified event); null while it
--     is not classified. Its urgency is the classification's;
--   * drafted_at is its first AI draft (ai_responses); replied_at the first reply the owner sent from a FloWorx draft
--     (draft_sent events, from the mailbox sync); sla_breached whether its first-response target was missed
--     (sla_breach events).
-- Ranges are whole local days p_from..p_to, inclusive, at most 366 days: a dashboard asks for a day, a month or a
-- year, and a wider range would read the whole history on every call (22023 otherwise, which the API answers 400).

-- One row per email of the range, with the facts above: what the aggregates below are made of, and the dashboard's
-- drill-down (filter it by day, category or urgency through the API).
CREATE FUNCTION public.dashboard_emails(p_from date, p_to date)
RETURNS TABLE (
    email_log_id uuid, client_id uuid, day date, received_at timestamptz, status text, category text, urgency text,
    drafted_at timestamptz, replied_at timestamptz, sla_breached boolean
)
LANGUAGE plpgsql STABLE SECURITY INVOKER
AS $$
#variable_conflict use_column
DECLARE
    -- A local day of any zone lies within the UTC day before and the one after.
    lower_bound timestamptz;
    upper_bound timestamptz;
BEGIN
    IF p_from IS NULL OR p_to IS NULL THEN
        RAISE EXCEPTION 'p_from and p_to are required' USING ERRCODE = '22023', HINT = 'dates as YYYY-MM-DD';
    END IF;
    IF p_to < p_from THEN
        RAISE EXCEPTION 'p_to (%) is before p_from (%)', p_to, p_from USING ERRCODE = '22023';
    END IF;
    IF p_to - p_from > 365 THEN
        RAISE EXCEPTION 'the range % to % is longer than 366 days', p_from, p_to USING ERRCODE = '22023',
            HINT = 'ask for at most a year at a time';
    END IF;
    lower_bound := (p_from - 1)::timestamp AT TIME ZONE 'UTC';
    upper_bound := (p_to + 2)::timestamp AT TIME ZONE 'UTC';
    RETURN QUERY
    WITH logs AS (
        SELECT l.id, l.client_id, l.status, l.created_at,
               (l.created_at AT TIME ZONE coalesce(h.timezone, 'UTC'))::date AS day
        FROM public.email_logs l
        LEFT JOIN public.business_hours h ON h.client_id = l.client_id
        WHERE l.created_at >= lower_bound AND l.created_at < upper_bound
    ), events AS (
        -- Every event about these emails is written after the email arrived.
        SELECT e.client_id, e.event_type, e.event_data, e.timestamp, e.event_data ->> 'email_log_id' AS log_id
        FROM public.analytics_events e
        WHERE e.event_type IN ('email_classified', 'classification_corrected', 'draft_sent', 'sla_breach')
          AND e.timestamp >= lower_bound
    ), facts AS (
        SELECT ev.client_id, ev.log_id,
               (array_agg(ev.event_data ->> 'to_category' ORDER BY ev.timestamp DESC)
                    FILTER (WHERE ev.event_type = 'classification_corrected'))[1] AS corrected,
               (array_agg(ev.event_data ->> 'category' ORDER BY ev.timestamp DESC)
                    FILTER (WHERE ev.event_type = 'email_classified'))[1] AS classified,
               (array_agg(ev.event_data ->> 'urgency' ORDER BY ev.timestamp DESC)
                    FILTER (WHERE ev.event_type = 'email_classified'))[1] AS urgency,
               min(ev.timestamp) FILTER (WHERE ev.event_type = 'draft_sent') AS replied_at,
               bool_or(ev.event_type = 'sla_breach') AS breached
        FROM events ev
        GROUP BY ev.client_id, ev.log_id
    ), drafts AS (
        SELECT a.email_log_id, min(a.created_at) AS drafted_at
        FROM public.ai_responses a
        WHERE a.created_at >= lower_bound
        GROUP BY a.email_log_id
    )
    SELECT logs.id, logs.client_id, logs.day, logs.created_at, logs.status,
           coalesce(f.corrected, f.classified), f.urgency, d.drafted_at, f.replied_at, coalesce(f.breached, false)
    FROM logs
    LEFT JOIN facts f ON f.client_id = logs.client_id AND f.log_id = logs.id::text
    LEFT JOIN drafts d ON d.email_log_id = logs.id
    WHERE logs.day BETWEEN p_from AND p_to
    ORDER BY logs.created_at, logs.id;
END;
$$;
COMMENT ON FUNCTION public.dashboard_emails(date, date) IS
    'Per email of the local days p_from..p_to: day, status, category (corrected or classified), urgency, first draft, first reply, SLA breach';

-- Emails per day and category.
CREATE FUNCTION public.email_volume_by_category(p_from date, p_to date)
RETURNS TABLE (client_id uuid, day date, category text, emails bigint)
LANGUAGE sql STABLE SECURITY INVOKER
AS $$
    SELECT d.client_id, d.day, d.category, count(*)
    FROM public.dashboard_emails(p_from, p_to) d
    GROUP BY d.client_id, d.day, d.category
    ORDER BY d.day, d.category NULLS LAST, d.client_id
$$;
COMMENT ON FUNCTION public.email_volume_by_category(date, date) IS
    'Emails per local day and category (null: not classified) of p_from..p_to';

-- Per day: every email, the escalated ones, the SLA breaches, and the emails by urgency.
CREATE FUNCTION public.escalation_summary(p_from date, p_to date)
RETURNS TABLE (
    client_id uuid, day date, total bigint, escalated bigint, sla_breaches bigint,
    critical bigint, high bigint, normal bigint, low bigint
)
LANGUAGE sql STABLE SECURITY INVOKER
AS $$
    SELECT d.client_id, d.day, count(*),
           count(*) FILTER (WHERE d.status = 'escalated'),
           count(*) FILTER (WHERE d.sla_breached),
           count(*) FILTER (WHERE d.urgency = 'critical'),
           count(*) FILTER (WHERE d.urgency = 'high'),
           count(*) FILTER (WHERE d.urgency = 'normal'),
           count(*) FILTER (WHERE d.urgency = 'low')
    FROM public.dashboard_emails(p_from, p_to) d
    GROUP BY d.client_id, d.day
    ORDER BY d.day, d.client_id
$$;
COMMENT ON FUNCTION public.escalation_summary(date, date) IS
    'Per local day of p_from..p_to: emails, escalated, SLA breaches, and emails by urgency';

-- Median and 90th percentile, in seconds, from an email's arrival to its first draft and to the owner's reply.
CREATE FUNCTION public.response_times(p_from date, p_to date)
RETURNS TABLE (
    client_id uuid, emails bigint,
    drafted bigint, draft_median_seconds double precision, draft_p90_seconds double precision,
    replied bigint, reply_median_seconds double precision, reply_p90_seconds double precision
)
LANGUAGE sql STABLE SECURITY INVOKER
AS $$
    SELECT t.client_id, count(*),
           count(t.to_draft),
           round(percentile_cont(0.5) WITHIN GROUP (ORDER BY t.to_draft)::numeric, 1)::float8,
           round(percentile_cont(0.9) WITHIN GROUP (ORDER BY t.to_draft)::numeric, 1)::float8,
           count(t.to_reply),
           round(percentile_cont(0.5) WITHIN GROUP (ORDER BY t.to_reply)::numeric, 1)::float8,
           round(percentile_cont(0.9) WITHIN GROUP (ORDER BY t.to_reply)::numeric, 1)::float8
    FROM (
        SELECT d.client_id,
               extract(epoch FROM d.drafted_at - d.received_at)::float8 AS to_draft,
               extract(epoch FROM d.replied_at - d.received_at)::float8 AS to_reply
        FROM public.dashboard_emails(p_from, p_to) d
    ) t
    GROUP BY t.client_id
    ORDER BY t.client_id
$$;
COMMENT ON FUNCTION public.response_times(date, date) IS
    'Per business over p_from..p_to: median and p90 seconds from arrival to the first draft and to the reply sent';

REVOKE EXECUTE ON FUNCTION
    public.dashboard_emails(date, date),
    public.email_volume_by_category(date, date),
    public.escalation_summary(date, date),
    public.response_times(date, date)
FROM PUBLIC, anon;
GRANT EXECUTE ON FUNCTION
    public.dashboard_emails(date, date),
    public.email_volume_by_category(date, date),
    public.escalation_summary(date, date),
    public.response_times(date, date)
TO authenticated, service_role;
