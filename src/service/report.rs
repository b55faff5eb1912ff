//! What every report shares: its query parameters, checked against the survey.

use crate::db::keywords::MonthRange;
use crate::db::organization;
use crate::db::report_scope::Scope;
use crate::db::surveys::{self, Survey};
use crate::domain::fields;
use crate::domain::ids::SurveyId;
use crate::domain::keywords::Category;
use crate::domain::period::Period;
use crate::error::AppError;
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use diesel::prelude::*;
use serde::Deserialize;

const DEFAULT_LIMIT: i64 = 20;
const MAX_LIMIT: i64 = 200;

/// A report's query parameters, as sent (each report reads those it needs).
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportParams {
    /// Keywords, answers and mentions: promoter|passive|detractor (NPS),
    /// dissatisfied|neutral|satisfied (CSAT), or an exit reason's code.
    pub category: Option<String>,
    /// Keywords only (documented there).
    #[param(ignore)]
    pub mode: Option<String>,
    /// First day (YYYY-MM-DD, in the organisation's time zone) or an RFC 3339 time; default:
    /// twelve calendar months before `to`.
    pub from: Option<String>,
    /// Last day included, or an RFC 3339 time; default: now.
    pub to: Option<String>,
    /// Lists and rankings only (documented there).
    #[param(ignore)]
    pub limit: Option<String>,
    /// Only accounts in this segment.
    pub segment: Option<String>,
    /// Only accounts on this plan.
    pub plan: Option<String>,
    /// Only accounts owned by this staff user.
    pub owner_email: Option<String>,
    /// Only accounts in this lifecycle stage.
    pub stage: Option<String>,
    /// Answers and mentions only: continue after this cursor (`next` of the previous page).
    #[param(ignore)]
    pub before: Option<String>,
    /// Trends only: `week` or `month`.
    #[param(ignore)]
    pub interval: Option<String>,
}

/// Parameters checked against the survey.
#[derive(Debug, Clone)]
pub struct Checked {
    pub survey: Survey,
    pub category: Option<Category>,
    pub period: Period,
    pub zone: Tz,
    pub now: DateTime<Utc>,
    pub limit: i64,
    segment: Option<String>,
    plan: Option<String>,
    owner_email: Option<String>,
    stage: Option<String>,
}

impl Checked {
    pub fn scope(&self) -> Scope<'_> {
        Scope {
            survey_id: self.survey.id.0,
            period: self.period,
            segment: self.segment.as_deref(),
            plan: self.plan.as_deref(),
            owner_email: self.owner_email.as_deref(),
            stage: self.stage.as_deref(),
            category: self.category.as_ref().map(Category::selector),
        }
    }

    /// The same report over another period.
    pub fn with_period(&self, period: Period) -> Checked {
        Checked { period, ..self.clone() }
    }

    /// Whether the report looks only at some accounts' answers (counts kept per survey cannot answer it).
    fn filters_accounts(&self) -> bool {
        self.segment.is_some() || self.plan.is_some() || self.owner_email.is_some() || self.stage.is_some()
    }

    /// The monthly counts answer a report that covers whole months and filters no accounts.
    pub fn month_range(&self) -> Option<MonthRange<'_>> {
        if self.filters_accounts() {
            return None;
        }
        let (from, to) = self.period.whole_months(self.zone, self.now)?;
        Some(MonthRange { survey_id: self.survey.id.0, from, to, category: self.category.as_ref().map(Category::name) })
    }

    /// The daily counts answer a report that covers whole days and filters no accounts.
    pub fn day_range(&self) -> Option<(NaiveDate, NaiveDate)> {
        if self.filters_accounts() {
            return None;
        }
        self.period.whole_days(self.zone, self.now)
    }
}

pub(crate) fn check(conn: &mut PgConnection, survey_id: SurveyId, params: &ReportParams, now: DateTime<Utc>) -> Result<Checked, AppError> {
    let survey = surveys::find(conn, survey_id)?;
    let kind = survey.kind();
    let reason_codes: Vec<String> = survey.exit_reasons().into_iter().map(|reason| reason.code).collect();
    let category = match params.category.as_deref().map(str::trim).filter(|text| !text.is_empty()) {
        None => None,
        Some(text) => Some(Category::parse(kind, text, &reason_codes).ok_or_else(|| {
            AppError::invalid("invalid_category", "category", format!("category must be {}", Category::names(kind)))
        })?),
    };
    let zone = organization::zone(conn)?;
    let period = Period::parse(params.from.as_deref(), params.to.as_deref(), zone, now)?;
    let limit = match params.limit.as_deref().map(str::trim) {
        None | Some("") => DEFAULT_LIMIT,
        Some(text) => text
            .parse::<i64>()
            .ok()
            .filter(|limit| (1..=MAX_LIMIT).contains(limit))
            .ok_or_else(|| AppError::invalid("out_of_range", "limit", format!("limit must be from 1 to {MAX_LIMIT}")))?,
    };
    let filter = |field: &'static str, value: &Option<String>| -> Result<Option<String>, AppError> {
        Ok(fields::optional(field, value.as_deref(), 200)?.map(str::to_owned))
    };
    Ok(Checked {
        category,
        period,
        zone,
        now,
        limit,
        segment: filter("segment", &params.segment)?,
        plan: filter("plan", &params.plan)?,
        owner_email: filter("owner_email", &params.owner_email)?.map(|email| email.to_lowercase()),
        stage: filter("stage", &params.stage)?,
        survey,
    })
}


/// Where a newest-first listing continues: the `before` parameter, read.
pub(crate) fn before(params: &ReportParams) -> Result<Option<(DateTime<Utc>, i64)>, AppError> {
    match params.before.as_deref().map(str::trim).filter(|text| !text.is_empty()) {
        None => Ok(None),
        Some(cursor) => parse_cursor(cursor)
            .map(Some)
            .ok_or_else(|| AppError::invalid("invalid_cursor", "before", "before must be the `next` value of a previous page")),
    }
}

/// Cuts rows fetched with `limit + 1` down to a page, with the cursor of the next page when
/// there is one (`key`: the row's time and id, the listing's order).
pub(crate) fn page<T>(mut rows: Vec<T>, limit: i64, key: impl Fn(&T) -> (DateTime<Utc>, i64)) -> (Vec<T>, Option<String>) {
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    let has_more = rows.len() > limit;
    rows.truncate(limit);
    let next = if has_more { rows.last().map(|last| cursor(key(last))) } else { None };
    (rows, next)
}

fn cursor((at, id): (DateTime<Utc>, i64)) -> String {
    format!("{}_{id}", at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true))
}

fn parse_cursor(text: &str) -> Option<(DateTime<Utc>, i64)> {
    let (at, id) = text.rsplit_once('_')?;
    Some((DateTime::parse_from_rfc3339(at).ok()?.with_timezone(&Utc), id.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_garbage_is_refused() {
        let at = DateTime::parse_from_rfc3339("2026-05-01T09:30:00.123456Z").map(|at| at.with_timezone(&Utc)).unwrap();
        assert_eq!(parse_cursor(&cursor((at, 42))), Some((at, 42)));
        for bad in ["", "abc", "2026-05-01_x", "_5", "2026-05-01T09:30:00Z"] {
            assert_eq!(parse_cursor(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_page_says_whether_more_follow() {
        let at = DateTime::<Utc>::UNIX_EPOCH;
        let (rows, next) = page(vec![3, 2, 1], 2, |id| (at, *id));
        assert_eq!((rows, next.as_deref()), (vec![3, 2], Some("1970-01-01T00:00:00.000000Z_2")));
        let (rows, next) = page(vec![3, 2], 2, |id| (at, *id));
        assert_eq!((rows, next), (vec![3, 2], None));
    }
}
