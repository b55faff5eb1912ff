//! Surveys: what is asked, of whom, until when.

use super::schema::surveys;
use crate::domain::ids::SurveyId;
use crate::domain::survey::{ExitReason, SurveyKind};
use chrono::{DateTime, Utc};
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = surveys)]
pub struct Survey {
    pub id: SurveyId,
    pub kind: String,
    pub name: String,
    pub subject: String,
    pub question: Option<String>,
    pub comment_prompt: Option<String>,
    pub reasons: serde_json::Value,
    pub invitation_ttl_days: i32,
    pub public_token: Option<String>,
    pub closed_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub contact_cooldown_days: i32,
    pub reminder_days: i32,
}

impl Survey {
    /// The kind; the table's CHECK constraint admits only the three known ones.
    pub fn kind(&self) -> SurveyKind {
        SurveyKind::parse(&self.kind).unwrap_or(SurveyKind::Nps)
    }

    /// The exit reasons this survey offers, in display order.
    pub fn exit_reasons(&self) -> Vec<ExitReason> {
        serde_json::from_value(self.reasons.clone()).unwrap_or_default()
    }

    pub fn is_closed(&self) -> bool {
        self.closed_at.is_some()
    }
}

#[derive(Debug, Insertable)]
#[diesel(table_name = surveys)]
pub struct NewSurvey<'a> {
    pub kind: &'a str,
    pub name: &'a str,
    pub subject: &'a str,
    pub question: Option<&'a str>,
    pub comment_prompt: Option<&'a str>,
    pub reasons: serde_json::Value,
    pub invitation_ttl_days: i32,
    pub public_token: Option<&'a str>,
    pub contact_cooldown_days: i32,
    pub reminder_days: i32,
}

pub fn insert(conn: &mut PgConnection, survey: &NewSurvey) -> QueryResult<Survey> {
    diesel::insert_into(surveys::table).values(survey).returning(Survey::as_returning()).get_result(conn)
}

pub fn find(conn: &mut PgConnection, id: SurveyId) -> QueryResult<Survey> {
    surveys::table.find(id).select(Survey::as_select()).first(conn)
}

pub fn find_by_public_token(conn: &mut PgConnection, token: &str) -> QueryResult<Option<Survey>> {
    surveys::table
        .filter(surveys::public_token.eq(token))
        .select(Survey::as_select())
        .first(conn)
        .optional()
}

/// The surveys behind several public links, in one query; unknown tokens have none.
pub fn find_by_public_tokens(conn: &mut PgConnection, tokens: &[&str]) -> QueryResult<Vec<Survey>> {
    surveys::table.filter(surveys::public_token.eq_any(tokens)).select(Survey::as_select()).load(conn)
}

pub fn find_by_name(conn: &mut PgConnection, name: &str) -> QueryResult<Option<Survey>> {
    surveys::table.filter(surveys::name.eq(name)).select(Survey::as_select()).first(conn).optional()
}

pub fn close(conn: &mut PgConnection, id: SurveyId) -> QueryResult<usize> {
    diesel::update(surveys::table.find(id)).set(surveys::closed_at.eq(diesel::dsl::now)).execute(conn)
}

pub fn set_public_token(conn: &mut PgConnection, id: SurveyId, token: &str) -> QueryResult<usize> {
    diesel::update(surveys::table.find(id)).set(surveys::public_token.eq(token)).execute(conn)
}

/// Every survey, oldest first.
pub fn all(conn: &mut PgConnection) -> QueryResult<Vec<Survey>> {
    surveys::table.order((surveys::created_at, surveys::id)).select(Survey::as_select()).load(conn)
}
