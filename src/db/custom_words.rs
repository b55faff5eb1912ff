//! Admin-defined dictionary words, and the version every change to them bumps (a trigger
//! on `custom_words` keeps `dictionary_version` up to date).

use super::schema::{custom_words, dictionary_version};
use chrono::{DateTime, Utc};
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = custom_words)]
pub struct CustomWord {
    pub word: String,
    pub normalized: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = custom_words)]
pub struct NewCustomWord<'a> {
    pub word: &'a str,
    pub normalized: &'a str,
}

/// Every word, alphabetically.
pub fn all(conn: &mut PgConnection) -> QueryResult<Vec<CustomWord>> {
    custom_words::table.order(custom_words::word).select(CustomWord::as_select()).load(conn)
}

/// The spellings of every word, for the analyser.
pub fn spellings(conn: &mut PgConnection) -> QueryResult<Vec<String>> {
    custom_words::table.order(custom_words::id).select(custom_words::word).load(conn)
}

/// Inserts the word; `None` when it (or another spelling of it) is there already.
pub fn insert(conn: &mut PgConnection, word: &NewCustomWord) -> QueryResult<Option<CustomWord>> {
    diesel::insert_into(custom_words::table)
        .values(word)
        .on_conflict_do_nothing()
        .returning(CustomWord::as_returning())
        .get_result(conn)
        .optional()
}

/// Deletes the word whose analysis form is `normalized`; returns how many rows went.
pub fn delete_normalized(conn: &mut PgConnection, normalized: &str) -> QueryResult<usize> {
    diesel::delete(custom_words::table.filter(custom_words::normalized.eq(normalized))).execute(conn)
}

/// The number of changes made to the words so far.
pub fn version(conn: &mut PgConnection) -> QueryResult<i64> {
    dictionary_version::table.select(dictionary_version::version).first(conn)
}
