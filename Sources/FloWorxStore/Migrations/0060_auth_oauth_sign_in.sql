-- GoTrue's OAuth sign-in (issue 12): `GET /auth/v1/authorize?provider=google|azure`, its callback, and the PKCE
-- grant. Both tables live in the private schema `floworx` (service code only), like the sessions of migration 0020.
--
-- A flow in progress. The browser carries `state` to the provider and back; only its SHA-256 is stored, and the
-- callback uses it once (state_used_at) before expires_at. provider_verifier is FloWorx's own PKCE verifier towards
-- the provider (useless without the provider's code, which only the browser sees, and the client secret). With
-- GoTrue's PKCE flow (the client sent code_challenge), the callback stores the user and the SHA-256 of an auth code
-- that the client exchanges once at `POST /auth/v1/token?grant_type=pkce` with its code_verifier.
CREATE TABLE floworx.auth_flow_states (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  state_sha256 bytea NOT NULL UNIQUE,
  provider text NOT NULL CHECK (provider IN ('google', 'azure')),
  provider_verifier text NOT NULL CHECK (length(provider_verifier) BETWEEN 43 AND 128),
  redirect_to text NOT NULL CHECK (length(redirect_to) <= 2048),
  code_challenge text CHECK (length(code_challenge) BETWEEN 43 AND 128),
  code_challenge_method text CHECK (code_challenge_method IN ('s256', 'plain')),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  state_used_at timestamptz,
  user_id uuid REFERENCES auth.users(id) ON DELETE CASCADE,
  auth_code_sha256 bytea UNIQUE,
  auth_code_expires_at timestamptz,
  auth_code_used_at timestamptz,
  CHECK ((code_challenge IS NULL) = (code_challenge_method IS NULL)),
  CHECK ((auth_code_sha256 IS NULL) = (user_id IS NULL))
);
CREATE INDEX idx_auth_flow_states_expires ON floworx.auth_flow_states (expires_at);

-- The external accounts a user signs in with (GoTrue's auth.identities): one row per (provider, the provider's
-- subject id); a second sign-in with the same account finds its user here.
CREATE TABLE floworx.auth_identities (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES auth.users(id) ON DELETE CASCADE,
  provider text NOT NULL CHECK (provider IN ('google', 'azure')),
  provider_id text NOT NULL CHECK (length(provider_id) BETWEEN 1 AND 255),
  email text,
  identity_data jsonb NOT NULL DEFAULT '{}',
  last_sign_in_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (provider, provider_id)
);
CREATE INDEX idx_auth_identities_user ON floworx.auth_identities (user_id);

REVOKE ALL ON floworx.auth_flow_states, floworx.auth_identities FROM PUBLIC;
