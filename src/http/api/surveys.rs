use super::ApiClient;
use crate::http::errors::ApiError;
use crate::http::AppState;
use crate::service::surveys::{self, SurveyInput};
use actix_web::{web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

/// A survey as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct Survey {
    id: i64,
    #[schema(schema_with = crate::service::schema::survey_kind)]
    kind: String,
    name: String,
    subject: String,
    question: Option<String>,
    comment_prompt: Option<String>,
    /// Exit surveys: the reasons offered, in order; others: none.
    reasons: Vec<Reason>,
    invitation_ttl_days: i32,
    /// The public link for anonymous answers, when the survey has one.
    public_url: Option<String>,
    created_at: DateTime<Utc>,
}

/// An answer an exit survey offers.
#[derive(Debug, Serialize, ToSchema)]
pub struct Reason {
    code: String,
    ja: String,
    en: String,
}

/// Create a survey: 201 with the survey.
#[utoipa::path(post, path = "/surveys", request_body = SurveyInput, responses(
    (status = 201, description = "The survey, with `public_url` when it has a public link", body = Survey),
))]
pub async fn create(state: web::Data<AppState>, client: ApiClient, body: web::Json<SurveyInput>) -> Result<HttpResponse, ApiError> {
    client.require_write()?;
    let input = body.into_inner();
    let survey = state.db(move |conn| surveys::create(conn, &input)).await?;
    let public_url = survey.public_token.as_deref().map(|token| state.config.survey_url(token));
    let reasons = survey.exit_reasons().into_iter().map(|reason| Reason { code: reason.code, ja: reason.ja, en: reason.en }).collect();
    Ok(HttpResponse::Created().json(Survey {
        id: survey.id.0,
        kind: survey.kind,
        name: survey.name,
        subject: survey.subject,
        question: survey.question,
        comment_prompt: survey.comment_prompt,
        reasons,
        invitation_ttl_days: survey.invitation_ttl_days,
        public_url,
        created_at: survey.created_at,
    }))
}
