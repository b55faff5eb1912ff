//! The JSON API under /api/v1 for CRMs and scripts: bearer tokens, JSON bodies, and errors
//! as `{"error": {"code", "message"}}`.

mod accounts;
mod auth;
mod churn;
mod contacts;
mod dictionary;
mod follow_ups;
mod invitations;
mod keywords;
mod openapi;
mod responses;
mod scores;
mod surveys;
mod webhooks;

use super::errors::{api_request_error, ApiError};
use crate::domain::ids::SurveyId;
use crate::domain::period::Period;
use crate::error::AppError;
use crate::http::AppState;
use crate::service::report::ReportParams;
use chrono::{DateTime, Utc};
use diesel::PgConnection;
use actix_web::error::JsonPayloadError;
use actix_web::http::StatusCode;
use actix_web::web;
use serde::Serialize;

/// JSON bodies are small records; anything larger is a mistake or an attack.
const MAX_JSON_BYTES: usize = 64 * 1024;

pub use auth::ApiClient;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.app_data(json_config())
        .app_data(web::PathConfig::default().error_handler(|_, _| ApiError(AppError::NotFound).into()))
        .app_data(web::QueryConfig::default().error_handler(|error, _| {
            api_request_error(StatusCode::BAD_REQUEST, "invalid_query", error.to_string())
        }))
        .route("/openapi.json", web::get().to(openapi::serve))
        .route("/accounts", web::post().to(accounts::upsert))
        .route("/contacts", web::post().to(contacts::upsert))
        .route("/churn", web::get().to(churn::monthly))
        .route("/dictionary/words", web::get().to(dictionary::list))
        .route("/dictionary/words", web::post().to(dictionary::add))
        .route("/dictionary/words/{word}", web::delete().to(dictionary::remove))
        .route("/follow-ups", web::get().to(follow_ups::list))
        .route("/follow-ups/report", web::get().to(follow_ups::report))
        .route("/surveys", web::post().to(surveys::create))
        .route("/surveys/{id}/invitations", web::post().to(invitations::create))
        .route("/surveys/{id}/summary", web::get().to(scores::summary))
        .route("/surveys/{id}/responses", web::get().to(responses::list))
        .route("/surveys/{id}/responses.csv", web::get().to(responses::export))
        .route("/surveys/{id}/trend", web::get().to(scores::trend))
        .route("/surveys/{id}/keywords", web::get().to(keywords::report))
        .route("/surveys/{id}/keywords/{term}", web::get().to(keywords::detail))
        .route("/surveys/{id}/keywords/{term}/mentions", web::get().to(keywords::mentions))
        .route("/webhooks", web::get().to(webhooks::list))
        .route("/webhooks", web::post().to(webhooks::add))
        .route("/webhooks/{id}", web::delete().to(webhooks::remove))
        .route("/webhooks/{id}/deliveries", web::get().to(webhooks::deliveries))
        .default_service(web::to(|| async { Err::<actix_web::HttpResponse, ApiError>(ApiError(AppError::NotFound)) }));
}

/// The instants a report covers: `from` included, `to` excluded.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[schema(as = Period)]
pub struct PeriodBody {
    from: DateTime<Utc>,
    to: DateTime<Utc>,
}

impl From<&Period> for PeriodBody {
    fn from(period: &Period) -> PeriodBody {
        PeriodBody { from: period.from, to: period.to }
    }
}

/// Runs a report of the survey in the path, with the query's parameters, as of now.
async fn survey_report<T: Send + 'static>(
    state: &AppState,
    survey_id: i64,
    params: ReportParams,
    report: fn(&mut PgConnection, SurveyId, &ReportParams, DateTime<Utc>) -> Result<T, AppError>,
) -> Result<T, ApiError> {
    let now = Utc::now();
    Ok(state.db(move |conn| report(conn, SurveyId(survey_id), &params, now)).await?)
}

fn json_config() -> web::JsonConfig {
    web::JsonConfig::default().limit(MAX_JSON_BYTES).error_handler(|error, _| match error {
        JsonPayloadError::OverflowKnownLength { .. } | JsonPayloadError::Overflow { .. } => {
            api_request_error(StatusCode::PAYLOAD_TOO_LARGE, "too_large", format!("the body must be at most {MAX_JSON_BYTES} bytes"))
        }
        JsonPayloadError::ContentType => {
            api_request_error(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", "send Content-Type: application/json")
        }
        JsonPayloadError::Deserialize(error) if error.is_data() => {
            api_request_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", error.to_string())
        }
        other => api_request_error(StatusCode::BAD_REQUEST, "malformed_json", other.to_string()),
    })
}
