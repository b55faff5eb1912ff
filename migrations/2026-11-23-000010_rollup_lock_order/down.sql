-- The functions as migration 000003 made them.

CREATE OR REPLACE FUNCTION koe_terms_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM koe_count_terms(array_agg(response_id), array_agg(term), 1) FROM inserted_terms;
    -- Answers that had no terms before this statement now have some.
    PERFORM koe_count_with_terms(array_agg(response_id), 1) FROM (
        SELECT i.response_id FROM inserted_terms i GROUP BY i.response_id
        HAVING count(*) = (SELECT count(*) FROM response_terms t WHERE t.response_id = i.response_id)
    ) first_terms;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION koe_terms_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Terms removed by deleting their answer were counted out before the answer went
    -- (the answer is gone now, so the joins below skip them).
    PERFORM koe_count_terms(array_agg(response_id), array_agg(term), -1) FROM deleted_terms;
    PERFORM koe_count_with_terms(array_agg(DISTINCT d.response_id), -1) FROM deleted_terms d
    WHERE NOT EXISTS (SELECT 1 FROM response_terms t WHERE t.response_id = d.response_id);
    RETURN NULL;
END
$$;
