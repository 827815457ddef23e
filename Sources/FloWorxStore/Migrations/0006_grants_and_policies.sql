-- 0006 Privileges and row-level security: tenant isolation enforced by the database.
--
-- The server runs a tenant's request as role authenticated with the verified JWT claims in
-- request.jwt.claims (SET LOCAL ROLE authenticated; set_config('request.jwt.claims', ..., true)),
-- so auth.uid() is the tenant and these policies decide which rows it sees and writes. The
-- server's own work (queue, logs, billing) runs as the table owner or service_role, which
-- bypass RLS. anon (no JWT) sees nothing.
--
-- Privileges come first and are deliberately narrow (defence in depth): a write the tenant may
-- never make fails with 42501 (insufficient_privilege) instead of silently matching no row.
-- Policies use (select auth.uid()): PostgreSQL evaluates the sub-select once per statement
-- (an InitPlan), not once per row.

-- On Supabase, default privileges hand ALL on new public tables to anon, authenticated and
-- service_role; start from nothing so that the grants below are the whole truth everywhere.
REVOKE ALL ON TABLE
    public.profiles,
    public.integrations,
    public.communication_styles,
    public.business_hours,
    public.escalation_rules,
    public.notification_settings,
    public.email_logs,
    public.email_queue,
    public.ai_responses,
    public.analytics_events,
    public.performance_metrics,
    public.workflows,
    public.workflow_metrics,
    public.subscriptions,
    public.invoices,
    public.error_logs,
    public.dead_letter_queue
FROM PUBLIC, anon, authenticated, service_role;

GRANT USAGE ON SCHEMA public TO anon, authenticated, service_role;

-- service_role: the operator, everything (and BYPASSRLS).
GRANT ALL ON TABLE
    public.profiles,
    public.integrations,
    public.communication_styles,
    public.business_hours,
    public.escalation_rules,
    public.notification_settings,
    public.email_logs,
    public.email_queue,
    public.ai_responses,
    public.analytics_events,
    public.performance_metrics,
    public.workflows,
    public.workflow_metrics,
    public.subscriptions,
    public.invoices,
    public.error_logs,
    public.dead_letter_queue
TO service_role;

-- Reading: every table but integrations in full; RLS narrows the rows (to none for anon).
GRANT SELECT ON TABLE
    public.profiles,
    public.communication_styles,
    public.business_hours,
    public.escalation_rules,
    public.notification_settings,
    public.email_logs,
    public.email_queue,
    public.ai_responses,
    public.analytics_events,
    public.performance_metrics,
    public.workflows,
    public.workflow_metrics,
    public.subscriptions,
    public.invoices,
    public.error_logs,
    public.dead_letter_queue
TO anon, authenticated;

-- integrations.credentials holds the encrypted OAuth tokens: neither anon nor authenticated may
-- read or write that column at all (SELECT credentials, and SELECT *, fail with 42501); only
-- the service stores it, encrypted. Every other column is granted one by one.
GRANT SELECT (id, client_id, provider, status, created_at, updated_at)
    ON TABLE public.integrations TO anon, authenticated;
GRANT INSERT (id, client_id, provider, status, created_at, updated_at),
      UPDATE (id, client_id, provider, status, created_at, updated_at)
    ON TABLE public.integrations TO authenticated;
GRANT DELETE ON TABLE public.integrations TO authenticated;

-- The tenant's own configuration tables: full read-write on its rows.
GRANT INSERT, UPDATE, DELETE ON TABLE
    public.communication_styles,
    public.business_hours,
    public.escalation_rules,
    public.notification_settings,
    public.workflows
TO authenticated;

-- A profile is created with its user (0005) and never deleted by its tenant; the tenant edits
-- its configuration documents, not its id.
GRANT UPDATE (client_config, managers, suppliers, email_labels) ON TABLE public.profiles TO authenticated;

-- Row-level security on every table. The owner (the migrating user, the server's service
-- connection) is not subject to it; FORCE is not used.

ALTER TABLE public.profiles ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.integrations ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.communication_styles ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.business_hours ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.escalation_rules ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.notification_settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.email_logs ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.email_queue ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.ai_responses ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.analytics_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.performance_metrics ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.workflows ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.workflow_metrics ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.subscriptions ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.invoices ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.error_logs ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.dead_letter_queue ENABLE ROW LEVEL SECURITY;

-- profiles: a tenant sees and edits its own row only.
CREATE POLICY "Users can view own profile" ON public.profiles
    FOR SELECT TO authenticated
    USING (id = (select auth.uid()));
CREATE POLICY "Users can update own profile" ON public.profiles
    FOR UPDATE TO authenticated
    USING (id = (select auth.uid()))
    WITH CHECK (id = (select auth.uid()));

-- Configuration tables: a tenant reads and writes its own rows; WITH CHECK stops it from
-- creating a row for, or moving a row to, another tenant.
CREATE POLICY "Users can view own integrations" ON public.integrations
    FOR SELECT TO authenticated
    USING (client_id = (select auth.uid()));
CREATE POLICY "Users can insert own integrations" ON public.integrations
    FOR INSERT TO authenticated
    WITH CHECK (client_id = (select auth.uid()));
CREATE POLICY "Users can update own integrations" ON public.integrations
    FOR UPDATE TO authenticated
    USING (client_id = (select auth.uid()))
    WITH CHECK (client_id = (select auth.uid()));
CREATE POLICY "Users can delete own integrations" ON public.integrations
    FOR DELETE TO authenticated
    USING (client_id = (select auth.uid()));

CREATE POLICY "Users can view own communication styles" ON public.communication_styles
    FOR SELECT TO authenticated
    USING (client_id = (select auth.uid()));
CREATE POLICY "Users can insert own communication styles" ON public.communication_styles
    FOR INSERT TO authenticated
    WITH CHECK (client_id = (select auth.uid()));
CREATE POLICY "Users can update own communication styles" ON public.communication_styles
    FOR UPDATE TO authenticated
    USING (client_id = (select auth.uid()))
    WITH CHECK (client_id = (select auth.uid()));
CREATE POLICY "Users can delete own communication styles" ON public.communication_styles
    FOR DELETE TO authenticated
    USING (client_id = (select auth.uid()));

CREATE POLICY "Users can view own business hours" ON public.business_hours
    FOR SELECT TO authenticated
    USING (client_id = (select auth.uid()));
CREATE POLICY "Users can insert own business hours" ON public.business_hours
    FOR INSERT TO authenticated
    WITH CHECK (client_id = (select auth.uid()));
CREATE POLICY "Users can update own business hours" ON public.business_hours
    FOR UPDATE TO authenticated
    USING (client_id = (select auth.uid()))
    WITH CHECK (client_id = (select auth.uid()));
CREATE POLICY "Users can delete own business hours" ON public.business_hours
    FOR DELETE TO authenticated
    USING (client_id = (select auth.uid()));

CREATE POLICY "Users can view own escalation rules" ON public.escalation_rules
    FOR SELECT TO authenticated
    USING (client_id = (select auth.uid()));
CREATE POLICY "Users can insert own escalation rules" ON public.escalation_rules
    FOR INSERT TO authenticated
    WITH CHECK (client_id = (select auth.uid()));
CREATE POLICY "Users can update own escalation rules" ON public.escalation_rules
    FOR UPDATE TO authenticated
    USING (client_id = (select auth.uid()))
    WITH CHECK (client_id = (select auth.uid()));
CREATE POLICY "Users can delete own escalation rules" ON public.escalation_rules
    FOR DELETE TO authenticated
    USING (client_id = (select auth.uid()));

CREATE POLICY "Users can view own notification settings" ON public.notification_settings
    FOR SELECT TO authenticated
    USING (client_id = (select auth.uid()));
CREATE POLICY "Users can insert own notification settings" ON public.notification_settings
    FOR INSERT TO authenticated
    WITH CHECK (client_id = (select auth.uid()));
CREATE POLICY "Users can update own notification settings" ON public.notification_settings
    FOR UPDATE TO authenticated
    USING (client_id = (select auth.uid()))
    WITH CHECK (client_id = (select auth.uid()));
CREATE POLICY "Users can delete own notification settings" ON public.notification_settings
    FOR DELETE TO authenticated
    USING (client_id = (select auth.uid()));

CREATE POLICY "Users can view own workflows" ON public.workflows
    FOR SELECT TO authenticated
    USING (client_id = (select auth.uid()));
CREATE POLICY "Users can insert own workflows" ON public.workflows
    FOR INSERT TO authenticated
    WITH CHECK (client_id = (select auth.uid()));
CREATE POLICY "Users can update own workflows" ON public.workflows
    FOR UPDATE TO authenticated
    USING (client_id = (select auth.uid()))
    WITH CHECK (client_id = (select auth.uid()));
CREATE POLICY "Users can delete own workflows" ON public.workflows
    FOR DELETE TO authenticated
    USING (client_id = (select auth.uid()));

-- What the service records about a tenant's mail: the tenant reads it, only the service writes.
CREATE POLICY "Users can view own email logs" ON public.email_logs
    FOR SELECT TO authenticated
    USING (client_id = (select auth.uid()));

CREATE POLICY "Users can view own queued emails" ON public.email_queue
    FOR SELECT TO authenticated
    USING (client_id = (select auth.uid()));

CREATE POLICY "Users can view own analytics events" ON public.analytics_events
    FOR SELECT TO authenticated
    USING (client_id = (select auth.uid()));

CREATE POLICY "Users can view own performance metrics" ON public.performance_metrics
    FOR SELECT TO authenticated
    USING (client_id = (select auth.uid()));

CREATE POLICY "Users can view own error logs" ON public.error_logs
    FOR SELECT TO authenticated
    USING (client_id = (select auth.uid()));

CREATE POLICY "Users can view own dead letters" ON public.dead_letter_queue
    FOR SELECT TO authenticated
    USING (client_id = (select auth.uid()));

-- Child rows are the tenant's when their parent row is.
CREATE POLICY "Users can view own AI responses" ON public.ai_responses
    FOR SELECT TO authenticated
    USING (EXISTS (
        select 1 from public.email_logs p
        where p.id = ai_responses.email_log_id and p.client_id = (select auth.uid())
    ));
CREATE POLICY "Users can view own workflow metrics" ON public.workflow_metrics
    FOR SELECT TO authenticated
    USING (EXISTS (
        select 1 from public.workflows p
        where p.id = workflow_metrics.workflow_id and p.client_id = (select auth.uid())
    ));

-- Billing: read-only for the tenant; the service writes it.
CREATE POLICY "Users can view own subscriptions" ON public.subscriptions
    FOR SELECT TO authenticated
    USING (client_id = (select auth.uid()));
CREATE POLICY "Users can view own invoices" ON public.invoices
    FOR SELECT TO authenticated
    USING (EXISTS (
        select 1 from public.subscriptions p
        where p.id = invoices.subscription_id and p.client_id = (select auth.uid())
    ));
