-- 0022 The JSON validator (0007) in linear time, with bounded work per write.
--
-- 0007's validator could be made to work quadratically by one write: `{"managers": [{}, ... 30,000]}`
-- (117 kB, under the 256 kB cap) took 59 s of PostgreSQL time before its 400, because
--   * it validated every item of an array that already broke `maxItems`, and
--   * it collected errors with `errors := errors || <a callee's errors>`, which copies the whole
--     array each time: n items with an error each cost O(n^2),
--   * `uniqueItems` joined the array with itself (n^2 pairs for n equal items).
-- Here:
--   * every call takes an error budget (max_errors) and returns at most that many errors; a
--     callee gets what is left of its caller's budget, and evaluation stops once it is spent.
--     A copy is therefore never longer than the budget, so collecting errors is linear;
--   * an array past `maxItems` is reported as before (at its first item too many) and only its
--     first maxItems items are looked at further (their errors and uniqueness);
--   * `uniqueItems` finds the first duplicate with one sort (a window over the items);
--   * anyOf / oneOf branches and `if` are tried with a budget of 1: only "no error" matters.
-- The answers are those of 0007 (same first error, same paths and messages) whenever a document
-- has fewer errors than the budget; past it, the DETAIL says that more were not looked for.
--
-- The 4-argument json_schema_errors and 5-argument json_schema_alternatives keep their
-- signatures (as wrappers) for anyone calling them; the work is done by the overloads that take
-- the budget.

-- How many errors one document's validation collects at most (then it stops looking).
CREATE OR REPLACE FUNCTION floworx.json_error_budget()
RETURNS int
LANGUAGE sql IMMUTABLE
AS $$ SELECT 100 $$;

-- The errors of `value` at `path` against `schema`, a subschema of the document `root`
-- (which $ref resolves against): at most max_errors of them, in the order found. No errors: an
-- empty array.
CREATE OR REPLACE FUNCTION floworx.json_schema_errors(root jsonb, schema jsonb, value jsonb, path text, max_errors int)
RETURNS floworx.json_error[]
LANGUAGE plpgsql STABLE
AS $$
DECLARE
    errors floworx.json_error[] := '{}';
    sub_errors floworx.json_error[];  -- a callee's errors (not "found": that would hide FOUND)
    value_type text := jsonb_typeof(value);
    member text;
    member_value jsonb;
    subschema jsonb;
    text_value text;
    number_value numeric;
    item_count int;
    checked_count int;
    i int;
    j int;
BEGIN
    IF max_errors < 1 THEN
        RETURN errors;
    END IF;

    -- Boolean schemas: true accepts anything, false nothing.
    IF jsonb_typeof(schema) = 'boolean' THEN
        IF schema = 'false' THEN
            RETURN ARRAY[ROW(path, 'is not allowed here', 'got ' || floworx.json_excerpt(value))::floworx.json_error];
        END IF;
        RETURN errors;
    END IF;

    -- A bare {"$ref": ...} is replaced by its target (no recursive call); a $ref with sibling
    -- keywords is applied in addition to them.
    WHILE jsonb_typeof(schema) = 'object' AND schema ? '$ref' AND schema - '$ref' = '{}' LOOP
        schema := floworx.json_schema_resolve(root, schema ->> '$ref');
    END LOOP;
    IF jsonb_typeof(schema) = 'boolean' THEN
        RETURN floworx.json_schema_errors(root, schema, value, path, max_errors);
    END IF;
    IF schema ? '$ref' THEN
        errors := floworx.json_schema_errors(root, floworx.json_schema_resolve(root, schema ->> '$ref'), value, path, max_errors);
        IF cardinality(errors) >= max_errors THEN
            RETURN errors;
        END IF;
    END IF;

    -- A value of the wrong type: nothing else said about it would help.
    IF schema ? 'type' AND NOT floworx.json_type_matches(schema -> 'type', value) THEN
        RETURN errors || ROW(
            path,
            floworx.json_message(schema, 'type', 'must be ' || floworx.json_type_names(schema -> 'type')),
            'got ' || CASE WHEN value_type = 'null' THEN 'null' ELSE value_type || ' ' || floworx.json_excerpt(value) END
        )::floworx.json_error;
    END IF;

    -- The checks of one node add at most a handful of errors; the budget is enforced before
    -- each recursive step below and on return.
    IF schema ? 'const' AND value <> schema -> 'const' THEN
        errors := errors || ROW(
            path,
            floworx.json_message(schema, 'const', 'must be ' || (schema -> 'const')::text),
            'got ' || floworx.json_excerpt(value)
        )::floworx.json_error;
    END IF;

    -- For a scalar, containment in the enum's array is equality with one of its members (one
    -- operator, no query); objects and arrays are compared member by member as in 0007.
    IF schema ? 'enum' AND NOT (
        (value_type NOT IN ('object', 'array') AND (schema -> 'enum') @> jsonb_build_array(value))
        OR (value_type IN ('object', 'array') AND EXISTS (SELECT 1 FROM jsonb_array_elements(schema -> 'enum') AS e(v) WHERE v = value))
    ) THEN
        errors := errors || ROW(
            path,
            floworx.json_message(schema, 'enum', 'must be one of ' || (
                SELECT string_agg(floworx.json_show(v), ', ' ORDER BY ord)
                FROM jsonb_array_elements(schema -> 'enum') WITH ORDINALITY AS e(v, ord)
            )),
            'got ' || floworx.json_excerpt(value)
        )::floworx.json_error;
    END IF;

    IF value_type = 'string' THEN
        text_value := value #>> '{}';
        IF schema ? 'minLength' AND char_length(text_value) < (schema ->> 'minLength')::int THEN
            errors := errors || ROW(
                path,
                floworx.json_message(schema, 'minLength', CASE
                    WHEN (schema ->> 'minLength')::int = 1 THEN 'must not be empty'
                    ELSE 'must be at least ' || (schema ->> 'minLength') || ' characters long'
                END),
                'got ' || char_length(text_value) || ' characters'
            )::floworx.json_error;
        END IF;
        IF schema ? 'maxLength' AND char_length(text_value) > (schema ->> 'maxLength')::int THEN
            errors := errors || ROW(
                path,
                floworx.json_message(schema, 'maxLength', 'must be at most ' || (schema ->> 'maxLength') || ' characters long'),
                'got ' || char_length(text_value) || ' characters'
            )::floworx.json_error;
        END IF;
        IF schema ? 'pattern' AND text_value !~ (schema ->> 'pattern') THEN
            errors := errors || ROW(
                path,
                floworx.json_message(schema, 'pattern', 'must match the pattern ' || (schema ->> 'pattern')),
                'got ' || floworx.json_excerpt(value)
            )::floworx.json_error;
        END IF;
        IF schema ? 'format' AND NOT floworx.json_format_ok(schema ->> 'format', text_value) THEN
            errors := errors || ROW(
                path,
                floworx.json_message(schema, 'format', floworx.json_format_message(schema ->> 'format')),
                'got ' || floworx.json_excerpt(value)
            )::floworx.json_error;
        END IF;
    END IF;

    IF value_type = 'number' THEN
        number_value := value::numeric;
        IF schema ? 'minimum' AND number_value < (schema ->> 'minimum')::numeric THEN
            errors := errors || ROW(path, floworx.json_message(schema, 'minimum', 'must be at least ' || (schema ->> 'minimum')),
                                    'got ' || value::text)::floworx.json_error;
        END IF;
        IF schema ? 'maximum' AND number_value > (schema ->> 'maximum')::numeric THEN
            errors := errors || ROW(path, floworx.json_message(schema, 'maximum', 'must be at most ' || (schema ->> 'maximum')),
                                    'got ' || value::text)::floworx.json_error;
        END IF;
        IF schema ? 'exclusiveMinimum' AND number_value <= (schema ->> 'exclusiveMinimum')::numeric THEN
            errors := errors || ROW(path, floworx.json_message(schema, 'exclusiveMinimum', 'must be greater than ' || (schema ->> 'exclusiveMinimum')),
                                    'got ' || value::text)::floworx.json_error;
        END IF;
        IF schema ? 'exclusiveMaximum' AND number_value >= (schema ->> 'exclusiveMaximum')::numeric THEN
            errors := errors || ROW(path, floworx.json_message(schema, 'exclusiveMaximum', 'must be less than ' || (schema ->> 'exclusiveMaximum')),
                                    'got ' || value::text)::floworx.json_error;
        END IF;
    END IF;

    IF value_type = 'object' THEN
        -- A missing member is reported at its own path.
        FOR member IN SELECT jsonb_array_elements_text(coalesce(schema -> 'required', '[]')) LOOP
            IF NOT value ? member THEN
                errors := errors || ROW(
                    floworx.json_path_member(path, member),
                    floworx.json_message(schema, 'required', 'is required'),
                    NULL
                )::floworx.json_error;
            END IF;
        END LOOP;
        IF schema ? 'minProperties' OR schema ? 'maxProperties' THEN
            SELECT count(*) INTO item_count FROM jsonb_object_keys(value);
            IF schema ? 'minProperties' AND item_count < (schema ->> 'minProperties')::int THEN
                errors := errors || ROW(path, floworx.json_message(schema, 'minProperties', 'must have at least ' || (schema ->> 'minProperties') || ' members'),
                                        'got ' || floworx.json_excerpt(value))::floworx.json_error;
            END IF;
            IF schema ? 'maxProperties' AND item_count > (schema ->> 'maxProperties')::int THEN
                errors := errors || ROW(path, floworx.json_message(schema, 'maxProperties', CASE
                                            WHEN (schema ->> 'maxProperties')::int = 0 THEN 'must be empty'
                                            ELSE 'must have at most ' || (schema ->> 'maxProperties') || ' members'
                                        END),
                                        'got ' || floworx.json_excerpt(value))::floworx.json_error;
            END IF;
        END IF;
        -- additionalProperties' bare $ref is resolved once for all the members.
        subschema := schema -> 'additionalProperties';
        WHILE jsonb_typeof(subschema) = 'object' AND subschema ? '$ref' AND subschema - '$ref' = '{}' LOOP
            subschema := floworx.json_schema_resolve(root, subschema ->> '$ref');
        END LOOP;
        FOR member, member_value IN SELECT * FROM jsonb_each(value) LOOP
            EXIT WHEN cardinality(errors) >= max_errors;
            IF schema -> 'properties' ? member THEN
                sub_errors := floworx.json_schema_errors(
                    root, schema -> 'properties' -> member, member_value, floworx.json_path_member(path, member),
                    max_errors - cardinality(errors));
                IF cardinality(sub_errors) > 0 THEN
                    errors := errors || sub_errors;
                END IF;
            ELSIF schema -> 'additionalProperties' = 'false' THEN
                -- Unknown members are refused so that a typo does not silently lose a setting.
                errors := errors || ROW(
                    floworx.json_path_member(path, member),
                    floworx.json_message(schema, 'additionalProperties', 'unknown member'),
                    coalesce(
                        'allowed members: ' || (SELECT string_agg(k, ', ' ORDER BY k) FROM jsonb_object_keys(schema -> 'properties') AS p(k)),
                        'no members are allowed here'
                    )
                )::floworx.json_error;
            ELSIF schema ? 'additionalProperties' THEN
                sub_errors := floworx.json_schema_errors(
                    root, subschema, member_value, floworx.json_path_member(path, member),
                    max_errors - cardinality(errors));
                IF cardinality(sub_errors) > 0 THEN
                    errors := errors || sub_errors;
                END IF;
            END IF;
        END LOOP;
    END IF;

    IF value_type = 'array' THEN
        item_count := jsonb_array_length(value);
        checked_count := item_count;
        IF schema ? 'minItems' AND item_count < (schema ->> 'minItems')::int THEN
            errors := errors || ROW(
                path,
                floworx.json_message(schema, 'minItems', 'must have at least ' || (schema ->> 'minItems')
                    || CASE WHEN (schema ->> 'minItems')::int = 1 THEN ' item' ELSE ' items' END),
                'got ' || item_count
            )::floworx.json_error;
        END IF;
        -- Too many items: reported at the first one too many, e.g. managers[5] for a sixth manager.
        -- The items past the limit are not looked at: what they hold cannot make the array valid.
        IF schema ? 'maxItems' AND item_count > (schema ->> 'maxItems')::int THEN
            errors := errors || ROW(
                path || '[' || (schema ->> 'maxItems') || ']',
                floworx.json_message(schema, 'maxItems', 'at most ' || (schema ->> 'maxItems')
                    || CASE WHEN (schema ->> 'maxItems')::int = 1 THEN ' item' ELSE ' items' END),
                path || ' has ' || item_count || ' items'
            )::floworx.json_error;
            checked_count := (schema ->> 'maxItems')::int;
        END IF;
        -- The first duplicate (smallest j, then the first i before it): one sort, not a self-join.
        IF schema -> 'uniqueItems' = 'true' AND checked_count > 1 AND cardinality(errors) < max_errors THEN
            SELECT d.first_ord - 1, d.ord - 1 INTO i, j
            FROM (
                SELECT e.ord, min(e.ord) OVER (PARTITION BY e.v) AS first_ord
                FROM jsonb_array_elements(value) WITH ORDINALITY AS e(v, ord)
                WHERE e.ord <= checked_count
            ) d
            WHERE d.ord > d.first_ord
            ORDER BY d.ord
            LIMIT 1;
            IF FOUND THEN
                errors := errors || ROW(
                    path || '[' || j || ']',
                    floworx.json_message(schema, 'uniqueItems', 'duplicates ' || path || '[' || i || ']'),
                    'got ' || floworx.json_excerpt(value -> j)
                )::floworx.json_error;
            END IF;
        END IF;
        IF schema ? 'items' THEN
            -- A bare $ref is resolved once for all the items, not once per item.
            subschema := schema -> 'items';
            WHILE jsonb_typeof(subschema) = 'object' AND subschema ? '$ref' AND subschema - '$ref' = '{}' LOOP
                subschema := floworx.json_schema_resolve(root, subschema ->> '$ref');
            END LOOP;
            FOR i IN 0 .. checked_count - 1 LOOP
                EXIT WHEN cardinality(errors) >= max_errors;
                sub_errors := floworx.json_schema_errors(root, subschema, value -> i, path || '[' || i || ']',
                                                         max_errors - cardinality(errors));
                IF cardinality(sub_errors) > 0 THEN
                    errors := errors || sub_errors;
                END IF;
            END LOOP;
        END IF;
    END IF;

    IF schema ? 'allOf' THEN
        FOR subschema IN SELECT jsonb_array_elements(schema -> 'allOf') LOOP
            EXIT WHEN cardinality(errors) >= max_errors;
            sub_errors := floworx.json_schema_errors(root, subschema, value, path, max_errors - cardinality(errors));
            IF cardinality(sub_errors) > 0 THEN
                errors := errors || sub_errors;
            END IF;
        END LOOP;
    END IF;

    IF schema ? 'anyOf' AND cardinality(errors) < max_errors THEN
        errors := errors || floworx.json_schema_alternatives(root, schema, 'anyOf', value, path, max_errors - cardinality(errors));
    END IF;
    IF schema ? 'oneOf' AND cardinality(errors) < max_errors THEN
        errors := errors || floworx.json_schema_alternatives(root, schema, 'oneOf', value, path, max_errors - cardinality(errors));
    END IF;

    IF schema ? 'if' AND cardinality(errors) < max_errors THEN
        IF NOT floworx.json_schema_cannot_match(schema -> 'if', value)
           AND cardinality(floworx.json_schema_errors(root, schema -> 'if', value, path, 1)) = 0 THEN
            IF schema ? 'then' THEN
                errors := errors || floworx.json_schema_errors(root, schema -> 'then', value, path, max_errors - cardinality(errors));
            END IF;
        ELSIF schema ? 'else' THEN
            errors := errors || floworx.json_schema_errors(root, schema -> 'else', value, path, max_errors - cardinality(errors));
        END IF;
    END IF;

    IF cardinality(errors) > max_errors THEN
        RETURN errors[1:max_errors];
    END IF;
    RETURN errors;
END
$$;

-- anyOf / oneOf (keyword) of `schema` for `value` at `path`: at most max_errors errors.
CREATE OR REPLACE FUNCTION floworx.json_schema_alternatives(root jsonb, schema jsonb, keyword text, value jsonb, path text, max_errors int)
RETURNS floworx.json_error[]
LANGUAGE plpgsql STABLE
AS $$
DECLARE
    branches jsonb := schema -> keyword;
    branch_count int := jsonb_array_length(schema -> keyword);
    matching text[] := '{}';
    best int;
    best_score int := 0;
    score int;
    discriminator text;
    discriminator_values text;
    i int;
BEGIN
    FOR i IN 0 .. branch_count - 1 LOOP
        CONTINUE WHEN floworx.json_schema_cannot_match(floworx.json_schema_deref(root, branches -> i), value);
        -- Whether the branch matches: its first error, if any, answers that.
        IF cardinality(floworx.json_schema_errors(root, branches -> i, value, path, 1)) = 0 THEN
            IF keyword = 'anyOf' THEN
                RETURN '{}';
            END IF;
            matching := matching || floworx.json_schema_title(root, branches -> i, i + 1);
        END IF;
    END LOOP;
    IF cardinality(matching) = 1 THEN
        RETURN '{}';
    END IF;
    IF cardinality(matching) > 1 THEN
        RETURN ARRAY[ROW(
            path,
            floworx.json_message(schema, keyword, 'must match exactly one of the allowed shapes, but matches several'),
            'matches: ' || array_to_string(matching, '; ')
        )::floworx.json_error];
    END IF;

    -- No branch matches. Report the errors of the branch the document evidently meant.
    FOR i IN 0 .. branch_count - 1 LOOP
        score := floworx.json_schema_evidence(floworx.json_schema_deref(root, branches -> i), value);
        IF score > best_score THEN
            best := i;
            best_score := score;
        END IF;
    END LOOP;
    IF best IS NOT NULL THEN
        RETURN floworx.json_schema_errors(root, branches -> best, value, path, max_errors);
    END IF;

    -- None evident. When every branch is told apart by a const member (e.g. "type"), the
    -- member is what is wrong.
    IF jsonb_typeof(value) = 'object' THEN
        SELECT d.member, string_agg(floworx.json_show(d.const_value), ', ' ORDER BY d.ord)
        INTO discriminator, discriminator_values
        FROM (
            SELECT p.member, s.ord, floworx.json_schema_deref(root, s.branch) -> 'properties' -> p.member -> 'const' AS const_value
            FROM jsonb_array_elements(branches) WITH ORDINALITY AS s(branch, ord)
            CROSS JOIN (
                SELECT jsonb_object_keys(floworx.json_schema_deref(root, branches -> 0) -> 'properties') AS member
            ) p
        ) d
        GROUP BY d.member
        HAVING count(d.const_value) = branch_count
        ORDER BY d.member
        LIMIT 1;
        IF discriminator IS NOT NULL THEN
            IF value ? discriminator THEN
                RETURN ARRAY[ROW(
                    floworx.json_path_member(path, discriminator),
                    'must be one of ' || discriminator_values,
                    'got ' || floworx.json_excerpt(value -> discriminator)
                )::floworx.json_error];
            END IF;
            RETURN ARRAY[ROW(
                floworx.json_path_member(path, discriminator),
                'is required',
                'one of ' || discriminator_values
            )::floworx.json_error];
        END IF;
    END IF;

    RETURN ARRAY[ROW(
        path,
        floworx.json_message(schema, keyword, 'must be one of: ' || (
            SELECT string_agg(floworx.json_schema_title(root, b, ord::int), '; ' ORDER BY ord)
            FROM jsonb_array_elements(branches) WITH ORDINALITY AS s(b, ord)
        )),
        'got ' || floworx.json_excerpt(value)
    )::floworx.json_error];
END
$$;

-- 0007's signatures, kept: the same answers within the default budget.
CREATE OR REPLACE FUNCTION floworx.json_schema_errors(root jsonb, schema jsonb, value jsonb, path text)
RETURNS floworx.json_error[]
LANGUAGE sql STABLE
AS $$ SELECT floworx.json_schema_errors(root, schema, value, path, floworx.json_error_budget()) $$;

CREATE OR REPLACE FUNCTION floworx.json_schema_alternatives(root jsonb, schema jsonb, keyword text, value jsonb, path text)
RETURNS floworx.json_error[]
LANGUAGE sql STABLE
AS $$ SELECT floworx.json_schema_alternatives(root, schema, keyword, value, path, floworx.json_error_budget()) $$;

-- One error per path (the first found), in the order found.
CREATE OR REPLACE FUNCTION floworx.json_first_per_path(errors floworx.json_error[])
RETURNS floworx.json_error[]
LANGUAGE sql IMMUTABLE
AS $$
    SELECT coalesce(array_agg(ROW(e.path, e.message, e.detail)::floworx.json_error ORDER BY e.ord), '{}')
    FROM (
        SELECT u.*, row_number() OVER (PARTITION BY u.path ORDER BY u.ord) AS rank
        FROM unnest(errors) WITH ORDINALITY AS u(path, message, detail, ord)
    ) e
    WHERE e.rank = 1
$$;

-- The stored schema `schema_name`, or undefined_object.
CREATE OR REPLACE FUNCTION floworx.json_schema_named(schema_name text)
RETURNS jsonb
LANGUAGE plpgsql STABLE
AS $$
DECLARE
    root jsonb;
BEGIN
    SELECT s.schema INTO root FROM floworx.json_schemas s WHERE s.name = schema_name;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'floworx: no JSON schema named "%"', schema_name USING ERRCODE = 'undefined_object';
    END IF;
    RETURN root;
END
$$;

-- The errors of `document` against the stored schema `schema_name` (or against the subschema
-- `ref` of it, e.g. '#/$defs/personality_traits'); paths start at `path`. One error per path
-- (the first found), in the order found; validation stops after json_error_budget() errors.
--   SELECT * FROM floworx.json_errors('managers', '[{"name": "Ann"}]', 'profiles.managers');
CREATE OR REPLACE FUNCTION floworx.json_errors(schema_name text, document jsonb, path text DEFAULT '$', ref text DEFAULT '#')
RETURNS SETOF floworx.json_error
LANGUAGE sql STABLE
AS $$
    SELECT e.*
    FROM (SELECT floworx.json_schema_named(schema_name) AS root) r,
         unnest(floworx.json_first_per_path(floworx.json_schema_errors(
             r.root, floworx.json_schema_resolve(r.root, ref), document, path, floworx.json_error_budget()))) AS e
$$;

-- As in 0007 (check_violation naming the first failing path, DETAIL with what was found and up
-- to five further problems), except that when validation stopped at the error budget the
-- count of further problems is a lower bound, and says so.
CREATE OR REPLACE FUNCTION floworx.assert_json(table_name text, column_name text, schema_name text, document jsonb, ref text DEFAULT '#')
RETURNS void
LANGUAGE plpgsql STABLE
AS $$
DECLARE
    root jsonb;
    found_errors floworx.json_error[];
    errors floworx.json_error[];
    detail text;
BEGIN
    IF document IS NULL THEN
        RETURN;
    END IF;
    IF pg_column_size(document) > 262144 THEN
        RAISE EXCEPTION USING
            ERRCODE = 'check_violation',
            MESSAGE = table_name || '.' || column_name || ': document too large',
            DETAIL = 'got ' || pg_column_size(document) || ' bytes, at most 262144.',
            SCHEMA = 'public',
            TABLE = table_name,
            COLUMN = column_name,
            CONSTRAINT = table_name || '_' || column_name || '_json';
    END IF;
    root := floworx.json_schema_named(schema_name);
    found_errors := floworx.json_schema_errors(root, floworx.json_schema_resolve(root, ref), document,
                                               table_name || '.' || column_name, floworx.json_error_budget());
    IF cardinality(found_errors) = 0 THEN
        RETURN;
    END IF;
    errors := floworx.json_first_per_path(found_errors);
    detail := coalesce(errors[1].detail || '.', '');
    IF cardinality(errors) > 1 THEN
        detail := ltrim(detail || E'\nAlso: ' || (
            SELECT string_agg(e.path || ': ' || e.message, E'\n      ' ORDER BY ord)
            FROM unnest(errors[2:6]) WITH ORDINALITY AS e(path, message, detail, ord)
        ) || CASE
                 WHEN cardinality(found_errors) >= floworx.json_error_budget() THEN
                     E'\n      (' || greatest(cardinality(errors) - 6, 0) || ' more; validation stopped there)'
                 WHEN cardinality(errors) > 6 THEN E'\n      (' || (cardinality(errors) - 6) || ' more)'
                 ELSE ''
             END, E'\n');
    END IF;
    RAISE EXCEPTION USING
        ERRCODE = 'check_violation',
        MESSAGE = errors[1].path || ': ' || errors[1].message,
        DETAIL = detail,
        HINT = format('%s.%s must match the JSON schema "%s"%s (floworx.json_schemas; see docs/json-shapes.md).',
                      table_name, column_name, schema_name, CASE WHEN ref = '#' THEN '' ELSE ' ' || ref END),
        SCHEMA = 'public',
        TABLE = table_name,
        COLUMN = column_name,
        CONSTRAINT = table_name || '_' || column_name || '_json';
END
$$;

-- Nothing in floworx is for anyone but its owner (new functions included).
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA floworx FROM PUBLIC;
