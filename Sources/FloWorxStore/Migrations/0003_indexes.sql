-- 0003 Indexes.
--
-- First the contract's own indexes, by its names; then the ones FloWorx's queries and
-- row-level security policies need (named idx_<table>_<columns>). Every RLS policy filters by
-- client_id (or, for child tables, by the parent key), so each such column leads an index.
-- Tables already covered by an index that leads with client_id: email_logs
-- (idx_email_logs_client_status and the (client_id, message_id) unique constraint),
-- analytics_events (idx_analytics_events_client_timestamp), error_logs
-- (idx_error_logs_client_created) and business_hours (its UNIQUE (client_id) constraint).

-- The contract's performance indexes.
CREATE INDEX idx_email_logs_client_status ON public.email_logs(client_id, status);
CREATE INDEX idx_email_logs_processed_at ON public.email_logs(processed_at);
CREATE INDEX idx_email_queue_status_scheduled ON public.email_queue(status, scheduled_for);
CREATE INDEX idx_email_queue_priority ON public.email_queue(priority);
CREATE INDEX idx_analytics_events_client_timestamp ON public.analytics_events(client_id, timestamp);
CREATE INDEX idx_analytics_events_type ON public.analytics_events(event_type);
CREATE INDEX idx_workflow_metrics_workflow_recorded ON public.workflow_metrics(workflow_id, recorded_at);
CREATE INDEX idx_error_logs_severity_created ON public.error_logs(severity, created_at);
CREATE INDEX idx_error_logs_client_created ON public.error_logs(client_id, created_at);

-- Unique rule: at most one active communication style per client (inactive ones are kept).
CREATE UNIQUE INDEX idx_communication_styles_client_id_active
    ON public.communication_styles(client_id) WHERE is_active;

-- Tenant (RLS) filters.
CREATE INDEX idx_integrations_client_id ON public.integrations(client_id);
CREATE INDEX idx_communication_styles_client_id ON public.communication_styles(client_id);
CREATE INDEX idx_escalation_rules_client_id ON public.escalation_rules(client_id);
CREATE INDEX idx_notification_settings_client_id ON public.notification_settings(client_id);
CREATE INDEX idx_email_queue_client_id ON public.email_queue(client_id);
CREATE INDEX idx_performance_metrics_client_recorded ON public.performance_metrics(client_id, recorded_at);
CREATE INDEX idx_workflows_client_id ON public.workflows(client_id);
CREATE INDEX idx_subscriptions_client_id ON public.subscriptions(client_id);
CREATE INDEX idx_dead_letter_queue_client_id ON public.dead_letter_queue(client_id);
-- Child tables: their policies look the parent row up, and ON DELETE CASCADE from the parent
-- finds the children through these.
CREATE INDEX idx_ai_responses_email_log_id ON public.ai_responses(email_log_id);
CREATE INDEX idx_invoices_subscription_id ON public.invoices(subscription_id);
-- (workflow_metrics is covered by idx_workflow_metrics_workflow_recorded.)

-- The API's hot query, a tenant's latest logs: ... WHERE client_id = $1 ORDER BY processed_at
-- DESC LIMIT 50 reads the first 50 entries of this index, no sort.
CREATE INDEX idx_email_logs_client_processed_at ON public.email_logs(client_id, processed_at DESC);

-- The queue (see PERF-NOTES.md). The claim,
--   ... WHERE status = 'pending' AND scheduled_for <= now()
--   ORDER BY priority DESC, scheduled_for LIMIT n FOR UPDATE SKIP LOCKED,
-- walks this partial index in order and stops after n rows; it holds pending rows only, so
-- it stays small however many finished rows the table keeps.
CREATE INDEX idx_email_queue_pending_priority_scheduled
    ON public.email_queue(priority DESC NULLS LAST, scheduled_for) WHERE status = 'pending';
-- Lease reclaim: rows stuck in processing since before a cutoff (the updated_at trigger
-- stamps the claim).
CREATE INDEX idx_email_queue_processing_updated_at
    ON public.email_queue(updated_at) WHERE status = 'processing';
-- Cleanup: completed rows older than the retention period.
CREATE INDEX idx_email_queue_completed_updated_at
    ON public.email_queue(updated_at) WHERE status = 'completed';
