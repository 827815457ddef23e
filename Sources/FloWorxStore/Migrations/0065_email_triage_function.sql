-- 0065 One definition of "what FloWorx found in an email" for the web app's inbox, email page and rule tester
-- (duplication D5): the latest email_classified event, the owner's latest correction, and the category and urgency
-- they give. InboxRepository (list and detail) and RulesRepository (recent emails) each carried the same two lateral
-- joins over analytics_events; they now join this function instead:
--
--   LEFT JOIN LATERAL rollups.email_triage(l.client_id, l.id) t ON true
--
-- Once retention (0064) has deleted an email's events, its category and urgency come from the daily rollup, so old
-- mail keeps its category in the inbox; the classification's details (reasons, entities) and whether the category was
-- a correction are not kept there.
--
-- LANGUAGE sql, STABLE, SECURITY INVOKER, no SET: the planner inlines it into the caller's query, so it costs what
-- the joins it replaces cost, and row-level security applies as the caller. It lives beside the rollups it reads,
-- outside schema public, so the data API does not publish it as an RPC.

-- The rollup's email ids, searchable (the fallback looks an email up by id).
CREATE INDEX analytics_daily_email_log_ids ON rollups.analytics_daily USING gin (email_log_ids);

CREATE FUNCTION rollups.email_triage(p_client_id uuid, p_email_log_id uuid)
RETURNS TABLE (classification jsonb, corrected_category text, category text, urgency text)
LANGUAGE sql STABLE SECURITY INVOKER
AS $$
    SELECT cls.event_data,
           corr.to_category,
           coalesce(corr.to_category, cls.event_data ->> 'category', rolled.category),
           coalesce(cls.event_data ->> 'urgency', rolled.urgency)
    FROM (SELECT 1) AS one
    LEFT JOIN LATERAL (
        SELECT e.event_data FROM public.analytics_events e
        WHERE e.client_id = p_client_id AND e.event_type = 'email_classified'
          AND e.event_data ->> 'email_log_id' = p_email_log_id::text
        ORDER BY e.timestamp DESC LIMIT 1
    ) cls ON true
    LEFT JOIN LATERAL (
        SELECT e.event_data ->> 'to_category' AS to_category FROM public.analytics_events e
        WHERE e.client_id = p_client_id AND e.event_type = 'classification_corrected'
          AND e.event_data ->> 'email_log_id' = p_email_log_id::text
        ORDER BY e.timestamp DESC LIMIT 1
    ) corr ON true
    -- Read only when the events are gone (a one-time filter on the two above).
    LEFT JOIN LATERAL (
        SELECT r.category, r.urgency FROM rollups.analytics_daily r
        WHERE cls.event_data IS NULL AND corr.to_category IS NULL
          AND r.client_id = p_client_id AND r.email_log_ids @> ARRAY[p_email_log_id]
        LIMIT 1
    ) rolled ON true
$$;
COMMENT ON FUNCTION rollups.email_triage(uuid, uuid) IS
    'An email''s latest classification event, the owner''s latest correction, and its category and urgency (from the daily rollup once retention deleted the events)';
REVOKE EXECUTE ON FUNCTION rollups.email_triage(uuid, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rollups.email_triage(uuid, uuid) TO authenticated, service_role;
