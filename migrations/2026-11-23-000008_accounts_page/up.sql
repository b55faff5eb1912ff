-- The accounts list counts each account's unfinished follow-ups and the account page lists
-- them: without this, each of a page's rows would scan every follow-up.
CREATE INDEX follow_ups_account_status ON follow_ups (account_id, status);
