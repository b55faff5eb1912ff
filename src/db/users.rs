//! Staff users.

use super::schema::users;
use crate::domain::ids::UserId;
use chrono::{DateTime, Utc};
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = users)]
pub struct User {
    pub id: UserId,
    pub email: String,
    pub display_name: String,
    pub role: String,
    pub password_hash: String,
    pub created_at: DateTime<Utc>,
    pub disabled_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = users)]
pub struct NewUser<'a> {
    pub email: &'a str,
    pub display_name: &'a str,
    pub role: &'a str,
    pub password_hash: &'a str,
}

pub fn find_by_email(conn: &mut PgConnection, email: &str) -> QueryResult<Option<User>> {
    users::table.filter(users::email.eq(email)).select(User::as_select()).first(conn).optional()
}

/// Adds a user, or replaces the role, name and password of the one with that email.
pub fn upsert(conn: &mut PgConnection, user: &NewUser) -> QueryResult<User> {
    diesel::insert_into(users::table)
        .values(user)
        .on_conflict(users::email)
        .do_update()
        .set((
            users::display_name.eq(user.display_name),
            users::role.eq(user.role),
            users::password_hash.eq(user.password_hash),
            // Adding someone again brings them back.
            users::disabled_at.eq(None::<DateTime<Utc>>),
        ))
        .returning(User::as_returning())
        .get_result(conn)
}

/// The users with these ids, in no particular order.
pub fn find_many(conn: &mut PgConnection, ids: &[UserId]) -> QueryResult<Vec<User>> {
    users::table.filter(users::id.eq_any(ids)).select(User::as_select()).load(conn)
}

/// Stops a user signing in; true when they were active.
pub fn disable(conn: &mut PgConnection, id: UserId, at: DateTime<Utc>) -> QueryResult<bool> {
    diesel::update(users::table.find(id).filter(users::disabled_at.is_null()))
        .set(users::disabled_at.eq(at))
        .execute(conn)
        .map(|updated| updated > 0)
}

pub fn set_password_hash(conn: &mut PgConnection, id: UserId, password_hash: &str) -> QueryResult<usize> {
    diesel::update(users::table.find(id)).set(users::password_hash.eq(password_hash)).execute(conn)
}
