//! Statements of fixed text that each connection prepares once.
//!
//! Diesel keeps a prepared statement for a query built with its DSL, but never for `sql_query`
//! nor for a many-row `insert_into` (the number of rows changes its text), so PostgreSQL parsed,
//! analysed and planned those again at every call: six statements of each batch of answers.
//! [`prepared`] takes SQL whose parameters are `$1`, `$2`, … in that order, each once, and
//! lets diesel keep its statement under that text. Many rows go in as one array a column,
//! through `unnest`, so that the text stays the same whatever their number.

use diesel::expression::AsExpression;
use diesel::pg::Pg;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::result::Error;
use diesel::sql_types::{SqlType, Untyped};
use diesel::{QueryResult, RunQueryDsl};

/// A statement of `sql`, to which [`Prepared::bind`] gives its parameters in order. It loads
/// rows of a `QueryableByName` type, as `sql_query` does.
pub fn prepared(sql: &'static str) -> Prepared<()> {
    Prepared { sql, binds: () }
}

/// One column of `rows`, as the array [`Prepared::bind`] gives to `unnest`.
pub fn column<'r, Row, T>(rows: &'r [Row], value: impl Fn(&'r Row) -> T) -> Vec<T> {
    rows.iter().map(value).collect()
}

#[must_use = "a statement does nothing until it is executed or loaded"]
pub struct Prepared<Binds> {
    sql: &'static str,
    binds: Binds,
}

impl<Binds> Prepared<Binds> {
    /// Gives the next parameter, `value` as the SQL type `ST`.
    pub fn bind<ST, Value>(self, value: Value) -> Prepared<(Binds, Value::Expression)>
    where
        ST: SqlType + diesel::expression::TypedExpressionType,
        Value: AsExpression<ST>,
    {
        Prepared { sql: self.sql, binds: (self.binds, value.as_expression()) }
    }
}

/// The parameters given so far, as a list that ends in `()`, the first one innermost.
pub trait Binds {
    /// Writes each parameter where its placeholder stands, the text between them from `pieces`.
    fn walk<'b>(&'b self, out: &mut AstPass<'_, 'b, Pg>, pieces: &mut Pieces) -> QueryResult<()>;
}

impl Binds for () {
    fn walk<'b>(&'b self, out: &mut AstPass<'_, 'b, Pg>, pieces: &mut Pieces) -> QueryResult<()> {
        out.push_sql(pieces.text_to_next()?);
        Ok(())
    }
}

impl<Earlier: Binds, Last: QueryFragment<Pg>> Binds for (Earlier, Last) {
    fn walk<'b>(&'b self, out: &mut AstPass<'_, 'b, Pg>, pieces: &mut Pieces) -> QueryResult<()> {
        self.0.walk(out, pieces)?;
        if pieces.ended {
            return Err(Error::QueryBuilderError(format!("more parameters than the placeholders of: {}", pieces.sql).into()));
        }
        // Diesel writes the placeholder `$n` itself, numbering the parameters in order.
        self.1.walk_ast(out.reborrow())?;
        out.push_sql(pieces.text_to_next()?);
        Ok(())
    }
}

/// The statement's text, cut at its placeholders.
pub struct Pieces {
    sql: &'static str,
    rest: &'static str,
    placeholders: usize,
    ended: bool,
}

impl Pieces {
    /// The text up to the next placeholder, or to the end when there is none. Refuses a
    /// placeholder out of order, so that a parameter can never land in another's place.
    fn text_to_next(&mut self) -> QueryResult<&'static str> {
        let Some((text, after)) = next_placeholder(self.rest) else {
            self.ended = true;
            return Ok(std::mem::take(&mut self.rest));
        };
        let number = self.placeholders + 1;
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        if after[..digits].parse() != Ok(number) {
            return Err(Error::QueryBuilderError(
                format!("placeholder ${} where ${number} was expected in: {}", &after[..digits], self.sql).into(),
            ));
        }
        self.rest = &after[digits..];
        self.placeholders = number;
        Ok(text)
    }
}

/// The text before the first `$` that starts a placeholder, and what follows that `$`.
fn next_placeholder(sql: &str) -> Option<(&str, &str)> {
    let at = sql.match_indices('$').map(|(at, _)| at).find(|&at| sql[at + 1..].starts_with(|c: char| c.is_ascii_digit()))?;
    Some((&sql[..at], &sql[at + 1..]))
}

impl<B: Binds> QueryFragment<Pg> for Prepared<B> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        let mut pieces = Pieces { sql: self.sql, rest: self.sql, placeholders: 0, ended: false };
        self.binds.walk(&mut out, &mut pieces)?;
        if !pieces.ended {
            return Err(Error::QueryBuilderError(format!("fewer parameters than the placeholders of: {}", self.sql).into()));
        }
        Ok(())
    }
}

/// No static id: diesel then keeps the statement under its text.
impl<B> QueryId for Prepared<B> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<B> Query for Prepared<B> {
    type SqlType = Untyped;
}

impl<B, Conn> RunQueryDsl<Conn> for Prepared<B> {}

#[cfg(test)]
mod tests {
    use super::*;
    use diesel::sql_types::{BigInt, Text};

    fn sql_of<B: Binds>(statement: &Prepared<B>) -> QueryResult<String> {
        use diesel::query_builder::QueryBuilder;
        let mut sql = diesel::pg::PgQueryBuilder::default();
        statement.to_sql(&mut sql, &Pg)?;
        Ok(sql.finish())
    }

    #[test]
    fn parameters_take_their_placeholders_places_in_order() {
        let statement = prepared("SELECT $1::int8 + 1, $2 || 'x$'").bind::<BigInt, _>(7).bind::<Text, _>("a");
        assert_eq!(sql_of(&statement).unwrap(), "SELECT $1::int8 + 1, $2 || 'x$'");
        assert_eq!(sql_of(&prepared("SELECT 1")).unwrap(), "SELECT 1");
    }

    #[test]
    fn a_parameter_out_of_place_or_missing_is_refused_rather_than_misplaced() {
        let swapped = prepared("SELECT $2, $1").bind::<BigInt, _>(1).bind::<BigInt, _>(2);
        let missing = prepared("SELECT $1, $2").bind::<BigInt, _>(1);
        let extra = prepared("SELECT $1").bind::<BigInt, _>(1).bind::<BigInt, _>(2);
        for sql in [sql_of(&swapped), sql_of(&missing), sql_of(&extra)] {
            assert!(sql.is_err(), "{sql:?}");
        }
    }
}
