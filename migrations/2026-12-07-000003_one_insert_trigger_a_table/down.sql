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

CREATE OR REPLACE FUNCTION koe_answers_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    zone text := koe_zone();
BEGIN
    INSERT INTO answer_monthly_changes (survey_id, month, category, answers, with_terms)
    SELECT r.survey_id, date_trunc('month', r.answered_at AT TIME ZONE zone)::date,
           koe_answer_category(s.kind, r.score, r.reason), count(*), 0
    FROM inserted_answers r JOIN surveys s ON s.id = r.survey_id
    GROUP BY 1, 2, 3;
    RETURN NULL;
END
$$;

CREATE FUNCTION koe_scores_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM koe_count_scores(array_agg(survey_id), array_agg(answered_at), array_agg(score), array_agg(reason), 1)
    FROM inserted_scores;
    RETURN NULL;
END
$$;

CREATE FUNCTION koe_invited_answers_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM koe_count_invitations(array_agg(i.survey_id), array_agg(i.created_at), 0, 1)
    FROM inserted_invited_answers r JOIN invitations i ON i.id = r.invitation_id;
    RETURN NULL;
END
$$;

CREATE TRIGGER responses_invitations_in AFTER INSERT ON responses
    REFERENCING NEW TABLE AS inserted_invited_answers FOR EACH STATEMENT EXECUTE FUNCTION koe_invited_answers_inserted();
CREATE TRIGGER responses_scores_in AFTER INSERT ON responses
    REFERENCING NEW TABLE AS inserted_scores FOR EACH STATEMENT EXECUTE FUNCTION koe_scores_inserted();
