//! Staff sessions, found by the SHA-256 of the cookie's token.

use super::schema::{staff_sessions, users};
use super::users::User;
use crate::domain::ids::UserId;
use chrono::{DateTime, Utc};
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = staff_sessions)]
pub struct StaffSession {
    pub token_sha256: Vec<u8>,
    pub user_id: UserId,
    pub csrf_token: String,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = staff_sessions)]
pub struct NewStaffSession<'a> {
    pub token_sha256: &'a [u8],
    pub user_id: UserId,
    pub csrf_token: &'a str,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

pub fn insert(conn: &mut PgConnection, session: &NewStaffSession) -> QueryResult<usize> {
    diesel::insert_into(staff_sessions::table).values(session).execute(conn)
}

/// The live session with this digest and its user, unless the user is disabled.
pub fn find_live(conn: &mut PgConnection, digest: &[u8], now: DateTime<Utc>) -> QueryResult<Option<(StaffSession, User)>> {
    staff_sessions::table
        .inner_join(users::table)
        .filter(staff_sessions::token_sha256.eq(digest))
        .filter(staff_sessions::expires_at.gt(now))
        .filter(users::disabled_at.is_null())
        .select((StaffSession::as_select(), User::as_select()))
        .first(conn)
        .optional()
}

/// Records activity, moving the idle expiry forward.
pub fn touch(conn: &mut PgConnection, digest: &[u8], now: DateTime<Utc>, expires_at: DateTime<Utc>) -> QueryResult<usize> {
    diesel::update(staff_sessions::table.find(digest))
        .set((staff_sessions::last_seen_at.eq(now), staff_sessions::expires_at.eq(expires_at)))
        .execute(conn)
}

pub fn delete(conn: &mut PgConnection, digest: &[u8]) -> QueryResult<usize> {
    diesel::delete(staff_sessions::table.find(digest)).execute(conn)
}

/// Ends every session of a user (after a password change, for example).
pub fn delete_for_user(conn: &mut PgConnection, user: UserId) -> QueryResult<usize> {
    diesel::delete(staff_sessions::table.filter(staff_sessions::user_id.eq(user))).execute(conn)
}

/// Ends a user's sessions other than the one with `keep` (after they change their password).
pub fn delete_others(conn: &mut PgConnection, user: UserId, keep: &[u8]) -> QueryResult<usize> {
    diesel::delete(staff_sessions::table.filter(staff_sessions::user_id.eq(user)).filter(staff_sessions::token_sha256.ne(keep)))
        .execute(conn)
}
