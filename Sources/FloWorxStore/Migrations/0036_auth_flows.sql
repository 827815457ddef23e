-- GoTrue's email flows (issue 12): recovery, sign-up confirmation, magic links / email codes and email change.
--
-- A one-time token is what the emailed link carries (a random value, stored only as its SHA-256) together with a
-- 6-digit code for typing in (also stored only as its SHA-256). As GoTrue keeps one token per column of auth.users,
-- a user has at most one live token per slot; issuing a new one replaces the old (its link stops working):
--   'confirmation'  sign-up confirmation (verify types signup, invite, email)
--   'recovery'      password recovery and magic links (recovery, magiclink, email)
--   'email_change'  confirmation of a new address, sent to that address (email_change)
-- Redeeming deletes the row, so a token works once. auth.users stays as it is (owner-only); these rows live in the
-- private schema `floworx` and go with their user (ON DELETE CASCADE).
CREATE TABLE floworx.auth_one_time_tokens (
  id bigserial PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES auth.users(id) ON DELETE CASCADE,
  slot text NOT NULL CHECK (slot IN ('confirmation', 'recovery', 'email_change')),
  -- The normalised address the token was mailed to; for 'email_change' the address the user gets on success.
  email text NOT NULL,
  link_hash bytea NOT NULL UNIQUE,
  code_hash bytea NOT NULL,
  -- Wrong codes typed for this address since the token was issued; at the limit the token is dead.
  failed_attempts integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  UNIQUE (user_id, slot)
);
CREATE INDEX idx_auth_one_time_tokens_email ON floworx.auth_one_time_tokens (email);
CREATE INDEX idx_auth_one_time_tokens_expires ON floworx.auth_one_time_tokens (expires_at);

REVOKE ALL ON floworx.auth_one_time_tokens FROM PUBLIC;

-- One auth email per address and interval (GoTrue's SMTP_MAX_FREQUENCY), in the shared rate-limit table: a row of
-- scope 'auth_email' per normalised address (subject), whether or not a user has it, so the answer never says
-- which addresses have accounts.
ALTER TABLE floworx.auth_rate_limits DROP CONSTRAINT auth_rate_limits_scope_check;
ALTER TABLE floworx.auth_rate_limits ADD CONSTRAINT auth_rate_limits_scope_check
  CHECK (scope IN ('signin', 'signin_address', 'signup_address', 'auth_email'));
