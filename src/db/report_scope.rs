//! The answers a report reads: one survey, a period, the account filters, and a group.
//!
//! Every report query starts with the `scoped` CTE and binds its parameters $1 to $10 in the
//! same order (see [`bind_scope`]); a query adds its own from $11.

use crate::domain::keywords::CategorySelector;
use crate::domain::period::Period;
use diesel::pg::Pg;
use diesel::query_builder::{BoxedSqlQuery, SqlQuery};
use diesel::sql_query;
use diesel::sql_types::{BigInt, Int2, Nullable, Text, Timestamptz};

/// Which answers a report reads.
#[derive(Debug, Clone)]
pub struct Scope<'a> {
    pub survey_id: i64,
    pub period: Period,
    pub segment: Option<&'a str>,
    pub plan: Option<&'a str>,
    pub owner_email: Option<&'a str>,
    pub stage: Option<&'a str>,
    /// `None`: every answer is in the group.
    pub category: Option<CategorySelector<'a>>,
}

/// The report filters on the account `a` and its owner `u`: parameters $4 to $7 of
/// [`bind_scope`]. A macro, so that it can be spliced into SQL constants with `concat!`.
macro_rules! account_filters {
    () => {
        "($4::text IS NULL OR a.segment = $4)
          AND ($5::text IS NULL OR a.plan = $5)
          AND ($6::text IS NULL OR u.email = $6)
          AND ($7::text IS NULL OR a.stage = $7)"
    };
}
pub(crate) use account_filters;

/// `scoped`: the answers in scope with a flag for the group; parameters $1 to $10.
pub const SCOPED: &str = concat!("
    scoped AS (
        SELECT r.id, r.answered_at,
               CASE WHEN $8::int2 IS NOT NULL THEN coalesce(r.score BETWEEN $8 AND $9, false)
                    WHEN $10::text IS NOT NULL THEN r.reason IS NOT DISTINCT FROM $10
                    ELSE true END AS in_group
        FROM responses r
        LEFT JOIN accounts a ON a.id = r.account_id
        LEFT JOIN users u ON u.id = a.owner_id
        WHERE r.survey_id = $1 AND r.answered_at >= $2 AND r.answered_at < $3
          AND ", account_filters!(), "
    )");

pub fn bind_scope<'a>(sql: String, scope: &Scope<'a>) -> BoxedSqlQuery<'a, Pg, SqlQuery> {
    let (low, high, reason) = match scope.category {
        Some(CategorySelector::Scores(low, high)) => (Some(low), Some(high), None),
        Some(CategorySelector::Reason(code)) => (None, None, Some(code.to_owned())),
        None => (None, None, None),
    };
    sql_query(sql)
        .into_boxed()
        .bind::<BigInt, _>(scope.survey_id)
        .bind::<Timestamptz, _>(scope.period.from)
        .bind::<Timestamptz, _>(scope.period.to)
        .bind::<Nullable<Text>, _>(scope.segment.map(str::to_owned))
        .bind::<Nullable<Text>, _>(scope.plan.map(str::to_owned))
        .bind::<Nullable<Text>, _>(scope.owner_email.map(str::to_owned))
        .bind::<Nullable<Text>, _>(scope.stage.map(str::to_owned))
        .bind::<Nullable<Int2>, _>(low)
        .bind::<Nullable<Int2>, _>(high)
        .bind::<Nullable<Text>, _>(reason)
}

