//! Sign-in attempts, kept for throttling.

use super::schema::sign_in_attempts;
use crate::domain::sign_in::RecentFailures;
use chrono::{DateTime, Utc};
use diesel::dsl::{count_star, min};
use diesel::prelude::*;

pub fn record(conn: &mut PgConnection, email: &str, client_ip: &str, succeeded: bool, at: DateTime<Utc>) -> QueryResult<usize> {
    diesel::insert_into(sign_in_attempts::table)
        .values((
            sign_in_attempts::email.eq(email),
            sign_in_attempts::client_ip.eq(client_ip),
            sign_in_attempts::succeeded.eq(succeeded),
            sign_in_attempts::attempted_at.eq(at),
        ))
        .execute(conn)
}

/// Whose failures to count.
#[derive(Debug, Clone, Copy)]
pub enum Attempter<'a> {
    Email(&'a str),
    Address(&'a str),
}

/// Failed attempts of one account or from one address since `since`.
pub fn recent_failures(conn: &mut PgConnection, who: Attempter, since: DateTime<Utc>) -> QueryResult<RecentFailures> {
    let mut query = sign_in_attempts::table
        .filter(sign_in_attempts::attempted_at.ge(since))
        .filter(sign_in_attempts::succeeded.eq(false))
        .into_boxed();
    query = match who {
        Attempter::Email(email) => query.filter(sign_in_attempts::email.eq(email)),
        Attempter::Address(address) => query.filter(sign_in_attempts::client_ip.eq(address)),
    };
    query
        .select((count_star(), min(sign_in_attempts::attempted_at)))
        .first::<(i64, Option<DateTime<Utc>>)>(conn)
        .map(|(count, oldest)| RecentFailures { count, oldest })
}
