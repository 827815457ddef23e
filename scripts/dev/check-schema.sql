-- Developer aid: checks a database migrated by Sources/FloWorxStore/Migrations against the
-- schema contract and the security and validation rules. Everything runs in one transaction
-- that is rolled back: the database is left as it was.
--
--   cd <repository root>
--   psql -X -v ON_ERROR_STOP=1 -h 127.0.0.1 -p 55439 -U postgres -d <db> -f scripts/dev/check-schema.sql
--
-- Optional variables: -v seed=<path of the schema contract> (compares the tables and indexes
-- with the contract's own DDL), -v repo=<repository root> (default: the current directory).
-- Every check prints "ok ..." as a NOTICE; the first failure stops the script with "FAIL ...".
-- It must run as the migrating user (the tables' owner, a member of anon, authenticated and
-- service_role).

\set ON_ERROR_STOP on
\pset pager off
\if :{?repo}
\else
\set repo .
\endif
\if :{?seed}
\else
\set seed /work/shared/seed/000_8bf6951b3e8a9be2.txt
\endif

\set a '00000000-0000-4000-8000-00000000000a'
\set b '00000000-0000-4000-8000-00000000000b'
\set claims_a '{"sub":"00000000-0000-4000-8000-00000000000a","role":"authenticated"}'
\set claims_b '{"sub":"00000000-0000-4000-8000-00000000000b","role":"authenticated"}'

BEGIN;

-- Helpers. pg_temp functions are callable by every role (so also after SET ROLE).

-- Fails unless `query` (one value) returns `expected`.
CREATE FUNCTION pg_temp.expect(label text, query text, expected text)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    result text;
BEGIN
    EXECUTE query INTO result;
    IF result IS DISTINCT FROM expected THEN
        RAISE EXCEPTION 'FAIL %: got %, expected %', label, coalesce(result, 'NULL'), coalesce(expected, 'NULL');
    END IF;
    RAISE NOTICE 'ok   % (%)', label, result;
END
$$;

-- Fails unless `statement` raises `expected_state` with `expected_message` (compared with
-- LIKE when it contains %, else exactly). Prints the message, DETAIL and HINT.
CREATE FUNCTION pg_temp.expect_error(label text, statement text, expected_state text, expected_message text DEFAULT NULL)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    state text;
    message text;
    detail text;
    hint text;
    matches boolean;
BEGIN
    BEGIN
        EXECUTE statement;
    EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, message = MESSAGE_TEXT,
                                detail = PG_EXCEPTION_DETAIL, hint = PG_EXCEPTION_HINT;
        matches := CASE
            WHEN expected_message IS NULL THEN true
            WHEN strpos(expected_message, '%') > 0 THEN message LIKE expected_message
            ELSE message = expected_message
        END;
        IF state <> expected_state OR NOT matches THEN
            RAISE EXCEPTION 'FAIL %: got % "%", expected % "%"', label, state, message, expected_state, expected_message;
        END IF;
        RAISE NOTICE '%', 'ok   ' || label || ' -> ' || state || ' ' || message
            || CASE WHEN nullif(detail, '') IS NOT NULL THEN E'\n       DETAIL: ' || replace(detail, E'\n', E'\n               ') ELSE '' END
            || CASE WHEN nullif(hint, '') IS NOT NULL THEN E'\n       HINT: ' || hint ELSE '' END;
        RETURN;
    END;
    RAISE EXCEPTION 'FAIL %: succeeded, expected % "%"', label, expected_state, expected_message;
END
$$;

-- Fails unless `statement` succeeds.
CREATE FUNCTION pg_temp.expect_ok(label text, statement text)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE statement;
    RAISE NOTICE 'ok   %', label;
END
$$;

-- The plan of `query`, one line per row, for checking which index it uses.
CREATE FUNCTION pg_temp.plan(query text)
RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    line text;
    plan text := '';
BEGIN
    FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || query LOOP
        plan := plan || line || E'\n';
    END LOOP;
    RETURN plan;
END
$$;

\echo
\echo '=== 1. Tables and indexes against the schema contract'

\set seed_sql `awk '/^## \*\*Row Level Security/{exit} /^...sql$/{f=1;next} /^...$/{f=0;next} f' :'seed'`
SELECT set_config('check.seed_sql', :'seed_sql', true) IS NOT NULL AS seed_loaded;

-- The contract's CREATE TABLE and CREATE INDEX statements, run verbatim in a scratch schema.
CREATE SCHEMA seed_check;
SELECT set_config('search_path', 'seed_check, public', true) AS search_path;
DO $$ BEGIN EXECUTE current_setting('check.seed_sql'); END $$;
SELECT set_config('search_path', 'public', true) AS search_path;

CREATE TEMP VIEW contract_facts AS
WITH tables AS (
    SELECT c.oid, n.nspname AS schema, c.relname AS table_name
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname IN ('public', 'seed_check') AND c.relkind = 'r'
)
-- Columns: position, name, type, NOT NULL, default.
SELECT t.schema, t.table_name, 'column ' || lpad(a.attnum::text, 2, '0') AS fact,
       a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
       || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END
       || coalesce(' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid), '') AS definition
FROM tables t
JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped
LEFT JOIN pg_attrdef d ON d.adrelid = t.oid AND d.adnum = a.attnum
UNION ALL
-- CHECK and PRIMARY KEY constraints, by name.
SELECT t.schema, t.table_name, 'constraint ' || con.conname, pg_get_constraintdef(con.oid)
FROM tables t JOIN pg_constraint con ON con.conrelid = t.oid
WHERE con.contype IN ('c', 'p')
UNION ALL
-- Foreign keys: columns, referenced table (schema-independent for profiles), ON DELETE/UPDATE.
SELECT t.schema, t.table_name, 'constraint ' || con.conname,
       'FOREIGN KEY (' || (SELECT string_agg(attname, ', ') FROM pg_attribute WHERE attrelid = con.conrelid AND attnum = ANY (con.conkey))
       || ') REFERENCES ' || CASE WHEN rn.nspname = 'auth' THEN 'auth.' ELSE '' END || r.relname
       || ' ON DELETE ' || CASE con.confdeltype WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' WHEN 'a' THEN 'NO ACTION' WHEN 'r' THEN 'RESTRICT' ELSE con.confdeltype::text END
       || ' ON UPDATE ' || CASE con.confupdtype WHEN 'a' THEN 'NO ACTION' ELSE con.confupdtype::text END
FROM tables t
JOIN pg_constraint con ON con.conrelid = t.oid AND con.contype = 'f'
JOIN pg_class r ON r.oid = con.confrelid
JOIN pg_namespace rn ON rn.oid = r.relnamespace;

-- Every fact of the contract's tables holds in public, and public's tables have no other
-- column, CHECK or foreign key.
SELECT pg_temp.expect('17 contract tables exist in public',
    $$SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename IN (SELECT table_name FROM contract_facts WHERE schema = 'seed_check')$$, '17');
SELECT table_name, fact, definition AS "in the contract, not in public" FROM contract_facts WHERE schema = 'seed_check'
EXCEPT SELECT table_name, fact, definition FROM contract_facts WHERE schema = 'public' ORDER BY 1, 2;
SELECT table_name, fact, definition AS "in public, not in the contract" FROM contract_facts WHERE schema = 'public'
EXCEPT SELECT table_name, fact, definition FROM contract_facts WHERE schema = 'seed_check' ORDER BY 1, 2;
SELECT pg_temp.expect('columns, types, NOT NULL, defaults, CHECKs, PKs and FKs (with ON DELETE) equal the contract',
    $$SELECT count(*) FROM (
        (SELECT table_name, fact, definition FROM contract_facts WHERE schema = 'seed_check'
         EXCEPT SELECT table_name, fact, definition FROM contract_facts WHERE schema = 'public')
        UNION ALL
        (SELECT table_name, fact, definition FROM contract_facts WHERE schema = 'public'
         EXCEPT SELECT table_name, fact, definition FROM contract_facts WHERE schema = 'seed_check')
    ) differences$$, '0');
SELECT pg_temp.expect('the contract''s 9 indexes exist in public by name, with the same definition',
    $$SELECT count(*) FROM pg_indexes s JOIN pg_indexes p ON p.schemaname = 'public' AND p.indexname = s.indexname
      AND replace(p.indexdef, 'public.', '') = replace(s.indexdef, 'seed_check.', '')
      WHERE s.schemaname = 'seed_check' AND s.indexname LIKE 'idx\_%'$$, '9');

DROP SCHEMA seed_check CASCADE;

\echo
\echo '=== 2. Table descriptions'
\d public.profiles
\d public.integrations
\d public.communication_styles
\d public.business_hours
\d public.escalation_rules
\d public.notification_settings
\d public.email_logs
\d public.email_queue
\d public.ai_responses
\d public.analytics_events
\d public.performance_metrics
\d public.workflows
\d public.workflow_metrics
\d public.subscriptions
\d public.invoices
\d public.error_logs
\d public.dead_letter_queue
\d auth.users

\echo
\echo '=== 3. Indexes, policies, privileges'
SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1, 2;
SELECT tablename, policyname, cmd, roles FROM pg_policies ORDER BY 1, 2;

SELECT pg_temp.expect('RLS is enabled on all 17 tables',
    $$SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' AND relrowsecurity$$, '17');
SELECT pg_temp.expect('every policy is for authenticated and calls (select auth.uid())',
    $$SELECT count(*) FROM pg_policies WHERE schemaname = 'public' AND roles = '{authenticated}'
      AND coalesce(qual, with_check) LIKE '%( SELECT auth.uid() AS uid)%'
      AND (with_check IS NULL OR with_check LIKE '%( SELECT auth.uid() AS uid)%')$$,
    (SELECT count(*)::text FROM pg_policies WHERE schemaname = 'public'));
SELECT pg_temp.expect('36 policies', $$SELECT count(*) FROM pg_policies WHERE schemaname = 'public'$$, '36');
SELECT pg_temp.expect('updated_at triggers on the 10 tables with updated_at',
    $$SELECT string_agg(tgname, ',' ORDER BY tgname) FROM pg_trigger WHERE tgname LIKE 'update\_%\_updated\_at' AND NOT tgisinternal$$,
    'update_business_hours_updated_at,update_communication_styles_updated_at,update_dead_letter_queue_updated_at,update_email_queue_updated_at,update_escalation_rules_updated_at,update_integrations_updated_at,update_notification_settings_updated_at,update_profiles_updated_at,update_subscriptions_updated_at,update_workflows_updated_at');
SELECT pg_temp.expect('and they are all the tables with an updated_at column',
    $$SELECT count(*) FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'updated_at'$$, '10');

-- Table privileges of the three roles (r SELECT, a INSERT, w UPDATE, d DELETE).
SELECT c.relname AS table_name,
       (SELECT string_agg(privilege_type, ',' ORDER BY privilege_type) FROM information_schema.role_table_grants g
         WHERE g.table_schema = 'public' AND g.table_name = c.relname AND g.grantee = 'authenticated') AS authenticated,
       (SELECT string_agg(privilege_type, ',' ORDER BY privilege_type) FROM information_schema.role_table_grants g
         WHERE g.table_schema = 'public' AND g.table_name = c.relname AND g.grantee = 'anon') AS anon,
       (SELECT count(*) FROM information_schema.role_table_grants g
         WHERE g.table_schema = 'public' AND g.table_name = c.relname AND g.grantee = 'service_role') AS service_role_privileges
FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' ORDER BY 1;
SELECT table_name, column_name,
       string_agg(grantee || ':' || privilege_type, ' ' ORDER BY grantee, privilege_type) AS column_grants
FROM information_schema.column_privileges
WHERE table_schema = 'public' AND table_name IN ('integrations', 'profiles') AND grantee IN ('anon', 'authenticated')
GROUP BY 1, 2 ORDER BY 1, 2;

\echo
\echo '=== 4. The JSON schemas in floworx.json_schemas equal schemas/*.json'
\set f_business_hours_hours `cat :repo/schemas/business_hours_hours.json`
\set f_client_config `cat :repo/schemas/client_config.json`
\set f_communication_style_patterns `cat :repo/schemas/communication_style_patterns.json`
\set f_email_data `cat :repo/schemas/email_data.json`
\set f_email_labels `cat :repo/schemas/email_labels.json`
\set f_escalation_actions `cat :repo/schemas/escalation_actions.json`
\set f_escalation_conditions `cat :repo/schemas/escalation_conditions.json`
\set f_managers `cat :repo/schemas/managers.json`
\set f_suppliers `cat :repo/schemas/suppliers.json`
CREATE TEMP TABLE schema_files (name text, schema jsonb);
INSERT INTO schema_files VALUES
    ('business_hours_hours', :'f_business_hours_hours'),
    ('client_config', :'f_client_config'),
    ('communication_style_patterns', :'f_communication_style_patterns'),
    ('email_data', :'f_email_data'),
    ('email_labels', :'f_email_labels'),
    ('escalation_actions', :'f_escalation_actions'),
    ('escalation_conditions', :'f_escalation_conditions'),
    ('managers', :'f_managers'),
    ('suppliers', :'f_suppliers');
SELECT pg_temp.expect('9 stored schemas, each identical to its file',
    $$SELECT count(*) FROM schema_files f JOIN floworx.json_schemas s USING (name) WHERE f.schema = s.schema$$, '9');
SELECT pg_temp.expect('no other stored schema', $$SELECT count(*) FROM floworx.json_schemas$$, '9');
SELECT pg_temp.expect_error('a schema using an unsupported keyword is refused',
    $$INSERT INTO floworx.json_schemas VALUES ('typo', '{"type": "object", "patternProperties": {"^x": {}}}')$$,
    '22023', 'JSON schema "typo" uses what floworx''s validator does not support');

\echo
\echo '=== 5. Sign-up creates the profile'
INSERT INTO auth.users (id, email) VALUES (:'a', 'a@example.com'), (:'b', 'b@example.com');
SELECT pg_temp.expect('on_auth_user_created made both profiles with the default documents',
    format($$SELECT string_agg(client_config::text || managers::text || suppliers::text || email_labels::text, ' ')
             FROM profiles WHERE id IN (%L, %L)$$, :'a', :'b'),
    '{}[][]{} {}[][]{}');

-- Fixture, written by the owner (the service): one row of every table per tenant, with
-- updated_at in the past so that the trigger's stamp is visible.
INSERT INTO integrations (id, client_id, provider, credentials, status, updated_at) VALUES
    ('10000000-0000-4000-8000-00000000000a', :'a', 'gmail', '{"access_token": "enc:A"}', 'active', '2000-01-01'),
    ('10000000-0000-4000-8000-00000000000b', :'b', 'outlook', '{"access_token": "enc:B"}', 'active', '2000-01-01');
INSERT INTO communication_styles (id, client_id, name, updated_at) VALUES
    ('20000000-0000-4000-8000-00000000000a', :'a', 'A style', '2000-01-01'),
    ('20000000-0000-4000-8000-00000000000b', :'b', 'B style', '2000-01-01');
INSERT INTO business_hours (client_id, hours, timezone, updated_at) VALUES
    (:'a', '{"version": 1, "weekly": {"mon": [["08:00", "17:00"]]}}', 'America/Toronto', '2000-01-01'),
    (:'b', '{}', 'UTC', '2000-01-01');
INSERT INTO escalation_rules (id, client_id, name, updated_at) VALUES
    ('30000000-0000-4000-8000-00000000000a', :'a', 'A rule', '2000-01-01'),
    ('30000000-0000-4000-8000-00000000000b', :'b', 'B rule', '2000-01-01');
INSERT INTO notification_settings (client_id, updated_at) VALUES (:'a', '2000-01-01'), (:'b', '2000-01-01');
INSERT INTO email_logs (id, client_id, message_id, from_email, to_email) VALUES
    ('40000000-0000-4000-8000-00000000000a', :'a', 'm-1', 'x@example.com', 'a@example.com'),
    ('40000000-0000-4000-8000-00000000000b', :'b', 'm-1', 'x@example.com', 'b@example.com');
INSERT INTO email_queue (client_id, email_data, updated_at) VALUES
    (:'a', '{"message_id": "m-2"}', '2000-01-01'), (:'b', '{"message_id": "m-2"}', '2000-01-01');
INSERT INTO ai_responses (email_log_id, response_text, confidence_score) VALUES
    ('40000000-0000-4000-8000-00000000000a', 'Hi A', 0.91), ('40000000-0000-4000-8000-00000000000b', 'Hi B', 0.5);
INSERT INTO analytics_events (client_id, event_type) VALUES (:'a', 'email_processed'), (:'b', 'email_processed');
INSERT INTO performance_metrics (client_id, metric_type, metric_value) VALUES (:'a', 'processing_ms', 120.5), (:'b', 'processing_ms', 99);
INSERT INTO workflows (id, client_id, name, workflow_data, updated_at) VALUES
    ('50000000-0000-4000-8000-00000000000a', :'a', 'A flow', '{}', '2000-01-01'),
    ('50000000-0000-4000-8000-00000000000b', :'b', 'B flow', '{}', '2000-01-01');
INSERT INTO workflow_metrics (workflow_id, execution_time) VALUES
    ('50000000-0000-4000-8000-00000000000a', 10), ('50000000-0000-4000-8000-00000000000b', 20);
INSERT INTO subscriptions (id, client_id, plan_id, status, updated_at) VALUES
    ('60000000-0000-4000-8000-00000000000a', :'a', 'pro', 'active', '2000-01-01'),
    ('60000000-0000-4000-8000-00000000000b', :'b', 'pro', 'active', '2000-01-01');
INSERT INTO invoices (subscription_id, amount, status) VALUES
    ('60000000-0000-4000-8000-00000000000a', 49, 'paid'), ('60000000-0000-4000-8000-00000000000b', 49, 'open');
INSERT INTO error_logs (id, client_id, error_type, error_message, severity) VALUES
    ('70000000-0000-4000-8000-00000000000a', :'a', 'smtp', 'boom', 'high'),
    ('70000000-0000-4000-8000-00000000000b', :'b', 'smtp', 'boom', 'low');
INSERT INTO dead_letter_queue (id, client_id, operation_type, operation_data, error_message, updated_at) VALUES
    ('80000000-0000-4000-8000-00000000000a', :'a', 'draft', '{}', 'boom', '2000-01-01'),
    ('80000000-0000-4000-8000-00000000000b', :'b', 'draft', '{}', 'boom', '2000-01-01');

\echo
\echo '=== 6. Tenant A (authenticated): own rows only'
SET LOCAL ROLE authenticated;
SELECT set_config('request.jwt.claims', :'claims_a', true) IS NOT NULL AS claims_set;
SELECT pg_temp.expect('auth.uid() is A', 'SELECT auth.uid()::text', :'a');

-- Each table shows exactly A's one row (profiles: A's own).
SELECT pg_temp.expect('profiles: own row only', $$SELECT string_agg(id::text, ',') FROM profiles$$, :'a');
SELECT pg_temp.expect('integrations (without credentials): own row only', $$SELECT string_agg(client_id::text, ',') FROM (SELECT client_id FROM integrations) s$$, :'a');
SELECT pg_temp.expect('communication_styles: own row only', $$SELECT string_agg(client_id::text, ',') FROM communication_styles$$, :'a');
SELECT pg_temp.expect('business_hours: own row only', $$SELECT string_agg(client_id::text, ',') FROM business_hours$$, :'a');
SELECT pg_temp.expect('escalation_rules: own row only', $$SELECT string_agg(client_id::text, ',') FROM escalation_rules$$, :'a');
SELECT pg_temp.expect('notification_settings: own row only', $$SELECT string_agg(client_id::text, ',') FROM notification_settings$$, :'a');
SELECT pg_temp.expect('email_logs: own row only', $$SELECT string_agg(client_id::text, ',') FROM email_logs$$, :'a');
SELECT pg_temp.expect('email_queue: own row only', $$SELECT string_agg(client_id::text, ',') FROM email_queue$$, :'a');
SELECT pg_temp.expect('ai_responses: through own email_logs only', $$SELECT string_agg(response_text, ',') FROM ai_responses$$, 'Hi A');
SELECT pg_temp.expect('analytics_events: own row only', $$SELECT string_agg(client_id::text, ',') FROM analytics_events$$, :'a');
SELECT pg_temp.expect('performance_metrics: own row only', $$SELECT string_agg(client_id::text, ',') FROM performance_metrics$$, :'a');
SELECT pg_temp.expect('workflows: own row only', $$SELECT string_agg(client_id::text, ',') FROM workflows$$, :'a');
SELECT pg_temp.expect('workflow_metrics: through own workflows only', $$SELECT string_agg(execution_time::text, ',') FROM workflow_metrics$$, '10');
SELECT pg_temp.expect('subscriptions: own row only', $$SELECT string_agg(client_id::text, ',') FROM subscriptions$$, :'a');
SELECT pg_temp.expect('invoices: through own subscriptions only', $$SELECT string_agg(status, ',') FROM invoices$$, 'paid');
SELECT pg_temp.expect('error_logs: own row only', $$SELECT string_agg(client_id::text, ',') FROM error_logs$$, :'a');
SELECT pg_temp.expect('dead_letter_queue: own row only', $$SELECT string_agg(client_id::text, ',') FROM dead_letter_queue$$, :'a');

-- The credentials column does not exist for the tenant.
SELECT pg_temp.expect_error('SELECT credentials FROM integrations', 'SELECT credentials FROM integrations', '42501', 'permission denied for table integrations');
SELECT pg_temp.expect_error('SELECT * FROM integrations', 'SELECT * FROM integrations', '42501', 'permission denied for table integrations');
SELECT pg_temp.expect_error('INSERT credentials into integrations',
    format($$INSERT INTO integrations (client_id, provider, credentials) VALUES (%L, 'gmail', '{"x": 1}')$$, :'a'), '42501', 'permission denied for table integrations');
SELECT pg_temp.expect_error('UPDATE integrations SET credentials', $$UPDATE integrations SET credentials = '{}'$$, '42501', 'permission denied for table integrations');
SELECT pg_temp.expect_error('DELETE ... RETURNING * reads credentials', 'DELETE FROM integrations RETURNING *', '42501', 'permission denied for table integrations');

-- Writes to the configuration tables: own rows yes; other tenant's rows no.
SELECT pg_temp.expect('INSERT own integration (credentials default to {})',
    format($$WITH w AS (INSERT INTO integrations (client_id, provider) VALUES (%L, 'outlook') RETURNING id, status) SELECT count(*) FROM w$$, :'a'), '1');
SELECT pg_temp.expect('INSERT own communication style (inactive)',
    format($$WITH w AS (INSERT INTO communication_styles (client_id, name, is_active) VALUES (%L, 'draft', false) RETURNING 1) SELECT count(*) FROM w$$, :'a'), '1');
SELECT pg_temp.expect('INSERT own escalation rule',
    format($$WITH w AS (INSERT INTO escalation_rules (client_id, name, conditions, actions) VALUES (%L, 'urgent', '{"fact": "urgency", "op": "gte", "value": "high"}', '[{"type": "mark_escalated"}]') RETURNING 1) SELECT count(*) FROM w$$, :'a'), '1');
SELECT pg_temp.expect('INSERT own workflow',
    format($$WITH w AS (INSERT INTO workflows (client_id, name, workflow_data) VALUES (%L, 'x', '{}') RETURNING 1) SELECT count(*) FROM w$$, :'a'), '1');
SELECT pg_temp.expect('INSERT own notification settings',
    format($$WITH w AS (INSERT INTO notification_settings (client_id) VALUES (%L) RETURNING 1) SELECT count(*) FROM w$$, :'a'), '1');
SELECT pg_temp.expect_error('INSERT a row for tenant B (WITH CHECK)',
    format($$INSERT INTO escalation_rules (client_id, name) VALUES (%L, 'x')$$, :'b'), '42501', 'new row violates row-level security policy for table "escalation_rules"');
SELECT pg_temp.expect_error('INSERT an integration for tenant B (WITH CHECK)',
    format($$INSERT INTO integrations (client_id, provider) VALUES (%L, 'gmail')$$, :'b'), '42501', 'new row violates row-level security policy for table "integrations"');
SELECT pg_temp.expect_error('INSERT business hours for tenant B (WITH CHECK)',
    format($$INSERT INTO business_hours (client_id) VALUES (%L)$$, :'b'), '42501', 'new row violates row-level security policy for table "business_hours"');
SELECT pg_temp.expect_error('UPDATE own row to belong to tenant B (WITH CHECK)',
    format($$UPDATE communication_styles SET client_id = %L$$, :'b'), '42501', 'new row violates row-level security policy for table "communication_styles"');
SELECT pg_temp.expect_error('UPDATE own workflow to belong to tenant B (WITH CHECK)',
    format($$UPDATE workflows SET client_id = %L$$, :'b'), '42501', 'new row violates row-level security policy for table "workflows"');
SELECT pg_temp.expect('UPDATE of tenant B''s rows touches nothing',
    format($$WITH w AS (UPDATE escalation_rules SET name = 'hacked' WHERE client_id = %L RETURNING 1) SELECT count(*) FROM w$$, :'b'), '0');
SELECT pg_temp.expect('DELETE of tenant B''s rows touches nothing',
    format($$WITH w AS (DELETE FROM notification_settings WHERE client_id = %L RETURNING 1) SELECT count(*) FROM w$$, :'b'), '0');
SELECT pg_temp.expect('UPDATE own rows', $$WITH w AS (UPDATE escalation_rules SET priority = 5 RETURNING 1) SELECT count(*) FROM w$$, '2');
SELECT pg_temp.expect('DELETE own rows', $$WITH w AS (DELETE FROM workflows WHERE name = 'x' RETURNING 1) SELECT count(*) FROM w$$, '1');

-- Profile: only the four documents are the tenant's to edit.
SELECT pg_temp.expect('UPDATE own profile documents',
    $$WITH w AS (UPDATE profiles SET client_config = '{"version": 1, "business": {"name": "A Heating", "type": "hvac"}}' RETURNING 1) SELECT count(*) FROM w$$, '1');
SELECT pg_temp.expect('UPDATE of tenant B''s profile touches nothing',
    format($$WITH w AS (UPDATE profiles SET managers = '[]' WHERE id = %L RETURNING 1) SELECT count(*) FROM w$$, :'b'), '0');
SELECT pg_temp.expect_error('UPDATE profiles SET id', format($$UPDATE profiles SET id = %L$$, :'b'), '42501', 'permission denied for table profiles');
SELECT pg_temp.expect_error('INSERT INTO profiles', format($$INSERT INTO profiles (id) VALUES (%L)$$, :'b'), '42501', 'permission denied for table profiles');
SELECT pg_temp.expect_error('DELETE FROM profiles', 'DELETE FROM profiles', '42501', 'permission denied for table profiles');

-- What the service records is read-only for the tenant.
SELECT pg_temp.expect_error('INSERT INTO email_logs', format($$INSERT INTO email_logs (client_id, message_id, from_email, to_email) VALUES (%L, 'm', 'f', 't')$$, :'a'), '42501', 'permission denied for table email_logs');
SELECT pg_temp.expect_error('UPDATE email_logs', $$UPDATE email_logs SET status = 'processed'$$, '42501', 'permission denied for table email_logs');
SELECT pg_temp.expect_error('DELETE FROM email_logs', 'DELETE FROM email_logs', '42501', 'permission denied for table email_logs');
SELECT pg_temp.expect_error('INSERT INTO email_queue', format($$INSERT INTO email_queue (client_id, email_data) VALUES (%L, '{}')$$, :'a'), '42501', 'permission denied for table email_queue');
SELECT pg_temp.expect_error('UPDATE email_queue', $$UPDATE email_queue SET priority = 9$$, '42501', 'permission denied for table email_queue');
SELECT pg_temp.expect_error('DELETE FROM ai_responses', 'DELETE FROM ai_responses', '42501', 'permission denied for table ai_responses');
SELECT pg_temp.expect_error('INSERT INTO analytics_events', format($$INSERT INTO analytics_events (client_id, event_type) VALUES (%L, 'x')$$, :'a'), '42501', 'permission denied for table analytics_events');
SELECT pg_temp.expect_error('UPDATE performance_metrics', 'UPDATE performance_metrics SET metric_value = 0', '42501', 'permission denied for table performance_metrics');
SELECT pg_temp.expect_error('DELETE FROM workflow_metrics', 'DELETE FROM workflow_metrics', '42501', 'permission denied for table workflow_metrics');
SELECT pg_temp.expect_error('UPDATE subscriptions', $$UPDATE subscriptions SET status = 'canceled'$$, '42501', 'permission denied for table subscriptions');
SELECT pg_temp.expect_error('INSERT INTO invoices', $$INSERT INTO invoices (subscription_id, amount, status) VALUES ('60000000-0000-4000-8000-00000000000a', 0, 'void')$$, '42501', 'permission denied for table invoices');
SELECT pg_temp.expect_error('DELETE FROM error_logs', 'DELETE FROM error_logs', '42501', 'permission denied for table error_logs');
SELECT pg_temp.expect_error('UPDATE dead_letter_queue', $$UPDATE dead_letter_queue SET status = 'resolved'$$, '42501', 'permission denied for table dead_letter_queue');
SELECT pg_temp.expect_error('SELECT FROM auth.users', 'SELECT count(*) FROM auth.users', '42501', 'permission denied for table users');
SELECT pg_temp.expect_error('SELECT FROM floworx.json_schemas', 'SELECT count(*) FROM floworx.json_schemas', '42501', 'permission denied for schema floworx');
SELECT pg_temp.expect_error('call the validator directly', $$SELECT * FROM floworx.json_errors('managers', '[]')$$, '42501', 'permission denied for schema floworx');

-- Validation runs for the tenant's writes too (the triggers are SECURITY DEFINER).
SELECT pg_temp.expect_error('tenant writes 6 managers',
    $$UPDATE profiles SET managers = '[{"name":"a","email":"a@x.io"},{"name":"b","email":"b@x.io"},{"name":"c","email":"c@x.io"},{"name":"d","email":"d@x.io"},{"name":"e","email":"e@x.io"},{"name":"f","email":"f@x.io"}]'$$,
    '23514', 'profiles.managers[5]: at most 5 managers');

SELECT set_config('request.jwt.claims', :'claims_b', true) IS NOT NULL AS now_tenant_b;
SELECT pg_temp.expect('tenant B sees its own rule only', $$SELECT string_agg(name, ',') FROM escalation_rules$$, 'B rule');
SELECT pg_temp.expect('tenant B does not see A''s invoice', $$SELECT string_agg(status, ',') FROM invoices$$, 'open');
RESET ROLE;

\echo
\echo '=== 7. anon sees nothing; service_role sees everything'
SET LOCAL ROLE anon;
SELECT set_config('request.jwt.claims', '{"role":"anon"}', true) IS NOT NULL AS claims_set;
SELECT pg_temp.expect('anon: no rows in any table',
    $$SELECT (SELECT count(*) FROM profiles) + (SELECT count(*) FROM (SELECT id FROM integrations) i) + (SELECT count(*) FROM communication_styles)
           + (SELECT count(*) FROM business_hours) + (SELECT count(*) FROM escalation_rules) + (SELECT count(*) FROM notification_settings)
           + (SELECT count(*) FROM email_logs) + (SELECT count(*) FROM email_queue) + (SELECT count(*) FROM ai_responses)
           + (SELECT count(*) FROM analytics_events) + (SELECT count(*) FROM performance_metrics) + (SELECT count(*) FROM workflows)
           + (SELECT count(*) FROM workflow_metrics) + (SELECT count(*) FROM subscriptions) + (SELECT count(*) FROM invoices)
           + (SELECT count(*) FROM error_logs) + (SELECT count(*) FROM dead_letter_queue)$$, '0');
SELECT pg_temp.expect_error('anon: SELECT credentials', 'SELECT credentials FROM integrations', '42501', 'permission denied for table integrations');
SELECT pg_temp.expect_error('anon: INSERT', format($$INSERT INTO workflows (client_id, name, workflow_data) VALUES (%L, 'x', '{}')$$, :'a'), '42501', 'permission denied for table workflows');
RESET ROLE;
SET LOCAL ROLE service_role;
SELECT pg_temp.expect('service_role: every tenant''s rows, credentials included',
    $$SELECT count(*) FROM integrations WHERE credentials <> '{}'$$, '2');
SELECT pg_temp.expect('service_role: all invoices', 'SELECT count(*) FROM invoices', '2');
RESET ROLE;

\echo
\echo '=== 8. updated_at stamps (rows were inserted with updated_at 2000-01-01)'
SELECT pg_temp.expect('profiles', $$WITH w AS (UPDATE profiles SET suppliers = suppliers WHERE id = '00000000-0000-4000-8000-00000000000b' RETURNING updated_at = now() AS bumped) SELECT bool_and(bumped)::text FROM w$$, 'true');
SELECT pg_temp.expect('integrations', $$WITH w AS (UPDATE integrations SET status = 'error' RETURNING updated_at = now() AS bumped) SELECT bool_and(bumped)::text FROM w$$, 'true');
SELECT pg_temp.expect('communication_styles', $$WITH w AS (UPDATE communication_styles SET tone = 'warm' RETURNING updated_at = now() AS bumped) SELECT bool_and(bumped)::text FROM w$$, 'true');
SELECT pg_temp.expect('business_hours', $$WITH w AS (UPDATE business_hours SET hours = hours RETURNING updated_at = now() AS bumped) SELECT bool_and(bumped)::text FROM w$$, 'true');
SELECT pg_temp.expect('escalation_rules', $$WITH w AS (UPDATE escalation_rules SET is_active = true RETURNING updated_at = now() AS bumped) SELECT bool_and(bumped)::text FROM w$$, 'true');
SELECT pg_temp.expect('notification_settings', $$WITH w AS (UPDATE notification_settings SET sms_notifications = true RETURNING updated_at = now() AS bumped) SELECT bool_and(bumped)::text FROM w$$, 'true');
SELECT pg_temp.expect('email_queue', $$WITH w AS (UPDATE email_queue SET status = 'processing' RETURNING updated_at = now() AS bumped) SELECT bool_and(bumped)::text FROM w$$, 'true');
SELECT pg_temp.expect('workflows', $$WITH w AS (UPDATE workflows SET version = 2 RETURNING updated_at = now() AS bumped) SELECT bool_and(bumped)::text FROM w$$, 'true');
SELECT pg_temp.expect('subscriptions', $$WITH w AS (UPDATE subscriptions SET status = 'past_due' RETURNING updated_at = now() AS bumped) SELECT bool_and(bumped)::text FROM w$$, 'true');
SELECT pg_temp.expect('dead_letter_queue', $$WITH w AS (UPDATE dead_letter_queue SET retry_count = 1 RETURNING updated_at = now() AS bumped) SELECT bool_and(bumped)::text FROM w$$, 'true');

\echo
\echo '=== 9. Unique rules'
SELECT pg_temp.expect_error('email_logs: same message_id twice for one client',
    format($$INSERT INTO email_logs (client_id, message_id, from_email, to_email) VALUES (%L, 'm-1', 'f', 't')$$, :'a'),
    '23505', 'duplicate key value violates unique constraint "email_logs_client_id_message_id_key"');
SELECT pg_temp.expect('email_logs: the same message_id for another client is fine (m-1 is logged for A and B)',
    $$SELECT count(*) FROM email_logs WHERE message_id = 'm-1'$$, '2');
SELECT pg_temp.expect_error('communication_styles: a second active style',
    format($$INSERT INTO communication_styles (client_id, name) VALUES (%L, 'second')$$, :'a'),
    '23505', 'duplicate key value violates unique constraint "idx_communication_styles_client_id_active"');
SELECT pg_temp.expect_error('communication_styles: activating the inactive one while another is active',
    format($$UPDATE communication_styles SET is_active = true WHERE client_id = %L AND name = 'draft'$$, :'a'),
    '23505', 'duplicate key value violates unique constraint "idx_communication_styles_client_id_active"');
SELECT pg_temp.expect('communication_styles: switching the active style (deactivate, then activate)',
    format($$WITH off AS (UPDATE communication_styles SET is_active = false WHERE client_id = %L AND is_active RETURNING 1)
             SELECT count(*) FROM off$$, :'a'), '1');
SELECT pg_temp.expect('communication_styles: ... activate',
    format($$WITH w AS (UPDATE communication_styles SET is_active = true WHERE client_id = %L AND name = 'draft' RETURNING 1) SELECT count(*) FROM w$$, :'a'), '1');
SELECT pg_temp.expect_error('business_hours: a second row for one client',
    format($$INSERT INTO business_hours (client_id) VALUES (%L)$$, :'a'),
    '23505', 'duplicate key value violates unique constraint "business_hours_client_id_key"');

\echo
\echo '=== 10. JSON validation: column defaults and good documents are accepted'
SELECT pg_temp.expect_ok('profiles with every default (a new user)', $$INSERT INTO auth.users (id, email) VALUES (gen_random_uuid(), 'c@example.com')$$);
SELECT pg_temp.expect_ok('business_hours, escalation_rules, communication_styles with their defaults',
    $$INSERT INTO business_hours (client_id) SELECT id FROM auth.users WHERE email = 'c@example.com';
      INSERT INTO escalation_rules (client_id, name) SELECT id, 'defaults' FROM auth.users WHERE email = 'c@example.com';
      INSERT INTO communication_styles (client_id, name) SELECT id, 'defaults' FROM auth.users WHERE email = 'c@example.com'$$);
SELECT pg_temp.expect_ok('a complete client_config', $json$UPDATE profiles SET client_config = '{
    "version": 1,
    "business": {"name": "Blue Water Pools", "type": "pools_spas", "email_domain": "bluewater.example.com",
                 "timezone": "America/Toronto", "currency": "CAD", "website": "https://bluewater.example.com",
                 "service_area": "Greater Toronto Area"},
    "contact": {"name": "Sam Lee", "role": "Owner", "email": "sam@bluewater.example.com", "after_hours_phone": "+1 416 555 0100"},
    "services": [{"name": "Opening", "description": "Spring pool opening", "pricing": "$350"}, {"name": "Leak detection"}],
    "signature": "Sam Lee\nBlue Water Pools",
    "auto_reply": {"enabled": true, "min_confidence": 0.8, "categories": ["SALES", "SUPPORT"], "include_pricing": false},
    "holidays": ["2026-12-25", "2027-01-01"],
    "sla": {"first_response_minutes": 60}
}' WHERE id = '00000000-0000-4000-8000-00000000000a'$json$);
SELECT pg_temp.expect_ok('managers, suppliers, email_labels', $json$UPDATE profiles SET
    managers = '[{"name": "Sam Lee", "email": "sam@bluewater.example.com", "phone": "+1 416 555 0100", "roles": ["owner", "sales"], "forward": true},
                 {"name": "Jo Park", "email": "jo@bluewater.example.com", "roles": ["service"]}]',
    suppliers = '[{"name": "Pool Supplies Co", "email": "orders@poolsupplies.example.com", "domains": ["poolsupplies.example.com"], "category": "chemicals"}]',
    email_labels = '{"gmail": {"URGENT": {"id": "Label_12", "name": "URGENT"}, "MANAGER/Sam Lee": {"id": "Label_31"}}}'
    WHERE id = '00000000-0000-4000-8000-00000000000a'$json$);
SELECT pg_temp.expect_ok('business hours with split shifts, a midnight crossing, holidays and overrides', $json$UPDATE business_hours SET hours = '{
    "version": 1,
    "weekly": {"mon": [["08:00", "12:00"], ["13:00", "17:00"]], "fri": [["08:00", "17:00"]], "sat": [["22:00", "02:00"]], "sun": []},
    "holidays": [{"date": "2026-12-25", "name": "Christmas"}],
    "overrides": [{"date": "2026-12-24", "intervals": [["08:00", "12:00"]], "note": "Half day"}, {"date": "2026-12-31", "intervals": []}]
}', timezone = 'Europe/London' WHERE client_id = '00000000-0000-4000-8000-00000000000a'$json$);
SELECT pg_temp.expect_ok('a condition tree and every kind of action', $json$UPDATE escalation_rules SET
    conditions = '{"all": [
        {"fact": "category", "op": "in", "value": ["URGENT", "SUPPORT"]},
        {"any": [{"fact": "body", "op": "contains_any", "value": ["no heat", "leak"]}, {"fact": "after_hours", "op": "eq", "value": true}]},
        {"not": {"fact": "sender_is_internal", "op": "eq", "value": true}},
        {"fact": "sender_recent_count", "op": "gte", "value": 3, "hours": 24},
        {"fact": "confidence", "op": "gte", "value": 0.7},
        {"fact": "urgency", "op": "gte", "value": "high"},
        {}
    ]}',
    actions = '[{"type": "set_priority", "priority": 5}, {"type": "apply_label", "category": "URGENT", "subcategory": "Emergency"},
                {"type": "notify", "channels": ["email", "sms"], "role": "service"}, {"type": "forward", "manager_email": "sam@bluewater.example.com"},
                {"type": "block_draft"}, {"type": "mark_escalated"}]'
    WHERE name = 'A rule'$json$);
SELECT pg_temp.expect_ok('leaves the rule engine also accepts: subcategory eq null, numbers in a list, contains with a list',
    $json$UPDATE escalation_rules SET conditions = '{"any": [
        {"fact": "subcategory", "op": "eq", "value": null},
        {"fact": "confidence", "op": "in", "value": [0.5, 1]},
        {"fact": "subject", "op": "contains", "value": ["quote", "estimate"]},
        {"fact": "minutes_without_reply", "op": "gt", "value": 120}
    ]}' WHERE name = 'A rule'$json$);
SELECT pg_temp.expect_ok('a communication style', $json$UPDATE communication_styles SET
    personality_traits = '["friendly", "direct"]', signature_phrases = '["Happy to help!"]',
    response_patterns = '{"greeting": "Hi {first_name},", "closing": "Thanks,", "length": "short", "category_guidance": {"SALES": "Offer a free quote.", "URGENT": "Give the after-hours number."}}'
    WHERE name = 'B style'$json$);

\echo
\echo '=== 11. JSON validation: bad documents are refused with the failing path'
SELECT pg_temp.expect_error('client_config: unknown member (typo)',
    $$UPDATE profiles SET client_config = '{"buisness": {}}' WHERE id = '00000000-0000-4000-8000-00000000000b'$$,
    '23514', 'profiles.client_config.buisness: unknown member');
SELECT pg_temp.expect_error('client_config: business without its required type',
    $$UPDATE profiles SET client_config = '{"business": {"name": "B Plumbing"}}' WHERE id = '00000000-0000-4000-8000-00000000000b'$$,
    '23514', 'profiles.client_config.business.type: is required');
SELECT pg_temp.expect_error('client_config: unknown industry',
    $$UPDATE profiles SET client_config = '{"business": {"name": "B", "type": "bakery"}}' WHERE id = '00000000-0000-4000-8000-00000000000b'$$,
    '23514', 'profiles.client_config.business.type: must be one of hvac, plumbing, electrical, pools_spas, hot_tubs, saunas_ice_baths, roofing, general_contractor, painting, flooring, landscaping, insulation');
SELECT pg_temp.expect_error('client_config: time zone that does not exist',
    $$UPDATE profiles SET client_config = '{"business": {"name": "B", "type": "hvac", "timezone": "America/Springfield"}}' WHERE id = '00000000-0000-4000-8000-00000000000b'$$,
    '23514', 'profiles.client_config.business.timezone: must be an IANA time zone name such as America/Toronto');
SELECT pg_temp.expect_error('client_config: min_confidence above 1',
    $$UPDATE profiles SET client_config = '{"auto_reply": {"enabled": true, "min_confidence": 1.5}}' WHERE id = '00000000-0000-4000-8000-00000000000b'$$,
    '23514', 'profiles.client_config.auto_reply.min_confidence: must be at most 1');
SELECT pg_temp.expect_error('client_config: impossible holiday date',
    $$UPDATE profiles SET client_config = '{"holidays": ["2026-02-30"]}' WHERE id = '00000000-0000-4000-8000-00000000000b'$$,
    '23514', 'profiles.client_config.holidays[0]: must be a date YYYY-MM-DD');
SELECT pg_temp.expect_error('client_config: JSON null is not a document',
    $$UPDATE profiles SET client_config = 'null' WHERE id = '00000000-0000-4000-8000-00000000000b'$$,
    '23514', 'profiles.client_config: must be an object');
SELECT pg_temp.expect_error('managers: a sixth manager',
    $$UPDATE profiles SET managers = '[{"name":"a","email":"a@x.io"},{"name":"b","email":"b@x.io"},{"name":"c","email":"c@x.io"},{"name":"d","email":"d@x.io"},{"name":"e","email":"e@x.io"},{"name":"f","email":"f@x.io"}]' WHERE id = '00000000-0000-4000-8000-00000000000b'$$,
    '23514', 'profiles.managers[5]: at most 5 managers');
SELECT pg_temp.expect_error('managers: bad email and unknown role',
    $$UPDATE profiles SET managers = '[{"name": "Al", "email": "al at example.com", "roles": ["boss"]}]' WHERE id = '00000000-0000-4000-8000-00000000000b'$$,
    '23514', 'profiles.managers[0].email: must be an email address');
SELECT pg_temp.expect_error('managers: object instead of a list',
    $$UPDATE profiles SET managers = '{"name": "Al"}' WHERE id = '00000000-0000-4000-8000-00000000000b'$$,
    '23514', 'profiles.managers: must be an array');
SELECT pg_temp.expect_error('suppliers: an eleventh supplier',
    $$UPDATE profiles SET suppliers = (SELECT jsonb_agg(jsonb_build_object('name', 'S' || i)) FROM generate_series(1, 11) i) WHERE id = '00000000-0000-4000-8000-00000000000b'$$,
    '23514', 'profiles.suppliers[10]: at most 10 suppliers');
SELECT pg_temp.expect_error('suppliers: missing name, bad domain',
    $$UPDATE profiles SET suppliers = '[{"domains": ["not a domain"]}]' WHERE id = '00000000-0000-4000-8000-00000000000b'$$,
    '23514', 'profiles.suppliers[0].name: is required');
SELECT pg_temp.expect_error('email_labels: unknown provider',
    $$UPDATE profiles SET email_labels = '{"yahoo": {}}' WHERE id = '00000000-0000-4000-8000-00000000000b'$$,
    '23514', 'profiles.email_labels.yahoo: unknown member');
SELECT pg_temp.expect_error('email_labels: label without id',
    $$UPDATE profiles SET email_labels = '{"outlook": {"BANKING/e-Transfer": {"name": "e-Transfer"}}}' WHERE id = '00000000-0000-4000-8000-00000000000b'$$,
    '23514', 'profiles.email_labels.outlook["BANKING/e-Transfer"].id: is required');
SELECT pg_temp.expect_error('business_hours: 25:00',
    $$UPDATE business_hours SET hours = '{"weekly": {"mon": [["08:00", "12:00"], ["13:00", "25:00"]]}}' WHERE client_id = '00000000-0000-4000-8000-00000000000b'$$,
    '23514', 'business_hours.hours.weekly.mon[1][1]: must be a time of day HH:MM, 00:00 to 24:00');
SELECT pg_temp.expect_error('business_hours: misspelt weekday',
    $$UPDATE business_hours SET hours = '{"weekly": {"tues": [["08:00", "17:00"]]}}' WHERE client_id = '00000000-0000-4000-8000-00000000000b'$$,
    '23514', 'business_hours.hours.weekly.tues: unknown member');
SELECT pg_temp.expect_error('business_hours: interval of three times',
    $$UPDATE business_hours SET hours = '{"weekly": {"wed": [["08:00", "12:00", "17:00"]]}}' WHERE client_id = '00000000-0000-4000-8000-00000000000b'$$,
    '23514', 'business_hours.hours.weekly.wed[0][2]: an interval is exactly two times, [start, end]');
SELECT pg_temp.expect_error('business_hours: override without intervals',
    $$UPDATE business_hours SET hours = '{"overrides": [{"date": "2026-07-01"}]}' WHERE client_id = '00000000-0000-4000-8000-00000000000b'$$,
    '23514', 'business_hours.hours.overrides[0].intervals: is required');
SELECT pg_temp.expect_error('business_hours: timezone not in pg_timezone_names',
    $$UPDATE business_hours SET timezone = 'Eastern' WHERE client_id = '00000000-0000-4000-8000-00000000000b'$$,
    '23514', 'business_hours.timezone: must be an IANA time zone name such as America/Toronto');
SELECT pg_temp.expect_error('conditions: unknown operator deep in the tree',
    $$UPDATE escalation_rules SET conditions = '{"all": [{"fact": "category", "op": "eq", "value": "URGENT"}, {"fact": "subject", "op": "equals", "value": "x"}]}' WHERE name = 'B rule'$$,
    '23514', 'escalation_rules.conditions.all[1].op: must be one of eq, neq, in, not_in, gt, gte, lt, lte, contains, contains_any, contains_all');
SELECT pg_temp.expect_error('conditions: misspelt category inside not/any',
    $$UPDATE escalation_rules SET conditions = '{"not": {"any": [{"fact": "category", "op": "in", "value": ["URGENT", "SALE"]}]}}' WHERE name = 'B rule'$$,
    '23514', 'escalation_rules.conditions.not.any[0].value[1]: must be one of URGENT, SALES, SUPPORT, MANAGER, SUPPLIERS, BANKING, FORMSUB, GOOGLE_REVIEW, PHONE, RECRUITMENT, PROMO, SOCIALMEDIA, MISC, SEASONAL, MAINTENANCE, PERMITS, SUBCONTRACTORS, INSURANCE, WELLNESS');
SELECT pg_temp.expect_error('conditions: a list with eq',
    $$UPDATE escalation_rules SET conditions = '{"fact": "subject", "op": "eq", "value": ["a", "b"]}' WHERE name = 'B rule'$$,
    '23514', 'escalation_rules.conditions.value: must be a single value with this op (lists go with in, not_in and the contains operators)');
SELECT pg_temp.expect_error('conditions: sender_recent_count without its hours window',
    $$UPDATE escalation_rules SET conditions = '{"fact": "sender_recent_count", "op": "gt", "value": 3}' WHERE name = 'B rule'$$,
    '23514', 'escalation_rules.conditions.hours: is required');
SELECT pg_temp.expect_error('conditions: a boolean fact compared with gt',
    $$UPDATE escalation_rules SET conditions = '{"fact": "after_hours", "op": "gt", "value": true}' WHERE name = 'B rule'$$,
    '23514', 'escalation_rules.conditions.op: must be one of eq, neq');
SELECT pg_temp.expect_error('conditions: leaf without value',
    $$UPDATE escalation_rules SET conditions = '{"any": [{"fact": "urgency", "op": "eq"}]}' WHERE name = 'B rule'$$,
    '23514', 'escalation_rules.conditions.any[0].value: is required');
SELECT pg_temp.expect_error('conditions: neither {}, all, any, not nor a leaf',
    $$UPDATE escalation_rules SET conditions = '{"every": []}' WHERE name = 'B rule'$$,
    '23514', 'escalation_rules.conditions: must be {}, {"all": [...]}, {"any": [...]}, {"not": {...}} or a leaf {"fact", "op", "value"}');
SELECT pg_temp.expect_error('actions: unknown action type',
    $$UPDATE escalation_rules SET actions = '[{"type": "mark_escalated"}, {"type": "page_the_owner"}]' WHERE name = 'B rule'$$,
    '23514', 'escalation_rules.actions[1].type: must be one of set_priority, apply_label, notify, forward, block_draft, mark_escalated');
SELECT pg_temp.expect_error('actions: notify on an unknown channel',
    $$UPDATE escalation_rules SET actions = '[{"type": "notify", "channels": ["email", "fax"]}]' WHERE name = 'B rule'$$,
    '23514', 'escalation_rules.actions[0].channels[1]: must be one of email, sms, push');
SELECT pg_temp.expect_error('actions: set_priority without priority',
    $$UPDATE escalation_rules SET actions = '[{"type": "set_priority"}]' WHERE name = 'B rule'$$,
    '23514', 'escalation_rules.actions[0].priority: is required');
SELECT pg_temp.expect_error('response_patterns: unknown length',
    $$UPDATE communication_styles SET response_patterns = '{"length": "very long"}' WHERE name = 'B style'$$,
    '23514', 'communication_styles.response_patterns.length: must be one of short, medium, long');
SELECT pg_temp.expect_error('personality_traits: not a list of texts',
    $$UPDATE communication_styles SET personality_traits = '["kind", 42]' WHERE name = 'B style'$$,
    '23514', 'communication_styles.personality_traits[1]: must be a string');
SELECT pg_temp.expect_error('signature_phrases: empty phrase',
    $$UPDATE communication_styles SET signature_phrases = '[""]' WHERE name = 'B style'$$,
    '23514', 'communication_styles.signature_phrases[0]: must not be empty');
SELECT pg_temp.expect_error('a document over 256 kB',
    $$UPDATE profiles SET client_config = jsonb_build_object('signature', (SELECT string_agg(md5(i::text), '') FROM generate_series(1, 20000) i)) WHERE id = '00000000-0000-4000-8000-00000000000b'$$,
    '23514', 'profiles.client_config: document too large');
SELECT pg_temp.expect_error('several problems: the first is the message, the others are in DETAIL',
    $$UPDATE profiles SET client_config = '{"sla": {"first_response_minutes": 0}, "business": {"name": "", "type": "hvac", "currency": "usd"}, "color": "red"}' WHERE id = '00000000-0000-4000-8000-00000000000b'$$,
    '23514', 'profiles.client_config.sla.first_response_minutes: must be at least 1');
DO $$
DECLARE
    t text; c text; k text;
BEGIN
    UPDATE public.profiles SET managers = '[{"name": "x"}]' WHERE id = '00000000-0000-4000-8000-00000000000b';
EXCEPTION WHEN check_violation THEN
    GET STACKED DIAGNOSTICS t = TABLE_NAME, c = COLUMN_NAME, k = CONSTRAINT_NAME;
    IF (t, c, k) IS DISTINCT FROM ('profiles', 'managers', 'profiles_managers_json') THEN
        RAISE EXCEPTION 'FAIL error fields: %, %, %', t, c, k;
    END IF;
    RAISE NOTICE 'ok   error fields: TABLE %, COLUMN %, CONSTRAINT %', t, c, k;
END
$$;

\echo
\echo '=== 12. Validation runs only when a validated column changes'
SAVEPOINT only_on_change;
-- Make every client_config invalid, then see which updates notice.
UPDATE floworx.json_schemas SET schema = 'false' WHERE name = 'client_config';
SELECT pg_temp.expect_ok('UPDATE of another column does not validate client_config',
    $$UPDATE profiles SET email_labels = '{}' WHERE id = '00000000-0000-4000-8000-00000000000b'$$);
SELECT pg_temp.expect_ok('UPDATE that sets client_config to its current value does not validate it',
    $$UPDATE profiles SET client_config = client_config WHERE id = '00000000-0000-4000-8000-00000000000b'$$);
SELECT pg_temp.expect_error('UPDATE that changes client_config validates it',
    $$UPDATE profiles SET client_config = '{"version": 1}' WHERE id = '00000000-0000-4000-8000-00000000000b'$$,
    '23514', 'profiles.client_config: is not allowed here');
ROLLBACK TO SAVEPOINT only_on_change;

\echo
\echo '=== 13. Deletes: cascades and SET NULL'
DELETE FROM email_logs WHERE id = '40000000-0000-4000-8000-00000000000b';
SELECT pg_temp.expect('deleting an email log deletes its AI responses',
    $$SELECT count(*) FROM ai_responses WHERE email_log_id = '40000000-0000-4000-8000-00000000000b'$$, '0');
DELETE FROM workflows WHERE id = '50000000-0000-4000-8000-00000000000b';
SELECT pg_temp.expect('deleting a workflow deletes its metrics',
    $$SELECT count(*) FROM workflow_metrics WHERE workflow_id = '50000000-0000-4000-8000-00000000000b'$$, '0');
DELETE FROM subscriptions WHERE id = '60000000-0000-4000-8000-00000000000b';
SELECT pg_temp.expect('deleting a subscription deletes its invoices',
    $$SELECT count(*) FROM invoices WHERE subscription_id = '60000000-0000-4000-8000-00000000000b'$$, '0');
DELETE FROM auth.users WHERE id = :'a';
SELECT pg_temp.expect('deleting auth user A deletes its profile and every row of its own (CASCADE)',
    format($$SELECT (SELECT count(*) FROM profiles WHERE id = %1$L)
        + (SELECT count(*) FROM integrations WHERE client_id = %1$L) + (SELECT count(*) FROM communication_styles WHERE client_id = %1$L)
        + (SELECT count(*) FROM business_hours WHERE client_id = %1$L) + (SELECT count(*) FROM escalation_rules WHERE client_id = %1$L)
        + (SELECT count(*) FROM notification_settings WHERE client_id = %1$L) + (SELECT count(*) FROM email_logs WHERE client_id = %1$L)
        + (SELECT count(*) FROM email_queue WHERE client_id = %1$L) + (SELECT count(*) FROM analytics_events WHERE client_id = %1$L)
        + (SELECT count(*) FROM performance_metrics WHERE client_id = %1$L) + (SELECT count(*) FROM workflows WHERE client_id = %1$L)
        + (SELECT count(*) FROM subscriptions WHERE client_id = %1$L)
        + (SELECT count(*) FROM ai_responses WHERE email_log_id = '40000000-0000-4000-8000-00000000000a')
        + (SELECT count(*) FROM workflow_metrics WHERE workflow_id = '50000000-0000-4000-8000-00000000000a')
        + (SELECT count(*) FROM invoices WHERE subscription_id = '60000000-0000-4000-8000-00000000000a')$$, :'a'),
    '0');
SELECT pg_temp.expect('... but keeps its error log and dead letter, with client_id SET NULL',
    $$SELECT (SELECT count(*) FROM error_logs WHERE id = '70000000-0000-4000-8000-00000000000a' AND client_id IS NULL)
           + (SELECT count(*) FROM dead_letter_queue WHERE id = '80000000-0000-4000-8000-00000000000a' AND client_id IS NULL)$$,
    '2');
SELECT pg_temp.expect('tenant B''s rows are untouched', format($$SELECT count(*) FROM escalation_rules WHERE client_id = %L$$, :'b'), '1');

\echo
\echo '=== 14. Plans of the hot queries (20,000 queued rows, 40,000 logs of 400 tenants)'
INSERT INTO email_queue (client_id, email_data, priority, status, scheduled_for)
SELECT :'b', '{}', i % 5, CASE WHEN i % 20 = 0 THEN 'pending' WHEN i % 20 = 1 THEN 'processing' ELSE 'completed' END,
       now() - (i || ' seconds')::interval
FROM generate_series(1, 20000) i;
-- 400 tenants with 100 logs each, interleaved in time as real traffic is.
INSERT INTO auth.users (id, email) SELECT ('00000000-0000-4000-9000-' || lpad(i::text, 12, '0'))::uuid, 'u' || i || '@example.com' FROM generate_series(1, 400) i;
INSERT INTO email_logs (client_id, message_id, from_email, to_email, processed_at)
SELECT ('00000000-0000-4000-9000-' || lpad((i % 400 + 1)::text, 12, '0'))::uuid, 'bulk-' || i, 'f@example.com', 't@example.com', now() - (i || ' minutes')::interval
FROM generate_series(1, 40000) i;
ANALYZE email_queue;
ANALYZE email_logs;
SELECT pg_temp.plan($$SELECT id FROM email_queue WHERE status = 'pending' AND scheduled_for <= now() ORDER BY priority DESC, scheduled_for LIMIT 100 FOR UPDATE SKIP LOCKED$$) AS "claim";
SELECT pg_temp.expect('the claim walks idx_email_queue_pending_priority_scheduled in order (no sort)',
    $$SELECT (plan LIKE '%Index Scan using idx_email_queue_pending_priority_scheduled%' AND plan NOT LIKE '%Sort%')::text
      FROM pg_temp.plan('SELECT id FROM email_queue WHERE status = ''pending'' AND scheduled_for <= now() ORDER BY priority DESC, scheduled_for LIMIT 100 FOR UPDATE SKIP LOCKED') plan$$,
    'true');
SELECT pg_temp.expect('lease reclaim uses idx_email_queue_processing_updated_at',
    $$SELECT (plan LIKE '%idx_email_queue_processing_updated_at%')::text
      FROM pg_temp.plan('SELECT id FROM email_queue WHERE status = ''processing'' AND updated_at < now() - interval ''5 minutes''') plan$$,
    'true');
SELECT pg_temp.expect('cleanup uses idx_email_queue_completed_updated_at',
    $$SELECT (plan LIKE '%idx_email_queue_completed_updated_at%')::text
      FROM pg_temp.plan('DELETE FROM email_queue WHERE status = ''completed'' AND updated_at < now() - interval ''7 days''') plan$$,
    'true');
SET LOCAL ROLE authenticated;
SELECT set_config('request.jwt.claims', '{"sub":"00000000-0000-4000-9000-000000000007","role":"authenticated"}', true) IS NOT NULL AS claims_set;
SELECT pg_temp.plan('SELECT * FROM email_logs ORDER BY processed_at DESC LIMIT 50') AS "tenant's latest logs";
SELECT pg_temp.expect('a tenant''s latest 50 logs: idx_email_logs_client_processed_at, auth.uid() once (InitPlan), no sort',
    $$SELECT (plan LIKE '%Index Scan using idx_email_logs_client_processed_at%' AND plan LIKE '%InitPlan%' AND plan NOT LIKE '%Sort%')::text
      FROM pg_temp.plan('SELECT * FROM email_logs ORDER BY processed_at DESC LIMIT 50') plan$$,
    'true');
SELECT pg_temp.expect('and it returns that tenant''s 50 newest', $$SELECT count(DISTINCT client_id) || '/' || count(*) FROM (SELECT * FROM email_logs ORDER BY processed_at DESC LIMIT 50) s$$, '1/50');
RESET ROLE;

\echo
\echo 'All checks passed.'
ROLLBACK;
