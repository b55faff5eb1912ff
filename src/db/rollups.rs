//! The report rollups (answer_monthly, keyword_monthly, score_daily, invitation_daily): the
//! answer triggers append differences, and these views add them to totals kept apart
//! (migration 2026-12-06-000001). Folding moves the differences into the totals, so that a
//! report adds few of them.

use diesel::pg::PgConnection;
use diesel::{sql_query, QueryResult, RunQueryDsl};

/// Moves every committed difference into its total; safe beside writers and other folds.
pub fn fold(conn: &mut PgConnection) -> QueryResult<()> {
    sql_query("SELECT koe_fold_rollups()").execute(conn).map(drop)
}
