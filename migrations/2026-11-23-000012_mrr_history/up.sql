-- Monthly recurring revenue over time, so that revenue churn uses what an account paid at
-- the start of the month and just before it left, not what it pays today.

CREATE TABLE account_mrr_history (
    account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    valid_from timestamptz NOT NULL,
    mrr        bigint NOT NULL CHECK (mrr >= 0),
    PRIMARY KEY (account_id, valid_from)
);

-- Accounts from before this migration: their MRR today is the only one known.
INSERT INTO account_mrr_history (account_id, valid_from, mrr) SELECT id, created_at, mrr FROM accounts;

CREATE FUNCTION koe_record_mrr() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' OR NEW.mrr IS DISTINCT FROM OLD.mrr THEN
        INSERT INTO account_mrr_history (account_id, valid_from, mrr)
        VALUES (NEW.id, CASE WHEN TG_OP = 'INSERT' THEN NEW.created_at ELSE now() END, NEW.mrr)
        ON CONFLICT (account_id, valid_from) DO UPDATE SET mrr = EXCLUDED.mrr;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER accounts_mrr_recorded AFTER INSERT OR UPDATE OF mrr ON accounts
    FOR EACH ROW EXECUTE FUNCTION koe_record_mrr();

-- The account's MRR just before `at`: the last value set before it, or, for a time before the
-- history begins (an account created before koe knew it), the first value known.
CREATE FUNCTION koe_mrr_before(account bigint, at timestamptz) RETURNS bigint LANGUAGE sql STABLE AS $$
    SELECT coalesce(
        (SELECT mrr FROM account_mrr_history WHERE account_id = account AND valid_from < at ORDER BY valid_from DESC LIMIT 1),
        (SELECT mrr FROM account_mrr_history WHERE account_id = account ORDER BY valid_from LIMIT 1),
        0)
$$;
