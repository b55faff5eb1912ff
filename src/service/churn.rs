//! Customer and revenue churn by month, from the accounts.

use super::report::ReportParams;
use crate::db::accounts::{self, ChurnFilters};
use crate::db::organization;
use crate::domain::fields;
use crate::domain::period::Period;
use crate::domain::stats::ChurnCounts;
use crate::error::AppError;
use chrono::{DateTime, Utc};
use diesel::prelude::*;

#[derive(Debug, Clone)]
pub struct Churn {
    pub period: Period,
    /// Every month of the period, from its first instant in the organisation's zone.
    pub months: Vec<(DateTime<Utc>, ChurnCounts)>,
}

pub fn monthly(conn: &mut PgConnection, params: &ReportParams, now: DateTime<Utc>) -> Result<Churn, AppError> {
    let zone = organization::zone(conn)?;
    let period = Period::parse(params.from.as_deref(), params.to.as_deref(), zone, now)?;
    let filter = |field: &'static str, value: &Option<String>| -> Result<Option<String>, AppError> {
        Ok(fields::optional(field, value.as_deref(), 200)?.map(str::to_owned))
    };
    let filters = ChurnFilters {
        segment: filter("segment", &params.segment)?,
        plan: filter("plan", &params.plan)?,
        owner_email: filter("owner_email", &params.owner_email)?.map(|email| email.to_lowercase()),
    };
    let starts = period.month_starts(zone);
    let rows = accounts::churn_by_period(conn, &starts, period.to, &filters)?;
    let months = rows
        .into_iter()
        .map(|row| {
            let counts = ChurnCounts {
                accounts_at_start: row.accounts_at_start,
                churned: row.churned,
                mrr_at_start: row.mrr_at_start,
                mrr_lost: row.mrr_lost,
            };
            (row.start, counts)
        })
        .collect();
    Ok(Churn { period, months })
}
