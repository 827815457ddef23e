-- FloWorx's own GoTrue-compatible auth server: sessions, rotating refresh tokens and login throttling.
-- These live in the private schema `floworx`: no API role can read them; only FloWorx's service code does.

CREATE TABLE floworx.auth_sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES auth.users(id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  refreshed_at timestamptz,
  revoked_at timestamptz,
  revoked_reason text CHECK (revoked_reason IN ('logout', 'refresh_token_reuse', 'password_change', 'user_deleted')),
  user_agent text,
  ip text
);
CREATE INDEX idx_auth_sessions_user ON floworx.auth_sessions (user_id);

-- A refresh token is stored only as the SHA-256 of its value. Rotation marks the used token and links the new one
-- to it; reuse of a used token revokes the whole session (its family), as GoTrue does.
CREATE TABLE floworx.refresh_tokens (
  id bigserial PRIMARY KEY,
  session_id uuid NOT NULL REFERENCES floworx.auth_sessions(id) ON DELETE CASCADE,
  token_hash bytea NOT NULL UNIQUE,
  parent_id bigint REFERENCES floworx.refresh_tokens(id) ON DELETE SET NULL,
  used_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX idx_refresh_tokens_session ON floworx.refresh_tokens (session_id);

-- Failed sign-ins, per email and per client address, for throttling across every FloWorx process.
CREATE TABLE floworx.auth_failures (
  id bigserial PRIMARY KEY,
  email text NOT NULL,
  address text NOT NULL,
  failed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_auth_failures_email ON floworx.auth_failures (email, failed_at);
CREATE INDEX idx_auth_failures_address ON floworx.auth_failures (address, failed_at);

REVOKE ALL ON floworx.auth_sessions, floworx.refresh_tokens, floworx.auth_failures FROM PUBLIC;
