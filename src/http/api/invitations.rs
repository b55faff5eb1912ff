use super::ApiClient;
use crate::domain::ids::SurveyId;
use crate::http::errors::ApiError;
use crate::http::AppState;
use crate::service::invitations::{self, InvitationInput};
use actix_web::{web, HttpResponse};
use serde_json::json;

/// `POST /api/v1/surveys/{id}/invitations`: 201 `{id, token, url, expires_at, send_email}`;
/// 409 `unsubscribed`, 429 `throttled_contact` / `throttled_account` with `available_at`.
pub async fn create(
    state: web::Data<AppState>,
    client: ApiClient,
    survey_id: web::Path<i64>,
    body: web::Json<InvitationInput>,
) -> Result<HttpResponse, ApiError> {
    client.require_write()?;
    let survey_id = SurveyId(survey_id.into_inner());
    let input = body.into_inner();
    let now = chrono::Utc::now();
    let invitation = state.db(move |conn| invitations::create(conn, survey_id, &input, now)).await?;
    Ok(HttpResponse::Created().json(json!({
        "id": invitation.id,
        "token": invitation.token,
        "url": state.config.survey_url(&invitation.token),
        "expires_at": invitation.expires_at,
        "send_email": invitation.by_email,
    })))
}
