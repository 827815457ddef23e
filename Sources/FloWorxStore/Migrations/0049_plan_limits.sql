-- 0049 Plan limits on connected mailboxes and managers (issue 15), enforced where the rows are written.
--
-- The pipeline enforces the per-period limits (emails, drafts, LLM tokens). The two standing limits, connected
-- mailboxes (public.integrations) and managers (public.profiles.managers), are enforced here, by triggers, so that no
-- path escapes: the web app, the data API (/rest/v1), onboarding, the mailbox OAuth callback, operators' tools, and
-- concurrent requests alike.
--
-- floworx.plan_limits holds each plan's standing limits. It is synced from the plan catalog (the built-in one or
-- FLOWORX_BILLING_PLANS_FILE) by `floworx serve` at start-up (PlanLimitRepository.sync); with
-- FLOWORX_BILLING_ENFORCE=false it is emptied, and an empty table enforces nothing (a database no server has
-- started on, and the test databases, which sync it when a test wants limits).
--
-- A business's plan: its latest subscription (the ordering of the pipeline's BillingUsageRepository) when it is
-- active, or past_due within the grace period; otherwise the free plan. A refusal is SQLSTATE FW402 with a stable
-- message, a JSON DETAIL ({"limit", "plan", "plan_name", "allowed", "current"}) and a HINT naming the way out; the
-- API answers it with 402 `plan_limit_reached` (PlanLimitError). Nothing is written.
--
-- A downgrade keeps what exists (as Front and Zendesk do): rows over the new limit stay, only additions are refused,
-- and editing or removing managers always works.

CREATE TABLE floworx.plan_limits (
    plan_id text PRIMARY KEY CHECK (length(plan_id) BETWEEN 1 AND 40),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    -- NULL: unlimited.
    mailboxes int CHECK (mailboxes >= 0),
    managers int CHECK (managers >= 0),
    -- The catalog's free plan (exactly one row when the table is not empty).
    is_free boolean NOT NULL DEFAULT false,
    -- How long a past_due subscription keeps its plan (FLOWORX_BILLING_GRACE_DAYS), the same on every row.
    grace_seconds int NOT NULL DEFAULT 604800 CHECK (grace_seconds >= 0),
    synced_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX plan_limits_one_free ON floworx.plan_limits (is_free) WHERE is_free;
COMMENT ON TABLE floworx.plan_limits IS 'Billing: each plan''s mailbox and manager limits, synced from the plan catalog at start-up';
ALTER TABLE floworx.plan_limits ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON floworx.plan_limits FROM PUBLIC;

-- The standing limits of business `client` now (no row: nothing is enforced).
CREATE FUNCTION floworx.business_plan_limits(client uuid)
RETURNS floworx.plan_limits
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = ''
AS $$
    WITH latest AS (
        SELECT s.plan_id, s.status, o.past_due_since
        FROM public.subscriptions s
        LEFT JOIN floworx.stripe_objects o ON o.local_id = s.id
        WHERE s.client_id = client
        ORDER BY (s.status <> 'canceled') DESC, s.updated_at DESC NULLS LAST, s.created_at DESC NULLS LAST
        LIMIT 1
    ), paid AS (
        SELECT l.* FROM latest s JOIN floworx.plan_limits l ON l.plan_id = s.plan_id
        WHERE s.status = 'active'
           OR (s.status = 'past_due' AND (s.past_due_since IS NULL OR s.past_due_since + make_interval(secs => l.grace_seconds) > now()))
    )
    SELECT * FROM paid
    UNION ALL
    SELECT * FROM floworx.plan_limits WHERE is_free AND NOT EXISTS (SELECT 1 FROM paid)
    LIMIT 1
$$;

-- Raises FW402 for `what` ('mailboxes' or 'managers') on plan `plan` with `in_use` of them already.
CREATE FUNCTION floworx.raise_plan_limit(what text, plan floworx.plan_limits, in_use int)
RETURNS void
LANGUAGE plpgsql
SET search_path = ''
AS $$
DECLARE
    allowed int := CASE what WHEN 'mailboxes' THEN plan.mailboxes ELSE plan.managers END;
    noun text := CASE what WHEN 'mailboxes' THEN 'connected mailbox' ELSE 'manager' END;
BEGIN
    RAISE EXCEPTION USING
        ERRCODE = 'FW402',
        MESSAGE = format('plan limit reached: the %s plan allows %s %s%s (the business has %s); upgrade the plan to add more',
                         plan.name, allowed, noun, CASE WHEN allowed = 1 THEN '' ELSE 's' END, in_use),
        DETAIL = jsonb_build_object('limit', what, 'plan', plan.plan_id, 'plan_name', plan.name, 'allowed', allowed, 'current', in_use)::text,
        HINT = CASE what
            WHEN 'mailboxes' THEN 'Upgrade on the billing page (/billing, or POST /api/v1/billing/checkout {"plan": "<id>"}), or disconnect a mailbox first.'
            ELSE 'Upgrade on the billing page (/billing, or POST /api/v1/billing/checkout {"plan": "<id>"}), or remove a manager first.' END;
END
$$;

-- Refuses one more connected mailbox for `client` beyond its plan, not counting the row `self` (the one being
-- written). Serialised per business by a transaction-level advisory lock, so concurrent connects cannot both pass.
-- Also called by the API before it sends the owner to the provider (a refusal before OAuth, not after).
CREATE FUNCTION floworx.assert_mailbox_limit(client uuid, self uuid, skip_provider text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = ''
AS $$
DECLARE
    plan floworx.plan_limits := floworx.business_plan_limits(client);
    connected int;
BEGIN
    IF plan.plan_id IS NULL OR plan.mailboxes IS NULL THEN RETURN; END IF;
    PERFORM pg_advisory_xact_lock(hashtextextended('floworx.plan_limits.mailboxes:' || client::text, 0));
    SELECT count(*) INTO connected FROM public.integrations i
    WHERE i.client_id = client AND i.status <> 'revoked' AND i.id IS DISTINCT FROM self
      AND i.provider IS DISTINCT FROM skip_provider;
    IF connected + 1 > plan.mailboxes THEN
        PERFORM floworx.raise_plan_limit('mailboxes', plan, connected);
    END IF;
END
$$;

-- integrations: a row that starts counting (inserted not revoked, revived from revoked, or moved to another
-- business) must fit the plan. Status changes between pending, active and error never add a mailbox.
CREATE FUNCTION floworx.enforce_mailbox_limit()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = ''
AS $$
BEGIN
    -- A signed-in tenant writing another business's row is refused by row-level security, which checks after BEFORE
    -- triggers: this one must not answer first and tell it that business's plan.
    IF auth.role() = 'authenticated' AND auth.uid() IS DISTINCT FROM NEW.client_id THEN RETURN NEW; END IF;
    IF NEW.status <> 'revoked'
       AND (TG_OP = 'INSERT' OR OLD.status = 'revoked' OR OLD.client_id IS DISTINCT FROM NEW.client_id) THEN
        PERFORM floworx.assert_mailbox_limit(NEW.client_id, NEW.id);
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER plan_limit_mailboxes
    BEFORE INSERT OR UPDATE OF status, client_id ON public.integrations
    FOR EACH ROW EXECUTE FUNCTION floworx.enforce_mailbox_limit();

-- profiles.managers: refused only when it grows beyond the plan. Editing a manager, or removing one, always works,
-- even over the limit after a downgrade. One row per business, so its row lock orders concurrent writers.
CREATE FUNCTION floworx.enforce_manager_limit()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = ''
AS $$
DECLARE
    wanted int := CASE WHEN jsonb_typeof(NEW.managers) = 'array' THEN jsonb_array_length(NEW.managers) ELSE 0 END;
    had int := 0;
    plan floworx.plan_limits;
BEGIN
    -- As above: another business's profile is row-level security's to refuse, without naming its plan.
    IF auth.role() = 'authenticated' AND auth.uid() IS DISTINCT FROM NEW.id THEN RETURN NEW; END IF;
    IF TG_OP = 'UPDATE' AND jsonb_typeof(OLD.managers) = 'array' THEN had := jsonb_array_length(OLD.managers); END IF;
    IF wanted <= had THEN RETURN NEW; END IF;
    plan := floworx.business_plan_limits(NEW.id);
    IF plan.plan_id IS NOT NULL AND plan.managers IS NOT NULL AND wanted > plan.managers THEN
        PERFORM floworx.raise_plan_limit('managers', plan, had);
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER plan_limit_managers
    BEFORE INSERT OR UPDATE OF managers ON public.profiles
    FOR EACH ROW EXECUTE FUNCTION floworx.enforce_manager_limit();
