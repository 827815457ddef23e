-- What the owner does in Outlook that FloWorx learns from (moves between FloWorx folders, replies sent from FloWorx
-- drafts) is read with a delta query per folder; each folder's delta link is kept here.
CREATE TABLE floworx.mailbox_folder_cursors (
    integration_id uuid NOT NULL REFERENCES public.integrations(id) ON DELETE CASCADE,
    folder_id text NOT NULL,
    delta_link text NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (integration_id, folder_id)
);
COMMENT ON TABLE floworx.mailbox_folder_cursors IS 'Delta links of the FloWorx folders of Outlook mailboxes (owner moves between them are corrections)';
ALTER TABLE floworx.mailbox_folder_cursors ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON floworx.mailbox_folder_cursors FROM PUBLIC;

-- `draft_started`: a reply draft is about to be created (provider_ref: the original's read state, `read` or `unread`).
-- A worker that dies after the provider made the draft but before it was recorded leaves this row; the retry looks for
-- that draft instead of making a second one.
ALTER TABLE floworx.mailbox_effects DROP CONSTRAINT mailbox_effects_effect_check;
ALTER TABLE floworx.mailbox_effects ADD CONSTRAINT mailbox_effects_effect_check CHECK (effect IN ('filed', 'draft', 'skipped', 'draft_started'));
