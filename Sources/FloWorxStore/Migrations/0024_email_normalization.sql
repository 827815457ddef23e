-- Email addresses in one spelling (issue 8). Before this, `Élodie@x.fr` typed precomposed and decomposed made two
-- accounts, and an upper-case non-ASCII letter could not sign in (Swift lowered it, the C locale's lower() did not).
--
-- floworx.normalize_email is the rule of Swift's EmailAddress.normalized, step for step: NFC, Unicode's full
-- lowercase mapping (ICU's, through the "und-x-icu" collation; the database's default collation may be "C"), final
-- sigma folded to σ (ICU lowers a word-final Σ to ς, Swift to σ), NFC again. Compatibility forms (fullwidth
-- letters) are kept, as mail servers keep them. Without ICU (a server built without it) the function falls back
-- to lower() in the database's collation and says so: then only ASCII case is folded in SQL.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_catalog.pg_collation WHERE collname = 'und-x-icu') THEN
        EXECUTE $fn$
            CREATE FUNCTION floworx.normalize_email(address text) RETURNS text
            LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
            RETURN pg_catalog.normalize(
                pg_catalog.replace(pg_catalog.lower(pg_catalog.normalize(address, 'NFC') COLLATE "und-x-icu"), U&'\03C2', U&'\03C3'),
                'NFC')
        $fn$;
    ELSE
        RAISE WARNING 'PostgreSQL has no ICU collation "und-x-icu": floworx.normalize_email lowers with the default collation, which may fold only ASCII letters';
        EXECUTE $fn$
            CREATE FUNCTION floworx.normalize_email(address text) RETURNS text
            LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
            RETURN pg_catalog.normalize(
                pg_catalog.replace(pg_catalog.lower(pg_catalog.normalize(address, 'NFC')), U&'\03C2', U&'\03C3'),
                'NFC')
        $fn$;
    END IF;
END
$$;
-- A pure function, and the index below evaluates it for every role that writes auth.users (a sign-up service
-- granted INSERT on it, for one): everyone may execute it. It reads and writes nothing.
GRANT EXECUTE ON FUNCTION floworx.normalize_email(text) TO PUBLIC;

-- Existing rows. Accounts cannot be merged (each has its own password, sessions and data), so:
--   * a row whose normal form no other row shares is rewritten to it;
--   * rows that share a normal form are left exactly as they are, and each such group is reported in a NOTICE
--     for an operator to resolve (e.g. by changing or deleting one of the accounts). Until then, signing in with
--     any spelling of such an address finds the row spelled exactly as typed, else the oldest (AuthRepository).
DO $$
DECLARE
    rewritten integer;
    collision record;
BEGIN
    WITH normal AS (
        SELECT id, floworx.normalize_email(email) AS form,
               count(*) OVER (PARTITION BY floworx.normalize_email(email)) AS sharing
        FROM auth.users
        WHERE email IS NOT NULL
    )
    UPDATE auth.users u SET email = normal.form
    FROM normal
    WHERE u.id = normal.id AND normal.sharing = 1 AND u.email IS DISTINCT FROM normal.form
      -- auth.users.email is varchar(255): a form that got longer than that (İ lowers to two code points) stays.
      AND pg_catalog.char_length(normal.form) <= 255;
    GET DIAGNOSTICS rewritten = ROW_COUNT;
    IF rewritten > 0 THEN
        RAISE NOTICE 'normalised % email address(es) in auth.users', rewritten;
    END IF;
    FOR collision IN
        SELECT floworx.normalize_email(email) AS form,
               pg_catalog.string_agg(id::text || ' <' || email || '>', ', ' ORDER BY created_at, id) AS users
        FROM auth.users
        WHERE email IS NOT NULL
        GROUP BY 1
        HAVING count(*) > 1
    LOOP
        RAISE NOTICE 'auth.users: % are one address (%) in different spellings; left unchanged, resolve by hand',
            collision.users, collision.form;
    END LOOP;
END
$$;

-- Lookups by normal form. Not UNIQUE, because rows reported above may share one; new rows are stored normalised,
-- so the UNIQUE (email) of auth.users catches duplicates among them (concurrent sign-ups included), and sign-up
-- and email change also refuse a normal form an unnormalised row already has (AuthRepository). On Supabase, auth.users belongs to the auth server's role:
-- the index is created only where this role owns the table.
DO $$
BEGIN
    IF pg_catalog.pg_has_role((SELECT relowner FROM pg_catalog.pg_class WHERE oid = 'auth.users'::regclass), 'USAGE') THEN
        CREATE INDEX auth_users_normalized_email_idx ON auth.users (floworx.normalize_email(email));
    ELSE
        RAISE NOTICE 'auth.users belongs to another role: no index on floworx.normalize_email(email)';
    END IF;
END
$$;
