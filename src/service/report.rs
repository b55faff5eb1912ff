//! What every report shares: its query parameters, checked against the survey.

use crate::db::keywords::MonthRange;
use crate::db::organization;
use crate::db::report_scope::Scope;
use crate::db::surveys::{self, Survey};
use crate::domain::fields;
use crate::domain::ids::SurveyId;
use crate::domain::keywords::Category;
use crate::domain::period::{Period, PeriodError};
use crate::error::AppError;
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use diesel::prelude::*;
use serde::Deserialize;

const DEFAULT_LIMIT: i64 = 20;
const MAX_LIMIT: i64 = 200;

/// A report's query parameters, as sent (each report reads those it needs).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ReportParams {
    pub category: Option<String>,
    pub mode: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub limit: Option<String>,
    pub segment: Option<String>,
    pub plan: Option<String>,
    pub owner_email: Option<String>,
    pub stage: Option<String>,
    /// Mentions only: continue after this cursor (`next` of the previous page).
    pub before: Option<String>,
    /// Trends: `week` or `month`.
    pub interval: Option<String>,
}

/// Parameters checked against the survey.
#[derive(Debug, Clone)]
pub(crate) struct Checked {
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
    let period = Period::parse(params.from.as_deref(), params.to.as_deref(), zone, now)
        .map_err(|error| {
            let field = match error {
                PeriodError::Unreadable(field) => field,
                PeriodError::Reversed | PeriodError::TooLong => "from",
            };
            AppError::invalid("invalid_period", field, error.to_string())
        })?;
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

