-- 0029 Learning from corrections (issue 10, deliverable 4).
--
-- A correction is the owner moving one email to another category: through the API
-- (POST /api/v1/emails/{id}/category, source 'api') or, once mailbox sync exists, by moving the mail between
-- FloWorx labels or folders (source 'mailbox'). One row per (client, email): a later correction of the same email
-- replaces the earlier one, keeping from_category = what FloWorx first chose, so moving it back gives
-- from_category = to_category, which teaches nothing (TriageAdaptation in FloWorxCore).
--
-- The table lives in the private schema: only FloWorx's service code reads and writes it (CorrectionRepository,
-- every statement scoped by client_id; the API takes the client from the verified token and checks the email
-- through the tenant's own RLS on email_logs first). RLS is on as well, with no policy (as floworx.llm_usage), so a
-- grant made by mistake would still show nothing. A trigger makes the database itself refuse a correction whose email
-- belongs to another client.
CREATE TABLE floworx.triage_corrections (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    client_id uuid NOT NULL REFERENCES public.profiles(id) ON DELETE CASCADE,
    email_log_id uuid NOT NULL REFERENCES public.email_logs(id) ON DELETE CASCADE,
    source text NOT NULL CHECK (source IN ('api', 'mailbox')),
    -- The sender of the corrected email, lower-cased, and its domain: what sender and domain rules key on.
    sender_email text NOT NULL,
    sender_domain text NOT NULL,
    -- What FloWorx had classified the email as (its email_classified event); NULL when it never was.
    from_category text CHECK (from_category ~ '^[A-Z_]{2,32}$'),
    to_category text NOT NULL CHECK (to_category ~ '^[A-Z_]{2,32}$'),
    -- When the (latest) correction of this email was made.
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (client_id, email_log_id)
);

CREATE INDEX idx_triage_corrections_client_created ON floworx.triage_corrections (client_id, created_at DESC);
-- ON DELETE CASCADE from email_logs finds the correction of a deleted email.
CREATE INDEX idx_triage_corrections_email_log ON floworx.triage_corrections (email_log_id);

COMMENT ON TABLE floworx.triage_corrections IS 'Category corrections per client and email (learning from corrections; api or mailbox)';

ALTER TABLE floworx.triage_corrections ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON floworx.triage_corrections FROM PUBLIC;

-- The corrected email must be the client's own.
CREATE FUNCTION floworx.check_triage_correction_email() RETURNS trigger
LANGUAGE plpgsql
SET search_path = ''
AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM public.email_logs l WHERE l.id = NEW.email_log_id AND l.client_id = NEW.client_id) THEN
        RAISE EXCEPTION 'email % is not an email of client %', NEW.email_log_id, NEW.client_id
            USING ERRCODE = '23503';
    END IF;
    RETURN NEW;
END
$$;
REVOKE EXECUTE ON FUNCTION floworx.check_triage_correction_email() FROM PUBLIC;

CREATE TRIGGER check_triage_correction_email
    BEFORE INSERT OR UPDATE OF client_id, email_log_id ON floworx.triage_corrections
    FOR EACH ROW EXECUTE FUNCTION floworx.check_triage_correction_email();

-- A correction looks up what FloWorx had classified the email as: its email_classified event, by email log id.
CREATE INDEX idx_analytics_events_classified_email
    ON public.analytics_events (client_id, (event_data ->> 'email_log_id'))
    WHERE event_type = 'email_classified';
