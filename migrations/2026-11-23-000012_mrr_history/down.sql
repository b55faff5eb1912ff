DROP FUNCTION koe_mrr_before(bigint, timestamptz);
DROP TRIGGER accounts_mrr_recorded ON accounts;
DROP FUNCTION koe_record_mrr();
DROP TABLE account_mrr_history;
