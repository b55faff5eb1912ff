//! The people at an account whom surveys are sent to.

use super::schema::contacts;
use crate::domain::ids::{AccountId, ContactId};
use chrono::{DateTime, Utc};
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = contacts)]
pub struct Contact {
    pub id: ContactId,
    pub account_id: AccountId,
    pub email: String,
    pub name: Option<String>,
    pub locale: String,
    pub keep_in_touch: bool,
    pub unsubscribed_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Insertable, AsChangeset)]
#[diesel(table_name = contacts, treat_none_as_null = true)]
pub struct ContactUpsert<'a> {
    pub account_id: AccountId,
    pub email: &'a str,
    pub name: Option<&'a str>,
    pub locale: &'a str,
}

/// Inserts or updates by email; the flag is true when the row is new.
pub fn upsert(conn: &mut PgConnection, contact: &ContactUpsert) -> QueryResult<(Contact, bool)> {
    let existed = find_by_email(conn, contact.email)?.is_some();
    let row = diesel::insert_into(contacts::table)
        .values(contact)
        .on_conflict(contacts::email)
        .do_update()
        .set((contact, contacts::updated_at.eq(diesel::dsl::now)))
        .returning(Contact::as_returning())
        .get_result(conn)?;
    Ok((row, !existed))
}

pub fn find_by_email(conn: &mut PgConnection, email: &str) -> QueryResult<Option<Contact>> {
    contacts::table.filter(contacts::email.eq(email)).select(Contact::as_select()).first(conn).optional()
}

/// Records leaving customers' permission to be contacted again.
pub fn set_keep_in_touch(conn: &mut PgConnection, ids: &[ContactId]) -> QueryResult<usize> {
    if ids.is_empty() {
        return Ok(0);
    }
    diesel::update(contacts::table.filter(contacts::id.eq_any(ids)))
        .set((contacts::keep_in_touch.eq(true), contacts::updated_at.eq(diesel::dsl::now)))
        .execute(conn)
}

/// Marks the contact as unsubscribed (the first time only: the date they left stays).
pub fn unsubscribe(conn: &mut PgConnection, id: ContactId, at: DateTime<Utc>) -> QueryResult<usize> {
    diesel::update(contacts::table.find(id).filter(contacts::unsubscribed_at.is_null()))
        .set(contacts::unsubscribed_at.eq(at))
        .execute(conn)
}

/// The addresses of every contact of the accounts in `segment`.
pub fn emails_in_segment(conn: &mut PgConnection, segment: &str) -> QueryResult<Vec<String>> {
    use super::schema::accounts;
    contacts::table
        .inner_join(accounts::table)
        .filter(accounts::segment.eq(segment))
        .order(contacts::id)
        .select(contacts::email)
        .load(conn)
}
