-- 0002 Tables: the 17 tables of the schema contract (docs: the seed, "FloWorx Database Schema
-- Documentation" v1.0), column for column: same order, types, nullability, defaults, CHECK
-- value sets, foreign keys and ON DELETE actions. Only the schema name is written out (public,
-- and profiles references auth.users from 0001) so that the result does not depend on the
-- connection's search_path.
--
-- The contract's unique rules follow at the end as named constraints; the third one (one
-- active communication style per client) is a partial unique index, in 0003.

-- 1. profiles: User profiles and client configurations.
CREATE TABLE public.profiles (
  id UUID PRIMARY KEY REFERENCES auth.users(id) ON DELETE CASCADE,
  client_config JSONB NOT NULL DEFAULT '{}',
  managers JSONB DEFAULT '[]',
  suppliers JSONB DEFAULT '[]',
  email_labels JSONB DEFAULT '{}',
  created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
  updated_at TIMESTAMP WITH TIME ZONE DEFAULT NOW()
);
COMMENT ON TABLE public.profiles IS 'User profiles and client configurations';

-- 2. integrations: Email provider integrations (Gmail, Outlook).
CREATE TABLE public.integrations (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  client_id UUID NOT NULL REFERENCES public.profiles(id) ON DELETE CASCADE,
  provider TEXT NOT NULL CHECK (provider IN ('gmail', 'outlook')),
  credentials JSONB NOT NULL DEFAULT '{}',
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'active', 'error', 'revoked')),
  created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
  updated_at TIMESTAMP WITH TIME ZONE DEFAULT NOW()
);
COMMENT ON TABLE public.integrations IS 'Email provider integrations (Gmail, Outlook)';

-- 3. communication_styles: AI communication style profiles.
CREATE TABLE public.communication_styles (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  client_id UUID NOT NULL REFERENCES public.profiles(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  tone TEXT NOT NULL DEFAULT 'professional',
  formality TEXT NOT NULL DEFAULT 'formal',
  personality_traits JSONB DEFAULT '[]',
  signature_phrases JSONB DEFAULT '[]',
  response_patterns JSONB DEFAULT '{}',
  is_active BOOLEAN DEFAULT true,
  created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
  updated_at TIMESTAMP WITH TIME ZONE DEFAULT NOW()
);
COMMENT ON TABLE public.communication_styles IS 'AI communication style profiles';

-- 4. business_hours: Business operating hours configuration.
CREATE TABLE public.business_hours (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  client_id UUID NOT NULL REFERENCES public.profiles(id) ON DELETE CASCADE,
  hours JSONB NOT NULL DEFAULT '{}',
  timezone TEXT NOT NULL DEFAULT 'UTC',
  created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
  updated_at TIMESTAMP WITH TIME ZONE DEFAULT NOW()
);
COMMENT ON TABLE public.business_hours IS 'Business operating hours configuration';

-- 5. escalation_rules: Email escalation rules and triggers.
CREATE TABLE public.escalation_rules (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  client_id UUID NOT NULL REFERENCES public.profiles(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  conditions JSONB NOT NULL DEFAULT '{}',
  actions JSONB NOT NULL DEFAULT '[]',
  priority INTEGER DEFAULT 1,
  is_active BOOLEAN DEFAULT true,
  created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
  updated_at TIMESTAMP WITH TIME ZONE DEFAULT NOW()
);
COMMENT ON TABLE public.escalation_rules IS 'Email escalation rules and triggers';

-- 6. notification_settings: User notification preferences.
CREATE TABLE public.notification_settings (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  client_id UUID NOT NULL REFERENCES public.profiles(id) ON DELETE CASCADE,
  email_notifications BOOLEAN DEFAULT true,
  sms_notifications BOOLEAN DEFAULT false,
  push_notifications BOOLEAN DEFAULT true,
  escalation_alerts BOOLEAN DEFAULT true,
  created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
  updated_at TIMESTAMP WITH TIME ZONE DEFAULT NOW()
);
COMMENT ON TABLE public.notification_settings IS 'User notification preferences';

-- 7. email_logs: Email processing and response tracking.
CREATE TABLE public.email_logs (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  client_id UUID NOT NULL REFERENCES public.profiles(id) ON DELETE CASCADE,
  message_id TEXT NOT NULL,
  from_email TEXT NOT NULL,
  to_email TEXT NOT NULL,
  subject TEXT,
  body TEXT,
  processed_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'processed', 'escalated', 'failed')),
  created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW()
);
COMMENT ON TABLE public.email_logs IS 'Email processing and response tracking';

-- 8. email_queue: Email processing queue.
CREATE TABLE public.email_queue (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  client_id UUID NOT NULL REFERENCES public.profiles(id) ON DELETE CASCADE,
  email_data JSONB NOT NULL,
  priority INTEGER DEFAULT 1,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'processing', 'completed', 'failed')),
  retry_count INTEGER DEFAULT 0,
  scheduled_for TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
  created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
  updated_at TIMESTAMP WITH TIME ZONE DEFAULT NOW()
);
COMMENT ON TABLE public.email_queue IS 'Email processing queue';

-- 9. ai_responses: AI-generated email responses.
CREATE TABLE public.ai_responses (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  email_log_id UUID NOT NULL REFERENCES public.email_logs(id) ON DELETE CASCADE,
  response_text TEXT NOT NULL,
  confidence_score DECIMAL(3,2),
  model_used TEXT,
  tokens_used INTEGER,
  created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW()
);
COMMENT ON TABLE public.ai_responses IS 'AI-generated email responses';

-- 10. analytics_events: User interaction and system analytics.
CREATE TABLE public.analytics_events (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  client_id UUID NOT NULL REFERENCES public.profiles(id) ON DELETE CASCADE,
  event_type TEXT NOT NULL,
  event_data JSONB DEFAULT '{}',
  timestamp TIMESTAMP WITH TIME ZONE DEFAULT NOW()
);
COMMENT ON TABLE public.analytics_events IS 'User interaction and system analytics';

-- 11. performance_metrics: System performance tracking.
CREATE TABLE public.performance_metrics (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  client_id UUID NOT NULL REFERENCES public.profiles(id) ON DELETE CASCADE,
  metric_type TEXT NOT NULL,
  metric_value DECIMAL(10,2) NOT NULL,
  recorded_at TIMESTAMP WITH TIME ZONE DEFAULT NOW()
);
COMMENT ON TABLE public.performance_metrics IS 'System performance tracking';

-- 12. workflows: N8N workflow configurations.
CREATE TABLE public.workflows (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  client_id UUID NOT NULL REFERENCES public.profiles(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  workflow_data JSONB NOT NULL,
  version INTEGER DEFAULT 1,
  is_active BOOLEAN DEFAULT true,
  deployed_at TIMESTAMP WITH TIME ZONE,
  created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
  updated_at TIMESTAMP WITH TIME ZONE DEFAULT NOW()
);
COMMENT ON TABLE public.workflows IS 'N8N workflow configurations';

-- 13. workflow_metrics: Workflow performance tracking.
CREATE TABLE public.workflow_metrics (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  workflow_id UUID NOT NULL REFERENCES public.workflows(id) ON DELETE CASCADE,
  execution_time INTEGER,
  success_rate DECIMAL(3,2),
  error_count INTEGER DEFAULT 0,
  recorded_at TIMESTAMP WITH TIME ZONE DEFAULT NOW()
);
COMMENT ON TABLE public.workflow_metrics IS 'Workflow performance tracking';

-- 14. subscriptions: User subscription management.
CREATE TABLE public.subscriptions (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  client_id UUID NOT NULL REFERENCES public.profiles(id) ON DELETE CASCADE,
  plan_id TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('active', 'canceled', 'past_due', 'unpaid')),
  current_period_start TIMESTAMP WITH TIME ZONE,
  current_period_end TIMESTAMP WITH TIME ZONE,
  created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
  updated_at TIMESTAMP WITH TIME ZONE DEFAULT NOW()
);
COMMENT ON TABLE public.subscriptions IS 'User subscription management';

-- 15. invoices: Billing invoice management.
CREATE TABLE public.invoices (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  subscription_id UUID NOT NULL REFERENCES public.subscriptions(id) ON DELETE CASCADE,
  amount DECIMAL(10,2) NOT NULL,
  currency TEXT NOT NULL DEFAULT 'USD',
  status TEXT NOT NULL CHECK (status IN ('draft', 'open', 'paid', 'void')),
  due_date TIMESTAMP WITH TIME ZONE,
  paid_at TIMESTAMP WITH TIME ZONE,
  created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW()
);
COMMENT ON TABLE public.invoices IS 'Billing invoice management';

-- 16. error_logs: System error logging.
CREATE TABLE public.error_logs (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  client_id UUID REFERENCES public.profiles(id) ON DELETE SET NULL,
  error_type TEXT NOT NULL,
  error_message TEXT NOT NULL,
  stack_trace TEXT,
  context JSONB DEFAULT '{}',
  severity TEXT NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
  resolved_at TIMESTAMP WITH TIME ZONE,
  created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW()
);
COMMENT ON TABLE public.error_logs IS 'System error logging';

-- 17. dead_letter_queue: Failed operations queue.
CREATE TABLE public.dead_letter_queue (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  client_id UUID REFERENCES public.profiles(id) ON DELETE SET NULL,
  operation_type TEXT NOT NULL,
  operation_data JSONB NOT NULL,
  error_message TEXT NOT NULL,
  retry_count INTEGER DEFAULT 0,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'processing', 'resolved', 'abandoned')),
  created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
  updated_at TIMESTAMP WITH TIME ZONE DEFAULT NOW()
);
COMMENT ON TABLE public.dead_letter_queue IS 'Failed operations queue';

-- The JSONB columns' shapes are defined by the JSON schemas in floworx.json_schemas (0007-0009).
COMMENT ON COLUMN public.profiles.client_config IS 'JSON schema client_config (docs/json-shapes.md)';
COMMENT ON COLUMN public.profiles.managers IS 'JSON schema managers: at most 5 managers';
COMMENT ON COLUMN public.profiles.suppliers IS 'JSON schema suppliers: at most 10 suppliers';
COMMENT ON COLUMN public.profiles.email_labels IS 'JSON schema email_labels: per provider, category to label id';
COMMENT ON COLUMN public.integrations.credentials IS 'Encrypted OAuth tokens: readable and writable by the service only';
COMMENT ON COLUMN public.communication_styles.personality_traits IS 'JSON schema communication_style_patterns#/$defs/personality_traits';
COMMENT ON COLUMN public.communication_styles.signature_phrases IS 'JSON schema communication_style_patterns#/$defs/signature_phrases';
COMMENT ON COLUMN public.communication_styles.response_patterns IS 'JSON schema communication_style_patterns';
COMMENT ON COLUMN public.business_hours.hours IS 'JSON schema business_hours_hours';
COMMENT ON COLUMN public.business_hours.timezone IS 'IANA time zone name, one of pg_timezone_names';
COMMENT ON COLUMN public.escalation_rules.conditions IS 'JSON schema escalation_conditions; {} matches every email';
COMMENT ON COLUMN public.escalation_rules.actions IS 'JSON schema escalation_actions';
COMMENT ON COLUMN public.email_queue.email_data IS 'JSON schema email_data (validated by the service)';

-- Unique rules ("Data Integrity Constraints" of the contract).
-- A provider message is logged once per client: a redelivery is recognised, never processed twice.
ALTER TABLE public.email_logs
    ADD CONSTRAINT email_logs_client_id_message_id_key UNIQUE (client_id, message_id);

-- One business_hours row per client.
ALTER TABLE public.business_hours
    ADD CONSTRAINT business_hours_client_id_key UNIQUE (client_id);
