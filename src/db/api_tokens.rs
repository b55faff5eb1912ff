//! API tokens; only the SHA-256 of each is stored.

use super::schema::api_tokens;
use crate::domain::ids::ApiTokenId;
use chrono::{DateTime, Utc};
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = api_tokens)]
pub struct ApiToken {
    pub id: ApiTokenId,
    pub name: String,
    pub scope: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = api_tokens)]
pub struct NewApiToken<'a> {
    pub name: &'a str,
    pub token_sha256: &'a [u8],
    pub scope: &'a str,
}

pub fn insert(conn: &mut PgConnection, token: &NewApiToken) -> QueryResult<ApiToken> {
    diesel::insert_into(api_tokens::table).values(token).returning(ApiToken::as_returning()).get_result(conn)
}

/// The unrevoked token with this digest.
pub fn find_active(conn: &mut PgConnection, digest: &[u8]) -> QueryResult<Option<ApiToken>> {
    api_tokens::table
        .filter(api_tokens::token_sha256.eq(digest))
        .filter(api_tokens::revoked_at.is_null())
        .select(ApiToken::as_select())
        .first(conn)
        .optional()
}

/// Revokes a token from `at` on; a token already revoked keeps its first revocation time.
pub fn revoke(conn: &mut PgConnection, id: ApiTokenId, at: DateTime<Utc>) -> QueryResult<usize> {
    diesel::update(api_tokens::table.find(id).filter(api_tokens::revoked_at.is_null()))
        .set(api_tokens::revoked_at.eq(at))
        .execute(conn)
}

/// Every token, newest first (revoked ones too, for the record).
pub fn list(conn: &mut PgConnection) -> QueryResult<Vec<ApiToken>> {
    api_tokens::table.order(api_tokens::id.desc()).select(ApiToken::as_select()).load(conn)
}

/// Notes that the token was used at `at`.
pub fn touch(conn: &mut PgConnection, id: ApiTokenId, at: DateTime<Utc>) -> QueryResult<usize> {
    diesel::update(api_tokens::table.find(id)).set(api_tokens::last_used_at.eq(at)).execute(conn)
}
