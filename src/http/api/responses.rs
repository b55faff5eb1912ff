//! `GET /api/v1/surveys/{id}/responses` (JSON, paged) and `…/responses.csv` (streamed): the
//! answers behind a figure, with the report's period, filters and group.

use super::auth::ApiClient;
use super::survey_report;
use crate::domain::ids::SurveyId;
use crate::http::csv_export;
use crate::http::errors::ApiError;
use crate::http::AppState;
use crate::service::drill_down;
use crate::service::report::ReportParams;
use actix_web::{web, HttpResponse};
use chrono::Utc;
use serde::Deserialize;
use serde_json::json;

pub async fn list(
    state: web::Data<AppState>,
    _client: ApiClient,
    survey_id: web::Path<i64>,
    params: web::Query<ReportParams>,
) -> Result<HttpResponse, ApiError> {
    let found = survey_report(&state, survey_id.into_inner(), params.into_inner(), drill_down::list).await?;
    let answers: Vec<_> = found
        .answers
        .iter()
        .map(|answer| {
            json!({
                "response_id": answer.response_id,
                "answered_at": answer.answered_at,
                "score": answer.score,
                "reason": answer.reason,
                "comment": answer.comment,
                "account_external_id": answer.account_external_id,
                "account_name": answer.account_name,
                "contact_email": answer.contact_email,
            })
        })
        .collect();
    Ok(HttpResponse::Ok().json(json!({ "total": found.total, "responses": answers, "next": found.next })))
}

#[derive(Debug, Deserialize)]
pub struct ExportOptions {
    /// `1`: for Excel on Windows (a UTF-8 byte-order mark and CRLF line ends).
    excel: Option<String>,
}

pub async fn export(
    state: web::Data<AppState>,
    _client: ApiClient,
    survey_id: web::Path<i64>,
    params: web::Query<ReportParams>,
    options: web::Query<ExportOptions>,
) -> Result<HttpResponse, ApiError> {
    let survey_id = SurveyId(survey_id.into_inner());
    let params = params.into_inner();
    let now = Utc::now();
    // Bad parameters are refused before the first byte goes out.
    let checked = state.db(move |conn| drill_down::prepare_export(conn, survey_id, &params, now)).await?;
    Ok(csv_export::answers(state, checked, csv_export::wants_excel(options.excel.as_deref())))
}
