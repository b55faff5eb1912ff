use super::ApiClient;
use crate::http::errors::ApiError;
use crate::http::AppState;
use crate::service::contacts::{self, ContactInput};
use actix_web::{web, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;

/// A contact as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct Contact {
    id: i64,
    account_external_id: String,
    email: String,
    name: Option<String>,
    locale: String,
    /// The contact used the unsubscribe link: koe emails them no more invitations.
    unsubscribed: bool,
}

/// Create or update a contact by `email`: 201 when created, 200 when updated.
#[utoipa::path(post, path = "/contacts", request_body = ContactInput, responses(
    (status = 200, description = "Updated", body = Contact),
    (status = 201, description = "Created", body = Contact),
))]
pub async fn upsert(state: web::Data<AppState>, client: ApiClient, body: web::Json<ContactInput>) -> Result<HttpResponse, ApiError> {
    client.require_write()?;
    let input = body.into_inner();
    let account_external_id = input.account_external_id.trim().to_owned();
    let (contact, created) = state.db(move |conn| contacts::upsert(conn, &input)).await?;
    let body = Contact {
        id: contact.id.0,
        account_external_id,
        email: contact.email,
        name: contact.name,
        locale: contact.locale,
        unsubscribed: contact.unsubscribed_at.is_some(),
    };
    Ok(if created { HttpResponse::Created() } else { HttpResponse::Ok() }.json(body))
}
