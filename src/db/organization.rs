//! The organisation koe runs for (a single row).

use super::schema::organization;
use chrono::{DateTime, Utc};
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = organization)]
pub struct Organization {
    pub id: i16,
    pub name: String,
    pub time_zone: String,
    pub created_at: DateTime<Utc>,
    pub account_invitations_per_month: i32,
}

impl Organization {
    /// The organisation's zone for cutting periods; Tokyo when unset or unknown.
    pub fn zone(&self) -> chrono_tz::Tz {
        zone_named(&self.time_zone)
    }
}

/// The zone of an organisation not yet set up.
pub const DEFAULT_ZONE: chrono_tz::Tz = chrono_tz::Asia::Tokyo;

/// The zone of the name an organisation keeps; the default when unknown.
pub fn zone_named(name: &str) -> chrono_tz::Tz {
    name.parse().unwrap_or(DEFAULT_ZONE)
}

pub fn get(conn: &mut PgConnection) -> QueryResult<Option<Organization>> {
    organization::table.select(Organization::as_select()).first(conn).optional()
}

/// Names the organisation, creating its row on first use.
pub fn set_name(conn: &mut PgConnection, name: &str) -> QueryResult<Organization> {
    diesel::insert_into(organization::table)
        .values((organization::id.eq(1), organization::name.eq(name)))
        .on_conflict(organization::id)
        .do_update()
        .set(organization::name.eq(name))
        .returning(Organization::as_returning())
        .get_result(conn)
}

/// The zone periods are cut in: the organisation's, or Tokyo before one is set up.
pub fn zone(conn: &mut PgConnection) -> QueryResult<chrono_tz::Tz> {
    Ok(get(conn)?.map(|org| org.zone()).unwrap_or(DEFAULT_ZONE))
}

/// The most invitations one account's contacts get in 30 days (0: no limit); the default
/// before the organisation is set up.
pub fn account_invitations_per_month(conn: &mut PgConnection) -> QueryResult<i32> {
    Ok(get(conn)?.map(|org| org.account_invitations_per_month).unwrap_or(DEFAULT_ACCOUNT_INVITATIONS_PER_MONTH))
}

/// The column's default, for an organisation not yet set up.
const DEFAULT_ACCOUNT_INVITATIONS_PER_MONTH: i32 = 10;

pub fn set_account_invitations_per_month(conn: &mut PgConnection, limit: i32) -> QueryResult<usize> {
    diesel::update(organization::table).set(organization::account_invitations_per_month.eq(limit)).execute(conn)
}
