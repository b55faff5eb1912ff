-- Folds the differences in, then puts the functions back as migrations 000003, 000005, 000011
-- and 000014 left them.

SELECT koe_fold_rollups();
DROP FUNCTION koe_fold_rollups();
DROP TABLE keyword_monthly_changes, answer_monthly_changes, score_daily_changes, invitation_daily_changes;

CREATE OR REPLACE FUNCTION koe_count_terms(response_ids bigint[], terms text[], sign integer) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    zone text := koe_zone();
BEGIN
    INSERT INTO keyword_monthly AS k (survey_id, month, category, term, responses)
    SELECT r.survey_id, date_trunc('month', r.answered_at AT TIME ZONE zone)::date,
           koe_answer_category(s.kind, r.score, r.reason), c.term, koe_count_terms.sign * count(*)
    FROM unnest(response_ids, terms) AS c (response_id, term)
    JOIN responses r ON r.id = c.response_id JOIN surveys s ON s.id = r.survey_id
    GROUP BY 1, 2, 3, 4
    ORDER BY 1, 2, 3, 4
    ON CONFLICT (survey_id, month, category, term) DO UPDATE SET responses = k.responses + EXCLUDED.responses;
END
$$;

CREATE OR REPLACE FUNCTION koe_count_with_terms(response_ids bigint[], sign integer) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    zone text := koe_zone();
BEGIN
    INSERT INTO answer_monthly AS a (survey_id, month, category, answers, with_terms)
    SELECT r.survey_id, date_trunc('month', r.answered_at AT TIME ZONE zone)::date,
           koe_answer_category(s.kind, r.score, r.reason), 0, koe_count_with_terms.sign * count(*)
    FROM responses r JOIN surveys s ON s.id = r.survey_id
    WHERE r.id = ANY (response_ids)
    GROUP BY 1, 2, 3
    ORDER BY 1, 2, 3
    ON CONFLICT (survey_id, month, category) DO UPDATE SET with_terms = a.with_terms + EXCLUDED.with_terms;
END
$$;

CREATE OR REPLACE FUNCTION koe_count_scores(survey_ids bigint[], times timestamptz[], scores smallint[], reasons text[], sign integer)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    zone text := koe_zone();
BEGIN
    INSERT INTO score_daily AS d (survey_id, day, score, reason, answers)
    SELECT a.survey_id, (a.at AT TIME ZONE zone)::date, coalesce(a.score, -1), coalesce(a.reason, ''),
           koe_count_scores.sign * count(*)
    FROM unnest(survey_ids, times, scores, reasons) AS a (survey_id, at, score, reason)
    GROUP BY 1, 2, 3, 4
    ORDER BY 1, 2, 3, 4
    ON CONFLICT (survey_id, day, score, reason) DO UPDATE SET answers = d.answers + EXCLUDED.answers;
END
$$;

CREATE OR REPLACE FUNCTION koe_count_invitations(survey_ids bigint[], times timestamptz[], sent integer, answered integer)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    zone text := koe_zone();
BEGIN
    INSERT INTO invitation_daily AS d (survey_id, day, sent, answered)
    SELECT i.survey_id, (i.at AT TIME ZONE zone)::date,
           koe_count_invitations.sent * count(*), koe_count_invitations.answered * count(*)
    FROM unnest(survey_ids, times) AS i (survey_id, at)
    GROUP BY 1, 2
    ORDER BY 1, 2
    ON CONFLICT (survey_id, day) DO UPDATE SET sent = d.sent + EXCLUDED.sent, answered = d.answered + EXCLUDED.answered;
END
$$;

CREATE OR REPLACE FUNCTION koe_answers_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    zone text := koe_zone();
BEGIN
    INSERT INTO answer_monthly AS a (survey_id, month, category, answers, with_terms)
    SELECT r.survey_id, date_trunc('month', r.answered_at AT TIME ZONE zone)::date,
           koe_answer_category(s.kind, r.score, r.reason), count(*), 0
    FROM inserted_answers r JOIN surveys s ON s.id = r.survey_id
    GROUP BY 1, 2, 3
    ORDER BY 1, 2, 3
    ON CONFLICT (survey_id, month, category) DO UPDATE SET answers = a.answers + EXCLUDED.answers;
    RETURN NULL;
END
$$;

-- An answer whose score, reason or time changes moves, with its terms, to its new month and category.
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
        INSERT INTO answer_monthly AS a (survey_id, month, category, answers, with_terms)
        SELECT survey_id, month, category, sum(answers), sum(with_terms) FROM (
            SELECT survey_id, old_month AS month, old_category AS category, -1 AS answers, -has_terms AS with_terms FROM moved
            UNION ALL
            SELECT survey_id, new_month, new_category, 1, has_terms FROM moved
        ) changes
        GROUP BY 1, 2, 3
        ORDER BY 1, 2, 3
        ON CONFLICT (survey_id, month, category) DO UPDATE
            SET answers = a.answers + EXCLUDED.answers, with_terms = a.with_terms + EXCLUDED.with_terms
        RETURNING 1
    )
    INSERT INTO keyword_monthly AS k (survey_id, month, category, term, responses)
    SELECT survey_id, month, category, term, sum(responses) FROM (
        SELECT m.survey_id, m.old_month AS month, m.old_category AS category, t.term, -1 AS responses
        FROM moved m JOIN response_terms t ON t.response_id = m.id
        UNION ALL
        SELECT m.survey_id, m.new_month, m.new_category, t.term, 1
        FROM moved m JOIN response_terms t ON t.response_id = m.id
    ) changes
    GROUP BY 1, 2, 3, 4
    ORDER BY 1, 2, 3, 4
    ON CONFLICT (survey_id, month, category, term) DO UPDATE SET responses = k.responses + EXCLUDED.responses;
    RETURN NULL;
END
$$;

-- Before an answer goes, its terms and itself are counted out (its terms then cascade away).
CREATE OR REPLACE FUNCTION koe_answer_deleting() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    answer_month date := koe_month(OLD.answered_at);
    answer_category text := koe_answer_category((SELECT kind FROM surveys WHERE id = OLD.survey_id), OLD.score, OLD.reason);
BEGIN
    UPDATE keyword_monthly k SET responses = k.responses - 1
    FROM response_terms t
    WHERE t.response_id = OLD.id AND k.survey_id = OLD.survey_id AND k.month = answer_month
      AND k.category = answer_category AND k.term = t.term;
    UPDATE answer_monthly a
    SET answers = a.answers - 1,
        with_terms = a.with_terms - (EXISTS (SELECT 1 FROM response_terms t WHERE t.response_id = OLD.id))::int
    WHERE a.survey_id = OLD.survey_id AND a.month = answer_month AND a.category = answer_category;
    RETURN OLD;
END
$$;
