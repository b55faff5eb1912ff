//! The values the report filters can take, read from the accounts, for the filter menus.

use super::schema::{accounts, users};
use diesel::prelude::*;

/// Distinct values in use, each sorted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FilterValues {
    pub segments: Vec<String>,
    pub plans: Vec<String>,
    /// Emails of the users who own at least one account.
    pub owners: Vec<String>,
    pub stages: Vec<String>,
}

pub fn values(conn: &mut PgConnection) -> QueryResult<FilterValues> {
    let segments = accounts::table.select(accounts::segment).filter(accounts::segment.is_not_null()).distinct().order(accounts::segment).load::<Option<String>>(conn)?;
    let plans = accounts::table.select(accounts::plan).filter(accounts::plan.is_not_null()).distinct().order(accounts::plan).load::<Option<String>>(conn)?;
    let owners = users::table
        .filter(diesel::dsl::exists(accounts::table.filter(accounts::owner_id.eq(users::id.nullable()))))
        .select(users::email)
        .order(users::email)
        .load::<String>(conn)?;
    let stages = accounts::table.select(accounts::stage).distinct().order(accounts::stage).load::<String>(conn)?;
    Ok(FilterValues { segments: segments.into_iter().flatten().collect(), plans: plans.into_iter().flatten().collect(), owners, stages })
}
