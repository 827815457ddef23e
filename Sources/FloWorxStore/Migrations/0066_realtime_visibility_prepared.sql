-- 0066 Realtime: the visibility read plans each statement once per connection instead of once per group and batch
-- (issue 12, fan-out benchmark).
--
-- floworx.realtime_visible (0047) ran one dynamic EXECUTE per subscriber group: PostgreSQL parsed, rewrote (RLS) and
-- planned the same SELECT for every group of every batch. The read of inserted and updated rows is now a
-- session-level prepared statement, one per table and filter shape (named floworx_rt_<md5 of its SQL>), prepared on
-- first use on each connection and executed per group: 2.1-2.7x less time per call (pgbench, one session, 50 groups,
-- 2 or 8 changed rows: 4.2 vs 11.3 ms and 6.3 vs 13.2 ms; docs/performance.md). The plan cache keeps one plan while
-- the role stays the same (a plan that depends on row-level security is re-planned when the role changes:
-- PostgreSQL's own rule), and the policies still run as each group: role, request.jwt.claims and
-- request.jwt.claim.sub are set per group exactly as before, and the policies read them when the statement executes.
-- Nothing else changes: the same checks, the same filters (values bound as $2), deleted rows evaluated on the old row
-- as before (dynamic: rare), the same result.
--
-- Whether a statement exists is read from pg_prepared_statements in the same call, so it also holds behind a
-- transaction pooler (the function runs in one transaction, on one backend); its text is checked against its name, so
-- a statement of that name that is not ours is never executed (that shape then runs as a one-off EXECUTE). At most 256
-- such statements per connection: past that a new shape runs as a one-off EXECUTE, as before. The function plans
-- generically (plan_cache_mode = force_generic_plan): PostgreSQL's cost model prefers a custom plan for
-- `id = ANY($1)`, i.e. planning every group again, which is what this migration removes; a lookup by primary key has
-- one good plan whatever the keys.
CREATE OR REPLACE FUNCTION floworx.realtime_visible(p_table text, p_keys text[], p_deleted jsonb[], p_groups jsonb)
RETURNS TABLE (group_index integer, kind text, row_key text, key_json jsonb, record jsonb, matches boolean[])
LANGUAGE plpgsql VOLATILE SECURITY INVOKER
SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
  rel regclass;
  key_type text;
  grp jsonb;
  grp_index integer := -1;
  grp_role text;
  flt jsonb;
  flt_values text[];
  flt_tests text[];
  flt_type text;
  flt_op text;
  visible_sql text;
  row_sql text;
  stmt_name text;
  prepared text[];
  taken text[];
  checking boolean := coalesce(cardinality(p_keys), 0) = 0 AND coalesce(cardinality(p_deleted), 0) = 0;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM floworx.realtime_publication WHERE table_name = p_table) THEN
    RAISE EXCEPTION 'table "%" is not published for realtime', p_table USING ERRCODE = '42P01';
  END IF;
  rel := format('public.%I', p_table)::regclass;
  SELECT format_type(a.atttypid, a.atttypmod) INTO key_type
    FROM pg_attribute a WHERE a.attrelid = rel AND a.attname = 'id' AND NOT a.attisdropped;
  IF coalesce(cardinality(p_keys), 0) > 0 THEN
    -- Ours and verified: the name is the md5 of the SQL after 'PREPARE <name> (text[], text[], integer) AS ' (81 characters).
    SELECT coalesce(array_agg(name), '{}'),
           coalesce(array_agg(name) FILTER (WHERE 'floworx_rt_' || md5(substr(statement, 82)) = name), '{}')
      INTO taken, prepared
      FROM pg_prepared_statements WHERE name LIKE 'floworx\_rt\_%';
  END IF;

  FOR grp IN SELECT value FROM jsonb_array_elements(p_groups) LOOP
    grp_index := grp_index + 1;
    grp_role := grp->>'role';
    IF grp_role IS NULL OR grp_role NOT IN ('anon', 'authenticated', 'service_role') THEN
      RAISE EXCEPTION 'unknown role "%"', grp_role USING ERRCODE = '22023';
    END IF;
    IF checking AND NOT has_table_privilege(grp_role, rel, 'SELECT') THEN
      RAISE EXCEPTION 'permission denied for table %', p_table USING ERRCODE = '42501';
    END IF;

    flt_values := '{}';
    flt_tests := '{}';
    FOR flt IN SELECT value FROM jsonb_array_elements(coalesce(grp->'filters', '[]'::jsonb)) LOOP
      SELECT format_type(a.atttypid, a.atttypmod) INTO flt_type
        FROM pg_attribute a WHERE a.attrelid = rel AND a.attname = flt->>'column' AND a.attnum > 0 AND NOT a.attisdropped;
      IF flt_type IS NULL THEN
        RAISE EXCEPTION 'column "%" does not exist on table "%"', flt->>'column', p_table USING ERRCODE = '42703';
      END IF;
      flt_op := CASE flt->>'op' WHEN 'eq' THEN '=' WHEN 'neq' THEN '<>' WHEN 'lt' THEN '<' WHEN 'lte' THEN '<='
                                WHEN 'gt' THEN '>' WHEN 'gte' THEN '>=' WHEN 'in' THEN 'in' END;
      IF flt_op IS NULL THEN
        RAISE EXCEPTION 'unknown filter operator "%"', flt->>'op' USING ERRCODE = '22023';
      END IF;
      flt_values := flt_values || (flt->>'value');
      IF flt_op = 'in' THEN
        IF checking THEN
          EXECUTE format('SELECT ARRAY(SELECT jsonb_array_elements_text($1::jsonb))::%s[]', flt_type) USING flt->>'value';
        END IF;
        flt_tests := flt_tests || format('coalesce(%I.%I = ANY (ARRAY(SELECT jsonb_array_elements_text($2[%s]::jsonb))::%s[]), false)',
                                         p_table, flt->>'column', cardinality(flt_values), flt_type);
      ELSE
        IF checking THEN
          EXECUTE format('SELECT ($1)::%s', flt_type) USING flt->>'value';
        END IF;
        flt_tests := flt_tests || format('coalesce(%I.%I %s ($2[%s])::%s, false)', p_table, flt->>'column', flt_op, cardinality(flt_values), flt_type);
      END IF;
    END LOOP;

    -- Inserted and updated rows: the prepared statement of this table and filter shape, made as the owner.
    IF coalesce(cardinality(p_keys), 0) > 0 THEN
      row_sql := format(
        'SELECT $3::integer, ''u''::text, %I.id::text, to_jsonb(%I.id), to_jsonb(%I), ARRAY[%s]::boolean[] FROM public.%I WHERE %I.id = ANY ($1::%s[])',
        p_table, p_table, p_table, array_to_string(flt_tests, ', '), p_table, p_table, key_type);
      stmt_name := 'floworx_rt_' || md5(row_sql);
      IF NOT stmt_name = ANY (taken) AND cardinality(taken) < 256 THEN
        EXECUTE format('PREPARE %I (text[], text[], integer) AS %s', stmt_name, row_sql);
        prepared := prepared || stmt_name;
        taken := taken || stmt_name;
      END IF;
    END IF;

    -- The SELECT policies of this role, for deleted rows (only read when there are some).
    visible_sql := 'false';
    IF coalesce(cardinality(p_deleted), 0) > 0 THEN
    SELECT CASE
             WHEN NOT has_table_privilege(grp_role, rel, 'SELECT') THEN 'false'
             WHEN r.rolbypassrls OR NOT c.relrowsecurity THEN 'true'
             ELSE coalesce('(' || (SELECT string_agg('(' || pg_get_expr(p.polqual, p.polrelid) || ')', ' OR ')
                                     FROM pg_policy p
                                    WHERE p.polrelid = rel AND p.polpermissive AND p.polcmd IN ('r', '*') AND p.polqual IS NOT NULL
                                      AND EXISTS (SELECT 1 FROM unnest(p.polroles) AS pr(oid) WHERE pr.oid = 0 OR pg_has_role(grp_role, pr.oid, 'MEMBER'))) || ')', 'false')
                  || coalesce(' AND ' || (SELECT string_agg('(' || pg_get_expr(p.polqual, p.polrelid) || ')', ' AND ')
                                     FROM pg_policy p
                                    WHERE p.polrelid = rel AND NOT p.polpermissive AND p.polcmd IN ('r', '*') AND p.polqual IS NOT NULL
                                      AND EXISTS (SELECT 1 FROM unnest(p.polroles) AS pr(oid) WHERE pr.oid = 0 OR pg_has_role(grp_role, pr.oid, 'MEMBER'))), '')
           END
      INTO visible_sql
      FROM pg_roles r, pg_class c
     WHERE r.rolname = grp_role AND c.oid = rel;
    END IF;

    -- As the subscriber: role and claims local to this transaction, as a data API request sets them.
    PERFORM set_config('role', grp_role, true), set_config('request.jwt.claims', coalesce(grp->>'claims', '{}'), true),
            set_config('request.jwt.claim.sub', coalesce(grp->>'sub', ''), true);
    IF coalesce(cardinality(p_keys), 0) > 0 THEN
      IF stmt_name = ANY (prepared) THEN
        RETURN QUERY EXECUTE format('EXECUTE %I (%L, %L, %s)', stmt_name, p_keys, flt_values, grp_index);
      ELSE
        RETURN QUERY EXECUTE row_sql USING p_keys, flt_values, grp_index;
      END IF;
    END IF;
    IF coalesce(cardinality(p_deleted), 0) > 0 THEN
      RETURN QUERY EXECUTE format(
        'SELECT %s, ''d''::text, %I.id::text, to_jsonb(%I.id), NULL::jsonb, ARRAY[%s]::boolean[] '
        'FROM unnest($3) AS floworx_realtime_old(old_row), jsonb_populate_record(NULL::public.%I, floworx_realtime_old.old_row) AS %I WHERE %s',
        grp_index, p_table, p_table, array_to_string(flt_tests, ', '), p_table, p_table, visible_sql)
        USING p_keys, flt_values, p_deleted;
    END IF;
    PERFORM set_config('role', 'none', true);
  END LOOP;
  PERFORM set_config('role', 'none', true), set_config('request.jwt.claims', '', true), set_config('request.jwt.claim.sub', '', true);
END
$$;
REVOKE ALL ON FUNCTION floworx.realtime_visible(text, text[], jsonb[], jsonb) FROM PUBLIC;
