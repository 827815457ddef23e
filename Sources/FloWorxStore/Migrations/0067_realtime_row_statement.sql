-- 0067 Realtime: the statement a subscriber group's inserted and updated rows are read with, for the dispatcher to
-- send itself, every group's statements in one pipeline (issue 12, fan-out benchmark).
--
-- floworx.realtime_visible (0047, 0066) reads a batch for every subscriber group inside one PL/pgSQL call: per group
-- a dynamic EXECUTE of the prepared statement and three set_config calls through SPI, about 90 us of the backend's
-- CPU per group whatever the batch's size (50 groups, 2 changed rows: 4.7 ms per call). The dispatcher now sends, per
-- group, Bind/Execute of the data API's role-and-claims statement (floworx_pipe_claims: role, request.jwt.claims,
-- request.jwt.claim.sub with set_config(..., true), as every data API read does) then Bind/Execute of the statement
-- below, all groups in one pipeline ending with one Sync: one implicit transaction, so each group's settings hold
-- for its read and all of them end with the Sync. The same 50 groups cost 1.6 ms (pgbench, \startpipeline).
-- Row-level security is still evaluated in PostgreSQL, as each group: the statement is an ordinary SELECT of the
-- table, executed after the group's role and claims are set.
--
-- This function only writes that statement's text, from the catalogs, as realtime_visible does: the table must be
-- published, filter columns must exist (their types from pg_attribute), operators come from a fixed list, and
-- identifiers are quoted with format('%I'). Parameters: $1 the changed keys (text[]), $2 the group's filter values
-- (text[], in its filters' order; for `in`, a JSON array). Columns: key as text, key as JSON text, the row as JSON
-- text, one boolean per filter. Deleted rows keep going through realtime_visible (their policies are evaluated on the
-- old row). Filter values are checked at join, as before, by realtime_visible.
CREATE FUNCTION floworx.realtime_row_statement(p_table text, p_filters jsonb)
RETURNS text
LANGUAGE plpgsql STABLE SECURITY INVOKER
AS $$
DECLARE
  rel regclass;
  key_type text;
  flt jsonb;
  flt_type text;
  flt_op text;
  flt_tests text[] := '{}';
  n integer := 0;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM floworx.realtime_publication WHERE table_name = p_table) THEN
    RAISE EXCEPTION 'table "%" is not published for realtime', p_table USING ERRCODE = '42P01';
  END IF;
  rel := format('public.%I', p_table)::regclass;
  SELECT format_type(a.atttypid, a.atttypmod) INTO key_type
    FROM pg_attribute a WHERE a.attrelid = rel AND a.attname = 'id' AND NOT a.attisdropped;
  FOR flt IN SELECT value FROM jsonb_array_elements(coalesce(p_filters, '[]'::jsonb)) LOOP
    n := n + 1;
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
    IF flt_op = 'in' THEN
      flt_tests := flt_tests || format('coalesce(%I.%I = ANY (ARRAY(SELECT jsonb_array_elements_text($2[%s]::jsonb))::%s[]), false)',
                                       p_table, flt->>'column', n, flt_type);
    ELSE
      flt_tests := flt_tests || format('coalesce(%I.%I %s ($2[%s])::%s, false)', p_table, flt->>'column', flt_op, n, flt_type);
    END IF;
  END LOOP;
  RETURN format(
    'SELECT %I.id::text, to_jsonb(%I.id)::text, to_jsonb(%I)::text, ARRAY[%s]::boolean[] FROM public.%I WHERE %I.id = ANY ($1::%s[])',
    p_table, p_table, p_table, array_to_string(flt_tests, ', '), p_table, p_table, key_type);
END
$$;
REVOKE ALL ON FUNCTION floworx.realtime_row_statement(text, jsonb) FROM PUBLIC;
