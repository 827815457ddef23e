-- 0030 Mailbox integrations (issue 9): the generic jobs queue, mailbox sync state, the provider-effects ledger,
-- FloWorx's drafts per thread, and OAuth connect states. Everything here is service work in the private schema: no
-- API role reads it, and RLS is on with no policy, so a grant made by mistake would still show nothing.

-- The jobs queue for everything that is not an email (sync, write-back, push renewal...), claimed with the same
-- mechanics as email_queue: SKIP LOCKED batches, leases with a claim token, retries with backoff, dead letters.
CREATE TABLE floworx.jobs (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    kind text NOT NULL CHECK (kind ~ '^[a-z][a-z0-9_.]{0,62}$'),
    payload jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(payload) = 'object'),
    -- Jobs with the same (kind, dedupe_key) are one piece of work: at most one waits and at most one runs at a time.
    dedupe_key text CHECK (length(dedupe_key) <= 500),
    integration_id uuid REFERENCES public.integrations(id) ON DELETE CASCADE,
    client_id uuid REFERENCES public.profiles(id) ON DELETE CASCADE,
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'processing', 'completed', 'dead')),
    run_at timestamptz NOT NULL DEFAULT now(),
    attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    max_attempts integer NOT NULL DEFAULT 10 CHECK (max_attempts > 0),
    claim_token uuid,
    locked_until timestamptz,
    last_error text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz
);
CREATE UNIQUE INDEX jobs_one_waiting ON floworx.jobs (kind, dedupe_key) WHERE status = 'pending' AND dedupe_key IS NOT NULL;
CREATE INDEX jobs_due ON floworx.jobs (run_at) WHERE status = 'pending';
CREATE INDEX jobs_running ON floworx.jobs (kind, dedupe_key) WHERE status = 'processing';
CREATE INDEX jobs_finished ON floworx.jobs (finished_at) WHERE status IN ('completed', 'dead');
CREATE INDEX jobs_integration ON floworx.jobs (integration_id);
COMMENT ON TABLE floworx.jobs IS 'Generic service jobs (mailbox sync, write-back, push renewal): claimed like email_queue';
ALTER TABLE floworx.jobs ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON floworx.jobs FROM PUBLIC;

-- One NOTIFY per inserting statement wakes idle job workers.
CREATE FUNCTION floworx.notify_jobs() RETURNS trigger
LANGUAGE plpgsql SET search_path = '' AS $$
BEGIN
    PERFORM pg_notify('floworx_jobs', '');
    RETURN NULL;
END
$$;
CREATE TRIGGER jobs_notify AFTER INSERT ON floworx.jobs FOR EACH STATEMENT EXECUTE FUNCTION floworx.notify_jobs();

-- Per mailbox: where sync stands, its push channel, and the request budget every worker process shares.
CREATE TABLE floworx.mailboxes (
    integration_id uuid PRIMARY KEY REFERENCES public.integrations(id) ON DELETE CASCADE,
    client_id uuid NOT NULL REFERENCES public.profiles(id) ON DELETE CASCADE,
    provider text NOT NULL CHECK (provider IN ('gmail', 'outlook')),
    -- The mailbox's address (routes Gmail pushes, which name only the address).
    address text CHECK (length(address) <= 320),
    -- Gmail: the last historyId fully processed. Outlook: the @odata.deltaLink to resume from.
    checkpoint text,
    -- Only ever increases (Gmail: the historyId; Outlook: a counter of checkpoint moves), so a racing worker
    -- holding an older position cannot move the checkpoint back.
    checkpoint_seq bigint NOT NULL DEFAULT 0,
    -- Set when the checkpoint expired (history 404, delta 410): the next sync backfills from this time.
    resync_from timestamptz,
    -- Graph subscription id, and the SHA-256 of its clientState (the secret is never stored).
    push_id text,
    push_secret_sha256 bytea,
    push_expires_at timestamptz,
    -- When push lapsed and could not be renewed; the owner is told once (an error_logs row), not on every try.
    push_lapsed_at timestamptz,
    -- Sync is paused (consent withdrawn, disconnected) until the owner reconnects.
    paused boolean NOT NULL DEFAULT false,
    -- No provider call for this mailbox before this time (Retry-After, backoff after an outage).
    not_before timestamptz,
    -- Request budget (a token bucket in provider units: Gmail quota units, Graph requests).
    budget double precision,
    budget_at timestamptz,
    last_sync_at timestamptz,
    last_error text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX mailboxes_address ON floworx.mailboxes (provider, lower(address));
CREATE UNIQUE INDEX mailboxes_push_id ON floworx.mailboxes (push_id) WHERE push_id IS NOT NULL;
CREATE INDEX mailboxes_client ON floworx.mailboxes (client_id);
COMMENT ON TABLE floworx.mailboxes IS 'Mailbox sync state per integration: checkpoint, push channel, shared request budget';
ALTER TABLE floworx.mailboxes ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON floworx.mailboxes FROM PUBLIC;

-- Takes `cost` units of a mailbox's budget (refilled at `rate` units/s up to `burst`). Returns 0 when granted, or
-- the seconds to wait (nothing taken) when the bucket is short or the mailbox is in a Retry-After pause.
CREATE FUNCTION floworx.take_mailbox_budget(integration uuid, cost double precision, rate double precision, burst double precision)
RETURNS double precision
LANGUAGE plpgsql SET search_path = '' AS $$
DECLARE
    m floworx.mailboxes;
    now_at timestamptz := clock_timestamp();
    tokens double precision;
BEGIN
    SELECT * INTO m FROM floworx.mailboxes WHERE integration_id = integration FOR UPDATE;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;
    IF m.not_before IS NOT NULL AND m.not_before > now_at THEN
        RETURN extract(epoch FROM m.not_before - now_at);
    END IF;
    tokens := least(burst, coalesce(m.budget, burst) + greatest(0, extract(epoch FROM now_at - coalesce(m.budget_at, now_at))) * rate);
    IF tokens < cost THEN
        UPDATE floworx.mailboxes SET budget = tokens, budget_at = now_at WHERE integration_id = integration;
        RETURN (cost - tokens) / greatest(rate, 0.001);
    END IF;
    UPDATE floworx.mailboxes SET budget = tokens - cost, budget_at = now_at WHERE integration_id = integration;
    RETURN 0;
END
$$;

-- Provider-side effects already made, so a retry, a redelivered notification or a crashed worker never makes one twice.
CREATE TABLE floworx.mailbox_effects (
    integration_id uuid NOT NULL REFERENCES public.integrations(id) ON DELETE CASCADE,
    message_id text NOT NULL,
    effect text NOT NULL CHECK (effect IN ('filed', 'draft', 'skipped')),
    -- Label ids applied, folder id moved to, or draft id.
    provider_ref text,
    detail jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (integration_id, message_id, effect)
);
COMMENT ON TABLE floworx.mailbox_effects IS 'Ledger of provider-side effects (labels applied, drafts created): the idempotency record';
ALTER TABLE floworx.mailbox_effects ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON floworx.mailbox_effects FROM PUBLIC;

-- FloWorx's reply drafts in the mailbox: at most one open per thread.
CREATE TABLE floworx.mailbox_drafts (
    integration_id uuid NOT NULL REFERENCES public.integrations(id) ON DELETE CASCADE,
    draft_id text NOT NULL,
    thread_id text NOT NULL,
    -- The message the draft answers, and the provider's id of the draft's own message (Gmail).
    reply_to_message_id text NOT NULL,
    draft_message_id text,
    email_log_id uuid REFERENCES public.email_logs(id) ON DELETE SET NULL,
    -- What FloWorx wrote, to tell an owner's edit from an untouched draft and to score the sent reply.
    body_text text NOT NULL,
    body_sha256 text NOT NULL,
    -- Outlook's changeKey when FloWorx last wrote the draft (an edit changes it).
    change_key text,
    state text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'replaced', 'edited', 'sent', 'deleted')),
    similarity double precision CHECK (similarity BETWEEN 0 AND 1),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (integration_id, draft_id)
);
CREATE UNIQUE INDEX mailbox_drafts_one_open ON floworx.mailbox_drafts (integration_id, thread_id) WHERE state = 'open';
COMMENT ON TABLE floworx.mailbox_drafts IS 'FloWorx reply drafts in connected mailboxes: at most one open per thread';
ALTER TABLE floworx.mailbox_drafts ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON floworx.mailbox_drafts FROM PUBLIC;

-- OAuth connect flows in progress: the state the browser carries is stored only as its SHA-256; the PKCE verifier
-- is sealed with the credential cipher (bound to the row id). Single use, expiring.
CREATE TABLE floworx.oauth_states (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    state_sha256 bytea NOT NULL UNIQUE,
    user_id uuid NOT NULL,
    client_id uuid NOT NULL REFERENCES public.profiles(id) ON DELETE CASCADE,
    provider text NOT NULL CHECK (provider IN ('gmail', 'outlook')),
    verifier jsonb NOT NULL,
    return_to text CHECK (length(return_to) <= 2000),
    expires_at timestamptz NOT NULL,
    used_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX oauth_states_expiry ON floworx.oauth_states (expires_at);
ALTER TABLE floworx.oauth_states ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON floworx.oauth_states FROM PUBLIC;

-- When an email that came from a connected mailbox completes, its write-back (labels and draft) is queued in the
-- same transaction: the pipeline's commit and the write-back job stand or fall together.
CREATE FUNCTION floworx.queue_mailbox_apply() RETURNS trigger
LANGUAGE plpgsql SET search_path = '' AS $$
BEGIN
    -- A mailbox disconnected and deleted meanwhile has nothing to write back to.
    INSERT INTO floworx.jobs (kind, dedupe_key, integration_id, client_id, payload)
    SELECT 'mailbox.apply', NEW.email_data->>'email_log_id', i.id, NEW.client_id,
           jsonb_strip_nulls(jsonb_build_object(
               'email_log_id', NEW.email_data->'email_log_id', 'message_id', NEW.email_data->'message_id',
               'thread_id', NEW.email_data->'thread_id', 'from', NEW.email_data->'from', 'reply_to', NEW.email_data->'reply_to',
               'subject', NEW.email_data->'subject', 'rfc_message_id', NEW.email_data->'headers'->'message_id',
               'references', NEW.email_data->'headers'->'references'))
    FROM public.integrations i WHERE i.id = (NEW.email_data->>'integration_id')::uuid
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;
CREATE TRIGGER email_queue_mailbox_apply AFTER UPDATE OF status ON public.email_queue
FOR EACH ROW WHEN (NEW.status = 'completed' AND OLD.status IS DISTINCT FROM 'completed' AND NEW.email_data ? 'integration_id')
EXECUTE FUNCTION floworx.queue_mailbox_apply();

-- email_data.headers.message_id: the RFC 5322 Message-ID, which a reply draft's In-Reply-To and References need when
-- the provider's own id (Gmail, Graph) is the message id.
UPDATE floworx.json_schemas
SET schema = jsonb_set(schema, '{$defs,headers,properties,message_id}',
                       '{"description": "The Message-ID header, without angle brackets (replies thread on it).", "type": "string"}'::jsonb)
WHERE name = 'email_data';
