//! Mailings: a survey emailed to many contacts, with their progress.

use super::schema::mailings;
use crate::domain::ids::{MailingId, SurveyId, UserId};
use chrono::{DateTime, Utc};
use diesel::prelude::*;

#[derive(Debug, Insertable)]
#[diesel(table_name = mailings)]
pub struct NewMailing<'a> {
    pub survey_id: SurveyId,
    pub audience: &'a str,
    pub emails: &'a [String],
    pub created_by: Option<UserId>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = mailings)]
pub struct Mailing {
    pub id: MailingId,
    pub survey_id: SurveyId,
    pub audience: String,
    pub emails: Vec<String>,
    pub processed: i32,
    pub invited: i32,
    pub refused: serde_json::Value,
    pub created_by: Option<UserId>,
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

pub fn insert(conn: &mut PgConnection, mailing: &NewMailing) -> QueryResult<Mailing> {
    diesel::insert_into(mailings::table).values(mailing).returning(Mailing::as_returning()).get_result(conn)
}

pub fn find(conn: &mut PgConnection, id: MailingId) -> QueryResult<Option<Mailing>> {
    mailings::table.find(id).select(Mailing::as_select()).first(conn).optional()
}

/// The mailing, locked until the transaction ends: one batch at a time, whoever runs it.
pub fn lock(conn: &mut PgConnection, id: MailingId) -> QueryResult<Option<Mailing>> {
    mailings::table.find(id).select(Mailing::as_select()).for_update().first(conn).optional()
}

/// The newest mailings first.
pub fn recent(conn: &mut PgConnection, limit: i64) -> QueryResult<Vec<Mailing>> {
    mailings::table.order(mailings::id.desc()).limit(limit).select(Mailing::as_select()).load(conn)
}

/// Progress after a batch.
#[derive(Debug, AsChangeset)]
#[diesel(table_name = mailings)]
pub struct Progress {
    pub processed: i32,
    pub invited: i32,
    pub refused: serde_json::Value,
    pub finished_at: Option<DateTime<Utc>>,
}

pub fn record(conn: &mut PgConnection, id: MailingId, progress: &Progress) -> QueryResult<usize> {
    diesel::update(mailings::table.find(id)).set(progress).execute(conn)
}
