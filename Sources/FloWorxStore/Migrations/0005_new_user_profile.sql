-- 0005 A new auth user gets its profile row, as Supabase apps do: the profile's id is the
-- user's id, and its JSONB columns start at their (valid) defaults.
--
-- SECURITY DEFINER because the insert into auth.users is made by whoever signs users up
-- (FloWorx's auth server, or Supabase's supabase_auth_admin), who need not be allowed to
-- write profiles. An empty search_path and fully qualified names keep the definer's rights
-- from being redirected through objects in other schemas.
CREATE FUNCTION public.handle_new_user()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = ''
AS $$
BEGIN
    INSERT INTO public.profiles (id) VALUES (NEW.id);
    RETURN NEW;
END;
$$;

-- Only the trigger calls it.
REVOKE EXECUTE ON FUNCTION public.handle_new_user() FROM PUBLIC, anon, authenticated, service_role;

CREATE TRIGGER on_auth_user_created
    AFTER INSERT ON auth.users
    FOR EACH ROW EXECUTE FUNCTION public.handle_new_user();
