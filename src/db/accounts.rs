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

/// Per month start (each `starts[i]` to `starts[i + 1]`, the last to `end`): accounts and MRR at
/// the start, and accounts churned in the month with their MRR, for the accounts matching the
/// filters. MRR is each account's as it stands now: koe keeps no MRR history.
pub fn churn_by_period(
    conn: &mut PgConnection,
    starts: &[DateTime<Utc>],
    end: DateTime<Utc>,
    filters: &ChurnFilters,
) -> QueryResult<Vec<ChurnRow>> {
    use diesel::sql_types::{Array, Nullable, Text, Timestamptz};
    diesel::sql_query(
        "WITH periods AS (
             SELECT s AS start, coalesce(lead(s) OVER (ORDER BY s), $2) AS stop FROM unnest($1::timestamptz[]) AS s),
         chosen AS (
             SELECT a.created_at, a.churned_at, a.mrr FROM accounts a LEFT JOIN users u ON u.id = a.owner_id
             WHERE ($3::text IS NULL OR a.segment = $3) AND ($4::text IS NULL OR a.plan = $4)
               AND ($5::text IS NULL OR u.email = $5))
         SELECT p.start,
                count(*) FILTER (WHERE c.created_at < p.start AND (c.churned_at IS NULL OR c.churned_at >= p.start)) AS accounts_at_start,
                count(*) FILTER (WHERE c.churned_at >= p.start AND c.churned_at < p.stop) AS churned,
                coalesce(sum(c.mrr) FILTER (WHERE c.created_at < p.start AND (c.churned_at IS NULL OR c.churned_at >= p.start)), 0)::int8 AS mrr_at_start,
                coalesce(sum(c.mrr) FILTER (WHERE c.churned_at >= p.start AND c.churned_at < p.stop), 0)::int8 AS mrr_lost
         FROM periods p LEFT JOIN chosen c ON true
         GROUP BY p.start ORDER BY p.start",
    )
    .bind::<Array<Timestamptz>, _>(starts)
    .bind::<Timestamptz, _>(end)
    .bind::<Nullable<Text>, _>(filters.segment.as_deref())
    .bind::<Nullable<Text>, _>(filters.plan.as_deref())
    .bind::<Nullable<Text>, _>(filters.owner_email.as_deref())
    .load(conn)
}

#[derive(Debug, Clone, Default)]
pub struct ChurnFilters {
    pub segment: Option<String>,
    pub plan: Option<String>,
    pub owner_email: Option<String>,
}

#[derive(Debug, Clone, diesel::QueryableByName)]
pub struct ChurnRow {
    #[diesel(sql_type = diesel::sql_types::Timestamptz)]
    pub start: DateTime<Utc>,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub accounts_at_start: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub churned: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub mrr_at_start: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub mrr_lost: i64,
}

/// Leaves a departing owner's accounts without an owner (their answers then reach the shared
/// queue); returns how many.
pub fn release_owner(conn: &mut PgConnection, owner: UserId) -> QueryResult<usize> {
    diesel::update(accounts::table.filter(accounts::owner_id.eq(owner)))
        .set((accounts::owner_id.eq(None::<UserId>), accounts::updated_at.eq(diesel::dsl::now)))
        .execute(conn)
}
