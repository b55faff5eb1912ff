//! `/staff/follow-ups/report`: the detractor report as a page, from the same service as the API.

use super::follow_ups::html;
use super::session::Staff;
use crate::db::organization;
use crate::domain::follow_up::closed_loop_rate;
use crate::domain::month::Month;
use crate::http::errors::PageError;
use crate::http::AppState;
use crate::service::follow_ups;
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use chrono::Utc;
use koe_views::staff::{report_page, NavItem, ReportPage, ReportRow};
use serde::Deserialize;

/// Months offered by the filter.
const MONTHS_OFFERED: u32 = 12;

#[derive(Debug, Default, Deserialize)]
pub struct ReportQuery {
    #[serde(default)]
    month: String,
}

/// `GET /staff/follow-ups/report?month=YYYY-MM`: every role reads reports (see `domain::role`);
/// without a readable month, the last twelve.
pub async fn page(state: web::Data<AppState>, staff: Staff, query: web::Query<ReportQuery>) -> Result<HttpResponse, PageError> {
    let lang = staff.lang;
    let month = Month::parse(&query.month);
    let now = Utc::now();
    let (rows, zone) = state
        .db(move |conn| {
            let (from, to) = month.map(|month| (month.first.to_string(), month.last.to_string())).unzip();
            Ok((follow_ups::report(conn, from.as_deref(), to.as_deref(), now)?, organization::zone(conn)?))
        })
        .await
        .map_err(|error| PageError::new(error, lang))?;
    let view = ReportPage {
        frame: staff.frame(NavItem::FollowUps),
        months: Month::recent(now.with_timezone(&zone).date_naive(), MONTHS_OFFERED).iter().map(Month::label).collect(),
        month: month.map(|month| month.label()).unwrap_or_default(),
        rows: rows
            .into_iter()
            .map(|row| ReportRow {
                month: row.month.with_timezone(&zone).format("%Y-%m").to_string(),
                closed_loop_rate: closed_loop_rate(row.contacted_in_time, row.due_or_contacted),
                owner: row.owner_email,
                cases: row.cases,
                unfinished: row.unfinished,
                overdue: row.overdue,
                median_hours_to_first_contact: row.median_hours_to_first_contact,
            })
            .collect(),
    };
    Ok(html(StatusCode::OK, report_page(&view).into_string()))
}
