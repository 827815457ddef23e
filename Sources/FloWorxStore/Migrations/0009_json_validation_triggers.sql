-- 0009 Validation of the JSONB configuration columns on every write (schemas: 0008).
--
-- BEFORE INSERT OR UPDATE OF <the validated columns>, so an UPDATE that does not name them
-- (a status change, an updated_at stamp) does not even call the trigger; inside, a column is
-- validated only on INSERT or when its value changed, so a client that re-sends a whole row
-- pays only for what it changed. A violation raises check_violation (23514); see
-- floworx.assert_json for the message, DETAIL, HINT and the TABLE/COLUMN/CONSTRAINT fields.
--
-- The trigger functions are SECURITY DEFINER (with an empty search_path and qualified names)
-- so that the tenant's role needs no privilege on schema floworx.

-- profiles: client_config, managers (at most 5), suppliers (at most 10), email_labels.
CREATE FUNCTION floworx.validate_profiles_json()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = ''
AS $$
BEGIN
    IF TG_OP = 'INSERT' OR NEW.client_config IS DISTINCT FROM OLD.client_config THEN
        PERFORM floworx.assert_json('profiles', 'client_config', 'client_config', NEW.client_config);
    END IF;
    IF TG_OP = 'INSERT' OR NEW.managers IS DISTINCT FROM OLD.managers THEN
        PERFORM floworx.assert_json('profiles', 'managers', 'managers', NEW.managers);
    END IF;
    IF TG_OP = 'INSERT' OR NEW.suppliers IS DISTINCT FROM OLD.suppliers THEN
        PERFORM floworx.assert_json('profiles', 'suppliers', 'suppliers', NEW.suppliers);
    END IF;
    IF TG_OP = 'INSERT' OR NEW.email_labels IS DISTINCT FROM OLD.email_labels THEN
        PERFORM floworx.assert_json('profiles', 'email_labels', 'email_labels', NEW.email_labels);
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER validate_profiles_json
    BEFORE INSERT OR UPDATE OF client_config, managers, suppliers, email_labels ON public.profiles
    FOR EACH ROW EXECUTE FUNCTION floworx.validate_profiles_json();

-- business_hours: hours, and timezone, which must be a real IANA zone (pg_timezone_names)
-- because the hours are evaluated in it, daylight-saving changes included.
CREATE FUNCTION floworx.validate_business_hours_json()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = ''
AS $$
BEGIN
    IF TG_OP = 'INSERT' OR NEW.hours IS DISTINCT FROM OLD.hours THEN
        PERFORM floworx.assert_json('business_hours', 'hours', 'business_hours_hours', NEW.hours);
    END IF;
    IF (TG_OP = 'INSERT' OR NEW.timezone IS DISTINCT FROM OLD.timezone)
       AND NOT floworx.json_format_ok('timezone', NEW.timezone) THEN
        RAISE EXCEPTION USING
            ERRCODE = 'check_violation',
            MESSAGE = 'business_hours.timezone: ' || floworx.json_format_message('timezone'),
            DETAIL = 'got ' || to_jsonb(NEW.timezone)::text || '.',
            HINT = 'Use a name from pg_timezone_names (the IANA time zone database), e.g. America/New_York or Europe/London.',
            SCHEMA = 'public',
            TABLE = 'business_hours',
            COLUMN = 'timezone',
            CONSTRAINT = 'business_hours_timezone_json';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER validate_business_hours_json
    BEFORE INSERT OR UPDATE OF hours, timezone ON public.business_hours
    FOR EACH ROW EXECUTE FUNCTION floworx.validate_business_hours_json();

-- escalation_rules: conditions (a boolean tree; {} matches every email) and actions.
CREATE FUNCTION floworx.validate_escalation_rules_json()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = ''
AS $$
BEGIN
    IF TG_OP = 'INSERT' OR NEW.conditions IS DISTINCT FROM OLD.conditions THEN
        PERFORM floworx.assert_json('escalation_rules', 'conditions', 'escalation_conditions', NEW.conditions);
    END IF;
    IF TG_OP = 'INSERT' OR NEW.actions IS DISTINCT FROM OLD.actions THEN
        PERFORM floworx.assert_json('escalation_rules', 'actions', 'escalation_actions', NEW.actions);
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER validate_escalation_rules_json
    BEFORE INSERT OR UPDATE OF conditions, actions ON public.escalation_rules
    FOR EACH ROW EXECUTE FUNCTION floworx.validate_escalation_rules_json();

-- communication_styles: personality_traits and signature_phrases (both defined in the $defs
-- of communication_style_patterns) and response_patterns.
CREATE FUNCTION floworx.validate_communication_styles_json()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = ''
AS $$
BEGIN
    IF TG_OP = 'INSERT' OR NEW.personality_traits IS DISTINCT FROM OLD.personality_traits THEN
        PERFORM floworx.assert_json('communication_styles', 'personality_traits', 'communication_style_patterns',
                                    NEW.personality_traits, '#/$defs/personality_traits');
    END IF;
    IF TG_OP = 'INSERT' OR NEW.signature_phrases IS DISTINCT FROM OLD.signature_phrases THEN
        PERFORM floworx.assert_json('communication_styles', 'signature_phrases', 'communication_style_patterns',
                                    NEW.signature_phrases, '#/$defs/signature_phrases');
    END IF;
    IF TG_OP = 'INSERT' OR NEW.response_patterns IS DISTINCT FROM OLD.response_patterns THEN
        PERFORM floworx.assert_json('communication_styles', 'response_patterns', 'communication_style_patterns',
                                    NEW.response_patterns);
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER validate_communication_styles_json
    BEFORE INSERT OR UPDATE OF personality_traits, signature_phrases, response_patterns ON public.communication_styles
    FOR EACH ROW EXECUTE FUNCTION floworx.validate_communication_styles_json();

-- Triggers do not need EXECUTE to fire; nobody else calls these.
REVOKE EXECUTE ON FUNCTION
    floworx.validate_profiles_json(),
    floworx.validate_business_hours_json(),
    floworx.validate_escalation_rules_json(),
    floworx.validate_communication_styles_json()
FROM PUBLIC;
