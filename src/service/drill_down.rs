//! The answers behind a number: the same survey, period, filters and group as the report.

use super::report::{before, check, page, Checked, ReportParams};
use crate::db::responses::{self, ListedAnswer};
use crate::domain::ids::SurveyId;
use crate::error::AppError;
use chrono::{DateTime, Utc};
use diesel::prelude::*;

#[derive(Debug, Clone)]
pub struct AnswerList {
    /// Every answer behind the number, across all pages.
    pub total: i64,
    pub answers: Vec<ListedAnswer>,
    /// Pass as `before` for the next page; `None` on the last page.
    pub next: Option<String>,
}

pub fn list(conn: &mut PgConnection, survey_id: SurveyId, params: &ReportParams, now: DateTime<Utc>) -> Result<AnswerList, AppError> {
    let checked = check(conn, survey_id, params, now)?;
    let scope = checked.scope();
    let total = responses::count_in_scope(conn, &scope)?;
    let found = responses::in_scope(conn, &scope, before(params)?, checked.limit + 1)?;
    let (answers, next) = page(found, checked.limit, |answer| (answer.answered_at, answer.response_id));
    Ok(AnswerList { total, answers, next })
}

/// The parameters checked once, for an export read in batches.
pub fn prepare_export(conn: &mut PgConnection, survey_id: SurveyId, params: &ReportParams, now: DateTime<Utc>) -> Result<Checked, AppError> {
    let params = ReportParams { limit: None, before: None, ..params.clone() };
    check(conn, survey_id, &params, now)
}

/// The next `size` answers of an export after `after` (the last answer of the previous batch).
pub fn export_batch(
    conn: &mut PgConnection,
    checked: &Checked,
    after: Option<(DateTime<Utc>, i64)>,
    size: i64,
) -> Result<Vec<ListedAnswer>, AppError> {
    Ok(responses::in_scope(conn, &checked.scope(), after, size)?)
}
