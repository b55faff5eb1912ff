//! `GET /api/v1/churn`: customer and revenue churn by month (any token may read it).

use super::auth::ApiClient;
use crate::http::errors::ApiError;
use crate::http::AppState;
use crate::service::churn;
use crate::service::report::ReportParams;
use actix_web::{web, HttpResponse};
use serde_json::{json, Value};

/// `GET /api/v1/churn?from=&to=&segment=&plan=&owner_email=`: customer and revenue churn by month.
pub async fn monthly(state: web::Data<AppState>, _client: ApiClient, params: web::Query<ReportParams>) -> Result<HttpResponse, ApiError> {
    let params = params.into_inner();
    let now = chrono::Utc::now();
    let found = state.db(move |conn| churn::monthly(conn, &params, now)).await?;
    let months: Vec<Value> = found
        .months
        .iter()
        .map(|(start, counts)| {
            json!({
                "start": start,
                "accounts_at_start": counts.accounts_at_start,
                "churned": counts.churned,
                "customer_churn_rate": counts.customer_churn_rate(),
                "mrr_at_start": counts.mrr_at_start,
                "mrr_lost": counts.mrr_lost,
                "revenue_churn_rate": counts.revenue_churn_rate(),
            })
        })
        .collect();
    Ok(HttpResponse::Ok().json(json!({ "period": { "from": found.period.from, "to": found.period.to }, "months": months })))
}
