-- Invitations counted per survey and day they were made (in the organisation's time zone),
-- with how many of them have an answer, kept current by triggers: the response rate of a
-- year sums a few hundred rows however many invitations there are.

CREATE TABLE invitation_daily (
    survey_id bigint NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    day       date NOT NULL,
    sent      integer NOT NULL,
    answered  integer NOT NULL,
    PRIMARY KEY (survey_id, day)
);

-- Adds `sent` and `answered` for each invitation given as (survey, time it was made).
CREATE FUNCTION koe_count_invitations(survey_ids bigint[], times timestamptz[], sent integer, answered integer)
RETURNS void LANGUAGE sql AS $$
    INSERT INTO invitation_daily AS d (survey_id, day, sent, answered)
    SELECT i.survey_id, koe_day(i.at), sent * count(*), answered * count(*)
    FROM unnest(survey_ids, times) AS i (survey_id, at)
    GROUP BY 1, 2
    ORDER BY 1, 2
    ON CONFLICT (survey_id, day) DO UPDATE SET sent = d.sent + EXCLUDED.sent, answered = d.answered + EXCLUDED.answered
$$;

CREATE FUNCTION koe_invitations_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM koe_count_invitations(array_agg(survey_id), array_agg(created_at), 1, 0) FROM inserted_invitations;
    RETURN NULL;
END
$$;

-- Before an invitation goes, it and its answer are counted out (the answer then cascades
-- away, when its invitation can no longer be found to count it twice).
CREATE FUNCTION koe_invitation_deleting() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM koe_count_invitations(ARRAY[OLD.survey_id], ARRAY[OLD.created_at], -1,
                                  -(EXISTS (SELECT 1 FROM responses r WHERE r.invitation_id = OLD.id))::int);
    RETURN OLD;
END
$$;

CREATE FUNCTION koe_invited_answers_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM koe_count_invitations(array_agg(i.survey_id), array_agg(i.created_at), 0, 1)
    FROM inserted_invited_answers r JOIN invitations i ON i.id = r.invitation_id;
    RETURN NULL;
END
$$;

CREATE FUNCTION koe_invited_answers_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM koe_count_invitations(array_agg(i.survey_id), array_agg(i.created_at), 0, -1)
    FROM deleted_invited_answers r JOIN invitations i ON i.id = r.invitation_id;
    RETURN NULL;
END
$$;

CREATE TRIGGER invitations_counted_in AFTER INSERT ON invitations
    REFERENCING NEW TABLE AS inserted_invitations FOR EACH STATEMENT EXECUTE FUNCTION koe_invitations_inserted();
CREATE TRIGGER invitations_counted_out BEFORE DELETE ON invitations
    FOR EACH ROW EXECUTE FUNCTION koe_invitation_deleting();
-- Named to fire between responses_counted_in and responses_scores_in, keeping one lock order
-- (answer_monthly, invitation_daily, score_daily) for every answer.
CREATE TRIGGER responses_invitations_in AFTER INSERT ON responses
    REFERENCING NEW TABLE AS inserted_invited_answers FOR EACH STATEMENT EXECUTE FUNCTION koe_invited_answers_inserted();
CREATE TRIGGER responses_invitations_out AFTER DELETE ON responses
    REFERENCING OLD TABLE AS deleted_invited_answers FOR EACH STATEMENT EXECUTE FUNCTION koe_invited_answers_deleted();

-- Invitations made before this migration (and after a change of the organisation's time zone).
CREATE FUNCTION koe_rebuild_invitation_counts() RETURNS void LANGUAGE sql AS $$
    DELETE FROM invitation_daily;
    INSERT INTO invitation_daily (survey_id, day, sent, answered)
    SELECT i.survey_id, koe_day(i.created_at), count(*), count(r.id)
    FROM invitations i LEFT JOIN responses r ON r.invitation_id = i.id
    GROUP BY 1, 2;
$$;
SELECT koe_rebuild_invitation_counts();
