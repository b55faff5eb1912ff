use super::ApiClient;
use crate::http::errors::ApiError;
use crate::http::AppState;
use crate::service::accounts::{self, AccountInput, AccountRecord};
use actix_web::{web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

/// An account as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct Account {
    id: i64,
    external_id: String,
    name: String,
    owner_email: Option<String>,
    segment: Option<String>,
    plan: Option<String>,
    mrr: i64,
    /// Lifecycle stage (`alumni` once churned).
    stage: String,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl From<AccountRecord> for Account {
    fn from(record: AccountRecord) -> Account {
        let account = record.account;
        Account {
            id: account.id.0,
            external_id: account.external_id,
            name: account.name,
            owner_email: record.owner_email,
            segment: account.segment,
            plan: account.plan,
            mrr: account.mrr,
            stage: account.stage,
            created_at: account.created_at,
            updated_at: account.updated_at,
        }
    }
}

/// Create or update an account by `external_id`: 201 when created, 200 when updated.
#[utoipa::path(post, path = "/accounts", request_body = AccountInput, responses(
    (status = 200, description = "Updated", body = Account),
    (status = 201, description = "Created", body = Account),
))]
pub async fn upsert(state: web::Data<AppState>, client: ApiClient, body: web::Json<AccountInput>) -> Result<HttpResponse, ApiError> {
    client.require_write()?;
    let input = body.into_inner();
    let record = state.db(move |conn| accounts::upsert(conn, &input)).await?;
    let created = record.created;
    Ok(if created { HttpResponse::Created() } else { HttpResponse::Ok() }.json(Account::from(record)))
}
