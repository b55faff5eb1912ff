-- Invitations sent by email: the emails and their reminders go through the outbox; how often
-- a contact may be asked is a survey setting.

ALTER TABLE outbox DROP CONSTRAINT outbox_kind_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_kind_check
    CHECK (kind IN ('follow_up_email', 'webhook', 'invitation_email', 'invitation_reminder'));
-- A job that was no longer needed when its time came (the reminder of an answered invitation).
ALTER TABLE outbox ADD COLUMN skipped_at timestamptz;
DROP INDEX outbox_due;
CREATE INDEX outbox_due ON outbox (run_after, id) WHERE sent_at IS NULL AND gave_up_at IS NULL AND skipped_at IS NULL;

ALTER TABLE surveys
    -- A contact invited to any survey in the last this many days is not invited to this one (0: no limit).
    ADD COLUMN contact_cooldown_days integer NOT NULL DEFAULT 90 CHECK (contact_cooldown_days BETWEEN 0 AND 3650),
    -- One reminder this many days after the email if there is no answer yet (0: none).
    ADD COLUMN reminder_days integer NOT NULL DEFAULT 3 CHECK (reminder_days BETWEEN 0 AND 60);

ALTER TABLE invitations
    ADD COLUMN reminded_at timestamptz,
    -- Invitations made for an email koe sends (rather than a link handed to a CRM).
    ADD COLUMN by_email boolean NOT NULL DEFAULT false;

CREATE INDEX invitations_contact_created ON invitations (contact_id, created_at DESC);

-- At most this many invitations to one account's contacts in 30 days (0: no limit), so that a
-- customer company is not asked by every team at once.
ALTER TABLE organization
    ADD COLUMN account_invitations_per_month integer NOT NULL DEFAULT 10 CHECK (account_invitations_per_month >= 0);
