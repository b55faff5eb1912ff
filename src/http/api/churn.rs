//! `GET /api/v1/churn`: customer and revenue churn by month (any token may read it).

use super::auth::ApiClient;
use super::PeriodBody;
use crate::http::errors::ApiError;
use crate::http::AppState;
use crate::service::churn;
use crate::service::report::ReportParams;
use actix_web::{web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

/// One month's churn.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChurnMonth {
    start: DateTime<Utc>,
    accounts_at_start: i64,
    churned: i64,
    /// Per cent; null without accounts at the start.
    customer_churn_rate: Option<f64>,
    mrr_at_start: i64,
    mrr_lost: i64,
    /// Per cent; null without MRR at the start.
    revenue_churn_rate: Option<f64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ChurnReport {
    period: PeriodBody,
    months: Vec<ChurnMonth>,
}

/// Customer and revenue churn by month, from the accounts.
#[utoipa::path(get, path = "/churn",
    params(
        ("from" = Option<String>, Query, description = "First day; default: twelve calendar months before `to`."),
        ("to" = Option<String>, Query, description = "Last day included; default: now."),
        ("segment" = Option<String>, Query, description = "Only accounts in this segment."),
        ("plan" = Option<String>, Query, description = "Only accounts on this plan."),
        ("owner_email" = Option<String>, Query, description = "Only accounts owned by this staff user."),
    ),
    responses((status = 200, description = "Every month of the period", body = ChurnReport))
)]
pub async fn monthly(state: web::Data<AppState>, _client: ApiClient, params: web::Query<ReportParams>) -> Result<HttpResponse, ApiError> {
    let params = params.into_inner();
    let now = Utc::now();
    let found = state.db(move |conn| churn::monthly(conn, &params, now)).await?;
    let months = found
        .months
        .iter()
        .map(|(start, counts)| ChurnMonth {
            start: *start,
            accounts_at_start: counts.accounts_at_start,
            churned: counts.churned,
            customer_churn_rate: counts.customer_churn_rate(),
            mrr_at_start: counts.mrr_at_start,
            mrr_lost: counts.mrr_lost,
            revenue_churn_rate: counts.revenue_churn_rate(),
        })
        .collect();
    Ok(HttpResponse::Ok().json(ChurnReport { period: PeriodBody::from(&found.period), months }))
}
