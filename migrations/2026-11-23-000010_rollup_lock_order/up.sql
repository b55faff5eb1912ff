-- Concurrent answers deadlocked: a new answer locked its answer_monthly row, then score_daily,
-- then keyword_monthly, while an edited answer (its terms replaced) locked keyword_monthly
-- first and answer_monthly second. Every path now takes answer_monthly first, so two
-- transactions that share rollup rows queue on that row instead of waiting on each other.

CREATE OR REPLACE FUNCTION koe_terms_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Answers that had no terms before this statement now have some.
    PERFORM koe_count_with_terms(array_agg(response_id), 1) FROM (
        SELECT i.response_id FROM inserted_terms i GROUP BY i.response_id
        HAVING count(*) = (SELECT count(*) FROM response_terms t WHERE t.response_id = i.response_id)
    ) first_terms;
    PERFORM koe_count_terms(array_agg(response_id), array_agg(term), 1) FROM inserted_terms;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION koe_terms_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Terms removed by deleting their answer were counted out before the answer went
    -- (the answer is gone now, so the joins below skip them).
    PERFORM koe_count_with_terms(array_agg(DISTINCT d.response_id), -1) FROM deleted_terms d
    WHERE NOT EXISTS (SELECT 1 FROM response_terms t WHERE t.response_id = d.response_id);
    PERFORM koe_count_terms(array_agg(response_id), array_agg(term), -1) FROM deleted_terms;
    RETURN NULL;
END
$$;
