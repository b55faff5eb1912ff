-- An invitation is inserted once and then updated as it is sent, opened and reminded, and a
-- mailing makes thousands of such updates a minute. An update that changes no indexed column
-- stays on its page without touching an index (a HOT update), but only when the page has room
-- for the new version: leave a fifth of each new page free. Pages written before this keep
-- their fill until the table is rewritten (VACUUM FULL), which is an operator's choice.
ALTER TABLE invitations SET (fillfactor = 80);

-- Each is covered by an index that leads with the same column; every insert and every update
-- that cannot stay on its page paid for both.
DROP INDEX invitations_survey_id;
DROP INDEX invitations_contact_id;
