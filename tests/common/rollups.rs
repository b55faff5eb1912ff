//! The rollups recounted from the answers, to check that every way of writing keeps them true.
//! A rollup holds totals and, in its child table, differences not yet folded; a key's count
//! is the sum of its rows. A deleted survey's differences wait for the next fold, which drops
//! them (no report reads a deleted survey), so only existing surveys are compared.

use diesel::PgConnection;

#[derive(diesel::QueryableByName)]
struct Mismatches {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

fn count(conn: &mut PgConnection, sql: &str) -> i64 {
    diesel::RunQueryDsl::get_result::<Mismatches>(diesel::sql_query(sql), conn).expect("recount").n
}

/// Rows of the monthly tables that differ from a recount of the answers (both directions):
/// (keyword_monthly, answer_monthly).
pub fn monthly_mismatches(conn: &mut PgConnection) -> (i64, i64) {
    let keywords = "
        WITH recount AS (
            SELECT r.survey_id, koe_month(r.answered_at) AS month, koe_answer_category(s.kind, r.score, r.reason) AS category,
                   t.term, count(*)::int AS responses
            FROM responses r JOIN surveys s ON s.id = r.survey_id JOIN response_terms t ON t.response_id = r.id
            GROUP BY 1, 2, 3, 4),
        kept AS (SELECT survey_id, month, category, term, sum(responses)::int FROM keyword_monthly WHERE survey_id IN (SELECT id FROM surveys) GROUP BY 1, 2, 3, 4 HAVING sum(responses) <> 0)
        SELECT count(*) AS n FROM ((SELECT * FROM recount EXCEPT SELECT * FROM kept) UNION ALL (SELECT * FROM kept EXCEPT SELECT * FROM recount)) d";
    let answers = "
        WITH recount AS (
            SELECT r.survey_id, koe_month(r.answered_at) AS month, koe_answer_category(s.kind, r.score, r.reason) AS category,
                   count(*)::int AS answers,
                   (count(*) FILTER (WHERE EXISTS (SELECT 1 FROM response_terms t WHERE t.response_id = r.id)))::int AS with_terms
            FROM responses r JOIN surveys s ON s.id = r.survey_id GROUP BY 1, 2, 3),
        kept AS (SELECT survey_id, month, category, sum(answers)::int, sum(with_terms)::int FROM answer_monthly WHERE survey_id IN (SELECT id FROM surveys) GROUP BY 1, 2, 3
                  HAVING sum(answers) <> 0 OR sum(with_terms) <> 0)
        SELECT count(*) AS n FROM ((SELECT * FROM recount EXCEPT SELECT * FROM kept) UNION ALL (SELECT * FROM kept EXCEPT SELECT * FROM recount)) d";
    (count(conn, keywords), count(conn, answers))
}

/// Rows of score_daily that differ from a recount of the answers (both directions).
pub fn daily_mismatches(conn: &mut PgConnection) -> i64 {
    count(
        conn,
        "
        WITH recount AS (
            SELECT survey_id, koe_day(answered_at) AS day, coalesce(score, -1) AS score, coalesce(reason, '') AS reason,
                   count(*)::int AS answers
            FROM responses GROUP BY 1, 2, 3, 4),
        kept AS (SELECT survey_id, day, score, reason, sum(answers)::int FROM score_daily WHERE survey_id IN (SELECT id FROM surveys) GROUP BY 1, 2, 3, 4 HAVING sum(answers) <> 0)
        SELECT count(*) AS n FROM ((SELECT * FROM recount EXCEPT SELECT * FROM kept) UNION ALL (SELECT * FROM kept EXCEPT SELECT * FROM recount)) d",
    )
}

/// Rows of invitation_daily that differ from a recount of the invitations and their answers.
pub fn invitation_mismatches(conn: &mut PgConnection) -> i64 {
    count(
        conn,
        "
        WITH recount AS (
            SELECT i.survey_id, koe_day(i.created_at) AS day, count(*)::int AS sent, count(r.id)::int AS answered
            FROM invitations i LEFT JOIN responses r ON r.invitation_id = i.id GROUP BY 1, 2),
        kept AS (SELECT survey_id, day, sum(sent)::int, sum(answered)::int FROM invitation_daily WHERE survey_id IN (SELECT id FROM surveys) GROUP BY 1, 2
                  HAVING sum(sent) <> 0 OR sum(answered) <> 0)
        SELECT count(*) AS n FROM ((SELECT * FROM recount EXCEPT SELECT * FROM kept) UNION ALL (SELECT * FROM kept EXCEPT SELECT * FROM recount)) d",
    )
}

/// All four rollups agree with the rows, before their differences are folded into the
/// totals and after.
pub fn assert_true(conn: &mut PgConnection, after: &str) {
    for folded in [false, true] {
        if folded {
            koe::db::rollups::fold(conn).expect("fold the rollups");
            assert_eq!(unfolded(conn), 0, "differences left after a fold");
        }
        assert_eq!(monthly_mismatches(conn), (0, 0), "monthly rollups after {after} (folded: {folded})");
        assert_eq!(daily_mismatches(conn), 0, "score_daily after {after} (folded: {folded})");
        assert_eq!(invitation_mismatches(conn), 0, "invitation_daily after {after} (folded: {folded})");
    }
}

/// Differences not yet folded, in all four rollups.
pub fn unfolded(conn: &mut PgConnection) -> i64 {
    count(
        conn,
        "SELECT (SELECT count(*) FROM keyword_monthly_changes) + (SELECT count(*) FROM answer_monthly_changes)
              + (SELECT count(*) FROM score_daily_changes) + (SELECT count(*) FROM invitation_daily_changes) AS n",
    )
}
