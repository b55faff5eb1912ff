//! `GET /api/v1/surveys/{id}/keywords…`: keyword reports (any token may read them).

use super::auth::ApiClient;
use super::survey_report;
use crate::domain::ids::SurveyId;
use crate::domain::period::Period;
use crate::http::errors::ApiError;
use crate::http::AppState;
use crate::service::keywords::{self, KeywordReport};
use crate::service::report::ReportParams;
use crate::error::AppError;
use actix_web::{web, HttpResponse};
use chrono::{DateTime, Utc};
use diesel::PgConnection;
use serde_json::{json, Value};

fn period_json(period: &Period) -> Value {
    json!({ "from": period.from, "to": period.to })
}

/// `?category=&mode=top|distinctive&from=&to=&limit=` and the report filters.
pub async fn report(
    state: web::Data<AppState>,
    _client: ApiClient,
    survey_id: web::Path<i64>,
    params: web::Query<ReportParams>,
) -> Result<HttpResponse, ApiError> {
    let report = survey_report(&state, survey_id.into_inner(), params.into_inner(), keywords::report).await?;
    Ok(HttpResponse::Ok().json(report_json(&report)))
}

fn report_json(report: &KeywordReport) -> Value {
    let keywords: Vec<Value> = report
        .keywords
        .iter()
        .map(|row| {
            let mut keyword = json!({ "term": row.term, "responses": row.responses, "share": row.share });
            if let (Some(rest), Some(log_odds), Some(z)) = (row.responses_rest, row.log_odds, row.z) {
                keyword["responses_rest"] = json!(rest);
                keyword["log_odds"] = json!(log_odds);
                keyword["z"] = json!(z);
            }
            keyword
        })
        .collect();
    json!({
        "survey_id": report.survey_id,
        "mode": report.mode.as_str(),
        "category": report.category,
        "period": period_json(&report.period),
        "answers": report.group.answers,
        "answers_with_terms": report.group.with_terms,
        "keywords": keywords,
    })
}

/// A report on one keyword of a survey, as the service offers it.
type TermReport<T> = fn(&mut PgConnection, SurveyId, &str, &ReportParams, DateTime<Utc>) -> Result<T, AppError>;

/// Runs a report on the keyword in the path (`{id}/keywords/{term}`), as of now.
async fn term_report<T: Send + 'static>(
    state: &AppState,
    (survey_id, term): (i64, String),
    params: ReportParams,
    report: TermReport<T>,
) -> Result<T, ApiError> {
    let now = Utc::now();
    Ok(state.db(move |conn| report(conn, SurveyId(survey_id), &term, &params, now)).await?)
}

/// `…/keywords/{term}`: monthly trend and co-occurring keywords.
pub async fn detail(
    state: web::Data<AppState>,
    _client: ApiClient,
    path: web::Path<(i64, String)>,
    params: web::Query<ReportParams>,
) -> Result<HttpResponse, ApiError> {
    let detail = term_report(&state, path.into_inner(), params.into_inner(), keywords::detail).await?;
    let trend: Vec<Value> = detail
        .trend
        .iter()
        .map(|month| {
            let share = if month.with_terms > 0 { month.mentions as f64 / month.with_terms as f64 } else { 0.0 };
            json!({ "start": month.month, "responses": month.mentions, "answers_with_terms": month.with_terms, "share": share })
        })
        .collect();
    let co_occurring: Vec<Value> = detail
        .co_occurring
        .iter()
        .map(|row| json!({ "term": row.term, "responses": row.together, "share": row.share, "lift": row.lift }))
        .collect();
    Ok(HttpResponse::Ok().json(json!({
        "term": detail.term,
        "category": detail.category,
        "period": period_json(&detail.period),
        "responses": detail.responses,
        "trend": trend,
        "co_occurring": co_occurring,
    })))
}

/// `…/keywords/{term}/mentions?before=`: the answers using a keyword, newest first.
pub async fn mentions(
    state: web::Data<AppState>,
    _client: ApiClient,
    path: web::Path<(i64, String)>,
    params: web::Query<ReportParams>,
) -> Result<HttpResponse, ApiError> {
    let found = term_report(&state, path.into_inner(), params.into_inner(), keywords::mentions).await?;
    let mentions: Vec<Value> = found
        .mentions
        .iter()
        .map(|row| {
            json!({
                "response_id": row.mention.response_id,
                "answered_at": row.mention.answered_at,
                "score": row.mention.score,
                "reason": row.mention.reason,
                "comment": row.mention.comment,
                "snippet": {
                    "before": row.snippet.before,
                    "match": row.snippet.matched,
                    "after": row.snippet.after,
                    "cut_before": row.snippet.cut_before,
                    "cut_after": row.snippet.cut_after,
                },
            })
        })
        .collect();
    Ok(HttpResponse::Ok().json(json!({ "term": found.term, "mentions": mentions, "next": found.next })))
}
