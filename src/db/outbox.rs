//! The outbox: jobs written in the transaction that calls for them, claimed by workers with
//! `FOR UPDATE SKIP LOCKED` so that several processes can share the queue.

use super::schema::outbox;
use crate::domain::ids::{OutboxId, WebhookEndpointId};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Double, Integer, Nullable, Text};
use std::time::Duration;

#[derive(Debug)]
pub struct NewJob<'a> {
    pub kind: &'a str,
    pub payload: serde_json::Value,
    pub recipient: &'a str,
    pub endpoint_id: Option<WebhookEndpointId>,
    /// Not before then (a reminder waits its days); `created_at` for now.
    pub run_after: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
}

pub fn enqueue(conn: &mut PgConnection, jobs: &[NewJob]) -> QueryResult<usize> {
    use super::prepared::{column, prepared};
    use diesel::sql_types::{Jsonb, Timestamptz};
    if jobs.is_empty() {
        return Ok(0);
    }
    prepared(
        "INSERT INTO outbox (kind, payload, recipient, endpoint_id, run_after, created_at)
         SELECT * FROM unnest($1::text[], $2::jsonb[], $3::text[], $4::int8[], $5::timestamptz[], $6::timestamptz[])",
    )
    .bind::<Array<Text>, _>(column(jobs, |job| job.kind))
    .bind::<Array<Jsonb>, _>(column(jobs, |job| &job.payload))
    .bind::<Array<Text>, _>(column(jobs, |job| job.recipient))
    .bind::<Array<Nullable<BigInt>>, _>(column(jobs, |job| job.endpoint_id.map(|id| id.0)))
    .bind::<Array<Timestamptz>, _>(column(jobs, |job| job.run_after))
    .bind::<Array<Timestamptz>, _>(column(jobs, |job| job.created_at))
    .execute(conn)
}

/// A job a worker holds until its lease runs out.
#[derive(Debug, Clone, QueryableByName)]
#[diesel(table_name = outbox)]
pub struct Claimed {
    pub id: OutboxId,
    pub kind: String,
    pub payload: serde_json::Value,
    pub recipient: String,
    pub endpoint_id: Option<WebhookEndpointId>,
    /// Including this one.
    pub attempts: i32,
    pub created_at: DateTime<Utc>,
}

/// Takes up to `limit` due jobs of `kinds` for `lease`. Times come from the database's clock, so that
/// processes on machines whose clocks differ agree on when a lease ran out.
pub fn claim(conn: &mut PgConnection, kinds: &[&str], limit: i64, lease: Duration) -> QueryResult<Vec<Claimed>> {
    diesel::sql_query(
        "UPDATE outbox SET attempts = attempts + 1, claimed_until = now() + make_interval(secs => $2)
         WHERE id IN (
             SELECT id FROM outbox
             WHERE sent_at IS NULL AND gave_up_at IS NULL AND skipped_at IS NULL AND run_after <= now()
               AND (claimed_until IS NULL OR claimed_until < now())
               AND kind = ANY($3)
             ORDER BY run_after, id
             LIMIT $1
             FOR UPDATE SKIP LOCKED)
         RETURNING id, kind, payload, recipient, endpoint_id, attempts, created_at",
    )
    .bind::<BigInt, _>(limit)
    .bind::<Double, _>(lease.as_secs_f64())
    .bind::<Array<Text>, _>(kinds)
    .load(conn)
}

/// The job was delivered; `status` is what the receiver answered, when it is HTTP.
pub fn mark_sent(conn: &mut PgConnection, id: OutboxId, status: Option<i32>) -> QueryResult<usize> {
    diesel::sql_query(
        "UPDATE outbox SET sent_at = now(), claimed_until = NULL, last_error = NULL, last_status = $2 WHERE id = $1",
    )
    .bind::<BigInt, _>(id)
    .bind::<Nullable<Integer>, _>(status)
    .execute(conn)
}

/// The attempt failed; the job is due again after `delay`.
pub fn retry_later(conn: &mut PgConnection, id: OutboxId, delay: Duration, error: &str, status: Option<i32>) -> QueryResult<usize> {
    diesel::sql_query(
        "UPDATE outbox SET run_after = now() + make_interval(secs => $2), claimed_until = NULL,
                           last_error = $3, last_status = $4
         WHERE id = $1",
    )
    .bind::<BigInt, _>(id)
    .bind::<Double, _>(delay.as_secs_f64())
    .bind::<Text, _>(error)
    .bind::<Nullable<Integer>, _>(status)
    .execute(conn)
}

/// The job cannot succeed (refused for good, or out of attempts); kept for the delivery log.
pub fn give_up(conn: &mut PgConnection, id: OutboxId, error: &str, status: Option<i32>) -> QueryResult<usize> {
    diesel::sql_query(
        "UPDATE outbox SET gave_up_at = now(), claimed_until = NULL, last_error = $2, last_status = $3 WHERE id = $1",
    )
    .bind::<BigInt, _>(id)
    .bind::<Text, _>(error)
    .bind::<Nullable<Integer>, _>(status)
    .execute(conn)
}

/// The job did part of its work and has more: due again at once, its attempts back to zero
/// (each step succeeded).
pub fn requeue(conn: &mut PgConnection, id: OutboxId) -> QueryResult<usize> {
    diesel::sql_query("UPDATE outbox SET run_after = now(), claimed_until = NULL, attempts = 0, last_error = NULL WHERE id = $1")
        .bind::<BigInt, _>(id)
        .execute(conn)
}

/// The job was no longer needed when its time came (e.g. the reminder of an answered invitation).
pub fn skip(conn: &mut PgConnection, id: OutboxId, reason: &str) -> QueryResult<usize> {
    diesel::sql_query("UPDATE outbox SET skipped_at = now(), claimed_until = NULL, last_error = $2 WHERE id = $1")
        .bind::<BigInt, _>(id)
        .bind::<Text, _>(reason)
        .execute(conn)
}

/// One row of an endpoint's delivery log.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = outbox)]
pub struct Delivery {
    pub id: OutboxId,
    pub payload: serde_json::Value,
    pub attempts: i32,
    pub run_after: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    pub gave_up_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    pub last_status: Option<i32>,
    pub created_at: DateTime<Utc>,
}

/// An endpoint's deliveries, newest first.
pub fn deliveries(conn: &mut PgConnection, endpoint: WebhookEndpointId, limit: i64) -> QueryResult<Vec<Delivery>> {
    outbox::table
        .filter(outbox::endpoint_id.eq(endpoint))
        .order(outbox::id.desc())
        .limit(limit)
        .select(Delivery::as_select())
        .load(conn)
}
