use super::ApiClient;
use crate::db::follow_ups::{Listed, OwnerFilter};
use crate::domain::follow_up::{closed_loop_rate, Status};
use crate::error::AppError;
use crate::http::errors::ApiError;
use crate::http::AppState;
use crate::service::follow_ups;
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use serde_json::{json, Value};

#[derive(Debug, Deserialize)]
pub struct ListQuery {
    /// One status; without it, the cases still being worked on (open and contacted).
    status: Option<String>,
}

/// `GET /api/v1/follow-ups?status=`: every owner's cases, soonest due first.
pub async fn list(state: web::Data<AppState>, _client: ApiClient, query: web::Query<ListQuery>) -> Result<HttpResponse, ApiError> {
    let statuses = match query.status.as_deref().map(str::trim).filter(|status| !status.is_empty()) {
        None => vec![Status::Open, Status::Contacted],
        Some(text) => vec![Status::parse(text).ok_or_else(|| {
            AppError::invalid("unknown_status", "status", "status is one of open, contacted, resolved, wont_fix")
        })?],
    };
    let rows = state.db(move |conn| follow_ups::list(conn, OwnerFilter::Everyone, &statuses)).await?;
    let follow_ups: Vec<Value> = rows.iter().map(row).collect();
    Ok(HttpResponse::Ok().json(json!({ "follow_ups": follow_ups })))
}

fn row(listed: &Listed) -> Value {
    let case = &listed.follow_up;
    json!({
        "id": case.id,
        "status": case.status,
        "owner_email": listed.owner_email,
        "account_external_id": listed.account_external_id,
        "contact_email": listed.contact_email,
        "score": listed.score,
        "comment": listed.comment,
        "trigger": case.trigger,
        "due_at": case.due_at,
        "first_contacted_at": case.first_contacted_at,
        "outcome": case.outcome,
        "created_at": case.created_at,
        "updated_at": case.updated_at,
    })
}

#[derive(Debug, Deserialize)]
pub struct ReportQuery {
    from: Option<String>,
    to: Option<String>,
}

/// `GET /api/v1/follow-ups/report?from=&to=`: per month and owner, how the loop was closed.
pub async fn report(state: web::Data<AppState>, _client: ApiClient, query: web::Query<ReportQuery>) -> Result<HttpResponse, ApiError> {
    let ReportQuery { from, to } = query.into_inner();
    let now = chrono::Utc::now();
    let rows = state.db(move |conn| follow_ups::report(conn, from.as_deref(), to.as_deref(), now)).await?;
    let months: Vec<Value> = rows
        .iter()
        .map(|row| {
            json!({
                "month": row.month,
                "owner_email": row.owner_email,
                "cases": row.cases,
                "unfinished": row.unfinished,
                "overdue": row.overdue,
                "median_hours_to_first_contact": row.median_hours_to_first_contact,
                "contacted_in_time": row.contacted_in_time,
                "closed_loop_rate": closed_loop_rate(row.contacted_in_time, row.due_or_contacted),
            })
        })
        .collect();
    Ok(HttpResponse::Ok().json(json!({ "owners_by_month": months })))
}
