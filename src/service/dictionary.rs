//! Custom dictionary words, and keeping each process's analyser in step with them.
//!
//! A change commits in the database (a trigger bumps `dictionary_version`), the process that
//! made it reloads its analyser at once, and every other koe process notices the new version
//! on its next poll (`startup::run`). Answers recorded afterwards use the new words; older
//! answers keep their terms until `koe text reindex`.

use crate::db::custom_words::{self, CustomWord, NewCustomWord};
use crate::domain::custom_word;
use crate::error::AppError;
use crate::text::{self, Analyzer, SharedAnalyzer, TextError};
use diesel::prelude::*;
use serde::Deserialize;

/// `POST /api/v1/dictionary/words`: a product or feature name the analyser keeps whole.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct WordInput {
    pub word: String,
}

/// Every custom word, alphabetically.
pub fn words(conn: &mut PgConnection) -> Result<Vec<CustomWord>, AppError> {
    Ok(custom_words::all(conn)?)
}

/// Adds a word; another spelling of a word already there (ＡＰＩ for API) is a conflict.
pub fn add(conn: &mut PgConnection, input: &WordInput) -> Result<CustomWord, AppError> {
    let word = custom_word::CustomWord::parse(&input.word)?;
    let normalized = text::for_analysis(word.as_str());
    custom_words::insert(conn, &NewCustomWord { word: word.as_str(), normalized: &normalized })?.ok_or_else(|| AppError::Conflict {
        code: "duplicate_word",
        message: format!("{} is in the dictionary already", word.as_str()),
    })
}

/// Removes a word, given in any spelling that analyses the same (api removes API).
pub fn remove(conn: &mut PgConnection, word: &str) -> Result<(), AppError> {
    // A word that could never have been added is not there (and may hold a NUL PostgreSQL refuses).
    let word = custom_word::CustomWord::parse(word).map_err(|_| AppError::NotFound)?;
    let normalized = text::for_analysis(word.as_str());
    // In a transaction, so that deleting nothing does not bump the dictionary version either.
    conn.transaction(|conn| match custom_words::delete_normalized(conn, &normalized)? {
        0 => Err(AppError::NotFound),
        _ => Ok(()),
    })
}

/// `base` (any analyser on the right system dictionary) with the words in the database now,
/// and the dictionary version they belong to.
pub fn current_analyzer(conn: &mut PgConnection, base: &Analyzer) -> Result<(Analyzer, i64), AppError> {
    // The version is read first: a change landing in between makes the next poll reload again,
    // never miss the change.
    let version = custom_words::version(conn)?;
    let words = custom_words::spellings(conn)?;
    Ok((base.with_words(&words).map_err(text_error)?, version))
}

/// A process's shared analyser, built from `base` and the words in the database.
pub fn shared_analyzer(conn: &mut PgConnection, base: &Analyzer) -> Result<SharedAnalyzer, AppError> {
    let (analyzer, version) = current_analyzer(conn, base)?;
    Ok(SharedAnalyzer::new(analyzer, version))
}

/// Rebuilds `shared` when the words changed since it was built; returns whether it did.
pub fn refresh(conn: &mut PgConnection, shared: &SharedAnalyzer) -> Result<bool, AppError> {
    shared.update(|current, version| {
        if custom_words::version(conn)? == version {
            return Ok(None);
        }
        current_analyzer(conn, current).map(Some)
    })
}

fn text_error(error: TextError) -> AppError {
    AppError::Internal(format!("cannot rebuild the analyser: {error}"))
}
