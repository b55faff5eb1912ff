-- Monthly keyword counts, kept current by triggers, so that a year's keyword report sums a
-- few hundred thousand rows at most instead of joining every answer with its terms.
-- Months are cut in the organisation's time zone; categories are those of keyword reports.

-- The report category of an answer; mirrors domain::keywords::Category (a test checks both agree).
CREATE FUNCTION koe_answer_category(kind text, score smallint, reason text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT coalesce(CASE kind
        WHEN 'nps' THEN CASE WHEN score >= 9 THEN 'promoter' WHEN score >= 7 THEN 'passive' WHEN score >= 0 THEN 'detractor' END
        WHEN 'csat' THEN CASE WHEN score >= 4 THEN 'satisfied' WHEN score = 3 THEN 'neutral' WHEN score >= 1 THEN 'dissatisfied' END
        WHEN 'exit' THEN reason
    END, '')
$$;

-- The first day of the organisation's month that contains `at`.
CREATE FUNCTION koe_month(at timestamptz) RETURNS date
LANGUAGE sql STABLE AS $$
    SELECT date_trunc('month', at AT TIME ZONE coalesce((SELECT time_zone FROM organization LIMIT 1), 'Asia/Tokyo'))::date
$$;

CREATE TABLE keyword_monthly (
    survey_id  bigint NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    month      date NOT NULL,
    category   text NOT NULL,
    term       text NOT NULL,
    -- Answers of that month and category whose comment gives the term.
    responses  integer NOT NULL,
    PRIMARY KEY (survey_id, month, category, term)
);

CREATE TABLE answer_monthly (
    survey_id   bigint NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    month       date NOT NULL,
    category    text NOT NULL,
    answers     integer NOT NULL,
    -- Of those, answers whose comment gives at least one term.
    with_terms  integer NOT NULL,
    PRIMARY KEY (survey_id, month, category)
);

-- Adds `sign` × each (response, term) pair, as the response is now, to the counts. Trigger
-- functions pass their transition tables as arrays: only they can see those tables.
CREATE FUNCTION koe_count_terms(response_ids bigint[], terms text[], sign integer) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO keyword_monthly AS k (survey_id, month, category, term, responses)
    SELECT r.survey_id, koe_month(r.answered_at), koe_answer_category(s.kind, r.score, r.reason), c.term, sign * count(*)
    FROM unnest(response_ids, terms) AS c (response_id, term)
    JOIN responses r ON r.id = c.response_id JOIN surveys s ON s.id = r.survey_id
    GROUP BY 1, 2, 3, 4
    ORDER BY 1, 2, 3, 4
    ON CONFLICT (survey_id, month, category, term) DO UPDATE SET responses = k.responses + EXCLUDED.responses
$$;

-- Adds `sign` to with_terms for each of the responses.
CREATE FUNCTION koe_count_with_terms(response_ids bigint[], sign integer) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO answer_monthly AS a (survey_id, month, category, answers, with_terms)
    SELECT r.survey_id, koe_month(r.answered_at), koe_answer_category(s.kind, r.score, r.reason), 0, sign * count(*)
    FROM responses r JOIN surveys s ON s.id = r.survey_id
    WHERE r.id = ANY (response_ids)
    GROUP BY 1, 2, 3
    ORDER BY 1, 2, 3
    ON CONFLICT (survey_id, month, category) DO UPDATE SET with_terms = a.with_terms + EXCLUDED.with_terms
$$;

CREATE FUNCTION koe_terms_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
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

CREATE FUNCTION koe_terms_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Terms removed by deleting their answer were counted out before the answer went
    -- (the answer is gone now, so the joins below skip them).
    PERFORM koe_count_terms(array_agg(response_id), array_agg(term), -1) FROM deleted_terms;
    PERFORM koe_count_with_terms(array_agg(DISTINCT d.response_id), -1) FROM deleted_terms d
    WHERE NOT EXISTS (SELECT 1 FROM response_terms t WHERE t.response_id = d.response_id);
    RETURN NULL;
END
$$;

CREATE TRIGGER response_terms_counted_in AFTER INSERT ON response_terms
    REFERENCING NEW TABLE AS inserted_terms FOR EACH STATEMENT EXECUTE FUNCTION koe_terms_inserted();
CREATE TRIGGER response_terms_counted_out AFTER DELETE ON response_terms
    REFERENCING OLD TABLE AS deleted_terms FOR EACH STATEMENT EXECUTE FUNCTION koe_terms_deleted();

CREATE FUNCTION koe_answers_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO answer_monthly AS a (survey_id, month, category, answers, with_terms)
    SELECT r.survey_id, koe_month(r.answered_at), koe_answer_category(s.kind, r.score, r.reason), count(*), 0
    FROM inserted_answers r JOIN surveys s ON s.id = r.survey_id
    GROUP BY 1, 2, 3
    ORDER BY 1, 2, 3
    ON CONFLICT (survey_id, month, category) DO UPDATE SET answers = a.answers + EXCLUDED.answers;
    RETURN NULL;
END
$$;

-- An answer whose score, reason or time changes moves, with its terms, to its new month and category.
CREATE FUNCTION koe_answers_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    WITH moved AS (
        SELECT n.id, n.survey_id,
               koe_month(o.answered_at) AS old_month, koe_answer_category(s.kind, o.score, o.reason) AS old_category,
               koe_month(n.answered_at) AS new_month, koe_answer_category(s.kind, n.score, n.reason) AS new_category,
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
CREATE FUNCTION koe_answer_deleting() RETURNS trigger LANGUAGE plpgsql AS $$
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

CREATE TRIGGER responses_counted_in AFTER INSERT ON responses
    REFERENCING NEW TABLE AS inserted_answers FOR EACH STATEMENT EXECUTE FUNCTION koe_answers_inserted();
CREATE TRIGGER responses_moved AFTER UPDATE ON responses
    REFERENCING OLD TABLE AS old_answers NEW TABLE AS new_answers FOR EACH STATEMENT EXECUTE FUNCTION koe_answers_updated();
CREATE TRIGGER responses_counted_out BEFORE DELETE ON responses
    FOR EACH ROW EXECUTE FUNCTION koe_answer_deleting();

-- Rebuilds both tables from the answers (after a change of the organisation's time zone).
CREATE FUNCTION koe_rebuild_keyword_counts() RETURNS void LANGUAGE sql AS $$
    DELETE FROM keyword_monthly;
    DELETE FROM answer_monthly;
    INSERT INTO answer_monthly (survey_id, month, category, answers, with_terms)
    SELECT r.survey_id, koe_month(r.answered_at), koe_answer_category(s.kind, r.score, r.reason), count(*),
           count(*) FILTER (WHERE EXISTS (SELECT 1 FROM response_terms t WHERE t.response_id = r.id))
    FROM responses r JOIN surveys s ON s.id = r.survey_id
    GROUP BY 1, 2, 3;
    INSERT INTO keyword_monthly (survey_id, month, category, term, responses)
    SELECT r.survey_id, koe_month(r.answered_at), koe_answer_category(s.kind, r.score, r.reason), t.term, count(*)
    FROM responses r JOIN surveys s ON s.id = r.survey_id JOIN response_terms t ON t.response_id = r.id
    GROUP BY 1, 2, 3, 4;
$$;

-- Answers stored before this migration.
SELECT koe_rebuild_keyword_counts();
