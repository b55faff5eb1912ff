-- The rollups become append-only. Every answer's transaction used to add to rows that other
-- answers add to as well (all of a day's answers with one score share a score_daily row), so
-- two writers queued on those rows' locks and only one could usefully write answers. Now the
-- triggers append their differences to a child table of each rollup, which nothing updates;
-- `koe_fold_rollups()`, which every koe worker calls each poll, moves them into the totals:
-- one update a row for a second of answers instead of one a batch.
--
-- A child by inheritance, not a second table beside a view: reading a rollup reads its child
-- too, so reports see every committed answer without waiting for a fold, and a key's count is
-- the sum of its rows, as every report already computes it. ANALYZE of the rollup gathers
-- statistics over both, so the planner still sizes a report's grouping right (over a UNION ALL
-- view it could not, and the keyword reports took twice as long).

-- No key, index or foreign key: appending takes no lock another writer could hold.
CREATE TABLE keyword_monthly_changes () INHERITS (keyword_monthly);
CREATE TABLE answer_monthly_changes () INHERITS (answer_monthly);
CREATE TABLE score_daily_changes () INHERITS (score_daily);
CREATE TABLE invitation_daily_changes () INHERITS (invitation_daily);

-- Moves the changes into the totals. Each DELETE takes the changes committed before it began
-- (later ones wait for the next fold); a concurrent fold in another process waits on the
-- rows this one took and then skips them, so no change is counted twice. INSERT writes the
-- rollup itself, never its child. A deleted survey's totals went by cascade, which reaches no
-- child table: its differences are dropped here (no report reads a deleted survey).
CREATE FUNCTION koe_fold_rollups() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    WITH taken AS (DELETE FROM answer_monthly_changes RETURNING *)
    INSERT INTO answer_monthly AS a (survey_id, month, category, answers, with_terms)
    SELECT survey_id, month, category, sum(answers), sum(with_terms) FROM taken
    WHERE survey_id IN (SELECT id FROM surveys)
    GROUP BY 1, 2, 3
    ORDER BY 1, 2, 3
    ON CONFLICT (survey_id, month, category) DO UPDATE
        SET answers = a.answers + EXCLUDED.answers, with_terms = a.with_terms + EXCLUDED.with_terms;

    WITH taken AS (DELETE FROM keyword_monthly_changes RETURNING *)
    INSERT INTO keyword_monthly AS k (survey_id, month, category, term, responses)
    SELECT survey_id, month, category, term, sum(responses) FROM taken
    WHERE survey_id IN (SELECT id FROM surveys)
    GROUP BY 1, 2, 3, 4
    ORDER BY 1, 2, 3, 4
    ON CONFLICT (survey_id, month, category, term) DO UPDATE SET responses = k.responses + EXCLUDED.responses;

    WITH taken AS (DELETE FROM score_daily_changes RETURNING *)
    INSERT INTO score_daily AS d (survey_id, day, score, reason, answers)
    SELECT survey_id, day, score, reason, sum(answers) FROM taken
    WHERE survey_id IN (SELECT id FROM surveys)
    GROUP BY 1, 2, 3, 4
    ORDER BY 1, 2, 3, 4
    ON CONFLICT (survey_id, day, score, reason) DO UPDATE SET answers = d.answers + EXCLUDED.answers;

    WITH taken AS (DELETE FROM invitation_daily_changes RETURNING *)
    INSERT INTO invitation_daily AS d (survey_id, day, sent, answered)
    SELECT survey_id, day, sum(sent), sum(answered) FROM taken
    WHERE survey_id IN (SELECT id FROM surveys)
    GROUP BY 1, 2
    ORDER BY 1, 2
    ON CONFLICT (survey_id, day) DO UPDATE SET sent = d.sent + EXCLUDED.sent, answered = d.answered + EXCLUDED.answered;
END
$$;

CREATE OR REPLACE FUNCTION koe_count_terms(response_ids bigint[], terms text[], sign integer) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    zone text := koe_zone();
BEGIN
    INSERT INTO keyword_monthly_changes (survey_id, month, category, term, responses)
    SELECT r.survey_id, date_trunc('month', r.answered_at AT TIME ZONE zone)::date,
           koe_answer_category(s.kind, r.score, r.reason), c.term, koe_count_terms.sign * count(*)
    FROM unnest(response_ids, terms) AS c (response_id, term)
    JOIN responses r ON r.id = c.response_id JOIN surveys s ON s.id = r.survey_id
    GROUP BY 1, 2, 3, 4;
END
$$;

CREATE OR REPLACE FUNCTION koe_count_with_terms(response_ids bigint[], sign integer) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    zone text := koe_zone();
BEGIN
    INSERT INTO answer_monthly_changes (survey_id, month, category, answers, with_terms)
    SELECT r.survey_id, date_trunc('month', r.answered_at AT TIME ZONE zone)::date,
           koe_answer_category(s.kind, r.score, r.reason), 0, koe_count_with_terms.sign * count(*)
    FROM responses r JOIN surveys s ON s.id = r.survey_id
    WHERE r.id = ANY (response_ids)
    GROUP BY 1, 2, 3;
END
$$;

CREATE OR REPLACE FUNCTION koe_count_scores(survey_ids bigint[], times timestamptz[], scores smallint[], reasons text[], sign integer)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    zone text := koe_zone();
BEGIN
    INSERT INTO score_daily_changes (survey_id, day, score, reason, answers)
    SELECT a.survey_id, (a.at AT TIME ZONE zone)::date, coalesce(a.score, -1), coalesce(a.reason, ''),
           koe_count_scores.sign * count(*)
    FROM unnest(survey_ids, times, scores, reasons) AS a (survey_id, at, score, reason)
    GROUP BY 1, 2, 3, 4;
END
$$;

CREATE OR REPLACE FUNCTION koe_count_invitations(survey_ids bigint[], times timestamptz[], sent integer, answered integer)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    zone text := koe_zone();
BEGIN
    INSERT INTO invitation_daily_changes (survey_id, day, sent, answered)
    SELECT i.survey_id, (i.at AT TIME ZONE zone)::date,
           koe_count_invitations.sent * count(*), koe_count_invitations.answered * count(*)
    FROM unnest(survey_ids, times) AS i (survey_id, at)
    GROUP BY 1, 2;
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

-- Before an answer goes, its terms and itself are counted out (its terms then cascade away).
CREATE OR REPLACE FUNCTION koe_answer_deleting() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    answer_month date := koe_month(OLD.answered_at);
    answer_category text := koe_answer_category((SELECT kind FROM surveys WHERE id = OLD.survey_id), OLD.score, OLD.reason);
BEGIN
    INSERT INTO keyword_monthly_changes (survey_id, month, category, term, responses)
    SELECT OLD.survey_id, answer_month, answer_category, t.term, -1
    FROM response_terms t WHERE t.response_id = OLD.id;
    INSERT INTO answer_monthly_changes (survey_id, month, category, answers, with_terms)
    VALUES (OLD.survey_id, answer_month, answer_category, -1,
            -(EXISTS (SELECT 1 FROM response_terms t WHERE t.response_id = OLD.id))::int);
    RETURN OLD;
END
$$;
