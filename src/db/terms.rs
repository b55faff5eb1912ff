//! The analysed terms of each comment, once per response.

use super::schema::response_terms;
use crate::domain::ids::ResponseId;
use diesel::prelude::*;

/// Replaces a response's terms with `terms` (already distinct).
pub fn replace(conn: &mut PgConnection, response: ResponseId, terms: &[String]) -> QueryResult<()> {
    diesel::delete(response_terms::table.filter(response_terms::response_id.eq(response))).execute(conn)?;
    if terms.is_empty() {
        return Ok(());
    }
    let rows: Vec<_> = terms
        .iter()
        .map(|term| (response_terms::response_id.eq(response), response_terms::term.eq(term)))
        .collect();
    diesel::insert_into(response_terms::table).values(&rows).on_conflict_do_nothing().execute(conn)?;
    Ok(())
}

pub fn for_response(conn: &mut PgConnection, response: ResponseId) -> QueryResult<Vec<String>> {
    response_terms::table
        .filter(response_terms::response_id.eq(response))
        .select(response_terms::term)
        .order(response_terms::term)
        .load(conn)
}
