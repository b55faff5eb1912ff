//! `GET /api/v1/surveys/{id}/keywords…`: keyword reports (any token may read them).

use super::auth::ApiClient;
use super::{survey_report, PeriodBody};
use crate::domain::ids::SurveyId;
use crate::error::AppError;
use crate::http::errors::ApiError;
use crate::http::AppState;
use crate::service::keywords::{self, KeywordReport, KeywordRow, Mode};
use crate::service::report::ReportParams;
use actix_web::{web, HttpResponse};
use chrono::{DateTime, Utc};
use diesel::PgConnection;
use serde::Serialize;
use utoipa::ToSchema;

/// A keyword of a respondent group.
#[derive(Debug, Serialize, ToSchema)]
pub struct Keyword {
    term: String,
    /// Answers of the group mentioning it (each answer counts once).
    responses: i64,
    /// Of the group's answers with analysable comments, the share mentioning it.
    share: f64,
    /// Distinctive mode: the other answers mentioning it.
    #[serde(skip_serializing_if = "Option::is_none")]
    responses_rest: Option<i64>,
    /// Distinctive mode: log-odds of the group against the rest.
    #[serde(skip_serializing_if = "Option::is_none")]
    log_odds: Option<f64>,
    /// Distinctive mode: the log-odds' z-score.
    #[serde(skip_serializing_if = "Option::is_none")]
    z: Option<f64>,
}

impl From<&KeywordRow> for Keyword {
    fn from(row: &KeywordRow) -> Keyword {
        // The three distinctive figures come together or not at all.
        let distinctive = row.responses_rest.zip(row.log_odds).zip(row.z);
        Keyword {
            term: row.term.clone(),
            responses: row.responses,
            share: row.share,
            responses_rest: distinctive.map(|((rest, _), _)| rest),
            log_odds: distinctive.map(|((_, log_odds), _)| log_odds),
            z: distinctive.map(|(_, z)| z),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Keywords {
    survey_id: i64,
    #[schema(schema_with = crate::service::schema::keyword_mode)]
    mode: &'static str,
    category: Option<String>,
    period: PeriodBody,
    /// Answers in the group.
    answers: i64,
    /// Of those, answers whose comment gave at least one term.
    answers_with_terms: i64,
    /// Best first.
    keywords: Vec<Keyword>,
}

impl From<&KeywordReport> for Keywords {
    fn from(report: &KeywordReport) -> Keywords {
        Keywords {
            survey_id: report.survey_id.0,
            mode: report.mode.as_str(),
            category: report.category.clone(),
            period: PeriodBody::from(&report.period),
            answers: report.group.answers,
            answers_with_terms: report.group.with_terms,
            keywords: report.keywords.iter().map(Keyword::from).collect(),
        }
    }
}

/// Top or distinctive keywords of a respondent group.
#[utoipa::path(get, path = "/surveys/{id}/keywords", params(("id" = i64, Path, description = "The survey"), ReportParams, ("mode" = Option<Mode>, Query), ("limit" = Option<String>, Query, pattern = "^([1-9][0-9]?|1[0-9][0-9]|200)?$", description = "How many rows, 1 to 200; default 20.")), responses(
    (status = 200, description = "The keywords", body = Keywords),
))]
pub async fn report(
    state: web::Data<AppState>,
    _client: ApiClient,
    survey_id: web::Path<i64>,
    params: web::Query<ReportParams>,
) -> Result<HttpResponse, ApiError> {
    let report = survey_report(&state, survey_id.into_inner(), params.into_inner(), keywords::report).await?;
    Ok(HttpResponse::Ok().json(Keywords::from(&report)))
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

/// A month of a keyword's trend.
#[derive(Debug, Serialize, ToSchema)]
pub struct KeywordMonth {
    start: DateTime<Utc>,
    /// Answers mentioning the keyword.
    responses: i64,
    answers_with_terms: i64,
    /// `responses` of `answers_with_terms`; 0 in a month without analysable answers.
    share: f64,
}

/// A term said in the same answers as the keyword.
#[derive(Debug, Serialize, ToSchema)]
pub struct CoOccurring {
    term: String,
    /// Answers mentioning both.
    responses: i64,
    /// Of the answers mentioning the keyword, the share that also mention this term.
    share: f64,
    /// How much more often the two meet than if they were unrelated (1 = by chance).
    lift: f64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct KeywordDetail {
    term: String,
    category: Option<String>,
    period: PeriodBody,
    responses: i64,
    /// Every month of the period.
    trend: Vec<KeywordMonth>,
    co_occurring: Vec<CoOccurring>,
}

/// A keyword's monthly trend and the keywords said with it.
#[utoipa::path(get, path = "/surveys/{id}/keywords/{term}", params(("id" = i64, Path, description = "The survey"), ("term" = String, Path), ReportParams, ("limit" = Option<String>, Query, pattern = "^([1-9][0-9]?|1[0-9][0-9]|200)?$", description = "How many rows, 1 to 200; default 20.")), responses(
    (status = 200, description = "The keyword", body = KeywordDetail),
))]
pub async fn detail(
    state: web::Data<AppState>,
    _client: ApiClient,
    path: web::Path<(i64, String)>,
    params: web::Query<ReportParams>,
) -> Result<HttpResponse, ApiError> {
    let detail = term_report(&state, path.into_inner(), params.into_inner(), keywords::detail).await?;
    let trend = detail
        .trend
        .iter()
        .map(|month| KeywordMonth {
            start: month.month,
            responses: month.mentions,
            answers_with_terms: month.with_terms,
            share: if month.with_terms > 0 { month.mentions as f64 / month.with_terms as f64 } else { 0.0 },
        })
        .collect();
    let co_occurring = detail
        .co_occurring
        .iter()
        .map(|row| CoOccurring { term: row.term.clone(), responses: row.together, share: row.share, lift: row.lift })
        .collect();
    Ok(HttpResponse::Ok().json(KeywordDetail {
        term: detail.term,
        category: detail.category,
        period: PeriodBody::from(&detail.period),
        responses: detail.responses,
        trend,
        co_occurring,
    }))
}

/// Where the keyword stands in the comment.
#[derive(Debug, Serialize, ToSchema)]
pub struct Snippet {
    before: String,
    /// The occurrence as typed; empty when it could not be placed.
    #[serde(rename = "match")]
    matched: String,
    after: String,
    /// Text was left out before `before`.
    cut_before: bool,
    /// Text was left out after `after`.
    cut_after: bool,
}

/// An answer that uses the keyword.
#[derive(Debug, Serialize, ToSchema)]
pub struct Mention {
    response_id: i64,
    answered_at: DateTime<Utc>,
    score: Option<i16>,
    reason: Option<String>,
    comment: String,
    snippet: Snippet,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Mentions {
    term: String,
    /// Newest first.
    mentions: Vec<Mention>,
    /// Pass as `before` for the next page; null on the last page.
    next: Option<String>,
}

/// The answers that use a keyword, newest first, with a snippet.
#[utoipa::path(get, path = "/surveys/{id}/keywords/{term}/mentions", params(("id" = i64, Path, description = "The survey"), ("term" = String, Path), ReportParams, ("limit" = Option<String>, Query, pattern = "^([1-9][0-9]?|1[0-9][0-9]|200)?$", description = "How many rows, 1 to 200; default 20."), ("before" = Option<String>, Query, description = "The `next` of the previous page.")), responses(
    (status = 200, description = "A page of mentions", body = Mentions),
))]
pub async fn mentions(
    state: web::Data<AppState>,
    _client: ApiClient,
    path: web::Path<(i64, String)>,
    params: web::Query<ReportParams>,
) -> Result<HttpResponse, ApiError> {
    let found = term_report(&state, path.into_inner(), params.into_inner(), keywords::mentions).await?;
    let mentions = found
        .mentions
        .into_iter()
        .map(|row| Mention {
            response_id: row.mention.response_id,
            answered_at: row.mention.answered_at,
            score: row.mention.score,
            reason: row.mention.reason,
            comment: row.mention.comment,
            snippet: Snippet {
                before: row.snippet.before,
                matched: row.snippet.matched,
                after: row.snippet.after,
                cut_before: row.snippet.cut_before,
                cut_after: row.snippet.cut_after,
            },
        })
        .collect();
    Ok(HttpResponse::Ok().json(Mentions { term: found.term, mentions, next: found.next }))
}
