DELETE FROM outbox WHERE kind = 'mailing';
ALTER TABLE outbox DROP CONSTRAINT outbox_kind_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_kind_check
    CHECK (kind IN ('follow_up_email', 'webhook', 'invitation_email', 'invitation_reminder'));
DROP TABLE mailings;
