ALTER TABLE responses DROP COLUMN analyzed_with;
DROP TABLE custom_words;
DROP FUNCTION bump_dictionary_version();
DROP TABLE dictionary_version;
