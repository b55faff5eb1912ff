use super::ApiClient;
use crate::http::errors::ApiError;
use crate::http::AppState;
use crate::service::accounts::{self, AccountInput};
use actix_web::{web, HttpResponse};
use serde_json::json;

/// `POST /api/v1/accounts`: upsert by external_id; 201 when created, 200 when updated.
pub async fn upsert(state: web::Data<AppState>, client: ApiClient, body: web::Json<AccountInput>) -> Result<HttpResponse, ApiError> {
    client.require_write()?;
    let input = body.into_inner();
    let record = state.db(move |conn| accounts::upsert(conn, &input)).await?;
    let account = &record.account;
    let body = json!({
        "id": account.id,
        "external_id": account.external_id,
        "name": account.name,
        "owner_email": record.owner_email,
        "segment": account.segment,
        "plan": account.plan,
        "mrr": account.mrr,
        "stage": account.stage,
        "created_at": account.created_at,
        "updated_at": account.updated_at,
    });
    Ok(if record.created { HttpResponse::Created() } else { HttpResponse::Ok() }.json(body))
}
