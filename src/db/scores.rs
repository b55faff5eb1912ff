//! Answers counted by score (and exit reason), over a period or per week or month.

use super::report_scope::{bind_scope, Scope, SCOPED};
use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Date, Int2, Nullable, Text, Timestamptz};
use diesel::{sql_query, QueryableByName};

/// Weeks (from Monday) or months, cut in the organisation's time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Interval {
    Week,
    Month,
}

impl Interval {
    pub fn as_str(self) -> &'static str {
        match self {
            Interval::Week => "week",
            Interval::Month => "month",
        }
    }
}

#[derive(Debug, Clone, QueryableByName)]
pub struct ScoreCount {
    /// The week or month the answers fall in; `None` when counted over the whole period.
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub period: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Int2>)]
    pub score: Option<i16>,
    #[diesel(sql_type = Nullable<Text>)]
    pub reason: Option<String>,
    #[diesel(sql_type = BigInt)]
    pub answers: i64,
    /// The monthly recurring revenue of the exit answers' accounts when they answered.
    #[diesel(sql_type = BigInt)]
    pub mrr: i64,
}

/// Answers in scope by score and reason, per `interval` (cut in `zone`) or over the whole period.
pub fn score_counts(conn: &mut PgConnection, scope: &Scope, interval: Option<Interval>, zone: &str) -> QueryResult<Vec<ScoreCount>> {
    let sql = format!(
        "WITH {SCOPED}
         SELECT (date_trunc($11, r.answered_at AT TIME ZONE $12) AT TIME ZONE $12) AS period,
                r.score, r.reason, count(*) AS answers,
                -- An exit answer's MRR is what the account paid when it answered, not now (0, once it left).
                coalesce(sum(CASE WHEN r.reason IS NOT NULL THEN koe_mrr_before(a.id, r.answered_at) END), 0)::int8 AS mrr
         FROM scoped s JOIN responses r ON r.id = s.id LEFT JOIN accounts a ON a.id = r.account_id
         WHERE s.in_group
         GROUP BY 1, 2, 3
         ORDER BY 1, 2, 3"
    );
    bind_scope(sql, scope)
        .bind::<Nullable<Text>, _>(interval.map(|interval| interval.as_str().to_owned()))
        .bind::<Text, _>(zone.to_owned())
        .load(conn)
}

#[derive(Debug, Clone, QueryableByName)]
pub struct DailyScoreCount {
    /// The first day of the week or month (in the organisation's zone); `None` over the whole period.
    #[diesel(sql_type = Nullable<Date>)]
    pub period: Option<NaiveDate>,
    #[diesel(sql_type = Nullable<Int2>)]
    pub score: Option<i16>,
    #[diesel(sql_type = Nullable<Text>)]
    pub reason: Option<String>,
    #[diesel(sql_type = BigInt)]
    pub answers: i64,
}

/// Like [`score_counts`] (without MRR), from the daily counts: days `[from, to)` of one survey.
pub fn score_counts_by_day(
    conn: &mut PgConnection,
    survey_id: i64,
    (from, to): (NaiveDate, NaiveDate),
    interval: Option<Interval>,
) -> QueryResult<Vec<DailyScoreCount>> {
    sql_query(
        "SELECT date_trunc($4, day)::date AS period, nullif(score, -1) AS score, nullif(reason, '') AS reason,
                sum(answers)::int8 AS answers
         FROM score_daily
         WHERE survey_id = $1 AND day >= $2 AND day < $3
         GROUP BY 1, 2, 3
         HAVING sum(answers) <> 0
         ORDER BY 1, 2, 3",
    )
    .bind::<BigInt, _>(survey_id)
    .bind::<Date, _>(from)
    .bind::<Date, _>(to)
    .bind::<Nullable<Text>, _>(interval.map(|interval| interval.as_str().to_owned()))
    .load(conn)
}
