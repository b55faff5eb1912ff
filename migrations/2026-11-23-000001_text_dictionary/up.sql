-- Product and feature names that admins add to the analyser's dictionary.
CREATE TABLE custom_words (
    id          bigserial PRIMARY KEY,
    -- As the admin typed it; terms are reported in this spelling.
    word        text NOT NULL UNIQUE,
    -- The analysis form (NFKC, lower-case ASCII): ＡＰＩ, API and api are one word.
    normalized  text NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- One row that every change to custom_words bumps, so that each koe process notices a
-- change by reading one number (several processes may share this database).
CREATE TABLE dictionary_version (
    id          boolean PRIMARY KEY DEFAULT true CHECK (id),
    version     bigint NOT NULL DEFAULT 0,
    changed_at  timestamptz NOT NULL DEFAULT now()
);
INSERT INTO dictionary_version DEFAULT VALUES;

CREATE FUNCTION bump_dictionary_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE dictionary_version SET version = version + 1, changed_at = now();
    RETURN NULL;
END
$$;

CREATE TRIGGER custom_words_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON custom_words
    FOR EACH STATEMENT EXECUTE FUNCTION bump_dictionary_version();

-- Which analyser produced a response's terms (its fingerprint: dictionary build, koe's word
-- lists, the custom words). `koe text reindex` re-analyses the rows that differ from the
-- current analyser, so an interrupted run continues where it stopped.
ALTER TABLE responses ADD COLUMN analyzed_with text;
