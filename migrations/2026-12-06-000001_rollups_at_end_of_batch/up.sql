-- The answer writer counts its new answers and their terms into the rollups at the end of each
-- batch, in one call, instead of in the INSERT triggers of its statements. Every answer adds to
-- the same few rollup rows (a day's score, a month's category), which stay locked until COMMIT;
-- taken at the end, they are held only for that call and the commit, and a second writer can
-- write its batch up to that point meanwhile.
--
-- The writer says so for its own transaction with `SET LOCAL koe.rollups = 'at_end'`. Every
-- other insert (seeding, reindex, staff tools) and every update and delete is counted by the
-- triggers as before.

CREATE FUNCTION koe_rollups_at_end() RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT coalesce(current_setting('koe.rollups', true), '') = 'at_end'
$$;

CREATE OR REPLACE FUNCTION koe_answers_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF koe_rollups_at_end() THEN
        RETURN NULL;
    END IF;
    PERFORM koe_count_answer_months(array_agg(id)) FROM inserted_answers;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION koe_invited_answers_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF koe_rollups_at_end() THEN
        RETURN NULL;
    END IF;
    PERFORM koe_count_invitations(array_agg(i.survey_id), array_agg(i.created_at), 0, 1)
    FROM inserted_invited_answers r JOIN invitations i ON i.id = r.invitation_id;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION koe_scores_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF koe_rollups_at_end() THEN
        RETURN NULL;
    END IF;
    PERFORM koe_count_scores(array_agg(survey_id), array_agg(answered_at), array_agg(score), array_agg(reason), 1)
    FROM inserted_scores;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION koe_terms_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF koe_rollups_at_end() THEN
        RETURN NULL;
    END IF;
    PERFORM koe_count_new_terms(array_agg(response_id), array_agg(term)) FROM inserted_terms;
    RETURN NULL;
END
$$;

-- The answers' month and category (answer_monthly), as koe_answers_inserted counted them.
CREATE FUNCTION koe_count_answer_months(response_ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    zone text := koe_zone();
BEGIN
    INSERT INTO answer_monthly AS a (survey_id, month, category, answers, with_terms)
    SELECT r.survey_id, date_trunc('month', r.answered_at AT TIME ZONE zone)::date,
           koe_answer_category(s.kind, r.score, r.reason), count(*), 0
    FROM responses r JOIN surveys s ON s.id = r.survey_id
    WHERE r.id = ANY (response_ids)
    GROUP BY 1, 2, 3
    ORDER BY 1, 2, 3
    ON CONFLICT (survey_id, month, category) DO UPDATE SET answers = a.answers + EXCLUDED.answers;
END
$$;

-- Terms just inserted: answers that had none before now have some, and each term counts.
CREATE FUNCTION koe_count_new_terms(response_ids bigint[], terms text[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM koe_count_with_terms(array_agg(response_id), 1) FROM (
        SELECT c.response_id FROM unnest(response_ids, terms) AS c (response_id, term) GROUP BY c.response_id
        HAVING count(*) = (SELECT count(*) FROM response_terms t WHERE t.response_id = c.response_id)
    ) first_terms;
    PERFORM koe_count_terms(response_ids, terms, 1);
END
$$;

-- What the INSERT triggers skipped in a writer's transaction: `new_ids` are the answers it
-- inserted, (`term_response_ids`, `terms`) the terms it inserted. The rows are taken in the
-- triggers' order (answer_monthly, invitation_daily, score_daily, keyword_monthly), so that
-- two transactions sharing rows queue rather than deadlock.
CREATE FUNCTION koe_count_written_answers(new_ids bigint[], term_response_ids bigint[], terms text[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM koe_count_answer_months(new_ids);
    PERFORM koe_count_invitations(array_agg(i.survey_id), array_agg(i.created_at), 0, 1)
    FROM responses r JOIN invitations i ON i.id = r.invitation_id WHERE r.id = ANY (new_ids);
    PERFORM koe_count_scores(array_agg(survey_id), array_agg(answered_at), array_agg(score), array_agg(reason), 1)
    FROM responses WHERE id = ANY (new_ids);
    PERFORM koe_count_new_terms(term_response_ids, terms);
END
$$;
