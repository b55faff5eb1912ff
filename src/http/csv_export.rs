//! CSV downloads: the answers behind a figure, streamed in batches (for the API and the staff
//! pages alike), and small tables such as a chart's data.

use crate::db::responses::ListedAnswer;
use crate::domain::ids::SurveyId;
use crate::error::AppError;
use crate::http::AppState;
use crate::service::drill_down;
use crate::service::report::Checked;
use actix_web::web::Bytes;
use actix_web::{web, HttpResponse};
use chrono::{DateTime, Utc};
use futures_util::stream;

/// Rows read per database round trip while streaming an export.
const EXPORT_BATCH: i64 = 2_000;
const CSV_HEADER: [&str; 9] =
    ["response_id", "answered_at", "score", "reason", "comment", "account_external_id", "account_name", "contact_email", "survey_id"];

/// `excel=1` (or `true`) asks for a file for Excel on Windows.
pub fn wants_excel(value: Option<&str>) -> bool {
    value.is_some_and(|value| matches!(value.trim(), "1" | "true"))
}

/// Where an export stands between batches.
enum Progress {
    Header,
    After(Option<(DateTime<Utc>, i64)>),
    Done,
}

/// The answers of a checked report as a CSV download, read and sent in batches, so that a
/// large export never sits whole in memory. Check the parameters before calling: once the
/// first byte has gone, an error can only cut the file short.
pub fn answers(state: web::Data<AppState>, checked: Checked, excel: bool) -> HttpResponse {
    let survey_id = checked.survey.id;
    let zone = checked.zone;
    let body = stream::unfold(Progress::Header, move |progress| {
        let (state, checked) = (state.clone(), checked.clone());
        async move {
            match progress {
                Progress::Header => {
                    let mut bytes = if excel { "\u{feff}".as_bytes().to_vec() } else { Vec::new() };
                    bytes.extend(rows(excel, &[CSV_HEADER.map(str::to_owned).to_vec()]));
                    Some((Ok::<_, AppError>(Bytes::from(bytes)), Progress::After(None)))
                }
                Progress::After(after) => match next_batch(&state, checked, after).await {
                    Ok(batch) if batch.is_empty() => None,
                    Ok(batch) => {
                        let last = batch.last().map(|answer| (answer.answered_at, answer.response_id));
                        let lines: Vec<Vec<String>> = batch.iter().map(|answer| fields(answer, survey_id, zone)).collect();
                        let next = if (batch.len() as i64) < EXPORT_BATCH { Progress::Done } else { Progress::After(last) };
                        Some((Ok(Bytes::from(rows(excel, &lines))), next))
                    }
                    // The status line has gone: ending the stream early marks the file incomplete.
                    Err(error) => {
                        tracing::error!(%error, "export stopped");
                        Some((Err(error), Progress::Done))
                    }
                },
                Progress::Done => None,
            }
        }
    });
    HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header(("Content-Disposition", format!("attachment; filename=\"koe-survey-{}-responses.csv\"", survey_id.0)))
        .insert_header(("Cache-Control", "no-store"))
        .streaming(body)
}

/// A small table as a CSV download named `filename`.
pub fn table(filename: &str, excel: bool, table: &[Vec<String>]) -> HttpResponse {
    let mut bytes = if excel { "\u{feff}".as_bytes().to_vec() } else { Vec::new() };
    bytes.extend(rows(excel, table));
    HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header(("Content-Disposition", format!("attachment; filename=\"{filename}\"")))
        .insert_header(("Cache-Control", "no-store"))
        .body(bytes)
}

async fn next_batch(state: &AppState, checked: Checked, after: Option<(DateTime<Utc>, i64)>) -> Result<Vec<ListedAnswer>, AppError> {
    state.db(move |conn| drill_down::export_batch(conn, &checked, after, EXPORT_BATCH)).await
}

fn fields(answer: &ListedAnswer, survey_id: SurveyId, zone: chrono_tz::Tz) -> Vec<String> {
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
fn rows(excel: bool, rows: &[Vec<String>]) -> Vec<u8> {
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
