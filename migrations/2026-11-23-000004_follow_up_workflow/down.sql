DROP TABLE follow_up_events;
ALTER TABLE follow_ups DROP COLUMN first_contacted_at, DROP COLUMN outcome;
