-- 0047 Realtime: who may see a change, decided by PostgreSQL's row-level security (issue 12, deliverable 6).
--
-- floworx.realtime_visible(table, keys, deleted rows, groups) is called by the server (the owning role) once per
-- table and batch of changes. `groups` holds one entry per distinct subscriber claims set:
--   {"role": "authenticated", "claims": "<JWT claims JSON>", "sub": "<user id>",
--    "filters": [{"column": "client_id", "op": "eq", "value": "..."}, {"column": "n", "op": "in", "value": "[\"1\",\"2\"]"}]}
-- For each group it switches to that role and those claims (set_config(..., true), as a data API request does) and:
--   * inserted / updated rows: SELECTs them by key from the table itself, so RLS filters them exactly as it would a
--     read of that user: rows it may not read are simply not returned;
--   * deleted rows (gone from the table): evaluates the table's SELECT policies that apply to the role (permissive
--     ones OR'd, restrictive ones AND'd, as PostgreSQL combines them) on the old row, plus the role's SELECT privilege;
--     a role with BYPASSRLS, or a table without RLS, sees them.
-- Each returned row carries one boolean per filter of the group (a subscription's `filter`, evaluated in SQL with the
-- value cast to the column's type). Identifiers come from the catalog or are checked against it; values are bound.
-- Called with no keys and no deleted rows it only checks the group: table published, role may read it, filter columns
-- exist, filter values cast to the column type — the check a join runs.
CREATE FUNCTION floworx.realtime_visible(p_table text, p_keys text[], p_deleted jsonb[], p_groups jsonb)
RETURNS TABLE (group_index integer, kind text, row_key text, key_json jsonb, record jsonb, matches boolean[])
LANGUAGE plpgsql VOLATILE SECURITY INVOKER
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
  checking boolean := coalesce(cardinality(p_keys), 0) = 0 AND coalesce(cardinality(p_deleted), 0) = 0;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM floworx.realtime_publication WHERE table_name = p_table) THEN
    RAISE EXCEPTION 'table "%" is not published for realtime', p_table USING ERRCODE = '42P01';
  END IF;
  rel := format('public.%I', p_table)::regclass;
  SELECT format_type(a.atttypid, a.atttypmod) INTO key_type
    FROM pg_attribute a WHERE a.attrelid = rel AND a.attname = 'id' AND NOT a.attisdropped;

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
    PERFORM set_config('role', grp_role, true);
    PERFORM set_config('request.jwt.claims', coalesce(grp->>'claims', '{}'), true);
    PERFORM set_config('request.jwt.claim.sub', coalesce(grp->>'sub', ''), true);
    IF coalesce(cardinality(p_keys), 0) > 0 THEN
      RETURN QUERY EXECUTE format(
        'SELECT %s, ''u''::text, %I.id::text, to_jsonb(%I.id), to_jsonb(%I), ARRAY[%s]::boolean[] FROM public.%I WHERE %I.id = ANY ($1::%s[])',
        grp_index, p_table, p_table, p_table, array_to_string(flt_tests, ', '), p_table, p_table, key_type)
        USING p_keys, flt_values;
    END IF;
    IF coalesce(cardinality(p_deleted), 0) > 0 THEN
      RETURN QUERY EXECUTE format(
        'SELECT %s, ''d''::text, %I.id::text, to_jsonb(%I.id), NULL::jsonb, ARRAY[%s]::boolean[] '
        'FROM unnest($3) AS floworx_realtime_old(old_row), jsonb_populate_record(NULL::public.%I, floworx_realtime_old.old_row) AS %I WHERE %s',
        grp_index, p_table, p_table, array_to_string(flt_tests, ', '), p_table, p_table, visible_sql)
        USING p_keys, flt_values, p_deleted;
    END IF;
    PERFORM set_config('role', 'none', true);
    PERFORM set_config('request.jwt.claims', '', true);
    PERFORM set_config('request.jwt.claim.sub', '', true);
  END LOOP;
END
$$;
REVOKE ALL ON FUNCTION floworx.realtime_visible(text, text[], jsonb[], jsonb) FROM PUBLIC;
