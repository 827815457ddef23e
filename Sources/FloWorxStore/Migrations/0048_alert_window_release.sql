-- A sender's alert window folds later emails into the waiting alert (`content.repeats`) only while that alert is
-- pending. Before this, once the alert had gone out (or failed, or was rate-limited) the window's key still existed,
-- so a second email from the same sender within the window, an emergency included, raised no alert and was counted
-- nowhere: a silent drop. Now the window's key is released when its alert leaves `pending` (the row keeps a unique,
-- suffixed key), so the next email in the window raises a new alert, subject to the per-recipient rate limit.
CREATE FUNCTION floworx.release_alert_window() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.dedupe_key := left(OLD.dedupe_key, 450) || '#' || OLD.id::text;
    RETURN NEW;
END;
$$;

CREATE TRIGGER notifications_release_alert_window
    BEFORE UPDATE OF status ON floworx.notifications
    FOR EACH ROW
    WHEN (OLD.status = 'pending' AND NEW.status <> 'pending' AND OLD.dedupe_key LIKE 'alert:%')
    EXECUTE FUNCTION floworx.release_alert_window();
