CREATE OR REPLACE FUNCTION koe_answers_updated() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    zone text := koe_zone();
BEGIN
    WITH moved AS (
        SELECT n.id, n.survey_id,
               date_trunc('month', o.answered_at AT TIME ZONE zone)::date AS old_month,
               koe_answer_category(s.kind, o.score, o.reason) AS old_category,
               date_trunc('month', n.answered_at AT TIME ZONE zone)::date AS new_month,
               koe_answer_category(s.kind, n.score, n.reason) AS new_category,
               EXISTS (SELECT 1 FROM response_terms t WHERE t.response_id = n.id)::int AS has_terms
        FROM old_answers o JOIN new_answers n ON n.id = o.id JOIN surveys s ON s.id = n.survey_id
        WHERE o.score IS DISTINCT FROM n.score OR o.reason IS DISTINCT FROM n.reason OR o.answered_at <> n.answered_at
    ),
    moved_answers AS (
        INSERT INTO answer_monthly_changes (survey_id, month, category, answers, with_terms)
        SELECT survey_id, old_month, old_category, -1, -has_terms FROM moved
        UNION ALL
        SELECT survey_id, new_month, new_category, 1, has_terms FROM moved
        RETURNING 1
    )
    INSERT INTO keyword_monthly_changes (survey_id, month, category, term, responses)
    SELECT m.survey_id, m.old_month, m.old_category, t.term, -1
    FROM moved m JOIN response_terms t ON t.response_id = m.id
    UNION ALL
    SELECT m.survey_id, m.new_month, m.new_category, t.term, 1
    FROM moved m JOIN response_terms t ON t.response_id = m.id;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION koe_scores_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM koe_count_scores(array_agg(o.survey_id), array_agg(o.answered_at), array_agg(o.score), array_agg(o.reason), -1),
            koe_count_scores(array_agg(n.survey_id), array_agg(n.answered_at), array_agg(n.score), array_agg(n.reason), 1)
    FROM old_scores o JOIN new_scores n ON n.id = o.id
    WHERE o.survey_id <> n.survey_id OR o.answered_at <> n.answered_at
       OR o.score IS DISTINCT FROM n.score OR o.reason IS DISTINCT FROM n.reason;
    RETURN NULL;
END
$$;
