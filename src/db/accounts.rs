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

/// Sets when the account became a customer (the demo's accounts joined before its answers).
pub fn set_created_at(conn: &mut PgConnection, id: AccountId, at: DateTime<Utc>) -> QueryResult<usize> {
    diesel::update(accounts::table.find(id)).set(accounts::created_at.eq(at)).execute(conn)
}

/// Locks the account's row until the transaction ends, to serialise decisions about it.
pub fn lock(conn: &mut PgConnection, id: AccountId) -> QueryResult<()> {
    accounts::table.find(id).select(accounts::id).for_update().first::<AccountId>(conn).map(|_| ())
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
/// filters. MRR at the start is what each account paid then, MRR lost what it paid just before
/// it left (`account_mrr_history`).
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
             SELECT a.id, a.created_at, a.churned_at FROM accounts a LEFT JOIN users u ON u.id = a.owner_id
             WHERE ($3::text IS NULL OR a.segment = $3) AND ($4::text IS NULL OR a.plan = $4)
               AND ($5::text IS NULL OR u.email = $5))
         SELECT p.start,
                count(*) FILTER (WHERE c.created_at < p.start AND (c.churned_at IS NULL OR c.churned_at >= p.start)) AS accounts_at_start,
                count(*) FILTER (WHERE c.churned_at >= p.start AND c.churned_at < p.stop) AS churned,
                coalesce(sum(CASE WHEN c.created_at < p.start AND (c.churned_at IS NULL OR c.churned_at >= p.start)
                                  THEN koe_mrr_before(c.id, p.start) END), 0)::int8 AS mrr_at_start,
                coalesce(sum(CASE WHEN c.churned_at >= p.start AND c.churned_at < p.stop
                                  THEN koe_mrr_before(c.id, c.churned_at) END), 0)::int8 AS mrr_lost
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

/// What the accounts list is narrowed to; `None` (and `false`) means "any".
#[derive(Debug, Clone, Default)]
pub struct ListFilters {
    /// Part of the name or external id, any case.
    pub search: Option<String>,
    pub owner_email: Option<String>,
    /// Only accounts without an owner.
    pub unowned: bool,
    pub segment: Option<String>,
    pub plan: Option<String>,
    pub stage: Option<String>,
    /// Only accounts whose last activity is before this instant (the dormant ones).
    pub inactive_before: Option<DateTime<Utc>>,
    /// Only this account (its page's header).
    pub only: Option<AccountId>,
}

/// One account of the list, with the figures its row shows.
#[derive(Debug, Clone, diesel::QueryableByName)]
pub struct ListedAccount {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub id: AccountId,
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub external_id: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub name: String,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
    pub owner_email: Option<String>,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
    pub segment: Option<String>,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
    pub plan: Option<String>,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub mrr: i64,
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub stage: String,
    /// The CRM's last activity or the last answer, whichever is later; else the account's creation.
    #[diesel(sql_type = diesel::sql_types::Timestamptz)]
    pub last_activity: DateTime<Utc>,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::SmallInt>)]
    pub last_nps: Option<i16>,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::SmallInt>)]
    pub previous_nps: Option<i16>,
    /// Open and contacted follow-ups.
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub unfinished_follow_ups: i64,
    /// Accounts matching the filters, on every page.
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub total: i64,
}

/// `text` as a case-insensitive LIKE pattern matching it anywhere, its wildcards taken literally.
fn contains_pattern(text: &str) -> String {
    let mut pattern = String::with_capacity(text.len() + 2);
    pattern.push('%');
    for ch in text.chars() {
        if matches!(ch, '\\' | '%' | '_') {
            pattern.push('\\');
        }
        pattern.push(ch);
    }
    pattern.push('%');
    pattern
}

/// One page of accounts by name. The filters run over every account first (the last answer
/// comes from the `(account_id, answered_at)` index, one probe per account); the NPS figures
/// and follow-up counts are read only for the page's rows.
pub fn list(conn: &mut PgConnection, filters: &ListFilters, limit: i64, offset: i64) -> QueryResult<Vec<ListedAccount>> {
    use diesel::sql_types::{BigInt, Bool, Nullable, Text, Timestamptz};
    diesel::sql_query(
        "WITH matched AS (
             SELECT a.id, a.external_id, a.name, u.email AS owner_email, a.segment, a.plan, a.mrr, a.stage,
                    coalesce(greatest(a.last_activity_at,
                                      (SELECT max(r.answered_at) FROM responses r WHERE r.account_id = a.id)),
                             a.created_at) AS last_activity
             FROM accounts a LEFT JOIN users u ON u.id = a.owner_id
             WHERE ($1::text IS NULL OR a.name ILIKE $1 OR a.external_id ILIKE $1)
               AND ($2::text IS NULL OR u.email = $2)
               AND (NOT $3 OR a.owner_id IS NULL)
               AND ($4::text IS NULL OR a.segment = $4)
               AND ($5::text IS NULL OR a.plan = $5)
               AND ($6::text IS NULL OR a.stage = $6)
               AND ($7::int8 IS NULL OR a.id = $7)),
         page AS (
             SELECT m.*, count(*) OVER () AS total FROM matched m
             WHERE $8::timestamptz IS NULL OR m.last_activity < $8
             ORDER BY m.name, m.id LIMIT $9 OFFSET $10)
         SELECT p.*, nps.scores[1] AS last_nps, nps.scores[2] AS previous_nps,
                fu.unfinished AS unfinished_follow_ups
         FROM page p
         LEFT JOIN LATERAL (
             SELECT array_agg(t.score ORDER BY t.answered_at DESC, t.id DESC) AS scores
             FROM (SELECT r.id, r.score, r.answered_at
                   FROM responses r JOIN surveys s ON s.id = r.survey_id
                   WHERE r.account_id = p.id AND s.kind = 'nps' AND r.score IS NOT NULL
                   ORDER BY r.answered_at DESC, r.id DESC LIMIT 2) t) nps ON true
         LEFT JOIN LATERAL (
             SELECT count(*) AS unfinished FROM follow_ups f
             WHERE f.account_id = p.id AND f.status IN ('open', 'contacted')) fu ON true
         ORDER BY p.name, p.id",
    )
    .bind::<Nullable<Text>, _>(filters.search.as_deref().map(contains_pattern))
    .bind::<Nullable<Text>, _>(filters.owner_email.as_deref())
    .bind::<Bool, _>(filters.unowned)
    .bind::<Nullable<Text>, _>(filters.segment.as_deref())
    .bind::<Nullable<Text>, _>(filters.plan.as_deref())
    .bind::<Nullable<Text>, _>(filters.stage.as_deref())
    .bind::<Nullable<BigInt>, _>(filters.only.map(|id| id.0))
    .bind::<Nullable<Timestamptz>, _>(filters.inactive_before)
    .bind::<BigInt, _>(limit)
    .bind::<BigInt, _>(offset)
    .load(conn)
}

/// The values the list's filter menus offer: owners of some account, segments and plans, each sorted.
#[derive(Debug, Clone, Default)]
pub struct FilterOptions {
    pub owner_emails: Vec<String>,
    pub segments: Vec<String>,
    pub plans: Vec<String>,
}

pub fn filter_options(conn: &mut PgConnection) -> QueryResult<FilterOptions> {
    use super::schema::users;
    let owner_emails =
        accounts::table.inner_join(users::table).select(users::email).distinct().order(users::email).load(conn)?;
    let segments = accounts::table
        .filter(accounts::segment.is_not_null())
        .select(accounts::segment.assume_not_null())
        .distinct()
        .order(accounts::segment.assume_not_null())
        .load(conn)?;
    let plans = accounts::table
        .filter(accounts::plan.is_not_null())
        .select(accounts::plan.assume_not_null())
        .distinct()
        .order(accounts::plan.assume_not_null())
        .load(conn)?;
    Ok(FilterOptions { owner_emails, segments, plans })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_text_matches_anywhere_with_its_wildcards_taken_literally() {
        assert_eq!(contains_pattern("あおば"), "%あおば%");
        assert_eq!(contains_pattern("100%_a\\b"), "%100\\%\\_a\\\\b%");
    }
}
