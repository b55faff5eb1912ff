use super::ApiClient;
use crate::domain::ids::SurveyId;
use crate::http::errors::{ApiError, ErrorEnvelope};
use crate::http::AppState;
use crate::service::invitations::{self, InvitationInput};
use actix_web::{web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

/// A personal survey link.
#[derive(Debug, Serialize, ToSchema)]
pub struct Invitation {
    id: i64,
    /// The secret in the link.
    token: String,
    url: String,
    expires_at: DateTime<Utc>,
    /// koe emails the link (and one reminder).
    send_email: bool,
}

/// Invite a contact: a personal link, emailed by koe with `send_email`.
#[utoipa::path(post, path = "/surveys/{id}/invitations", request_body = InvitationInput,
    params(("id" = i64, Path, description = "The survey")),
    responses(
        (status = 201, description = "The invitation", body = Invitation),
        (status = 409, description = "`unsubscribed` (the contact opted out) or `survey_closed`", body = ErrorEnvelope),
        (status = 429, description = "`throttled_contact` or `throttled_account`, with `available_at` and Retry-After", body = ErrorEnvelope),
    )
)]
pub async fn create(
    state: web::Data<AppState>,
    client: ApiClient,
    survey_id: web::Path<i64>,
    body: web::Json<InvitationInput>,
) -> Result<HttpResponse, ApiError> {
    client.require_write()?;
    let survey_id = SurveyId(survey_id.into_inner());
    let input = body.into_inner();
    let now = Utc::now();
    let invitation = state.db(move |conn| invitations::create(conn, survey_id, &input, now)).await?;
    Ok(HttpResponse::Created().json(Invitation {
        id: invitation.id.0,
        url: state.config.survey_url(&invitation.token),
        token: invitation.token,
        expires_at: invitation.expires_at,
        send_email: invitation.by_email,
    }))
}
