-- 0055 The web app's onboarding wizard (issue 13, item 3): which steps of the wizard each business has completed,
-- so that an owner who leaves and comes back (another day, another browser) resumes at the first step not done.
--
-- Every step is saved for real when it is completed (the profile, hours, managers… through the same writes as the
-- settings pages); this row only remembers which steps the owner went through, including the ones whose answer is
-- "nothing" (no suppliers, mailbox skipped), which the data alone cannot tell apart from "not answered yet".
--
-- Why a schema of its own: `public` is exactly the Supabase schema contract (the tests pin its 17 tables), and
-- `floworx` is closed to the request roles (0033's reasoning). The owner reads and writes its row as role
-- authenticated under row-level security, with the policy style of 0006.
CREATE SCHEMA onboarding;
COMMENT ON SCHEMA onboarding IS 'Progress of the web onboarding wizard (issue 13)';
REVOKE ALL ON SCHEMA onboarding FROM PUBLIC;
GRANT USAGE ON SCHEMA onboarding TO authenticated, service_role;

CREATE TABLE onboarding.progress (
    client_id uuid PRIMARY KEY DEFAULT auth.uid() REFERENCES public.profiles(id) ON DELETE CASCADE,
    -- The steps completed, by name; the wizard's order lives in the web app.
    completed text[] NOT NULL DEFAULT '{}'
        CHECK (completed <@ ARRAY['business', 'hours', 'managers', 'suppliers', 'notifications', 'style', 'mailbox']::text[]),
    finished_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE onboarding.progress IS 'Onboarding wizard steps completed per business';

REVOKE ALL ON TABLE onboarding.progress FROM PUBLIC, anon, authenticated, service_role;
GRANT ALL ON TABLE onboarding.progress TO service_role;
GRANT SELECT, INSERT, UPDATE ON TABLE onboarding.progress TO authenticated;
ALTER TABLE onboarding.progress ENABLE ROW LEVEL SECURITY;
CREATE POLICY "Users can view own onboarding progress" ON onboarding.progress
    FOR SELECT TO authenticated
    USING (client_id = (select auth.uid()));
CREATE POLICY "Users can insert own onboarding progress" ON onboarding.progress
    FOR INSERT TO authenticated
    WITH CHECK (client_id = (select auth.uid()));
CREATE POLICY "Users can update own onboarding progress" ON onboarding.progress
    FOR UPDATE TO authenticated
    USING (client_id = (select auth.uid()))
    WITH CHECK (client_id = (select auth.uid()));
