//! Follow-up cases: an answer someone must call back about.

use super::prepared::{column, prepared};
use super::schema::{accounts, contacts, follow_up_events, follow_ups, responses, users};
use crate::domain::follow_up::Status;
use crate::domain::ids::{AccountId, FollowUpId, ResponseId, UserId};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Nullable, Text, Timestamptz};

#[derive(Debug)]
pub struct NewFollowUp<'a> {
    pub response_id: ResponseId,
    pub account_id: Option<AccountId>,
    pub owner_id: Option<UserId>,
    pub trigger: &'a str,
    pub due_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Opens a case for each response that has none yet (an edited answer keeps its case), with
/// its first history event (`created`, into open), in one statement; returns the cases opened
/// as (case, response).
pub fn open_once(conn: &mut PgConnection, rows: &[NewFollowUp]) -> QueryResult<Vec<(FollowUpId, ResponseId)>> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    #[derive(QueryableByName)]
    #[diesel(table_name = follow_ups)]
    struct Opened {
        id: FollowUpId,
        response_id: ResponseId,
    }
    let opened: Vec<Opened> = prepared(
        "WITH opened AS (
             INSERT INTO follow_ups (response_id, account_id, owner_id, trigger, due_at, created_at, updated_at)
             SELECT * FROM unnest($1::int8[], $2::int8[], $3::int8[], $4::text[], $5::timestamptz[], $6::timestamptz[], $7::timestamptz[])
             ON CONFLICT (response_id) DO NOTHING
             RETURNING id, response_id, owner_id, created_at),
         history AS (
             INSERT INTO follow_up_events (follow_up_id, kind, to_status, to_owner_id, created_at)
             SELECT id, 'created', $8, owner_id, created_at FROM opened)
         SELECT id, response_id FROM opened",
    )
    .bind::<Array<BigInt>, _>(column(rows, |row| row.response_id.0))
    .bind::<Array<Nullable<BigInt>>, _>(column(rows, |row| row.account_id.map(|id| id.0)))
    .bind::<Array<Nullable<BigInt>>, _>(column(rows, |row| row.owner_id.map(|id| id.0)))
    .bind::<Array<Text>, _>(column(rows, |row| row.trigger))
    .bind::<Array<Timestamptz>, _>(column(rows, |row| row.due_at))
    .bind::<Array<Timestamptz>, _>(column(rows, |row| row.created_at))
    .bind::<Array<Timestamptz>, _>(column(rows, |row| row.updated_at))
    .bind::<Text, _>(Status::Open.as_str())
    .load(conn)?;
    Ok(opened.into_iter().map(|row| (row.id, row.response_id)).collect())
}

pub fn count_for_response(conn: &mut PgConnection, response: ResponseId) -> QueryResult<i64> {
    follow_ups::table.filter(follow_ups::response_id.eq(response)).count().get_result(conn)
}

/// A follow-up case as stored.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = follow_ups)]
pub struct FollowUp {
    pub id: FollowUpId,
    pub response_id: ResponseId,
    pub account_id: Option<AccountId>,
    pub owner_id: Option<UserId>,
    pub trigger: String,
    pub status: String,
    pub due_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub outcome: Option<String>,
    pub first_contacted_at: Option<DateTime<Utc>>,
}

/// A case with what a list needs to show it: the answer, its account, contact and owner.
#[derive(Debug, Clone, Queryable)]
pub struct Listed {
    pub follow_up: FollowUp,
    pub score: Option<i16>,
    pub comment: Option<String>,
    pub account_external_id: Option<String>,
    pub account_name: Option<String>,
    pub contact_email: Option<String>,
    pub owner_email: Option<String>,
}

/// Whose cases a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OwnerFilter {
    Everyone,
    /// The shared queue: cases whose account has no owner.
    Unowned,
    User(UserId),
}

/// A status change, with the time it happened.
#[derive(Debug, AsChangeset)]
#[diesel(table_name = follow_ups)]
pub struct StatusChangeset<'a> {
    pub status: &'a str,
    pub outcome: Option<&'a str>,
    pub first_contacted_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug)]
pub struct NewEvent<'a> {
    pub follow_up_id: FollowUpId,
    pub actor_id: Option<UserId>,
    pub kind: &'a str,
    pub from_status: Option<&'a str>,
    pub to_status: Option<&'a str>,
    pub note: Option<&'a str>,
    pub from_owner_id: Option<UserId>,
    pub to_owner_id: Option<UserId>,
    pub created_at: DateTime<Utc>,
}

/// One line of a case's history.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = follow_up_events)]
pub struct Event {
    pub id: i64,
    pub follow_up_id: FollowUpId,
    pub actor_id: Option<UserId>,
    pub kind: String,
    pub from_status: Option<String>,
    pub to_status: Option<String>,
    pub note: Option<String>,
    pub from_owner_id: Option<UserId>,
    pub to_owner_id: Option<UserId>,
    pub created_at: DateTime<Utc>,
}

pub fn find_by_response(conn: &mut PgConnection, response: ResponseId) -> QueryResult<Option<FollowUp>> {
    follow_ups::table.filter(follow_ups::response_id.eq(response)).select(FollowUp::as_select()).first(conn).optional()
}

/// The case, locked until the end of the transaction so that two changes do not interleave.
pub fn lock(conn: &mut PgConnection, id: FollowUpId) -> QueryResult<Option<FollowUp>> {
    follow_ups::table.find(id).select(FollowUp::as_select()).for_update().first(conn).optional()
}

pub fn set_status(conn: &mut PgConnection, id: FollowUpId, change: &StatusChangeset) -> QueryResult<usize> {
    diesel::update(follow_ups::table.find(id)).set(change).execute(conn)
}

pub fn set_owner(conn: &mut PgConnection, id: FollowUpId, owner: Option<UserId>, at: DateTime<Utc>) -> QueryResult<usize> {
    diesel::update(follow_ups::table.find(id))
        .set((follow_ups::owner_id.eq(owner), follow_ups::updated_at.eq(at)))
        .execute(conn)
}

pub fn add_event(conn: &mut PgConnection, event: &NewEvent) -> QueryResult<usize> {
    add_events(conn, std::slice::from_ref(event))
}

pub fn add_events(conn: &mut PgConnection, events: &[NewEvent]) -> QueryResult<usize> {
    if events.is_empty() {
        return Ok(0);
    }
    prepared(
        "INSERT INTO follow_up_events (follow_up_id, actor_id, kind, from_status, to_status, note, from_owner_id, to_owner_id, created_at)
         SELECT * FROM unnest($1::int8[], $2::int8[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int8[], $8::int8[],
                              $9::timestamptz[])",
    )
    .bind::<Array<BigInt>, _>(column(events, |event| event.follow_up_id.0))
    .bind::<Array<Nullable<BigInt>>, _>(column(events, |event| event.actor_id.map(|id| id.0)))
    .bind::<Array<Text>, _>(column(events, |event| event.kind))
    .bind::<Array<Nullable<Text>>, _>(column(events, |event| event.from_status))
    .bind::<Array<Nullable<Text>>, _>(column(events, |event| event.to_status))
    .bind::<Array<Nullable<Text>>, _>(column(events, |event| event.note))
    .bind::<Array<Nullable<BigInt>>, _>(column(events, |event| event.from_owner_id.map(|id| id.0)))
    .bind::<Array<Nullable<BigInt>>, _>(column(events, |event| event.to_owner_id.map(|id| id.0)))
    .bind::<Array<Timestamptz>, _>(column(events, |event| event.created_at))
    .execute(conn)
}

/// A case's history, oldest first.
pub fn events(conn: &mut PgConnection, id: FollowUpId) -> QueryResult<Vec<Event>> {
    follow_up_events::table
        .filter(follow_up_events::follow_up_id.eq(id))
        .order((follow_up_events::created_at, follow_up_events::id))
        .select(Event::as_select())
        .load(conn)
}

/// Cases in `statuses` for `owner`, soonest due first (so overdue cases lead), at most `limit`.
pub fn list(
    conn: &mut PgConnection,
    owner: OwnerFilter,
    statuses: &[&str],
    only: Option<FollowUpId>,
    limit: i64,
) -> QueryResult<Vec<Listed>> {
    let mut query = follow_ups::table
        .inner_join(responses::table.left_join(contacts::table))
        .left_join(accounts::table)
        .left_join(users::table)
        .filter(follow_ups::status.eq_any(statuses))
        .select((
            FollowUp::as_select(),
            responses::score,
            responses::comment,
            accounts::external_id.nullable(),
            accounts::name.nullable(),
            contacts::email.nullable(),
            users::email.nullable(),
        ))
        .order((follow_ups::due_at, follow_ups::id))
        .limit(limit)
        .into_boxed();
    query = match owner {
        OwnerFilter::Everyone => query,
        OwnerFilter::Unowned => query.filter(follow_ups::owner_id.is_null()),
        OwnerFilter::User(user) => query.filter(follow_ups::owner_id.eq(user)),
    };
    if let Some(id) = only {
        query = query.filter(follow_ups::id.eq(id));
    }
    query.load(conn)
}

/// One owner's cases opened in one month (cut in the organisation's zone).
#[derive(Debug, Clone, diesel::QueryableByName)]
pub struct OwnerMonth {
    #[diesel(sql_type = diesel::sql_types::Timestamptz)]
    pub month: DateTime<Utc>,
    /// `None`: the shared queue.
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
    pub owner_email: Option<String>,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub cases: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub unfinished: i64,
    /// Still open (nobody called) past their due time.
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub overdue: i64,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Double>)]
    pub median_hours_to_first_contact: Option<f64>,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub contacted_in_time: i64,
    /// Cases whose due time has passed or that were contacted: those the in-time share is of.
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub due_or_contacted: i64,
}

/// Per month and owner, the cases opened in `[from, to)` and how fast they were taken up.
pub fn by_owner_and_month(
    conn: &mut PgConnection,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    zone: &str,
    now: DateTime<Utc>,
) -> QueryResult<Vec<OwnerMonth>> {
    use diesel::sql_types::{Text, Timestamptz};
    diesel::sql_query(
        "SELECT (date_trunc('month', f.created_at AT TIME ZONE $3) AT TIME ZONE $3) AS month,
                u.email AS owner_email,
                count(*) AS cases,
                count(*) FILTER (WHERE f.status IN ('open', 'contacted')) AS unfinished,
                count(*) FILTER (WHERE f.status = 'open' AND f.due_at < $4) AS overdue,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM f.first_contacted_at - f.created_at) / 3600.0)
                    AS median_hours_to_first_contact,
                count(*) FILTER (WHERE f.first_contacted_at <= f.due_at) AS contacted_in_time,
                count(*) FILTER (WHERE f.first_contacted_at IS NOT NULL OR f.due_at < $4) AS due_or_contacted
         FROM follow_ups f LEFT JOIN users u ON u.id = f.owner_id
         WHERE f.created_at >= $1 AND f.created_at < $2
         GROUP BY 1, 2
         ORDER BY 1, 2 NULLS LAST",
    )
    .bind::<Timestamptz, _>(from)
    .bind::<Timestamptz, _>(to)
    .bind::<Text, _>(zone)
    .bind::<Timestamptz, _>(now)
    .load(conn)
}

/// An account's cases, newest first.
pub fn for_account(conn: &mut PgConnection, account: AccountId) -> QueryResult<Vec<FollowUp>> {
    follow_ups::table
        .filter(follow_ups::account_id.eq(account))
        .order((follow_ups::created_at.desc(), follow_ups::id.desc()))
        .select(FollowUp::as_select())
        .load(conn)
}
