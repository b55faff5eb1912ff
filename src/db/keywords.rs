//! Keyword counts over answers: one query per report, aggregated in PostgreSQL, either from
//! the answers in scope (see [`super::report_scope`]) or from the monthly counts.

use super::report_scope::{bind_scope, Scope, SCOPED};
use crate::domain::keywords::TermCount;
use chrono::{DateTime, NaiveDate, Utc};
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::query_builder::BoxedSqlQuery;
use diesel::sql_types::{BigInt, Date, Int2, Nullable, Text, Timestamptz};
use diesel::{sql_query, QueryableByName};

#[derive(Debug, QueryableByName)]
struct TermRow {
    #[diesel(sql_type = Text)]
    term: String,
    #[diesel(sql_type = BigInt)]
    in_group: i64,
    #[diesel(sql_type = BigInt)]
    in_rest: i64,
}

/// For every term mentioned in scope: how many answers of the group and of the rest mention it.
pub fn term_counts(conn: &mut PgConnection, scope: &Scope) -> QueryResult<Vec<TermCount>> {
    let sql = format!(
        "WITH {SCOPED}
         SELECT t.term, count(*) FILTER (WHERE s.in_group) AS in_group, count(*) FILTER (WHERE NOT s.in_group) AS in_rest
         FROM scoped s JOIN response_terms t ON t.response_id = s.id
         GROUP BY t.term"
    );
    let rows: Vec<TermRow> = bind_scope(sql, scope).load(conn)?;
    Ok(rows.into_iter().map(|row| TermCount { term: row.term, in_group: row.in_group, in_rest: row.in_rest }).collect())
}

/// The group's most mentioned terms, best first.
pub fn top_terms(conn: &mut PgConnection, scope: &Scope, limit: i64) -> QueryResult<Vec<TermCount>> {
    let sql = format!(
        "WITH {SCOPED}
         SELECT t.term, count(*) AS in_group, 0::int8 AS in_rest
         FROM scoped s JOIN response_terms t ON t.response_id = s.id
         WHERE s.in_group
         GROUP BY t.term
         ORDER BY count(*) DESC, t.term
         LIMIT $11"
    );
    let rows: Vec<TermRow> = bind_scope(sql, scope).bind::<BigInt, _>(limit).load(conn)?;
    Ok(rows.into_iter().map(|row| TermCount { term: row.term, in_group: row.in_group, in_rest: row.in_rest }).collect())
}

#[derive(Debug, Clone, Copy, QueryableByName)]
pub struct GroupSize {
    /// Answers in the group.
    #[diesel(sql_type = BigInt)]
    pub answers: i64,
    /// Of those, answers whose comment gave at least one term.
    #[diesel(sql_type = BigInt)]
    pub with_terms: i64,
}

pub fn group_size(conn: &mut PgConnection, scope: &Scope) -> QueryResult<GroupSize> {
    let sql = format!(
        "WITH {SCOPED}
         SELECT count(*) AS answers,
                count(*) FILTER (WHERE EXISTS (SELECT 1 FROM response_terms t WHERE t.response_id = s.id)) AS with_terms
         FROM scoped s WHERE s.in_group"
    );
    bind_scope(sql, scope).get_result(conn)
}

#[derive(Debug, Clone, QueryableByName)]
pub struct Mention {
    #[diesel(sql_type = BigInt)]
    pub response_id: i64,
    #[diesel(sql_type = Timestamptz)]
    pub answered_at: DateTime<Utc>,
    #[diesel(sql_type = Nullable<Int2>)]
    pub score: Option<i16>,
    #[diesel(sql_type = Nullable<Text>)]
    pub reason: Option<String>,
    #[diesel(sql_type = Text)]
    pub comment: String,
}

/// The group's answers that mention `term`, newest first; `before` continues a listing.
pub fn mentions(
    conn: &mut PgConnection,
    scope: &Scope,
    term: &str,
    before: Option<(DateTime<Utc>, i64)>,
    limit: i64,
) -> QueryResult<Vec<Mention>> {
    let sql = format!(
        "WITH {SCOPED}
         SELECT r.id AS response_id, r.answered_at, r.score, r.reason, coalesce(r.comment, '') AS comment
         FROM scoped s
         JOIN response_terms t ON t.response_id = s.id AND t.term = $11
         JOIN responses r ON r.id = s.id
         WHERE s.in_group AND ($12::timestamptz IS NULL OR (r.answered_at, r.id) < ($12, $13))
         ORDER BY r.answered_at DESC, r.id DESC
         LIMIT $14"
    );
    bind_scope(sql, scope)
        .bind::<Text, _>(term.to_owned())
        .bind::<Nullable<Timestamptz>, _>(before.map(|(at, _)| at))
        .bind::<BigInt, _>(before.map_or(0, |(_, id)| id))
        .bind::<BigInt, _>(limit)
        .load(conn)
}

#[derive(Debug, Clone, Copy, QueryableByName)]
pub struct MonthCount {
    /// The month's first instant in the organisation's zone.
    #[diesel(sql_type = Timestamptz)]
    pub month: DateTime<Utc>,
    #[diesel(sql_type = BigInt)]
    pub mentions: i64,
    /// Answers of the group that month whose comment gave terms.
    #[diesel(sql_type = BigInt)]
    pub with_terms: i64,
}

/// Per month (cut in `zone`): the group's answers mentioning `term`, and those with any terms.
pub fn monthly(conn: &mut PgConnection, scope: &Scope, term: &str, zone: &str) -> QueryResult<Vec<MonthCount>> {
    let sql = format!(
        "WITH {SCOPED}
         SELECT (date_trunc('month', s.answered_at AT TIME ZONE $12) AT TIME ZONE $12) AS month,
                count(*) FILTER (WHERE EXISTS (SELECT 1 FROM response_terms t WHERE t.response_id = s.id AND t.term = $11)) AS mentions,
                count(*) FILTER (WHERE EXISTS (SELECT 1 FROM response_terms t WHERE t.response_id = s.id)) AS with_terms
         FROM scoped s WHERE s.in_group
         GROUP BY 1 ORDER BY 1"
    );
    bind_scope(sql, scope).bind::<Text, _>(term.to_owned()).bind::<Text, _>(zone.to_owned()).load(conn)
}

#[derive(Debug, Clone, QueryableByName)]
pub struct CoOccurrence {
    #[diesel(sql_type = Text)]
    pub term: String,
    /// Answers of the group mentioning both terms.
    #[diesel(sql_type = BigInt)]
    pub together: i64,
    /// Answers of the group mentioning this term at all.
    #[diesel(sql_type = BigInt)]
    pub overall: i64,
}

/// The terms most often in the same answer as `term`, within the group.
pub fn co_occurring(conn: &mut PgConnection, scope: &Scope, term: &str, limit: i64) -> QueryResult<Vec<CoOccurrence>> {
    let sql = format!(
        "WITH {SCOPED},
         grouped AS (SELECT id FROM scoped WHERE in_group),
         with_term AS (SELECT g.id FROM grouped g JOIN response_terms t ON t.response_id = g.id AND t.term = $11),
         together AS (
            SELECT t.term, count(*) AS together
            FROM with_term w JOIN response_terms t ON t.response_id = w.id
            WHERE t.term <> $11
            GROUP BY t.term
            ORDER BY count(*) DESC, t.term
            LIMIT $12)
         SELECT c.term, c.together,
                (SELECT count(*) FROM grouped g JOIN response_terms t ON t.response_id = g.id AND t.term = c.term) AS overall
         FROM together c
         ORDER BY c.together DESC, c.term"
    );
    bind_scope(sql, scope).bind::<Text, _>(term.to_owned()).bind::<BigInt, _>(limit).load(conn)
}

/// A report the monthly counts can answer: whole months of one survey, no account filters.
#[derive(Debug, Clone, Copy)]
pub struct MonthRange<'a> {
    pub survey_id: i64,
    /// First month included and first month excluded (each the 1st, in the organisation's zone).
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The group's category name (`Category::name`); `None` for every answer.
    pub category: Option<&'a str>,
}

fn bind_months<'a>(sql: &str, range: &MonthRange<'a>) -> BoxedSqlQuery<'a, Pg, diesel::query_builder::SqlQuery> {
    sql_query(sql.to_owned())
        .into_boxed()
        .bind::<BigInt, _>(range.survey_id)
        .bind::<Date, _>(range.from)
        .bind::<Date, _>(range.to)
        .bind::<Nullable<Text>, _>(range.category.map(str::to_owned))
}

/// Like [`top_terms`], from the monthly counts.
pub fn top_terms_by_month(conn: &mut PgConnection, range: &MonthRange, limit: i64) -> QueryResult<Vec<TermCount>> {
    let rows: Vec<TermRow> = bind_months(
        "SELECT term, sum(responses)::int8 AS in_group, 0::int8 AS in_rest
         FROM keyword_monthly
         WHERE survey_id = $1 AND month >= $2 AND month < $3 AND ($4::text IS NULL OR category = $4)
         GROUP BY term HAVING sum(responses) > 0
         ORDER BY sum(responses) DESC, term
         LIMIT $5",
        range,
    )
    .bind::<BigInt, _>(limit)
    .load(conn)?;
    Ok(rows.into_iter().map(|row| TermCount { term: row.term, in_group: row.in_group, in_rest: row.in_rest }).collect())
}

/// Like [`term_counts`], from the monthly counts.
pub fn term_counts_by_month(conn: &mut PgConnection, range: &MonthRange) -> QueryResult<Vec<TermCount>> {
    let rows: Vec<TermRow> = bind_months(
        "SELECT term,
                coalesce(sum(responses) FILTER (WHERE $4::text IS NULL OR category = $4), 0)::int8 AS in_group,
                coalesce(sum(responses) FILTER (WHERE $4::text IS NOT NULL AND category <> $4), 0)::int8 AS in_rest
         FROM keyword_monthly
         WHERE survey_id = $1 AND month >= $2 AND month < $3
         GROUP BY term HAVING sum(responses) > 0",
        range,
    )
    .load(conn)?;
    Ok(rows.into_iter().map(|row| TermCount { term: row.term, in_group: row.in_group, in_rest: row.in_rest }).collect())
}

/// Like [`group_size`], from the monthly counts.
pub fn group_size_by_month(conn: &mut PgConnection, range: &MonthRange) -> QueryResult<GroupSize> {
    bind_months(
        "SELECT coalesce(sum(answers), 0)::int8 AS answers, coalesce(sum(with_terms), 0)::int8 AS with_terms
         FROM answer_monthly
         WHERE survey_id = $1 AND month >= $2 AND month < $3 AND ($4::text IS NULL OR category = $4)",
        range,
    )
    .get_result(conn)
}
