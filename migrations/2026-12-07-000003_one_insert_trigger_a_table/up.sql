-- One trigger, one statement, for each INSERT a batch of answers makes. A batch's INSERT into
-- responses fired three statement-level triggers (the answers', the invitations' and the
-- scores' rollups), two of them through a helper, and its INSERT into response_terms one that
-- called two helpers: nine statements and five reads of the time zone, each with an executor
-- of its own, for five small appends. The three were kept apart so that every answer took the
-- rollups' row locks in one order; since the rollups are append-only (2026-12-06), nothing
-- waits on those rows and the order no longer matters. Each trigger now appends all its
-- differences in one statement of data-modifying CTEs: two statements and two reads.
DROP TRIGGER responses_invitations_in ON responses;
DROP TRIGGER responses_scores_in ON responses;
DROP FUNCTION koe_invited_answers_inserted();
DROP FUNCTION koe_scores_inserted();

CREATE OR REPLACE FUNCTION koe_answers_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    zone text := koe_zone();
BEGIN
    WITH scores AS (
        INSERT INTO score_daily_changes (survey_id, day, score, reason, answers)
        SELECT survey_id, (answered_at AT TIME ZONE zone)::date, coalesce(score, -1), coalesce(reason, ''), count(*)
        FROM inserted_answers
        GROUP BY 1, 2, 3, 4
    ),
    invitations_answered AS (
        INSERT INTO invitation_daily_changes (survey_id, day, sent, answered)
        SELECT i.survey_id, (i.created_at AT TIME ZONE zone)::date, 0, count(*)
        FROM inserted_answers r JOIN invitations i ON i.id = r.invitation_id
        GROUP BY 1, 2
    )
    INSERT INTO answer_monthly_changes (survey_id, month, category, answers, with_terms)
    SELECT r.survey_id, date_trunc('month', r.answered_at AT TIME ZONE zone)::date,
           koe_answer_category(s.kind, r.score, r.reason), count(*), 0
    FROM inserted_answers r JOIN surveys s ON s.id = r.survey_id
    GROUP BY 1, 2, 3;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION koe_terms_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    zone text := koe_zone();
BEGIN
    WITH terms AS (
        SELECT i.response_id, r.survey_id, date_trunc('month', r.answered_at AT TIME ZONE zone)::date AS month,
               koe_answer_category(s.kind, r.score, r.reason) AS category, i.term
        FROM inserted_terms i JOIN responses r ON r.id = i.response_id JOIN surveys s ON s.id = r.survey_id
    ),
    -- Answers that had no terms before this statement now have some.
    first_terms AS (
        INSERT INTO answer_monthly_changes (survey_id, month, category, answers, with_terms)
        SELECT survey_id, month, category, 0, count(*) FROM (
            SELECT t.survey_id, t.month, t.category FROM terms t
            GROUP BY t.response_id, t.survey_id, t.month, t.category
            HAVING count(*) = (SELECT count(*) FROM response_terms k WHERE k.response_id = t.response_id)
        ) answers_with_first_terms
        GROUP BY 1, 2, 3
    )
    INSERT INTO keyword_monthly_changes (survey_id, month, category, term, responses)
    SELECT survey_id, month, category, term, count(*) FROM terms
    GROUP BY 1, 2, 3, 4;
    RETURN NULL;
END
$$;
