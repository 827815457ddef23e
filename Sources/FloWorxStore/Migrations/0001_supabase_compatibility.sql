-- 0001 Supabase compatibility.
--
-- FloWorx's schema is written for Supabase: its policies call auth.uid(), profiles references
-- auth.users, and privileges are granted to the roles anon, authenticated and service_role.
-- On a Supabase project all of these already exist and belong to Supabase: this migration must
-- leave them exactly as they are. On plain PostgreSQL it creates the same objects, with the
-- same names, types and semantics, so that the later migrations run unchanged on both.
--
-- Every object is therefore created only when it is absent, and the grants that go with an
-- object are given only when this migration created it.

-- Roles are cluster-wide: another database of the same cluster may be migrating at the same
-- moment (the runner's advisory lock is per database), so a concurrent creation is expected
-- and tolerated: CREATE ROLE then fails with duplicate_object or, when both transactions
-- inserted the same name, unique_violation.
DO $roles$
DECLARE
    role_name text;
BEGIN
    FOREACH role_name IN ARRAY ARRAY['anon', 'authenticated', 'service_role'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = role_name) THEN
            BEGIN
                -- Nobody logs in as these roles: a trusted connection switches to one with
                -- SET ROLE. service_role is the operator's role and sees every row.
                EXECUTE pg_catalog.format(
                    'CREATE ROLE %I NOLOGIN%s',
                    role_name,
                    CASE WHEN role_name = 'service_role' THEN ' BYPASSRLS' ELSE '' END
                );
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
                RAISE NOTICE 'role % was created concurrently', role_name;
            END;
        END IF;
    END LOOP;
END
$roles$;

-- The migrating user (the server's own connection) switches to these roles with SET ROLE to
-- run a request as a tenant, so it must be a member. On Supabase `postgres` already is.
DO $membership$
DECLARE
    role_name text;
BEGIN
    FOREACH role_name IN ARRAY ARRAY['anon', 'authenticated', 'service_role'] LOOP
        IF NOT EXISTS (
            SELECT 1
            FROM pg_catalog.pg_auth_members m
            JOIN pg_catalog.pg_roles granted ON granted.oid = m.roleid
            JOIN pg_catalog.pg_roles member ON member.oid = m.member
            WHERE granted.rolname = role_name AND member.rolname = current_user
        ) THEN
            BEGIN
                EXECUTE pg_catalog.format('GRANT %I TO %I', role_name, current_user);
            EXCEPTION
                WHEN unique_violation THEN
                    RAISE NOTICE 'membership of % in % was granted concurrently', current_user, role_name;
                WHEN insufficient_privilege THEN
                    RAISE WARNING '% is not a member of % and may not become one; SET ROLE % will fail',
                        current_user, role_name, role_name;
            END;
        END IF;
    END LOOP;
END
$membership$;

-- Schema auth, the users table and the request-claim functions, as Supabase has them.
DO $auth$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = 'auth') THEN
        CREATE SCHEMA auth;
        -- Policies call auth.uid() as the tenant's role, so the roles may look up the schema.
        GRANT USAGE ON SCHEMA auth TO anon, authenticated, service_role;
    END IF;

    -- The columns of Supabase's auth.users that FloWorx's own auth server uses, with the same
    -- names and types. Only the owner reads it: it holds password hashes.
    IF pg_catalog.to_regclass('auth.users') IS NULL THEN
        CREATE TABLE auth.users (
            id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
            aud varchar(255),
            role varchar(255),
            email varchar(255) UNIQUE,
            encrypted_password varchar(255),
            email_confirmed_at timestamptz,
            last_sign_in_at timestamptz,
            raw_app_meta_data jsonb,
            raw_user_meta_data jsonb,
            created_at timestamptz DEFAULT now(),
            updated_at timestamptz DEFAULT now()
        );
        REVOKE ALL ON TABLE auth.users FROM PUBLIC, anon, authenticated, service_role;
    END IF;

    -- The subject of the request's JWT. Definitions are Supabase's own, word for word: the
    -- server (like PostgREST) puts the verified claims in request.jwt.claims for the
    -- transaction; request.jwt.claim.sub is the older, per-claim setting.
    IF pg_catalog.to_regprocedure('auth.uid()') IS NULL THEN
        CREATE FUNCTION auth.uid() RETURNS uuid
        LANGUAGE sql STABLE
        AS $fn$
            select
            coalesce(
                nullif(current_setting('request.jwt.claim.sub', true), ''),
                (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
            )::uuid
        $fn$;
        GRANT EXECUTE ON FUNCTION auth.uid() TO anon, authenticated, service_role;
    END IF;

    -- The role claim of the request's JWT (anon, authenticated or service_role).
    IF pg_catalog.to_regprocedure('auth.role()') IS NULL THEN
        CREATE FUNCTION auth.role() RETURNS text
        LANGUAGE sql STABLE
        AS $fn$
            select
            coalesce(
                nullif(current_setting('request.jwt.claim.role', true), ''),
                (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
            )::text
        $fn$;
        GRANT EXECUTE ON FUNCTION auth.role() TO anon, authenticated, service_role;
    END IF;

    -- All claims of the request's JWT; {} outside a request.
    IF pg_catalog.to_regprocedure('auth.jwt()') IS NULL THEN
        CREATE FUNCTION auth.jwt() RETURNS jsonb
        LANGUAGE sql STABLE
        AS $fn$
            select
            coalesce(
                nullif(current_setting('request.jwt.claim', true), ''),
                nullif(current_setting('request.jwt.claims', true), ''),
                '{}'
            )::jsonb
        $fn$;
        GRANT EXECUTE ON FUNCTION auth.jwt() TO anon, authenticated, service_role;
    END IF;
END
$auth$;
