-- 0061 Plan limits are checked after the row is valid (issue 15).
--
-- 0049's limit triggers ran BEFORE the row's own validation: PostgreSQL fires BEFORE triggers in name order, and
-- "plan_limit_managers" sorts before "validate_profiles_json", so six managers on the free plan answered 402
-- plan_limit_reached where the data itself is invalid (at most five managers, 400 23514 naming
-- profiles.managers[5]) — the API check caught it. A limit only means something for a valid row, so both triggers
-- now fire AFTER the row is written and checked: an invalid row is refused by its validation first, a valid one
-- over the plan by the limit, and either way the statement is undone and nothing is written. The functions are
-- 0049's, unchanged (an AFTER trigger's return value is ignored); their serialisation (the profile's row lock, the
-- per-business advisory lock) holds the same.

DROP TRIGGER plan_limit_managers ON public.profiles;
CREATE TRIGGER plan_limit_managers
    AFTER INSERT OR UPDATE OF managers ON public.profiles
    FOR EACH ROW EXECUTE FUNCTION floworx.enforce_manager_limit();

DROP TRIGGER plan_limit_mailboxes ON public.integrations;
CREATE TRIGGER plan_limit_mailboxes
    AFTER INSERT OR UPDATE OF status, client_id ON public.integrations
    FOR EACH ROW EXECUTE FUNCTION floworx.enforce_mailbox_limit();
