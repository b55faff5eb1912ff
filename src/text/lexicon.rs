//! koe's own word lists from `dictionaries/`, compiled into the binary.

use std::collections::HashSet;

use super::dictionary::{push_csv_field, GENERAL_NOUN_CONTEXT_ID, USER_WORD_COST};
use super::error::TextError;
use super::normalize;

const USER_DICTIONARY: &str = include_str!("../../dictionaries/user_dictionary.csv");
const STOP_WORDS: &str = include_str!("../../dictionaries/stop_words.txt");
const NEGATION_CUES: &str = include_str!("../../dictionaries/negation_cues.txt");
const DETACHED_NOUNS: &str = include_str!("../../dictionaries/detached_nouns.txt");

/// The bundled word lists, as compiled in (for the analyser's fingerprint).
pub(crate) fn bundled_lists() -> [&'static str; 4] {
    [USER_DICTIONARY, STOP_WORDS, NEGATION_CUES, DETACHED_NOUNS]
}

/// A domain word: its surface in analysis form, and the spelling terms are reported in.
pub(crate) struct UserWord {
    surface: String,
    pub(crate) spelling: String,
    reading: String,
}

/// The bundled domain words followed by `extra_words`, without duplicates (the first
/// spelling of a surface wins) and without words that normalise to nothing.
pub(crate) fn user_words(extra_words: &[String]) -> Result<Vec<UserWord>, TextError> {
    let mut words = Vec::new();
    for (index, row) in USER_DICTIONARY.lines().enumerate() {
        if row.trim().is_empty() {
            continue;
        }
        let invalid = |reason: &str| TextError::BundledData {
            file: "user_dictionary.csv",
            line: index + 1,
            reason: reason.to_owned(),
        };
        let [spelling, part_of_speech, reading] = row.split(',').collect::<Vec<_>>()[..] else {
            return Err(invalid("expected surface,part-of-speech,reading"));
        };
        if part_of_speech != "名詞" {
            return Err(invalid("koe's own words are nouns (名詞)"));
        }
        words.push(user_word(spelling, reading));
    }
    words.extend(extra_words.iter().map(|word| user_word(word, "*")));

    let mut seen = HashSet::new();
    words.retain(|word| !word.surface.is_empty() && seen.insert(word.surface.clone()));
    Ok(words)
}

fn user_word(spelling: &str, reading: &str) -> UserWord {
    let spelling = spelling.trim();
    UserWord {
        surface: normalize::for_analysis(spelling),
        spelling: spelling.to_owned(),
        reading: reading.to_owned(),
    }
}

/// The words as a lindera user dictionary in IPADIC's full 13-column layout, so that each
/// entry's base form is its display spelling (SaaS, not the normalised saas).
pub(crate) fn user_dictionary_csv(words: &[UserWord]) -> String {
    let mut csv = String::new();
    for word in words {
        push_csv_field(&mut csv, &word.surface);
        csv.push_str(&format!(
            ",{GENERAL_NOUN_CONTEXT_ID},{GENERAL_NOUN_CONTEXT_ID},{USER_WORD_COST},名詞,一般,*,*,*,*,"
        ));
        push_csv_field(&mut csv, &word.spelling);
        csv.push(',');
        push_csv_field(&mut csv, &word.reading);
        csv.push(',');
        push_csv_field(&mut csv, &word.reading);
        csv.push('\n');
    }
    csv
}

/// The stop words, in analysis form.
pub(crate) fn stop_words() -> HashSet<String> {
    word_list(STOP_WORDS)
}

/// The negation cues (IPADIC base forms).
pub(crate) fn negation_cues() -> HashSet<String> {
    word_list(NEGATION_CUES)
}

/// Nouns that end a compound without joining it (全体 in サービス全体).
pub(crate) fn detached_nouns() -> HashSet<String> {
    word_list(DETACHED_NOUNS)
}

/// One word a line; blank lines and lines starting with # are skipped.
fn word_list(text: &str) -> HashSet<String> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(normalize::for_analysis)
        .collect()
}
