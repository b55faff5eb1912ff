DROP INDEX follow_ups_account_status;
