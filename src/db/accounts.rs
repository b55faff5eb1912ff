//! Customer accounts, keyed by the CRM's external id.

use super::schema::accounts;
use crate::domain::ids::{AccountId, UserId};
use chrono::{DateTime, Utc};
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = accounts)]
pub struct Account {
    pub id: AccountId,
    pub external_id: String,
    pub name: String,
    pub owner_id: Option<UserId>,
    pub segment: Option<String>,
    pub plan: Option<String>,
    pub mrr: i64,
    pub stage: String,
    pub last_activity_at: Option<DateTime<Utc>>,
    pub churned_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Insertable, AsChangeset)]
#[diesel(table_name = accounts, treat_none_as_null = true)]
pub struct AccountUpsert<'a> {
    pub external_id: &'a str,
    pub name: &'a str,
    pub owner_id: Option<UserId>,
    pub segment: Option<&'a str>,
    pub plan: Option<&'a str>,
    pub mrr: i64,
}

/// Inserts or updates by external id; the flag is true when the row is new.
pub fn upsert(conn: &mut PgConnection, account: &AccountUpsert) -> QueryResult<(Account, bool)> {
    let existed = accounts::table
        .filter(accounts::external_id.eq(account.external_id))
        .select(accounts::id)
        .for_update()
        .first::<AccountId>(conn)
        .optional()?
        .is_some();
    let row = diesel::insert_into(accounts::table)
        .values(account)
        .on_conflict(accounts::external_id)
        .do_update()
        .set((account, accounts::updated_at.eq(diesel::dsl::now)))
        .returning(Account::as_returning())
        .get_result(conn)?;
    Ok((row, !existed))
}

pub fn find_by_external_id(conn: &mut PgConnection, external_id: &str) -> QueryResult<Option<Account>> {
    accounts::table
        .filter(accounts::external_id.eq(external_id))
        .select(Account::as_select())
        .first(conn)
        .optional()
}

pub fn find(conn: &mut PgConnection, id: AccountId) -> QueryResult<Account> {
    accounts::table.find(id).select(Account::as_select()).first(conn)
}

/// Records that an account cancelled: it becomes an alumnus.
pub fn mark_churned(conn: &mut PgConnection, id: AccountId, at: DateTime<Utc>) -> QueryResult<usize> {
    diesel::update(accounts::table.find(id))
        .set((accounts::churned_at.eq(at), accounts::stage.eq("alumni"), accounts::updated_at.eq(diesel::dsl::now)))
        .execute(conn)
}
