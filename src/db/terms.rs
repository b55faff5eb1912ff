//! The analysed terms of each comment, once per response.

use super::prepared::prepared;
use super::schema::{response_terms, responses};
use crate::domain::ids::ResponseId;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Text, Timestamptz};

/// Removes these responses' terms, in one statement.
pub fn remove(conn: &mut PgConnection, responses: &[ResponseId]) -> QueryResult<usize> {
    if responses.is_empty() {
        return Ok(0);
    }
    diesel::delete(response_terms::table.filter(response_terms::response_id.eq_any(responses))).execute(conn)
}

pub fn for_response(conn: &mut PgConnection, response: ResponseId) -> QueryResult<Vec<String>> {
    response_terms::table
        .filter(response_terms::response_id.eq(response))
        .select(response_terms::term)
        .order(response_terms::term)
        .load(conn)
}

/// A comment whose terms were made by another analyser than the current one.
#[derive(Debug, Clone, Queryable)]
pub struct StaleComment {
    pub id: ResponseId,
    pub comment: String,
    pub updated_at: DateTime<Utc>,
}

/// Up to `limit` comments after `after` (in id order) not analysed by `fingerprint`.
pub fn stale_comments(conn: &mut PgConnection, fingerprint: &str, after: ResponseId, limit: i64) -> QueryResult<Vec<StaleComment>> {
    responses::table
        .filter(responses::id.gt(after))
        .filter(responses::comment.is_not_null())
        .filter(responses::analyzed_with.is_distinct_from(fingerprint))
        .order(responses::id)
        .limit(limit)
        .select((responses::id, responses::comment.assume_not_null(), responses::updated_at))
        .load(conn)
}

/// How many comments were not analysed by `fingerprint`.
pub fn count_stale(conn: &mut PgConnection, fingerprint: &str) -> QueryResult<i64> {
    responses::table
        .filter(responses::comment.is_not_null())
        .filter(responses::analyzed_with.is_distinct_from(fingerprint))
        .count()
        .get_result(conn)
}

/// Marks the responses as analysed by `fingerprint`, each only if it was not updated since
/// `updated_at` (a newer answer brought its own terms); returns the ids marked. The rows
/// stay locked until the caller's transaction ends, so their terms can be written safely.
pub fn mark_analyzed(
    conn: &mut PgConnection,
    ids: &[i64],
    updated_at: &[DateTime<Utc>],
    fingerprint: &str,
) -> QueryResult<Vec<ResponseId>> {
    #[derive(QueryableByName)]
    struct Marked {
        #[diesel(sql_type = BigInt)]
        id: i64,
    }
    let marked: Vec<Marked> = prepared(
        "UPDATE responses r SET analyzed_with = $1
           FROM unnest($2::bigint[], $3::timestamptz[]) AS d(id, updated_at)
          WHERE r.id = d.id AND r.updated_at = d.updated_at
         RETURNING r.id",
    )
    .bind::<Text, _>(fingerprint)
    .bind::<Array<BigInt>, _>(ids)
    .bind::<Array<Timestamptz>, _>(updated_at)
    .load(conn)?;
    Ok(marked.into_iter().map(|row| ResponseId(row.id)).collect())
}

/// The stored terms of these responses, as (response, term) pairs.
pub fn pairs_for(conn: &mut PgConnection, ids: &[i64]) -> QueryResult<Vec<(ResponseId, String)>> {
    response_terms::table
        .filter(response_terms::response_id.eq_any(ids))
        .select((response_terms::response_id, response_terms::term))
        .load(conn)
}

/// Inserts (response, term) pairs, `ids[i]` with `terms[i]`, in one statement, so that the
/// rollup triggers (statement-level) run once for all of them. Its text is the same for any
/// number of pairs, so each connection plans it once. The pairs must be new: both callers
/// write terms only of answers they hold locked and whose stored terms they removed or read.
/// (No `ON CONFLICT DO NOTHING`: it cost each row an extra index probe and WAL record, about
/// 5 % of the answers a second, for conflicts that cannot happen.)
pub fn insert_pairs(conn: &mut PgConnection, ids: &[i64], terms: &[&str]) -> QueryResult<usize> {
    if ids.is_empty() {
        return Ok(0);
    }
    prepared(
        "INSERT INTO response_terms (response_id, term)
         SELECT * FROM unnest($1::bigint[], $2::text[])",
    )
    .bind::<Array<BigInt>, _>(ids)
    .bind::<Array<Text>, _>(terms)
    .execute(conn)
}

/// Deletes (response, term) pairs, `ids[i]` with `terms[i]`, in one statement.
pub fn delete_pairs(conn: &mut PgConnection, ids: &[i64], terms: &[&str]) -> QueryResult<usize> {
    if ids.is_empty() {
        return Ok(0);
    }
    prepared(
        "DELETE FROM response_terms t
          USING unnest($1::bigint[], $2::text[]) AS d(response_id, term)
          WHERE t.response_id = d.response_id AND t.term = d.term",
    )
    .bind::<Array<BigInt>, _>(ids)
    .bind::<Array<Text>, _>(terms)
    .execute(conn)
}
