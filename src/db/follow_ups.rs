//! Follow-up cases: an answer someone must call back about.

use super::schema::follow_ups;
use crate::domain::ids::{AccountId, ResponseId, UserId};
use chrono::{DateTime, Utc};
use diesel::prelude::*;

#[derive(Debug, Insertable)]
#[diesel(table_name = follow_ups)]
pub struct NewFollowUp<'a> {
    pub response_id: ResponseId,
    pub account_id: Option<AccountId>,
    pub owner_id: Option<UserId>,
    pub trigger: &'a str,
    pub due_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Opens a case for a response unless it has one already (an edited answer keeps its case).
pub fn open_once(conn: &mut PgConnection, follow_up: &NewFollowUp) -> QueryResult<bool> {
    let inserted = diesel::insert_into(follow_ups::table)
        .values(follow_up)
        .on_conflict(follow_ups::response_id)
        .do_nothing()
        .execute(conn)?;
    Ok(inserted == 1)
}

pub fn count_for_response(conn: &mut PgConnection, response: ResponseId) -> QueryResult<i64> {
    follow_ups::table.filter(follow_ups::response_id.eq(response)).count().get_result(conn)
}
