//! API tokens: created from the command line, shown once, checked on every API call.

use crate::db::api_tokens::{self, ApiToken, NewApiToken};
use crate::domain::fields;
use crate::domain::token::{new_api_token, token_digest};
use crate::error::AppError;
use diesel::prelude::*;

/// Creates a token and returns it with its plain text, which is never stored.
pub fn create(conn: &mut PgConnection, name: &str, scope: &str) -> Result<(ApiToken, String), AppError> {
    let name = fields::required("name", name, 100)?;
    if !matches!(scope, "read" | "write") {
        return Err(AppError::invalid("invalid_scope", "scope", "scope must be read or write"));
    }
    let plain = new_api_token();
    let digest = token_digest(&plain);
    let token = api_tokens::insert(conn, &NewApiToken { name, token_sha256: &digest, scope })?;
    Ok((token, plain))
}

/// The active token a request presents, or Unauthorized.
pub fn authenticate(conn: &mut PgConnection, presented: &str) -> Result<ApiToken, AppError> {
    let token = api_tokens::find_active(conn, &token_digest(presented))?.ok_or(AppError::Unauthorized)?;
    // At most once a minute, so that a busy integration does not turn every read into a write.
    let now = chrono::Utc::now();
    if token.last_used_at.is_none_or(|used| now - used >= chrono::Duration::minutes(1)) {
        api_tokens::touch(conn, token.id, now)?;
    }
    Ok(token)
}

pub fn list(conn: &mut PgConnection) -> Result<Vec<ApiToken>, AppError> {
    Ok(api_tokens::list(conn)?)
}

/// Revokes a token: every request made with it is refused from now on. An unknown or already
/// revoked id is NotFound, so a typo is not taken for success.
pub fn revoke(conn: &mut PgConnection, id: crate::domain::ids::ApiTokenId, now: chrono::DateTime<chrono::Utc>) -> Result<(), AppError> {
    match api_tokens::revoke(conn, id, now)? {
        0 => Err(AppError::NotFound),
        _ => Ok(()),
    }
}
