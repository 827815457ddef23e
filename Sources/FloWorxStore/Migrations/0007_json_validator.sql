-- 0007 A small JSON Schema (draft 2020-12) validator in PL/pgSQL, for the JSONB columns.
--
-- Every writer (the server, the worker, a tenant through the data API, an operator in psql)
-- gets the same answer because the database checks the documents itself, against the JSON
-- schemas stored in floworx.json_schemas (filled by 0008 with the exact content of the
-- repository's schemas/*.json, the single source of truth). The triggers are in 0009.
--
-- Supported keywords (a schema using any other is refused when it is stored):
--   $ref (to "#" or "#/$defs/..."), $defs, type (one or a list; "integer" is a number with
--   no fraction), enum, const, properties, required, additionalProperties (false or a
--   schema), minProperties, maxProperties, items, minItems, maxItems, uniqueItems,
--   minLength, maxLength, pattern (a PostgreSQL regular expression; keep to the syntax it
--   shares with ECMA 262), format (date, time, date-time, email, hostname, timezone),
--   minimum, maximum, exclusiveMinimum, exclusiveMaximum, allOf, anyOf, oneOf, if/then/else,
--   boolean schemas, and errorMessage (ajv-errors' keyword: a string, or an object from a
--   keyword to the message used when that keyword fails at this node).
--   Annotations are ignored: $schema, $id, $comment, title, description, examples, default.
--
-- An error names the failing value by its path, rooted at table.column:
--   profiles.managers[5]: at most 5 managers
--   escalation_rules.conditions.all[1].op: must be one of eq, neq, in, ...
-- When no branch of an anyOf/oneOf matches, the error comes from the branch the document
-- evidently meant (the one whose const members it matches, else whose required members it
-- has, else whose type it has), so it still names the exact failing path; only when no
-- branch is evident is the node itself reported ("must be one of: <branch titles>").
--
-- Only the owner (the migrating user) has privileges on schema floworx. The triggers are
-- SECURITY DEFINER, so the roles that write the tables need none.

CREATE SCHEMA IF NOT EXISTS floworx;  -- the migration runner creates it first for its ledger
REVOKE ALL ON SCHEMA floworx FROM PUBLIC;

COMMENT ON SCHEMA floworx IS 'FloWorx internals: JSON schemas of the JSONB columns and their validator';

-- The JSON schemas, by name (client_config, managers, ...). Identical to schemas/<name>.json.
CREATE TABLE floworx.json_schemas (
    name text PRIMARY KEY,
    schema jsonb NOT NULL
);

COMMENT ON TABLE floworx.json_schemas IS 'JSON Schema (draft 2020-12) documents, one per JSONB shape: the content of schemas/<name>.json';

-- The names of pg_timezone_names when the schema was migrated. Reading pg_timezone_names
-- scans the whole zone database (~30 ms); this copy answers known names in microseconds, and
-- the view itself is still asked about any other name, so a zone added by a later tzdata
-- update is accepted too (IANA never removes names).
CREATE TABLE floworx.time_zones (
    name text PRIMARY KEY
);
INSERT INTO floworx.time_zones (name)
SELECT name FROM pg_catalog.pg_timezone_names WHERE name NOT IN ('Factory', 'localtime', 'posixrules');

COMMENT ON TABLE floworx.time_zones IS 'Cache of pg_timezone_names (format "timezone" of the JSON validator)';

-- One validation error: where, what, and what was found.
CREATE TYPE floworx.json_error AS (
    path text,
    message text,
    detail text
);

-- path + member, as `path.member`, or `path["odd member"]` when the name is not an identifier.
CREATE FUNCTION floworx.json_path_member(path text, member text)
RETURNS text
LANGUAGE sql IMMUTABLE
AS $$
    SELECT path || CASE
        WHEN member ~ '^[A-Za-z_][A-Za-z0-9_]*$' THEN '.' || member
        ELSE '[' || to_jsonb(member)::text || ']'
    END
$$;

-- A value as it appears in a message: strings bare, everything else as JSON.
CREATE FUNCTION floworx.json_show(value jsonb)
RETURNS text
LANGUAGE sql IMMUTABLE
AS $$
    SELECT CASE WHEN jsonb_typeof(value) = 'string' THEN value #>> '{}' ELSE value::text END
$$;

-- A value as it appears in a DETAIL: its JSON text, cut to 80 characters.
CREATE FUNCTION floworx.json_excerpt(value jsonb)
RETURNS text
LANGUAGE sql IMMUTABLE
AS $$
    SELECT CASE WHEN length(value::text) > 80 THEN left(value::text, 77) || '...' ELSE value::text END
$$;

-- `must be ...` wording for a `type` keyword's value ("object", or ["string", "null"]).
CREATE FUNCTION floworx.json_type_names(types jsonb)
RETURNS text
LANGUAGE sql IMMUTABLE
AS $$
    SELECT CASE WHEN count(*) = 1 THEN min(name)
                ELSE string_agg(name, ', ' ORDER BY ord) FILTER (WHERE ord < count_all)
                     || ' or ' || max(name) FILTER (WHERE ord = count_all)
           END
    FROM (
        SELECT ord, count(*) OVER () AS count_all,
               CASE t
                   WHEN 'object' THEN 'an object'
                   WHEN 'array' THEN 'an array'
                   WHEN 'string' THEN 'a string'
                   WHEN 'integer' THEN 'an integer'
                   WHEN 'number' THEN 'a number'
                   WHEN 'boolean' THEN 'a boolean'
                   WHEN 'null' THEN 'null'
                   ELSE t
               END AS name
        FROM jsonb_array_elements_text(
                 CASE WHEN jsonb_typeof(types) = 'array' THEN types ELSE jsonb_build_array(types) END
             ) WITH ORDINALITY AS e(t, ord)
    ) names
$$;

-- Whether value has one of the types (a `type` keyword's value).
CREATE FUNCTION floworx.json_type_matches(types jsonb, value jsonb)
RETURNS boolean
LANGUAGE sql IMMUTABLE
AS $$
    SELECT EXISTS (
        SELECT 1
        FROM jsonb_array_elements_text(
                 CASE WHEN jsonb_typeof(types) = 'array' THEN types ELSE jsonb_build_array(types) END
             ) AS e(t)
        WHERE t = jsonb_typeof(value)
           -- jsonb keeps a number's text normalised (1e2 is 100), so no cast is needed.
           OR (t = 'integer' AND jsonb_typeof(value) = 'number' AND value::text ~ '^-?[0-9]+(\.0+)?$')
    )
$$;

-- The message for `keyword` failing at `schema`: its errorMessage if it has one, else the default.
CREATE FUNCTION floworx.json_message(schema jsonb, keyword text, default_message text)
RETURNS text
LANGUAGE sql IMMUTABLE
AS $$
    SELECT CASE jsonb_typeof(schema -> 'errorMessage')
        WHEN 'string' THEN schema ->> 'errorMessage'
        WHEN 'object' THEN coalesce(schema -> 'errorMessage' ->> keyword, default_message)
        ELSE default_message
    END
$$;

-- Whether a YYYY-MM-DD text is a real calendar date (without raising: no subtransaction).
CREATE FUNCTION floworx.json_is_date(value text)
RETURNS boolean
LANGUAGE plpgsql IMMUTABLE
AS $$
DECLARE
    y int;
    m int;
    d int;
BEGIN
    IF value !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' THEN
        RETURN false;
    END IF;
    y := substr(value, 1, 4)::int;
    m := substr(value, 6, 2)::int;
    d := substr(value, 9, 2)::int;
    IF y < 1 OR m NOT BETWEEN 1 AND 12 OR d < 1 THEN
        RETURN false;
    END IF;
    RETURN d <= extract(day FROM make_date(y, m, 1) + interval '1 month' - interval '1 day');
END
$$;

-- Whether text satisfies a `format`. Unknown formats are refused when a schema is stored.
--   date       YYYY-MM-DD, a real calendar date (RFC 3339 full-date)
--   time       HH:MM:SS[.fraction](Z|+HH:MM|-HH:MM) (RFC 3339 full-time)
--   date-time  date "T" time (RFC 3339 date-time)
--   email      local@domain.tld, no spaces, at most 254 characters
--   hostname   a DNS name with at least two labels, e.g. example.com
--   timezone   an IANA time zone name listed in pg_timezone_names (the pseudo-zones
--              Factory, localtime and posixrules excepted)
CREATE FUNCTION floworx.json_format_ok(format text, value text)
RETURNS boolean
LANGUAGE plpgsql STABLE
AS $$
DECLARE
    time_pattern constant text :=
        '([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?([Zz]|[+-]([01][0-9]|2[0-3]):[0-5][0-9])';
BEGIN
    CASE format
        WHEN 'date' THEN
            RETURN floworx.json_is_date(value);
        WHEN 'time' THEN
            RETURN value ~ ('^' || time_pattern || '$');
        WHEN 'date-time' THEN
            RETURN value ~ ('^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt]' || time_pattern || '$')
               AND floworx.json_is_date(left(value, 10));
        WHEN 'email' THEN
            RETURN length(value) <= 254
               AND value ~ '^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:].]+$';
        WHEN 'hostname' THEN
            RETURN length(value) <= 253
               AND value ~ '^([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z][A-Za-z0-9-]{0,61}[A-Za-z0-9]$';
        WHEN 'timezone' THEN
            RETURN EXISTS (SELECT 1 FROM floworx.time_zones z WHERE z.name = value)
                OR (value NOT IN ('Factory', 'localtime', 'posixrules')
                    AND EXISTS (SELECT 1 FROM pg_catalog.pg_timezone_names z WHERE z.name = value));
        ELSE
            RETURN true;
    END CASE;
END
$$;

-- The message for a failed `format`.
CREATE FUNCTION floworx.json_format_message(format text)
RETURNS text
LANGUAGE sql IMMUTABLE
AS $$
    SELECT CASE format
        WHEN 'date' THEN 'must be a date YYYY-MM-DD'
        WHEN 'time' THEN 'must be a time HH:MM:SS with a UTC offset (RFC 3339)'
        WHEN 'date-time' THEN 'must be a date-time such as 2026-01-02T03:04:05Z (RFC 3339)'
        WHEN 'email' THEN 'must be an email address'
        WHEN 'hostname' THEN 'must be a domain name such as example.com'
        WHEN 'timezone' THEN 'must be an IANA time zone name such as America/Toronto'
        ELSE 'must be a valid ' || format
    END
$$;

-- The subschema a $ref points to: "#" (the root) or a JSON pointer "#/$defs/name".
CREATE FUNCTION floworx.json_schema_resolve(root jsonb, ref text)
RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE
AS $$
DECLARE
    target jsonb;
BEGIN
    IF ref = '#' THEN
        RETURN root;
    END IF;
    IF ref ~ '^#/\$defs/[^/~]+$' THEN
        target := root -> '$defs' -> substr(ref, 9);
        IF target IS NOT NULL THEN
            RETURN target;
        END IF;
    END IF;
    IF ref !~ '^#/' THEN
        RAISE EXCEPTION 'floworx: unsupported $ref "%": only references into the same document ("#/...") are supported', ref
            USING ERRCODE = 'feature_not_supported';
    END IF;
    target := root #> ARRAY(
        SELECT replace(replace(segment, '~1', '/'), '~0', '~')
        FROM unnest(string_to_array(substr(ref, 3), '/')) WITH ORDINALITY AS s(segment, ord)
        ORDER BY ord
    );
    IF target IS NULL THEN
        RAISE EXCEPTION 'floworx: $ref "%" points to nothing', ref
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN target;
END
$$;

-- A schema with a leading chain of bare {"$ref": ...} followed (for choosing anyOf/oneOf branches).
CREATE FUNCTION floworx.json_schema_deref(root jsonb, schema jsonb)
RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE
AS $$
DECLARE
    depth int := 0;
BEGIN
    WHILE jsonb_typeof(schema) = 'object' AND schema ? '$ref' AND depth < 32 LOOP
        schema := floworx.json_schema_resolve(root, schema ->> '$ref');
        depth := depth + 1;
    END LOOP;
    RETURN schema;
END
$$;

-- How a branch of an anyOf/oneOf is named in a message: its title, else its type or const.
CREATE FUNCTION floworx.json_schema_title(root jsonb, branch jsonb, ordinal int)
RETURNS text
LANGUAGE sql IMMUTABLE
AS $$
    SELECT coalesce(
        s ->> 'title',
        CASE WHEN s ? 'const' THEN floworx.json_show(s -> 'const') END,
        CASE WHEN s ? 'type' THEN floworx.json_type_names(s -> 'type') END,
        'alternative ' || ordinal
    )
    FROM (SELECT floworx.json_schema_deref(root, branch) AS s) resolved
$$;

-- How evidently a document means a branch: 0 not at all (or contradicts a const member),
-- 1 has the branch's type (non-objects) or one of its required members (objects),
-- 2 matches one of its const members (a discriminator such as "type": "notify").
CREATE FUNCTION floworx.json_schema_evidence(branch jsonb, value jsonb)
RETURNS int
LANGUAGE plpgsql IMMUTABLE
AS $$
DECLARE
    member text;
    member_schema jsonb;
    score int := 0;
BEGIN
    IF jsonb_typeof(branch) <> 'object' THEN
        RETURN 0;
    END IF;
    IF branch ? 'type' AND NOT floworx.json_type_matches(branch -> 'type', value) THEN
        RETURN 0;
    END IF;
    IF jsonb_typeof(value) <> 'object' THEN
        RETURN CASE WHEN branch ? 'type' OR branch ? 'const' OR branch ? 'enum' THEN 1 ELSE 0 END;
    END IF;
    FOR member, member_schema IN SELECT * FROM jsonb_each(coalesce(branch -> 'properties', '{}')) LOOP
        IF jsonb_typeof(member_schema) = 'object' AND member_schema ? 'const' AND value ? member THEN
            IF value -> member = member_schema -> 'const' THEN
                score := 2;
            ELSE
                RETURN 0;
            END IF;
        END IF;
    END LOOP;
    IF score = 0 AND EXISTS (
        SELECT 1 FROM jsonb_array_elements_text(coalesce(branch -> 'required', '[]')) AS r(name) WHERE value ? name
    ) THEN
        score := 1;
    END IF;
    RETURN score;
END
$$;

-- Whether `value` certainly fails `branch` (a dereferenced anyOf/oneOf branch, or an `if`) on
-- a cheap look: wrong type, a different const, a missing required member, or a member whose
-- const or enum it does not match. Exact, not a guess: it only spares the full evaluation of
-- schemas that cannot match.
CREATE FUNCTION floworx.json_schema_cannot_match(branch jsonb, value jsonb)
RETURNS boolean
LANGUAGE plpgsql IMMUTABLE
AS $$
DECLARE
    member text;
    member_schema jsonb;
BEGIN
    IF jsonb_typeof(branch) <> 'object' THEN
        RETURN branch = 'false';
    END IF;
    IF branch ? 'type' AND NOT floworx.json_type_matches(branch -> 'type', value) THEN
        RETURN true;
    END IF;
    IF branch ? 'const' AND value <> branch -> 'const' THEN
        RETURN true;
    END IF;
    IF jsonb_typeof(value) = 'object' THEN
        IF EXISTS (
            SELECT 1 FROM jsonb_array_elements_text(coalesce(branch -> 'required', '[]')) AS r(name) WHERE NOT value ? name
        ) THEN
            RETURN true;
        END IF;
        FOR member, member_schema IN SELECT * FROM jsonb_each(coalesce(branch -> 'properties', '{}')) LOOP
            CONTINUE WHEN jsonb_typeof(member_schema) <> 'object' OR NOT value ? member;
            IF member_schema ? 'const' AND value -> member <> member_schema -> 'const' THEN
                RETURN true;
            END IF;
            IF member_schema ? 'enum' AND NOT EXISTS (
                SELECT 1 FROM jsonb_array_elements(member_schema -> 'enum') AS e(v) WHERE v = value -> member
            ) THEN
                RETURN true;
            END IF;
        END LOOP;
    END IF;
    RETURN false;
END
$$;

-- The errors of `value` at `path` against `schema`, a subschema of the document `root`
-- (which $ref resolves against). No errors: an empty array.
CREATE FUNCTION floworx.json_schema_errors(root jsonb, schema jsonb, value jsonb, path text)
RETURNS floworx.json_error[]
LANGUAGE plpgsql STABLE
AS $$
DECLARE
    errors floworx.json_error[] := '{}';
    value_type text := jsonb_typeof(value);
    member text;
    member_value jsonb;
    subschema jsonb;
    text_value text;
    number_value numeric;
    limit_value numeric;
    item_count int;
    i int;
    j int;
BEGIN
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
        RETURN floworx.json_schema_errors(root, schema, value, path);
    END IF;
    IF schema ? '$ref' THEN
        errors := floworx.json_schema_errors(root, floworx.json_schema_resolve(root, schema ->> '$ref'), value, path);
    END IF;

    -- A value of the wrong type: nothing else said about it would help.
    IF schema ? 'type' AND NOT floworx.json_type_matches(schema -> 'type', value) THEN
        RETURN errors || ROW(
            path,
            floworx.json_message(schema, 'type', 'must be ' || floworx.json_type_names(schema -> 'type')),
            'got ' || CASE WHEN value_type = 'null' THEN 'null' ELSE value_type || ' ' || floworx.json_excerpt(value) END
        )::floworx.json_error;
    END IF;

    IF schema ? 'const' AND value <> schema -> 'const' THEN
        errors := errors || ROW(
            path,
            floworx.json_message(schema, 'const', 'must be ' || (schema -> 'const')::text),
            'got ' || floworx.json_excerpt(value)
        )::floworx.json_error;
    END IF;

    IF schema ? 'enum' AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements(schema -> 'enum') AS e(v) WHERE v = value) THEN
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
        FOR member, member_value IN SELECT * FROM jsonb_each(value) LOOP
            IF schema -> 'properties' ? member THEN
                errors := errors || floworx.json_schema_errors(
                    root, schema -> 'properties' -> member, member_value, floworx.json_path_member(path, member));
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
                errors := errors || floworx.json_schema_errors(
                    root, schema -> 'additionalProperties', member_value, floworx.json_path_member(path, member));
            END IF;
        END LOOP;
    END IF;

    IF value_type = 'array' THEN
        item_count := jsonb_array_length(value);
        IF schema ? 'minItems' AND item_count < (schema ->> 'minItems')::int THEN
            errors := errors || ROW(
                path,
                floworx.json_message(schema, 'minItems', 'must have at least ' || (schema ->> 'minItems')
                    || CASE WHEN (schema ->> 'minItems')::int = 1 THEN ' item' ELSE ' items' END),
                'got ' || item_count
            )::floworx.json_error;
        END IF;
        -- Too many items: reported at the first one too many, e.g. managers[5] for a sixth manager.
        IF schema ? 'maxItems' AND item_count > (schema ->> 'maxItems')::int THEN
            errors := errors || ROW(
                path || '[' || (schema ->> 'maxItems') || ']',
                floworx.json_message(schema, 'maxItems', 'at most ' || (schema ->> 'maxItems')
                    || CASE WHEN (schema ->> 'maxItems')::int = 1 THEN ' item' ELSE ' items' END),
                path || ' has ' || item_count || ' items'
            )::floworx.json_error;
        END IF;
        IF schema -> 'uniqueItems' = 'true' THEN
            SELECT a.ord - 1, b.ord - 1 INTO i, j
            FROM jsonb_array_elements(value) WITH ORDINALITY AS a(v, ord)
            JOIN jsonb_array_elements(value) WITH ORDINALITY AS b(v, ord) ON a.v = b.v AND a.ord < b.ord
            ORDER BY b.ord, a.ord
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
            FOR i IN 0 .. item_count - 1 LOOP
                errors := errors || floworx.json_schema_errors(root, schema -> 'items', value -> i, path || '[' || i || ']');
            END LOOP;
        END IF;
    END IF;

    IF schema ? 'allOf' THEN
        FOR subschema IN SELECT jsonb_array_elements(schema -> 'allOf') LOOP
            errors := errors || floworx.json_schema_errors(root, subschema, value, path);
        END LOOP;
    END IF;

    IF schema ? 'anyOf' THEN
        errors := errors || floworx.json_schema_alternatives(root, schema, 'anyOf', value, path);
    END IF;
    IF schema ? 'oneOf' THEN
        errors := errors || floworx.json_schema_alternatives(root, schema, 'oneOf', value, path);
    END IF;

    IF schema ? 'if' THEN
        IF NOT floworx.json_schema_cannot_match(schema -> 'if', value)
           AND cardinality(floworx.json_schema_errors(root, schema -> 'if', value, path)) = 0 THEN
            IF schema ? 'then' THEN
                errors := errors || floworx.json_schema_errors(root, schema -> 'then', value, path);
            END IF;
        ELSIF schema ? 'else' THEN
            errors := errors || floworx.json_schema_errors(root, schema -> 'else', value, path);
        END IF;
    END IF;

    RETURN errors;
END
$$;

-- anyOf / oneOf (keyword) of `schema` for `value` at `path`.
CREATE FUNCTION floworx.json_schema_alternatives(root jsonb, schema jsonb, keyword text, value jsonb, path text)
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
        IF cardinality(floworx.json_schema_errors(root, branches -> i, value, path)) = 0 THEN
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
        RETURN floworx.json_schema_errors(root, branches -> best, value, path);
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

-- The errors of `document` against the stored schema `schema_name` (or against the subschema
-- `ref` of it, e.g. '#/$defs/personality_traits'); paths start at `path`. One error per path
-- (the first found), in the order found.
--   SELECT * FROM floworx.json_errors('managers', '[{"name": "Ann"}]', 'profiles.managers');
CREATE FUNCTION floworx.json_errors(schema_name text, document jsonb, path text DEFAULT '$', ref text DEFAULT '#')
RETURNS SETOF floworx.json_error
LANGUAGE plpgsql STABLE
AS $$
DECLARE
    root jsonb;
BEGIN
    SELECT s.schema INTO root FROM floworx.json_schemas s WHERE s.name = schema_name;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'floworx: no JSON schema named "%"', schema_name USING ERRCODE = 'undefined_object';
    END IF;
    RETURN QUERY
        SELECT e.path, e.message, e.detail
        FROM (
            SELECT u.*, row_number() OVER (PARTITION BY u.path ORDER BY u.ord) AS rank
            FROM unnest(floworx.json_schema_errors(root, floworx.json_schema_resolve(root, ref), document, path))
                 WITH ORDINALITY AS u(path, message, detail, ord)
        ) e
        WHERE e.rank = 1
        ORDER BY e.ord;
END
$$;

-- Raises check_violation (23514) when public.<table_name>.<column_name>'s new value does not
-- match its schema. MESSAGE names the first failing path; DETAIL says what was found and
-- lists further problems; the error's TABLE, COLUMN and CONSTRAINT
-- (<table>_<column>_json) fields let a client map it to the field. SQL NULL is not checked.
-- Documents over 256 kB are refused before validation: configuration is far smaller, and the
-- cap bounds the work a single write can ask of the validator.
CREATE FUNCTION floworx.assert_json(table_name text, column_name text, schema_name text, document jsonb, ref text DEFAULT '#')
RETURNS void
LANGUAGE plpgsql STABLE
AS $$
DECLARE
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
    errors := ARRAY(SELECT e FROM floworx.json_errors(schema_name, document, table_name || '.' || column_name, ref) AS e);
    IF cardinality(errors) = 0 THEN
        RETURN;
    END IF;
    detail := coalesce(errors[1].detail || '.', '');
    IF cardinality(errors) > 1 THEN
        detail := ltrim(detail || E'\nAlso: ' || (
            SELECT string_agg(e.path || ': ' || e.message, E'\n      ' ORDER BY ord)
            FROM unnest(errors[2:6]) WITH ORDINALITY AS e(path, message, detail, ord)
        ) || CASE WHEN cardinality(errors) > 6 THEN E'\n      (' || (cardinality(errors) - 6) || ' more)' ELSE '' END, E'\n');
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

-- The problems that stop a schema document from being used by this validator: keywords it
-- does not implement (they would be silently ignored), unknown formats, bad $refs, patterns
-- PostgreSQL cannot compile.
CREATE FUNCTION floworx.json_schema_problems(root jsonb, schema jsonb, path text DEFAULT '#')
RETURNS SETOF text
LANGUAGE plpgsql STABLE
AS $$
DECLARE
    keyword text;
    argument jsonb;
    member text;
    subschema jsonb;
    i int;
BEGIN
    IF jsonb_typeof(schema) = 'boolean' THEN
        RETURN;
    END IF;
    IF jsonb_typeof(schema) <> 'object' THEN
        RETURN NEXT path || ': a schema is an object or a boolean';
        RETURN;
    END IF;
    FOR keyword, argument IN SELECT * FROM jsonb_each(schema) LOOP
        CASE keyword
            WHEN '$schema', '$id', '$comment', 'title', 'description', 'examples', 'default',
                 'type', 'enum', 'const', 'required', 'minProperties', 'maxProperties',
                 'minItems', 'maxItems', 'uniqueItems', 'minLength', 'maxLength',
                 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'errorMessage' THEN
                NULL;
            WHEN '$ref' THEN
                BEGIN
                    PERFORM floworx.json_schema_resolve(root, argument #>> '{}');
                EXCEPTION WHEN OTHERS THEN
                    RETURN NEXT path || '/$ref: ' || SQLERRM;
                END;
            WHEN 'pattern' THEN
                BEGIN
                    PERFORM '' ~ (argument #>> '{}');
                EXCEPTION WHEN OTHERS THEN
                    RETURN NEXT path || '/pattern: ' || SQLERRM;
                END;
            WHEN 'format' THEN
                IF argument #>> '{}' NOT IN ('date', 'time', 'date-time', 'email', 'hostname', 'timezone') THEN
                    RETURN NEXT path || '/format: unsupported format ' || argument::text;
                END IF;
            WHEN '$defs', 'properties' THEN
                FOR member, subschema IN SELECT * FROM jsonb_each(argument) LOOP
                    RETURN QUERY SELECT * FROM floworx.json_schema_problems(root, subschema, path || '/' || keyword || '/' || member);
                END LOOP;
            WHEN 'additionalProperties', 'items', 'if', 'then', 'else' THEN
                RETURN QUERY SELECT * FROM floworx.json_schema_problems(root, argument, path || '/' || keyword);
            WHEN 'allOf', 'anyOf', 'oneOf' THEN
                FOR i IN 0 .. jsonb_array_length(argument) - 1 LOOP
                    RETURN QUERY SELECT * FROM floworx.json_schema_problems(root, argument -> i, path || '/' || keyword || '/' || i);
                END LOOP;
            ELSE
                RETURN NEXT path || ': unsupported keyword "' || keyword || '"';
        END CASE;
    END LOOP;
END
$$;

-- A schema is stored only if the validator can apply all of it.
CREATE FUNCTION floworx.json_schemas_check()
RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
    problems text;
BEGIN
    SELECT string_agg(p, E'\n') INTO problems FROM floworx.json_schema_problems(NEW.schema, NEW.schema) AS p;
    IF problems IS NOT NULL THEN
        RAISE EXCEPTION 'JSON schema "%" uses what floworx''s validator does not support', NEW.name
            USING ERRCODE = 'invalid_parameter_value', DETAIL = problems;
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER check_json_schema
    BEFORE INSERT OR UPDATE ON floworx.json_schemas
    FOR EACH ROW EXECUTE FUNCTION floworx.json_schemas_check();

-- Nothing in floworx is for anyone but its owner.
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA floworx FROM PUBLIC;
