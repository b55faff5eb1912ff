use super::ApiClient;
use crate::db::follow_ups::{Listed, OwnerFilter, OwnerMonth};
use crate::domain::follow_up::{closed_loop_rate, Status};
use crate::error::AppError;
use crate::http::errors::ApiError;
use crate::http::AppState;
use crate::service::follow_ups;
use actix_web::{web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    #[param(schema_with = crate::service::schema::follow_up_status)]
    status: Option<String>,
}

/// A case: someone should call the customer behind a low score.
#[derive(Debug, Serialize, ToSchema)]
pub struct FollowUp {
    id: i64,
    #[schema(schema_with = crate::service::schema::follow_up_status)]
    status: String,
    /// Null: the shared queue (the account has no owner).
    owner_email: Option<String>,
    account_external_id: Option<String>,
    contact_email: Option<String>,
    score: Option<i16>,
    comment: Option<String>,
    /// Why the case was opened, e.g. `detractor`.
    trigger: String,
    due_at: DateTime<Utc>,
    first_contacted_at: Option<DateTime<Utc>>,
    outcome: Option<String>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl From<Listed> for FollowUp {
    fn from(listed: Listed) -> FollowUp {
        let case = listed.follow_up;
        FollowUp {
            id: case.id.0,
            status: case.status,
            owner_email: listed.owner_email,
            account_external_id: listed.account_external_id,
            contact_email: listed.contact_email,
            score: listed.score,
            comment: listed.comment,
            trigger: case.trigger,
            due_at: case.due_at,
            first_contacted_at: case.first_contacted_at,
            outcome: case.outcome,
            created_at: case.created_at,
            updated_at: case.updated_at,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FollowUpList {
    /// Soonest due first.
    follow_ups: Vec<FollowUp>,
}

/// Follow-up cases of every owner, soonest due first.
#[utoipa::path(get, path = "/follow-ups", params(ListQuery), responses((status = 200, description = "The cases", body = FollowUpList)))]
pub async fn list(state: web::Data<AppState>, _client: ApiClient, query: web::Query<ListQuery>) -> Result<HttpResponse, ApiError> {
    let statuses = match query.status.as_deref().map(str::trim).filter(|status| !status.is_empty()) {
        None => vec![Status::Open, Status::Contacted],
        Some(text) => vec![Status::parse(text).ok_or_else(|| {
            AppError::invalid("unknown_status", "status", "status is one of open, contacted, resolved, wont_fix")
        })?],
    };
    let rows = state.db(move |conn| follow_ups::list(conn, OwnerFilter::Everyone, &statuses)).await?;
    Ok(HttpResponse::Ok().json(FollowUpList { follow_ups: rows.into_iter().map(FollowUp::from).collect() }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportQuery {
    /// First day; default: twelve calendar months before `to`.
    from: Option<String>,
    /// Last day included; default: now.
    to: Option<String>,
}

/// How one owner closed the loop in one month.
#[derive(Debug, Serialize, ToSchema)]
pub struct OwnerMonthRow {
    month: DateTime<Utc>,
    /// Null: the shared queue.
    owner_email: Option<String>,
    cases: i64,
    unfinished: i64,
    /// Still open (nobody called) past their due time.
    overdue: i64,
    median_hours_to_first_contact: Option<f64>,
    contacted_in_time: i64,
    /// Per cent of the cases due (or contacted) that were contacted in time.
    closed_loop_rate: Option<f64>,
}

impl From<&OwnerMonth> for OwnerMonthRow {
    fn from(row: &OwnerMonth) -> OwnerMonthRow {
        OwnerMonthRow {
            month: row.month,
            owner_email: row.owner_email.clone(),
            cases: row.cases,
            unfinished: row.unfinished,
            overdue: row.overdue,
            median_hours_to_first_contact: row.median_hours_to_first_contact,
            contacted_in_time: row.contacted_in_time,
            closed_loop_rate: closed_loop_rate(row.contacted_in_time, row.due_or_contacted),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FollowUpReport {
    owners_by_month: Vec<OwnerMonthRow>,
}

/// Per month and owner: cases, unfinished, overdue, median hours to first contact, closed-loop rate.
#[utoipa::path(get, path = "/follow-ups/report", params(ReportQuery), responses(
    (status = 200, description = "The rows", body = FollowUpReport),
))]
pub async fn report(state: web::Data<AppState>, _client: ApiClient, query: web::Query<ReportQuery>) -> Result<HttpResponse, ApiError> {
    let ReportQuery { from, to } = query.into_inner();
    let now = Utc::now();
    let rows = state.db(move |conn| follow_ups::report(conn, from.as_deref(), to.as_deref(), now)).await?;
    Ok(HttpResponse::Ok().json(FollowUpReport { owners_by_month: rows.iter().map(OwnerMonthRow::from).collect() }))
}
