-- 0050 Usage counted exactly once per email (issue 15).
--
-- The pipeline counted an email on its job's first attempt (retry_count = 0). That was wrong both ways: a job whose
-- lease was taken over (its worker crashed or stalled after the count), or that a graceful shutdown handed back
-- (retry_count unchanged), could count the email again, and a worker that died before its count committed left an
-- email its reclaimed retry (retry_count 1) never counted.
-- Now the counting statement inserts each email's id here (ON CONFLICT DO NOTHING) and counts only the ids it
-- inserted, in the same statement as the usage row: whichever attempt, worker or process counts an email, it
-- counts once. Concurrent inserts of one id wait for each other, so two workers holding the same email (a stalled
-- one and the one that reclaimed its job) still count it once.
--
-- The id is the email log's (the job's own id for a job without one). Rows older than the retention are deleted a
-- few at a time by the same counting statement, so the table stays about one retention's worth of mail.
CREATE TABLE floworx.billing_counted_emails (
    email_id uuid PRIMARY KEY,
    client_id uuid NOT NULL REFERENCES public.profiles(id) ON DELETE CASCADE,
    period_start timestamptz NOT NULL,
    counted_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX billing_counted_emails_age ON floworx.billing_counted_emails (counted_at);
CREATE INDEX billing_counted_emails_client ON floworx.billing_counted_emails (client_id);
COMMENT ON TABLE floworx.billing_counted_emails IS 'Billing: emails already counted in billing_usage (each counted once)';
ALTER TABLE floworx.billing_counted_emails ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON floworx.billing_counted_emails FROM PUBLIC;
