//! `GET /api/v1/surveys/{id}/responses` (JSON, paged) and `…/responses.csv` (streamed): the
//! answers behind a figure, with the report's period, filters and group.

use super::auth::ApiClient;
use super::survey_report;
use crate::db::responses::ListedAnswer;
use crate::domain::ids::SurveyId;
use crate::http::csv_export;
use crate::http::errors::ApiError;
use crate::http::AppState;
use crate::service::drill_down;
use crate::service::report::ReportParams;
use actix_web::{web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// One answer behind a figure.
#[derive(Debug, Serialize, ToSchema)]
pub struct Answer {
    response_id: i64,
    answered_at: DateTime<Utc>,
    score: Option<i16>,
    /// Exit surveys: the reason's code.
    reason: Option<String>,
    comment: Option<String>,
    account_external_id: Option<String>,
    account_name: Option<String>,
    contact_email: Option<String>,
}

impl From<ListedAnswer> for Answer {
    fn from(answer: ListedAnswer) -> Answer {
        Answer {
            response_id: answer.response_id,
            answered_at: answer.answered_at,
            score: answer.score,
            reason: answer.reason,
            comment: answer.comment,
            account_external_id: answer.account_external_id,
            account_name: answer.account_name,
            contact_email: answer.contact_email,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AnswerPage {
    /// Every answer behind the figure, across all pages.
    total: i64,
    /// Newest first.
    responses: Vec<Answer>,
    /// Pass as `before` for the next page; null on the last page.
    next: Option<String>,
}

/// The answers behind a figure (same period, filters and category), newest first.
#[utoipa::path(get, path = "/surveys/{id}/responses", params(("id" = i64, Path, description = "The survey"), ReportParams, ("limit" = Option<String>, Query, pattern = "^([1-9][0-9]?|1[0-9][0-9]|200)?$", description = "How many rows, 1 to 200; default 20."), ("before" = Option<String>, Query, description = "The `next` of the previous page.")), responses(
    (status = 200, description = "A page of answers", body = AnswerPage),
))]
pub async fn list(
    state: web::Data<AppState>,
    _client: ApiClient,
    survey_id: web::Path<i64>,
    params: web::Query<ReportParams>,
) -> Result<HttpResponse, ApiError> {
    let found = survey_report(&state, survey_id.into_inner(), params.into_inner(), drill_down::list).await?;
    Ok(HttpResponse::Ok().json(AnswerPage {
        total: found.total,
        responses: found.answers.into_iter().map(Answer::from).collect(),
        next: found.next,
    }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportOptions {
    /// `1`: for Excel on Windows (a UTF-8 byte-order mark, CRLF line ends, formulas defused).
    excel: Option<String>,
}

/// The same answers as CSV, streamed.
#[utoipa::path(get, path = "/surveys/{id}/responses.csv", params(("id" = i64, Path, description = "The survey"), ReportParams, ExportOptions), responses(
    (status = 200, description = "CSV, one answer a row", content_type = "text/csv", body = String),
))]
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
