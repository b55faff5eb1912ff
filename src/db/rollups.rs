//! The report rollups (answer_monthly, keyword_monthly, score_daily, invitation_daily). The
//! answer triggers append differences to a child table of each (`*_changes`, by inheritance),
//! so that reading a rollup reads them too and a key's count is the sum of its rows (migration
//! 2026-12-06-000001). Folding moves the differences into the totals, so that a report adds
//! few of them.

use diesel::pg::PgConnection;
use diesel::{sql_query, QueryResult, RunQueryDsl};

/// Moves every committed difference into its total; safe beside writers and other folds.
pub fn fold(conn: &mut PgConnection) -> QueryResult<()> {
    sql_query("SELECT koe_fold_rollups()").execute(conn).map(drop)
}
