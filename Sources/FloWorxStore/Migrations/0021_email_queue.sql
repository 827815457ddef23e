-- The email queue's wake-up call and the indexes its maintenance needs.
--
-- Workers LISTEN on channel floworx_email_queue. One NOTIFY per inserting statement (not per row) wakes them
-- when jobs are enqueued in a batch; polling remains the fallback for jobs scheduled in the future.

CREATE FUNCTION floworx.notify_email_queue() RETURNS trigger
LANGUAGE plpgsql
SET search_path = ''
AS $$
BEGIN
  PERFORM pg_notify('floworx_email_queue', '');
  RETURN NULL;
END;
$$;

CREATE TRIGGER notify_email_queue_insert
  AFTER INSERT ON public.email_queue
  FOR EACH STATEMENT EXECUTE FUNCTION floworx.notify_email_queue();

-- Jobs put back to pending (lease reclaim, dead-letter replay) notify explicitly: a trigger on every status
-- change would also fire on each completion batch, and NOTIFY serialises commits on a global lock.

-- `floworx dlq list` and replay look dead letters up by status.
CREATE INDEX idx_dead_letter_queue_status_created ON public.dead_letter_queue (status, created_at);

-- Cleanup of failed jobs (their data lives on in dead_letter_queue).
CREATE INDEX idx_email_queue_failed_updated_at ON public.email_queue (updated_at) WHERE status = 'failed';

-- Escalation rules count recent messages per sender (sender_recent_count).
CREATE INDEX idx_email_logs_client_sender_created ON public.email_logs (client_id, lower(from_email), created_at);
