-- 0033 Web push subscriptions (issue 11, deliverable 4).
--
-- One row per browser that subscribed a signed-in user to web push: the push service endpoint and the user agent's
-- keys (RFC 8291: p256dh, the uncompressed P-256 public key; auth, the 16-byte secret), both base64url as
-- PushSubscription.toJSON() gives them. The endpoint is unique per user (a browser subscribing again replaces its
-- keys). The delivery worker reads a user's rows as the service and deletes a row when the push service answers
-- 404 or 410 (PushSubscriptionRepository).
--
-- Why a schema of its own: `public` is exactly the Supabase schema contract (the tests pin its 17 tables and the
-- data API's OpenAPI document to it), and `floworx` is closed to the request roles. The tenant reads and writes its
-- rows as role authenticated under row-level security, with the policy style of 0006: a user sees, inserts,
-- updates (the upsert of a re-subscription) and deletes only rows whose user_id is (select auth.uid()).
CREATE SCHEMA push;
COMMENT ON SCHEMA push IS 'Web push subscriptions of signed-in users (issue 11)';
REVOKE ALL ON SCHEMA push FROM PUBLIC;
GRANT USAGE ON SCHEMA push TO authenticated, service_role;

CREATE TABLE push.subscriptions (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL DEFAULT auth.uid() REFERENCES auth.users(id) ON DELETE CASCADE,
    endpoint text NOT NULL CHECK (length(endpoint) BETWEEN 8 AND 2048 AND endpoint ~* '^https?://'),
    -- base64url without padding: 65 bytes -> 87 characters, 16 bytes -> 22 characters (checked again by the API).
    p256dh text NOT NULL CHECK (p256dh ~ '^[A-Za-z0-9_-]{86,88}={0,2}$'),
    auth text NOT NULL CHECK (auth ~ '^[A-Za-z0-9_-]{21,24}={0,2}$'),
    user_agent text CHECK (length(user_agent) <= 500),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    -- Delivery bookkeeping, written by the service only.
    last_success_at timestamptz,
    last_failure_at timestamptz,
    failure_count integer NOT NULL DEFAULT 0 CHECK (failure_count >= 0),
    last_failure_reason text CHECK (length(last_failure_reason) <= 1000),
    UNIQUE (user_id, endpoint)
);
CREATE INDEX push_subscriptions_endpoint ON push.subscriptions (endpoint);
COMMENT ON TABLE push.subscriptions IS 'Browser push subscriptions per user (RFC 8030/8291), deleted on 404/410 from the push service';

REVOKE ALL ON TABLE push.subscriptions FROM PUBLIC, anon, authenticated, service_role;
GRANT ALL ON TABLE push.subscriptions TO service_role;
GRANT SELECT, DELETE ON TABLE push.subscriptions TO authenticated;
-- The tenant writes what the browser gives it; the delivery columns stay the service's.
GRANT INSERT (id, user_id, endpoint, p256dh, auth, user_agent),
      UPDATE (p256dh, auth, user_agent, updated_at)
    ON TABLE push.subscriptions TO authenticated;

ALTER TABLE push.subscriptions ENABLE ROW LEVEL SECURITY;
CREATE POLICY "Users can view own push subscriptions" ON push.subscriptions
    FOR SELECT TO authenticated
    USING (user_id = (select auth.uid()));
CREATE POLICY "Users can insert own push subscriptions" ON push.subscriptions
    FOR INSERT TO authenticated
    WITH CHECK (user_id = (select auth.uid()));
CREATE POLICY "Users can update own push subscriptions" ON push.subscriptions
    FOR UPDATE TO authenticated
    USING (user_id = (select auth.uid()))
    WITH CHECK (user_id = (select auth.uid()));
CREATE POLICY "Users can delete own push subscriptions" ON push.subscriptions
    FOR DELETE TO authenticated
    USING (user_id = (select auth.uid()));
