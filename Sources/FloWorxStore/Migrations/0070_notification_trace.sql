-- Issue 14, tracing: an alert carries the trace context of the email job whose completion wrote it (the W3C
-- `traceparent` of its floworx.email.process span, NULL while tracing is off), and its delivery job's payload carries
-- it on, so the delivery is a span of the email's trace. Otherwise as 0032.
ALTER TABLE floworx.notifications ADD COLUMN traceparent text CHECK (length(traceparent) = 55);
COMMENT ON COLUMN floworx.notifications.traceparent IS 'W3C traceparent of the email job that wrote the row (tracing on only)';

CREATE OR REPLACE FUNCTION floworx.queue_notification_delivery() RETURNS trigger
LANGUAGE plpgsql SET search_path = '' AS $$
BEGIN
    INSERT INTO floworx.jobs (kind, payload, dedupe_key, client_id, max_attempts)
    SELECT 'notification.deliver', jsonb_strip_nulls(jsonb_build_object('notification_id', n.id, 'traceparent', n.traceparent)),
           n.id::text, n.client_id, 8
    FROM new_rows n WHERE n.status = 'pending'
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;
