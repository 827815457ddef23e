-- 0064 Data lifecycle (issue 14, item 6): daily rollups that outlive the raw rows, so retention can delete old
-- analytics_events and performance_metrics while the dashboard keeps showing the same figures for old days.
--
-- The rollups live in their own schema, `rollups`: the data API publishes schema public only, and floworx.* is
-- service-only, while the dashboard's invoker functions (0035) read the rollups as the caller. Row-level security
-- keeps a business to its own rows, as on the tables they summarise (ENABLE, not FORCE, as the seed does: the owner,
-- FloWorx's service connection, writes them).
--
-- `rollups.analytics_daily`: one row per business, local day and group of emails with the same facts (status,
-- category, urgency, SLA breach), frozen when retention rolls the day up (RetentionRunner, `floworx retention run`):
-- the count of emails and, aligned by position, each email's id and times. The times are kept because the
-- dashboard's response-time percentiles and the web page's business-hours times need the per-email values (a
-- median of daily medians is not the median); an email then costs ~40 bytes here instead of its events' rows.
-- dashboard_emails (below) answers rolled-up days from here and the others from the live tables, so the aggregate
-- functions built on it (email_volume_by_category, escalation_summary, response_times) need no change.

CREATE SCHEMA rollups;
REVOKE ALL ON SCHEMA rollups FROM PUBLIC;
GRANT USAGE ON SCHEMA rollups TO authenticated, service_role;
COMMENT ON SCHEMA rollups IS 'Daily rollups kept for the dashboard after retention deletes the raw rows (docs/operations.md)';

CREATE TABLE rollups.analytics_daily (
    client_id uuid NOT NULL REFERENCES public.profiles(id) ON DELETE CASCADE,
    day date NOT NULL,
    status text NOT NULL,
    category text,
    urgency text,
    sla_breached boolean NOT NULL,
    emails integer NOT NULL CHECK (emails > 0),
    email_log_ids uuid[] NOT NULL,
    received_at timestamptz[] NOT NULL,
    drafted_at timestamptz[] NOT NULL,
    replied_at timestamptz[] NOT NULL,
    rolled_up_at timestamptz NOT NULL DEFAULT now(),
    CHECK (cardinality(email_log_ids) = emails AND cardinality(received_at) = emails
           AND cardinality(drafted_at) = emails AND cardinality(replied_at) = emails)
);
CREATE UNIQUE INDEX analytics_daily_group ON rollups.analytics_daily (client_id, day, status, category, urgency, sla_breached)
    NULLS NOT DISTINCT;
COMMENT ON TABLE rollups.analytics_daily IS
    'Per business, local day and (status, category, urgency, SLA breach): the emails of a day whose events retention deleted';

-- Per business, local day and metric type: what performance_metrics held before retention deleted it.
CREATE TABLE rollups.performance_daily (
    client_id uuid NOT NULL REFERENCES public.profiles(id) ON DELETE CASCADE,
    day date NOT NULL,
    metric_type text NOT NULL,
    samples integer NOT NULL CHECK (samples > 0),
    total numeric NOT NULL,
    rolled_up_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (client_id, day, metric_type)
);
COMMENT ON TABLE rollups.performance_daily IS 'Per business, local day and metric type: count and sum of performance_metrics';

REVOKE ALL ON TABLE rollups.analytics_daily, rollups.performance_daily FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT ON TABLE rollups.analytics_daily, rollups.performance_daily TO authenticated;
GRANT ALL ON TABLE rollups.analytics_daily, rollups.performance_daily TO service_role;
ALTER TABLE rollups.analytics_daily ENABLE ROW LEVEL SECURITY;
ALTER TABLE rollups.performance_daily ENABLE ROW LEVEL SECURITY;
CREATE POLICY "Users can view own daily analytics" ON rollups.analytics_daily
    FOR SELECT TO authenticated
    USING (client_id = (select auth.uid()));
CREATE POLICY "Users can view own daily performance" ON rollups.performance_daily
    FOR SELECT TO authenticated
    USING (client_id = (select auth.uid()));

-- Where retention stands: local days up to *_rolled_through are in the rollups (a day is rolled up in the same
-- transaction that moves the mark, so it is all or nothing); last_run_at lets several processes share one daily run.
CREATE TABLE floworx.retention_state (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    events_rolled_through date,
    metrics_rolled_through date,
    last_run_at timestamptz,
    last_report jsonb
);
INSERT INTO floworx.retention_state DEFAULT VALUES;
REVOKE ALL ON floworx.retention_state FROM PUBLIC;
COMMENT ON TABLE floworx.retention_state IS 'Retention: days rolled up so far, and the last run (RetentionRunner)';

-- Retention finds old rows by time, in batches; without these each batch would scan the table.
CREATE INDEX idx_analytics_events_timestamp ON public.analytics_events (timestamp);
CREATE INDEX idx_performance_metrics_recorded_at ON public.performance_metrics (recorded_at);
CREATE INDEX idx_error_logs_created_at ON public.error_logs (created_at);
CREATE INDEX idx_email_logs_body_kept ON public.email_logs (created_at) WHERE body IS NOT NULL;

-- dashboard_emails of 0035, with the rolled-up days read from rollups.analytics_daily. A business's day is either
-- rolled up (every email of it is in the rollup) or live; the live part leaves out the rolled-up days.
CREATE OR REPLACE FUNCTION public.dashboard_emails(p_from date, p_to date)
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
    ), live AS (
        SELECT logs.* FROM logs
        WHERE logs.day BETWEEN p_from AND p_to
          AND NOT EXISTS (SELECT 1 FROM rollups.analytics_daily r WHERE r.client_id = logs.client_id AND r.day = logs.day)
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
    ), rolled AS (
        SELECT u.id, r.client_id, r.day, u.received_at, r.status, r.category, r.urgency, u.drafted_at, u.replied_at,
               r.sla_breached
        FROM rollups.analytics_daily r
        CROSS JOIN LATERAL unnest(r.email_log_ids, r.received_at, r.drafted_at, r.replied_at)
            AS u(id, received_at, drafted_at, replied_at)
        WHERE r.day BETWEEN p_from AND p_to
    )
    SELECT t.* FROM (
        SELECT live.id, live.client_id, live.day, live.created_at AS received_at, live.status,
               coalesce(f.corrected, f.classified) AS category, f.urgency, d.drafted_at, f.replied_at,
               coalesce(f.breached, false) AS sla_breached
        FROM live
        LEFT JOIN facts f ON f.client_id = live.client_id AND f.log_id = live.id::text
        LEFT JOIN drafts d ON d.email_log_id = live.id
        UNION ALL
        SELECT * FROM rolled
    ) t
    ORDER BY t.received_at, t.id;
END;
$$;
COMMENT ON FUNCTION public.dashboard_emails(date, date) IS
    'Per email of the local days p_from..p_to: day, status, category (corrected or classified), urgency, first draft, first reply, SLA breach';
