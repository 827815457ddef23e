-- Issue 11: the notification outbox. Rows are written in the same statement as the work that causes them (the
-- completion of an email's job: escalation alerts and forwards; the SLA and digest jobs: breaches and digests), so a
-- notification exists exactly when its cause committed. A trigger queues one `notification.deliver` job per pending
-- row in the same transaction; delivery workers claim those jobs like any other (retries, backoff, dead letters).
CREATE TABLE floworx.notifications (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    client_id uuid NOT NULL REFERENCES public.profiles(id) ON DELETE CASCADE,
    email_log_id uuid REFERENCES public.email_logs(id) ON DELETE SET NULL,
    kind text NOT NULL CHECK (kind IN ('escalation', 'forward', 'sla_breach', 'digest', 'summary')),
    channel text NOT NULL CHECK (channel IN ('email', 'sms', 'push')),
    -- email: an address; sms: an E.164 number; push: the user id whose subscriptions receive it.
    recipient text NOT NULL CHECK (length(recipient) BETWEEN 1 AND 320),
    recipient_name text CHECK (length(recipient_name) <= 200),
    -- Flood control and idempotence: one row per (cause, recipient, channel); a repeat of the same cause within its
    -- window folds into the existing row (`content.repeats`) instead of raising another alert.
    dedupe_key text NOT NULL UNIQUE CHECK (length(dedupe_key) <= 500),
    -- What the alert is about (category, urgency, sender, subject, first lines, phone, address, open or closed, link):
    -- rendered per channel at delivery time. Never holds a secret or a token.
    content jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(content) = 'object'),
    status text NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'sent', 'delivered', 'failed', 'skipped', 'suppressed')),
    -- Why a notification was skipped (no phone, channel off) or suppressed (rate limit), or why it failed.
    reason text CHECK (length(reason) <= 1000),
    attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    -- The provider's id for it: SMTP Message-ID, Twilio message SID, push service Location.
    provider_message_id text CHECK (length(provider_message_id) <= 500),
    -- The provider's latest delivery status (Twilio status callbacks: queued, sent, delivered, undelivered, failed).
    provider_status text CHECK (length(provider_status) <= 40),
    created_at timestamptz NOT NULL DEFAULT now(),
    sent_at timestamptz,
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notifications_client ON floworx.notifications (client_id, created_at);
CREATE INDEX notifications_email ON floworx.notifications (email_log_id) WHERE email_log_id IS NOT NULL;
CREATE INDEX notifications_recipient ON floworx.notifications (recipient, channel, sent_at) WHERE sent_at IS NOT NULL;
CREATE INDEX notifications_provider_id ON floworx.notifications (provider_message_id) WHERE provider_message_id IS NOT NULL;
COMMENT ON TABLE floworx.notifications IS 'Notification outbox (issue 11): alerts, forwards, SLA breaches, digests';
ALTER TABLE floworx.notifications ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON floworx.notifications FROM PUBLIC;

-- One delivery job per pending notification, in the inserting transaction (the jobs trigger sends the NOTIFY).
CREATE FUNCTION floworx.queue_notification_delivery() RETURNS trigger
LANGUAGE plpgsql SET search_path = '' AS $$
BEGIN
    INSERT INTO floworx.jobs (kind, payload, dedupe_key, client_id, max_attempts)
    SELECT 'notification.deliver', jsonb_build_object('notification_id', n.id), n.id::text, n.client_id, 8
    FROM new_rows n WHERE n.status = 'pending'
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;
CREATE TRIGGER notifications_queue AFTER INSERT ON floworx.notifications
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION floworx.queue_notification_delivery();
