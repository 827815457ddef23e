-- 0027 One time zone per business (issue 10).
--
-- A business's time zone lived in two places that could disagree: business_hours.timezone, the one that counts
-- (opening hours, after-hours rules and the reopening time in drafts are read in it), and
-- profiles.client_config.business.timezone, which nothing read. From here on they cannot disagree:
--   * business_hours.timezone stays the one that counts;
--   * client_config.business.timezone is its mirror: writing business_hours.timezone (insert or update) copies it
--     into the profile's config (when the config has a business), and a config written without it gets it back;
--   * writing a new client_config.business.timezone moves business_hours.timezone to it, so the zone can be changed
--     in either place and the last write wins;
--   * a business_hours row inserted with the column's default, 'UTC', while the config names a zone takes the
--     config's zone: 'UTC' there means "not given" (a data API insert that left the column out), and silently
--     moving the business to UTC is the surprise this migration removes.
-- Each trigger writes only when the other place differs, so the two never chase each other.
--
-- The functions are SECURITY DEFINER (empty search_path, qualified names) because a tenant's write to one table
-- updates its own row of the other, which its role may not be allowed to write column by column; they only ever
-- touch the rows of the client being written.

-- Existing data first (before the triggers exist, so this is plain data repair). The hours' zone counts and was
-- what businesses got; the exception is a row left at the default 'UTC' while the config names a zone (see above).
DO $$
DECLARE
    from_config int;
    from_hours int;
BEGIN
    UPDATE public.business_hours h
    SET timezone = p.client_config->'business'->>'timezone'
    FROM public.profiles p
    WHERE p.id = h.client_id
      AND h.timezone = 'UTC'
      AND jsonb_typeof(p.client_config->'business'->'timezone') = 'string'
      AND p.client_config->'business'->>'timezone' <> 'UTC';
    GET DIAGNOSTICS from_config = ROW_COUNT;

    UPDATE public.profiles p
    SET client_config = jsonb_set(p.client_config, '{business,timezone}', to_jsonb(h.timezone))
    FROM public.business_hours h
    WHERE h.client_id = p.id
      AND jsonb_typeof(p.client_config->'business') = 'object'
      AND (p.client_config->'business'->>'timezone') IS DISTINCT FROM h.timezone;
    GET DIAGNOSTICS from_hours = ROW_COUNT;

    IF from_config > 0 OR from_hours > 0 THEN
        RAISE NOTICE 'one time zone: % business_hours rows took their profile''s zone (they were at the default UTC), % profiles took their business_hours zone',
            from_config, from_hours;
    END IF;
END
$$;

-- business_hours BEFORE INSERT: the default 'UTC' gives way to the zone the profile names.
CREATE FUNCTION floworx.business_hours_timezone_default()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = ''
AS $$
DECLARE
    configured text;
BEGIN
    IF NEW.timezone = 'UTC' THEN
        SELECT p.client_config->'business'->>'timezone' INTO configured
        FROM public.profiles p
        WHERE p.id = NEW.client_id AND jsonb_typeof(p.client_config->'business'->'timezone') = 'string';
        IF configured IS NOT NULL THEN
            NEW.timezone := configured;
        END IF;
    END IF;
    RETURN NEW;
END
$$;

-- Named to sort before validate_business_hours_json, so the zone taken from the profile is validated too.
CREATE TRIGGER a_business_hours_timezone_default
    BEFORE INSERT ON public.business_hours
    FOR EACH ROW EXECUTE FUNCTION floworx.business_hours_timezone_default();

-- business_hours AFTER INSERT OR UPDATE OF timezone: the profile's config mirrors the zone.
CREATE FUNCTION floworx.business_hours_timezone_mirror()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = ''
AS $$
BEGIN
    UPDATE public.profiles p
    SET client_config = jsonb_set(p.client_config, '{business,timezone}', to_jsonb(NEW.timezone))
    WHERE p.id = NEW.client_id
      AND jsonb_typeof(p.client_config->'business') = 'object'
      AND (p.client_config->'business'->>'timezone') IS DISTINCT FROM NEW.timezone;
    RETURN NULL;
END
$$;

CREATE TRIGGER business_hours_timezone_mirror
    AFTER INSERT OR UPDATE OF timezone ON public.business_hours
    FOR EACH ROW EXECUTE FUNCTION floworx.business_hours_timezone_mirror();

-- profiles BEFORE INSERT OR UPDATE OF client_config: a business without a zone gets the hours' zone back.
CREATE FUNCTION floworx.profiles_timezone_fill()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = ''
AS $$
DECLARE
    zone text;
BEGIN
    IF jsonb_typeof(NEW.client_config->'business') = 'object' AND NOT (NEW.client_config->'business' ? 'timezone') THEN
        SELECT h.timezone INTO zone FROM public.business_hours h WHERE h.client_id = NEW.id;
        IF zone IS NOT NULL THEN
            NEW.client_config := jsonb_set(NEW.client_config, '{business,timezone}', to_jsonb(zone));
        END IF;
    END IF;
    RETURN NEW;
END
$$;

-- Named to sort before validate_profiles_json (BEFORE triggers fire in name order).
CREATE TRIGGER a_profiles_timezone_fill
    BEFORE INSERT OR UPDATE OF client_config ON public.profiles
    FOR EACH ROW EXECUTE FUNCTION floworx.profiles_timezone_fill();

-- profiles AFTER INSERT OR UPDATE OF client_config: a new zone in the config moves the hours to it.
CREATE FUNCTION floworx.profiles_timezone_propagate()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = ''
AS $$
DECLARE
    zone text := CASE WHEN jsonb_typeof(NEW.client_config->'business'->'timezone') = 'string'
                      THEN NEW.client_config->'business'->>'timezone' END;
BEGIN
    IF zone IS NOT NULL
       AND (TG_OP = 'INSERT' OR zone IS DISTINCT FROM (OLD.client_config->'business'->>'timezone')) THEN
        UPDATE public.business_hours h SET timezone = zone
        WHERE h.client_id = NEW.id AND h.timezone IS DISTINCT FROM zone;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER profiles_timezone_propagate
    AFTER INSERT OR UPDATE OF client_config ON public.profiles
    FOR EACH ROW EXECUTE FUNCTION floworx.profiles_timezone_propagate();

-- Triggers do not need EXECUTE to fire; nobody else calls these.
REVOKE EXECUTE ON FUNCTION
    floworx.business_hours_timezone_default(),
    floworx.business_hours_timezone_mirror(),
    floworx.profiles_timezone_fill(),
    floworx.profiles_timezone_propagate()
FROM PUBLIC;
