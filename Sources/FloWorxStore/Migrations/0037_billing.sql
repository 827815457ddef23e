-- 0037 Billing (issue 15): the service's own records for Stripe webhooks and plan limits.
--
-- public.subscriptions and public.invoices (the seed's tables) hold what owners read through the data API, under the
-- seed's read-only policies (0006: "Users can view own subscriptions/invoices"); tenants never write them. Everything
-- here is service-only, like floworx.jobs: RLS on with no policy and no grant, so a grant made by mistake still shows
-- nothing. Owners see their usage through GET /api/v1/billing.

-- Which Stripe customer pays for which business (Checkout creates or reuses it; checkout.session.completed links it).
CREATE TABLE floworx.billing_customers (
    client_id uuid PRIMARY KEY REFERENCES public.profiles(id) ON DELETE CASCADE,
    stripe_customer_id text NOT NULL UNIQUE CHECK (length(stripe_customer_id) BETWEEN 1 AND 255),
    created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE floworx.billing_customers IS 'Billing: business -> Stripe customer';

-- Every Stripe event processed, inserted in the same transaction as its effect: a redelivery finds its id and does
-- nothing; a failed application rolls the row back, so Stripe's retry applies it.
CREATE TABLE floworx.stripe_events (
    event_id text PRIMARY KEY CHECK (length(event_id) BETWEEN 1 AND 255),
    type text NOT NULL CHECK (length(type) BETWEEN 1 AND 100),
    -- Stripe's `created` (Unix seconds).
    created bigint NOT NULL,
    -- What it did: applied (its payload), refetched (the object's current state from Stripe), ignored (not a type
    -- FloWorx applies, or nothing to apply).
    outcome text NOT NULL CHECK (outcome IN ('applied', 'refetched', 'ignored')),
    -- The Stripe object it was about (sub_…, in_…, cs_…).
    object_id text CHECK (length(object_id) <= 255),
    received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX stripe_events_object ON floworx.stripe_events (object_id);
COMMENT ON TABLE floworx.stripe_events IS 'Billing: processed Stripe event ids (each applied once)';

-- One row per Stripe subscription or invoice mirrored into public.subscriptions / public.invoices: the local row,
-- Stripe's own status, and the `created` of the last event applied to it. An event not newer than that is never
-- applied from its payload; the object's current state is fetched from Stripe instead.
CREATE TABLE floworx.stripe_objects (
    stripe_id text PRIMARY KEY CHECK (length(stripe_id) BETWEEN 1 AND 255),
    kind text NOT NULL CHECK (kind IN ('subscription', 'invoice')),
    client_id uuid NOT NULL REFERENCES public.profiles(id) ON DELETE CASCADE,
    -- public.subscriptions.id or public.invoices.id.
    local_id uuid NOT NULL UNIQUE,
    last_event_created bigint NOT NULL DEFAULT 0,
    last_event_id text CHECK (length(last_event_id) <= 255),
    -- Stripe's status (trialing, incomplete, uncollectible, … which the seed's CHECK folds; docs/billing.md).
    stripe_status text NOT NULL CHECK (length(stripe_status) <= 40),
    -- Subscriptions: since when it is past_due (the grace period counts from here); NULL when it is not.
    past_due_since timestamptz,
    -- Invoices: Stripe's hosted page and number, for the owner's billing view.
    hosted_invoice_url text CHECK (length(hosted_invoice_url) <= 2000),
    number text CHECK (length(number) <= 255),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX stripe_objects_client ON floworx.stripe_objects (client_id, kind);
COMMENT ON TABLE floworx.stripe_objects IS 'Billing: Stripe object -> local row, with the last applied event time';

-- Usage per business and billing period, counted by single INSERT … ON CONFLICT DO UPDATE … RETURNING statements,
-- so any number of workers count exactly. The period is the subscription's current period, else the UTC month.
CREATE TABLE floworx.billing_usage (
    client_id uuid NOT NULL REFERENCES public.profiles(id) ON DELETE CASCADE,
    period_start timestamptz NOT NULL,
    period_end timestamptz NOT NULL CHECK (period_end > period_start),
    emails bigint NOT NULL DEFAULT 0 CHECK (emails >= 0),
    drafts bigint NOT NULL DEFAULT 0 CHECK (drafts >= 0),
    llm_tokens bigint NOT NULL DEFAULT 0 CHECK (llm_tokens >= 0),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (client_id, period_start)
);
COMMENT ON TABLE floworx.billing_usage IS 'Billing: emails, drafts and LLM tokens per business and billing period';

-- The owner is told once per period and reason that drafts stopped: the notice's outbox row is written only by the
-- statement whose insert here succeeded.
CREATE TABLE floworx.billing_notices (
    client_id uuid NOT NULL REFERENCES public.profiles(id) ON DELETE CASCADE,
    period_start timestamptz NOT NULL,
    reason text NOT NULL CHECK (reason IN ('email_limit', 'draft_limit', 'llm_token_limit', 'past_due_grace_over', 'unpaid', 'canceled')),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (client_id, period_start, reason)
);
COMMENT ON TABLE floworx.billing_notices IS 'Billing: one owner notice per business, period and reason';

ALTER TABLE floworx.billing_customers ENABLE ROW LEVEL SECURITY;
ALTER TABLE floworx.stripe_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE floworx.stripe_objects ENABLE ROW LEVEL SECURITY;
ALTER TABLE floworx.billing_usage ENABLE ROW LEVEL SECURITY;
ALTER TABLE floworx.billing_notices ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON floworx.billing_customers, floworx.stripe_events, floworx.stripe_objects, floworx.billing_usage, floworx.billing_notices
    FROM PUBLIC;
