-- Answers counted per survey, day (in the organisation's time zone), score and reason, kept
-- current by triggers, so that a year's NPS trend sums a few thousand rows however many
-- answers there are.

-- The organisation's calendar day of `at`.
CREATE FUNCTION koe_day(at timestamptz) RETURNS date
LANGUAGE sql STABLE AS $$
    SELECT (at AT TIME ZONE coalesce((SELECT time_zone FROM organization LIMIT 1), 'Asia/Tokyo'))::date
$$;

CREATE TABLE score_daily (
    survey_id  bigint NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    day        date NOT NULL,
    -- -1 for no score (exit answers), '' for no reason: the key cannot hold NULLs.
    score      smallint NOT NULL,
    reason     text NOT NULL,
    answers    integer NOT NULL,
    PRIMARY KEY (survey_id, day, score, reason)
);

-- Adds `sign` for each answer given as (survey, time, score, reason).
CREATE FUNCTION koe_count_scores(survey_ids bigint[], times timestamptz[], scores smallint[], reasons text[], sign integer)
RETURNS void LANGUAGE sql AS $$
    INSERT INTO score_daily AS d (survey_id, day, score, reason, answers)
    SELECT a.survey_id, koe_day(a.at), coalesce(a.score, -1), coalesce(a.reason, ''), sign * count(*)
    FROM unnest(survey_ids, times, scores, reasons) AS a (survey_id, at, score, reason)
    GROUP BY 1, 2, 3, 4
    ORDER BY 1, 2, 3, 4
    ON CONFLICT (survey_id, day, score, reason) DO UPDATE SET answers = d.answers + EXCLUDED.answers
$$;

CREATE FUNCTION koe_scores_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM koe_count_scores(array_agg(survey_id), array_agg(answered_at), array_agg(score), array_agg(reason), 1)
    FROM inserted_scores;
    RETURN NULL;
END
$$;

CREATE FUNCTION koe_scores_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM koe_count_scores(array_agg(survey_id), array_agg(answered_at), array_agg(score), array_agg(reason), -1)
    FROM deleted_scores;
    RETURN NULL;
END
$$;

-- Only answers whose survey, time, score or reason changed move.
CREATE FUNCTION koe_scores_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM koe_count_scores(array_agg(o.survey_id), array_agg(o.answered_at), array_agg(o.score), array_agg(o.reason), -1),
            koe_count_scores(array_agg(n.survey_id), array_agg(n.answered_at), array_agg(n.score), array_agg(n.reason), 1)
    FROM old_scores o JOIN new_scores n ON n.id = o.id
    WHERE o.survey_id <> n.survey_id OR o.answered_at <> n.answered_at
       OR o.score IS DISTINCT FROM n.score OR o.reason IS DISTINCT FROM n.reason;
    RETURN NULL;
END
$$;

CREATE TRIGGER responses_scores_in AFTER INSERT ON responses
    REFERENCING NEW TABLE AS inserted_scores FOR EACH STATEMENT EXECUTE FUNCTION koe_scores_inserted();
CREATE TRIGGER responses_scores_out AFTER DELETE ON responses
    REFERENCING OLD TABLE AS deleted_scores FOR EACH STATEMENT EXECUTE FUNCTION koe_scores_deleted();
CREATE TRIGGER responses_scores_moved AFTER UPDATE ON responses
    REFERENCING OLD TABLE AS old_scores NEW TABLE AS new_scores FOR EACH STATEMENT EXECUTE FUNCTION koe_scores_updated();

-- Answers stored before this migration (and after a change of the organisation's time zone).
CREATE FUNCTION koe_rebuild_score_counts() RETURNS void LANGUAGE sql AS $$
    DELETE FROM score_daily;
    INSERT INTO score_daily (survey_id, day, score, reason, answers)
    SELECT survey_id, koe_day(answered_at), coalesce(score, -1), coalesce(reason, ''), count(*)
    FROM responses GROUP BY 1, 2, 3, 4;
$$;
SELECT koe_rebuild_score_counts();
