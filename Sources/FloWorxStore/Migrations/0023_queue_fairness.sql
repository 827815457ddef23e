-- 0023 Fairness between tenants: the index the fair claim walks, and ingestion rate limits.
--
-- EmailQueue.claim takes every tenant's next due jobs in turns (each tenant's first job, then each
-- tenant's second, ...; priority then age within a turn and within a tenant), so one tenant's
-- backlog cannot starve another. It finds the tenants with due jobs by skipping from one
-- client_id to the next in this index, and reads each tenant's next jobs from it in claim order.
CREATE INDEX idx_email_queue_pending_client
    ON public.email_queue (client_id, priority DESC NULLS LAST, scheduled_for)
    WHERE status = 'pending';

-- Ingestion rate limit per client: a token bucket of `tokens` at `refilled_at`, refilled at the
-- configured rate up to the configured burst (the API's settings; several API processes share
-- the bucket through this row). A refused request writes nothing: the row changes only when
-- tokens are taken.
CREATE TABLE floworx.ingest_buckets (
    client_id uuid PRIMARY KEY REFERENCES public.profiles(id) ON DELETE CASCADE,
    tokens double precision NOT NULL,
    refilled_at timestamptz NOT NULL
);

COMMENT ON TABLE floworx.ingest_buckets IS 'Ingestion rate limit per client (token bucket; POST /api/v1/emails)';


-- Claims up to batch_size due jobs, taking turns between clients: every client's first job (by
-- priority, then scheduled_for) comes before any client's second, and so on; within a turn, higher
-- priority and then older jobs first. per_client > 0 also caps the jobs one client gets per batch.
-- The clients are visited from start_client upward, wrapping around (the caller passes a random
-- one), at most batch_size of them: more could not all get a job in this batch anyway, and the
-- random start spreads the turns over all of them across batches.
-- The jobs are locked FOR UPDATE SKIP LOCKED in claim order and marked processing; the returned
-- token is the row version the claim wrote (the fence of completion, retry and release).
CREATE FUNCTION floworx.claim_email_jobs(start_client uuid, batch_size int, per_client int)
RETURNS TABLE (job_id uuid, job_client_id uuid, job_email_log_id uuid, job_dead_letter_id uuid, job_email_data text,
               job_retry_count int, job_priority int, job_token text)
LANGUAGE plpgsql
SET search_path = ''
AS $$
DECLARE
    clients uuid[] := '{}';
    current_client uuid;
    wrapped boolean := false;
    share int;
BEGIN
    IF batch_size < 1 THEN
        RETURN;
    END IF;
    -- The clients with due jobs: one descent of idx_email_queue_pending_client each.
    current_client := (
        SELECT q.client_id FROM public.email_queue q
        WHERE q.status = 'pending' AND q.scheduled_for <= now() AND q.client_id >= start_client
        ORDER BY q.client_id, q.priority DESC NULLS LAST, q.scheduled_for LIMIT 1);
    IF current_client IS NULL THEN
        wrapped := true;
        current_client := (
            SELECT q.client_id FROM public.email_queue q
            WHERE q.status = 'pending' AND q.scheduled_for <= now() AND q.client_id < start_client
            ORDER BY q.client_id, q.priority DESC NULLS LAST, q.scheduled_for LIMIT 1);
    END IF;
    WHILE current_client IS NOT NULL AND cardinality(clients) < batch_size LOOP
        clients := array_append(clients, current_client);
        IF wrapped THEN
            current_client := (
                SELECT q.client_id FROM public.email_queue q
                WHERE q.status = 'pending' AND q.scheduled_for <= now() AND q.client_id > current_client AND q.client_id < start_client
                ORDER BY q.client_id, q.priority DESC NULLS LAST, q.scheduled_for LIMIT 1);
        ELSE
            current_client := (
                SELECT q.client_id FROM public.email_queue q
                WHERE q.status = 'pending' AND q.scheduled_for <= now() AND q.client_id > current_client
                ORDER BY q.client_id, q.priority DESC NULLS LAST, q.scheduled_for LIMIT 1);
            IF current_client IS NULL THEN
                wrapped := true;
                current_client := (
                    SELECT q.client_id FROM public.email_queue q
                    WHERE q.status = 'pending' AND q.scheduled_for <= now() AND q.client_id < start_client
                    ORDER BY q.client_id, q.priority DESC NULLS LAST, q.scheduled_for LIMIT 1);
            END IF;
        END IF;
    END LOOP;

    IF cardinality(clients) = 0 THEN
        RETURN;
    END IF;

    IF cardinality(clients) = 1 THEN
        -- One client: its jobs in priority order, the plain claim.
        RETURN QUERY
            WITH next AS (
                SELECT q.id FROM public.email_queue q
                WHERE q.status = 'pending' AND q.scheduled_for <= now()
                ORDER BY q.priority DESC NULLS LAST, q.scheduled_for
                LIMIT CASE WHEN per_client > 0 THEN least(batch_size, per_client) ELSE batch_size END
                FOR UPDATE SKIP LOCKED
            ), claimed AS (
                UPDATE public.email_queue q SET status = 'processing'
                WHERE q.id = ANY (ARRAY(SELECT next.id FROM next))
                RETURNING q.id, q.client_id, (q.email_data->>'email_log_id')::uuid, (q.email_data->>'dead_letter_id')::uuid,
                          q.email_data::text, coalesce(q.retry_count, 0), coalesce(q.priority, 1), q.xmin::text
            )
            SELECT * FROM claimed;
        RETURN;
    END IF;

    -- Each client's first jobs are candidates: enough of them that the batch fills when the
    -- clients have jobs to spare (twice an even share), topped up by the overall first jobs (so
    -- that a batch still fills when most clients have only one or two). Candidates are numbered
    -- by their turn within their client, then locked in (turn, priority, age) order.
    share := least(batch_size, ceil(2.0 * batch_size / cardinality(clients)));
    RETURN QUERY
        WITH candidates AS (
            SELECT j.id, j.client_id, j.priority, j.scheduled_for
            FROM unnest(clients) AS c(client_id)
            CROSS JOIN LATERAL (
                SELECT q.id, q.client_id, q.priority, q.scheduled_for FROM public.email_queue q
                WHERE q.client_id = c.client_id AND q.status = 'pending' AND q.scheduled_for <= now()
                ORDER BY q.priority DESC NULLS LAST, q.scheduled_for
                LIMIT share
            ) j
            UNION
            (SELECT q.id, q.client_id, q.priority, q.scheduled_for FROM public.email_queue q
             WHERE q.status = 'pending' AND q.scheduled_for <= now()
             ORDER BY q.priority DESC NULLS LAST, q.scheduled_for
             LIMIT batch_size)
        ), turns AS (
            SELECT cand.id, cand.priority, cand.scheduled_for,
                   row_number() OVER (PARTITION BY cand.client_id ORDER BY cand.priority DESC NULLS LAST, cand.scheduled_for, cand.id) AS turn
            FROM candidates cand
        ), next AS (
            SELECT locked.id
            FROM (SELECT t.id, t.turn, t.priority, t.scheduled_for FROM turns t
                  WHERE per_client <= 0 OR t.turn <= per_client
                  ORDER BY t.turn, t.priority DESC NULLS LAST, t.scheduled_for, t.id) ordered
            CROSS JOIN LATERAL (
                -- Locked one at a time in claim order, so that the LIMIT stops the locking.
                SELECT q.id FROM public.email_queue q
                WHERE q.id = ordered.id AND q.status = 'pending' AND q.scheduled_for <= now()
                FOR UPDATE SKIP LOCKED
            ) locked
            LIMIT batch_size
        ), claimed AS (
            UPDATE public.email_queue q SET status = 'processing'
            WHERE q.id = ANY (ARRAY(SELECT next.id FROM next))
            RETURNING q.id, q.client_id, (q.email_data->>'email_log_id')::uuid, (q.email_data->>'dead_letter_id')::uuid,
                          q.email_data::text, coalesce(q.retry_count, 0), coalesce(q.priority, 1), q.xmin::text
        )
        SELECT * FROM claimed;
END
$$;

REVOKE EXECUTE ON FUNCTION floworx.claim_email_jobs(uuid, int, int) FROM PUBLIC;
