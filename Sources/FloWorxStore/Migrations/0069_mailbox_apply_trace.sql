-- Issue 14, tracing: the mailbox write-back job an email's completion queues carries the email's W3C trace context
-- (`traceparent`, present in email_data only while tracing is on), so the job worker's span and the provider calls
-- under it join the email's trace. Otherwise as 0030: jsonb_strip_nulls drops the key when the email has none.
CREATE OR REPLACE FUNCTION floworx.queue_mailbox_apply() RETURNS trigger
LANGUAGE plpgsql SET search_path = '' AS $$
BEGIN
    -- A mailbox disconnected and deleted meanwhile has nothing to write back to.
    INSERT INTO floworx.jobs (kind, dedupe_key, integration_id, client_id, payload)
    SELECT 'mailbox.apply', NEW.email_data->>'email_log_id', i.id, NEW.client_id,
           jsonb_strip_nulls(jsonb_build_object(
               'email_log_id', NEW.email_data->'email_log_id', 'message_id', NEW.email_data->'message_id',
               'thread_id', NEW.email_data->'thread_id', 'from', NEW.email_data->'from', 'reply_to', NEW.email_data->'reply_to',
               'subject', NEW.email_data->'subject', 'rfc_message_id', NEW.email_data->'headers'->'message_id',
               'references', NEW.email_data->'headers'->'references', 'traceparent', NEW.email_data->'traceparent'))
    FROM public.integrations i WHERE i.id = (NEW.email_data->>'integration_id')::uuid
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;
