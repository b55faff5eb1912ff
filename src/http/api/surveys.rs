use super::ApiClient;
use crate::http::errors::ApiError;
use crate::http::AppState;
use crate::service::surveys::{self, SurveyInput};
use actix_web::{web, HttpResponse};
use serde_json::json;

/// `POST /api/v1/surveys`: 201 with the new survey.
pub async fn create(state: web::Data<AppState>, client: ApiClient, body: web::Json<SurveyInput>) -> Result<HttpResponse, ApiError> {
    client.require_write()?;
    let input = body.into_inner();
    let survey = state.db(move |conn| surveys::create(conn, &input)).await?;
    let public_url = survey.public_token.as_deref().map(|token| state.config.survey_url(token));
    Ok(HttpResponse::Created().json(json!({
        "id": survey.id,
        "kind": survey.kind,
        "name": survey.name,
        "subject": survey.subject,
        "question": survey.question,
        "comment_prompt": survey.comment_prompt,
        "reasons": survey.reasons,
        "invitation_ttl_days": survey.invitation_ttl_days,
        "public_url": public_url,
        "created_at": survey.created_at,
    })))
}
