//! `GET /api/v1/surveys/{id}/responses` (JSON, paged) and `…/responses.csv` (streamed): the
//! answers behind a figure, with the report's period, filters and group.

use super::auth::ApiClient;
use super::survey_report;
use crate::db::responses::ListedAnswer;
use crate::domain::ids::SurveyId;
use crate::http::errors::ApiError;
use crate::http::AppState;
use crate::service::drill_down;
use crate::service::report::{Checked, ReportParams};
use actix_web::web::Bytes;
use actix_web::{web, HttpResponse};
use chrono::{DateTime, Utc};
use futures_util::stream;
use serde::Deserialize;
use serde_json::json;

/// Rows read per database round trip while streaming an export.
const EXPORT_BATCH: i64 = 2_000;
const CSV_HEADER: [&str; 9] =
    ["response_id", "answered_at", "score", "reason", "comment", "account_external_id", "account_name", "contact_email", "survey_id"];

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

/// Where an export stands between batches.
enum Progress {
    Header,
    After(Option<(DateTime<Utc>, i64)>),
    Done,
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
    let excel = options.excel.as_deref().is_some_and(|value| matches!(value, "1" | "true"));
    let zone = checked.zone;
    let body = stream::unfold(Progress::Header, move |progress| {
        let (state, checked) = (state.clone(), checked.clone());
        async move {
            match progress {
                Progress::Header => {
                    let mut bytes = if excel { "\u{feff}".as_bytes().to_vec() } else { Vec::new() };
                    bytes.extend(csv_rows(excel, &[CSV_HEADER.map(str::to_owned).to_vec()]));
                    Some((Ok::<_, ApiError>(Bytes::from(bytes)), Progress::After(None)))
                }
                Progress::After(after) => match next_batch(&state, checked, after).await {
                    Ok(batch) if batch.is_empty() => None,
                    Ok(batch) => {
                        let last = batch.last().map(|answer| (answer.answered_at, answer.response_id));
                        let rows: Vec<Vec<String>> = batch.iter().map(|answer| csv_fields(answer, survey_id, zone)).collect();
                        let next = if (batch.len() as i64) < EXPORT_BATCH { Progress::Done } else { Progress::After(last) };
                        Some((Ok(Bytes::from(csv_rows(excel, &rows))), next))
                    }
                    // The status line has gone: ending the stream early marks the file incomplete.
                    Err(error) => Some((Err(error), Progress::Done)),
                },
                Progress::Done => None,
            }
        }
    });
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header(("Content-Disposition", format!("attachment; filename=\"koe-survey-{}-responses.csv\"", survey_id.0)))
        .insert_header(("Cache-Control", "no-store"))
        .streaming(body))
}

async fn next_batch(state: &AppState, checked: Checked, after: Option<(DateTime<Utc>, i64)>) -> Result<Vec<ListedAnswer>, ApiError> {
    Ok(state.db(move |conn| drill_down::export_batch(conn, &checked, after, EXPORT_BATCH)).await?)
}

fn csv_fields(answer: &ListedAnswer, survey_id: SurveyId, zone: chrono_tz::Tz) -> Vec<String> {
    let text = |value: &Option<String>| value.clone().unwrap_or_default();
    vec![
        answer.response_id.to_string(),
        answer.answered_at.with_timezone(&zone).to_rfc3339(),
        answer.score.map(|score| score.to_string()).unwrap_or_default(),
        text(&answer.reason),
        text(&answer.comment),
        text(&answer.account_external_id),
        text(&answer.account_name),
        text(&answer.contact_email),
        survey_id.0.to_string(),
    ]
}

/// Rows as CSV (RFC 4180 quoting by the csv crate). For Excel: CRLF line ends, and a cell a
/// customer typed that starts like a formula (`=`, `+`, `-`, `@`) gets a leading `'`, so that
/// opening the file never runs what a hostile comment planted (OWASP: CSV injection).
fn csv_rows(excel: bool, rows: &[Vec<String>]) -> Vec<u8> {
    let terminator = if excel { csv::Terminator::CRLF } else { csv::Terminator::Any(b'\n') };
    let mut writer = csv::WriterBuilder::new().terminator(terminator).from_writer(Vec::new());
    for row in rows {
        let cells = row.iter().map(|cell| match cell.chars().next() {
            Some('=' | '+' | '-' | '@' | '\t' | '\r') if excel => format!("'{cell}"),
            _ => cell.clone(),
        });
        // Writing to memory cannot fail for I/O reasons; a row that still fails is skipped, not a panic.
        let _ = writer.write_record(cells);
    }
    writer.into_inner().unwrap_or_default()
}
