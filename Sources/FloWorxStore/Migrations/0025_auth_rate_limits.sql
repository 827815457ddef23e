-- Auth rate limits (issue 8), in PostgreSQL so that every FloWorx process shares them. Each limit is a row, and each
-- request claims its attempt with one statement that checks and counts under the row's lock BEFORE the password
-- is compared, so concurrent attempts cannot all pass a check made before any of them was counted.
--
--   scope 'signin'          one row per (normalised email, client address): a few free attempts, then exponential
--                           backoff; a successful sign-in deletes it. Per address, so strangers' failures never lock
--                           an owner out from elsewhere.
--   scope 'signin_address'  one row per client address, any email: a much higher ceiling per window (spraying).
--   scope 'signup_address'  one row per client address: sign-ups per window.
CREATE TABLE floworx.auth_rate_limits (
  scope text NOT NULL CHECK (scope IN ('signin', 'signin_address', 'signup_address')),
  address text NOT NULL,
  -- The normalised email for 'signin', '' otherwise.
  subject text NOT NULL DEFAULT '',
  -- Attempts claimed: since the last success ('signin') or in the window ('signin_address', 'signup_address').
  attempts integer NOT NULL DEFAULT 0,
  window_started_at timestamptz NOT NULL DEFAULT now(),
  last_attempt_at timestamptz NOT NULL DEFAULT now(),
  -- No attempt is admitted before this time ('signin' backoff).
  blocked_until timestamptz,
  PRIMARY KEY (scope, address, subject)
);
CREATE INDEX idx_auth_rate_limits_last_attempt ON floworx.auth_rate_limits (last_attempt_at);

-- The old per-failure log is replaced by the table above.
DROP TABLE floworx.auth_failures;

-- Claims one sign-in attempt for (email, address). Returns 0 when the attempt may go ahead (and is counted), or the
-- seconds to wait before the next attempt is admitted (and nothing is counted).
--   free           attempts per (email, address) before backoff starts
--   base_seconds   the first backoff; it doubles with every further attempt, up to max_seconds
--   address_limit  attempts per address and window, any email
--   window_seconds the address window, and how long an (email, address) is remembered after its last wait
-- Rows are locked in one order (address row first), so concurrent claims cannot deadlock.
CREATE FUNCTION floworx.claim_signin_attempt(
    email text, address text, free integer, base_seconds integer, max_seconds integer, address_limit integer, window_seconds integer
) RETURNS integer
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    per_address floworx.auth_rate_limits;
    per_email floworx.auth_rate_limits;
    wait_until timestamptz;
    window_length interval := make_interval(secs => window_seconds);
    claimed integer;
    -- The time after the row locks: now() is the start of the transaction, which may have waited behind another
    -- claim that already set a later blocked_until (the wait would then come out longer than max_seconds).
    locked_at timestamptz;
BEGIN
    -- Forget quiet rows now and then (about one claim in a hundred).
    IF random() < 0.01 THEN
        DELETE FROM floworx.auth_rate_limits r
        WHERE r.last_attempt_at < now() - greatest(window_length, interval '1 day')
          AND (r.blocked_until IS NULL OR r.blocked_until < now());
    END IF;
    INSERT INTO floworx.auth_rate_limits (scope, address, subject) VALUES ('signin_address', claim_signin_attempt.address, '')
        ON CONFLICT DO NOTHING;
    INSERT INTO floworx.auth_rate_limits (scope, address, subject) VALUES ('signin', claim_signin_attempt.address, claim_signin_attempt.email)
        ON CONFLICT DO NOTHING;
    SELECT * INTO STRICT per_address FROM floworx.auth_rate_limits r
        WHERE r.scope = 'signin_address' AND r.address = claim_signin_attempt.address AND r.subject = '' FOR UPDATE;
    SELECT * INTO STRICT per_email FROM floworx.auth_rate_limits r
        WHERE r.scope = 'signin' AND r.address = claim_signin_attempt.address AND r.subject = claim_signin_attempt.email FOR UPDATE;

    locked_at := clock_timestamp();
    -- A new window for the address; a fresh start for an (email, address) quiet for a whole window.
    IF per_address.window_started_at <= locked_at - window_length THEN
        per_address.attempts := 0;
        per_address.window_started_at := locked_at;
    END IF;
    -- (Quiet counts from the end of the last wait, so that the longest wait does not end in a fresh start.)
    IF greatest(per_email.last_attempt_at, per_email.blocked_until) <= locked_at - window_length THEN
        per_email.attempts := 0;
        per_email.blocked_until := NULL;
    END IF;

    IF per_email.blocked_until > locked_at THEN
        wait_until := per_email.blocked_until;
    END IF;
    IF per_address.attempts >= address_limit THEN
        wait_until := greatest(wait_until, per_address.window_started_at + window_length);
    END IF;
    IF wait_until IS NOT NULL THEN
        -- Refused: nothing counted, but the resets above are kept.
        UPDATE floworx.auth_rate_limits r SET attempts = per_address.attempts, window_started_at = per_address.window_started_at
            WHERE r.scope = 'signin_address' AND r.address = claim_signin_attempt.address AND r.subject = '';
        UPDATE floworx.auth_rate_limits r SET attempts = per_email.attempts, blocked_until = per_email.blocked_until
            WHERE r.scope = 'signin' AND r.address = claim_signin_attempt.address AND r.subject = claim_signin_attempt.email;
        RETURN greatest(1, ceil(extract(epoch FROM wait_until - locked_at)))::integer;
    END IF;

    claimed := per_email.attempts + 1;
    UPDATE floworx.auth_rate_limits r
        SET attempts = per_address.attempts + 1, window_started_at = per_address.window_started_at, last_attempt_at = locked_at
        WHERE r.scope = 'signin_address' AND r.address = claim_signin_attempt.address AND r.subject = '';
    UPDATE floworx.auth_rate_limits r
        SET attempts = claimed, last_attempt_at = locked_at,
            blocked_until = CASE WHEN claimed >= free
                THEN locked_at + make_interval(secs => least(max_seconds::double precision, base_seconds * power(2::double precision, claimed - free)))
            END
        WHERE r.scope = 'signin' AND r.address = claim_signin_attempt.address AND r.subject = claim_signin_attempt.email;
    RETURN 0;
END
$$;

-- After a successful sign-in: the (email, address) row is forgotten, and the attempt is given back to the
-- address, so that many people signing in correctly behind one address (an office, a NAT) do not fill its ceiling.
CREATE FUNCTION floworx.signin_succeeded(email text, address text) RETURNS void
LANGUAGE sql
SET search_path = pg_catalog, pg_temp
AS $$
    DELETE FROM floworx.auth_rate_limits r
        WHERE r.scope = 'signin' AND r.address = $2 AND r.subject = $1;
    UPDATE floworx.auth_rate_limits r SET attempts = greatest(r.attempts - 1, 0)
        WHERE r.scope = 'signin_address' AND r.address = $2 AND r.subject = '';
$$;

REVOKE ALL ON floworx.auth_rate_limits FROM PUBLIC;
REVOKE ALL ON FUNCTION floworx.claim_signin_attempt(text, text, integer, integer, integer, integer, integer) FROM PUBLIC;
REVOKE ALL ON FUNCTION floworx.signin_succeeded(text, text) FROM PUBLIC;
