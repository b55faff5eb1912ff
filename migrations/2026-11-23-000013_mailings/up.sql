-- A mailing: one survey emailed to many contacts (a segment, or the addresses of a file),
-- done by the outbox worker in batches, each batch and its progress in one transaction.

CREATE TABLE mailings (
    id          bigserial PRIMARY KEY,
    survey_id   bigint NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    -- What the sender chose, as shown on the page ("segment smb", "file list.csv").
    audience    text NOT NULL,
    -- The addresses, fixed when the mailing starts (a segment that changes later does not move it).
    emails      text[] NOT NULL,
    processed   integer NOT NULL DEFAULT 0 CHECK (processed >= 0),
    invited     integer NOT NULL DEFAULT 0 CHECK (invited >= 0),
    -- Each address not invited, with why: [{"email", "code", "message", "available_at"?}].
    refused     jsonb NOT NULL DEFAULT '[]',
    created_by  bigint REFERENCES users (id) ON DELETE SET NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz
);

ALTER TABLE outbox DROP CONSTRAINT outbox_kind_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_kind_check
    CHECK (kind IN ('follow_up_email', 'webhook', 'invitation_email', 'invitation_reminder', 'mailing'));
