use super::ApiClient;
use crate::http::errors::ApiError;
use crate::http::AppState;
use crate::service::contacts::{self, ContactInput};
use actix_web::{web, HttpResponse};
use serde_json::json;

/// `POST /api/v1/contacts`: upsert by email; 201 when created, 200 when updated.
pub async fn upsert(state: web::Data<AppState>, client: ApiClient, body: web::Json<ContactInput>) -> Result<HttpResponse, ApiError> {
    client.require_write()?;
    let input = body.into_inner();
    let account_external_id = input.account_external_id.trim().to_owned();
    let (contact, created) = state.db(move |conn| contacts::upsert(conn, &input)).await?;
    let body = json!({
        "id": contact.id,
        "account_external_id": account_external_id,
        "email": contact.email,
        "name": contact.name,
        "locale": contact.locale,
        "unsubscribed": contact.unsubscribed_at.is_some(),
    });
    Ok(if created { HttpResponse::Created() } else { HttpResponse::Ok() }.json(body))
}
