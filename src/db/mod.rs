//! PostgreSQL through diesel: the pool, migrations, and one module per aggregate.
//! Query functions take a connection, so that they run inside the caller's transaction.

pub mod accounts;
pub mod api_tokens;
pub mod audience;
pub mod contacts;
pub mod custom_words;
pub mod follow_ups;
pub mod invitations;
pub mod keywords;
pub mod mailings;
pub mod organization;
pub mod outbox;
pub mod prepared;
pub mod report_filters;
pub mod report_scope;
pub mod responses;
pub mod rollups;
pub mod schema;
pub mod scores;
pub mod sign_in_attempts;
pub mod staff_sessions;
pub mod surveys;
pub mod terms;
pub mod users;
pub mod webhooks;

use crate::error::AppError;
use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::r2d2::{ConnectionManager, CustomizeConnection, Pool, PooledConnection};
use diesel::{sql_query, RunQueryDsl};
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};
use std::time::Duration;

pub type DbPool = Pool<ConnectionManager<PgConnection>>;
pub type DbConn = PooledConnection<ConnectionManager<PgConnection>>;

pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");

/// Any constant shared by every koe process; serialises migrations across processes.
const MIGRATION_LOCK_KEY: i64 = 0x006b_6f65_5f6d_6967; // "koe_mig"

/// A pool whose checkouts give up after a few seconds, so that an unreachable database
/// becomes a quick 503 rather than a hung request.
pub fn pool(database_url: &str, size: u32) -> Result<DbPool, diesel::r2d2::PoolError> {
    builder(size).build(ConnectionManager::<PgConnection>::new(database_url))
}

/// A [`pool`] whose connections always use a prepared statement's generic plan, for statements
/// that run again and again with arrays of varying length as their parameters, such as the
/// grouped read of survey links. PostgreSQL would plan such a statement afresh each time a plan
/// for the array at hand looks cheaper than the generic one, which for short arrays it always
/// does; the plan comes out the same, and planning it took longer than running it.
pub fn generic_plan_pool(database_url: &str, size: u32, checkout: Checkout) -> Result<DbPool, diesel::r2d2::PoolError> {
    builder(size)
        .test_on_check_out(checkout == Checkout::Pinged)
        .connection_customizer(Box::new(GenericPlans))
        .build(ConnectionManager::<PgConnection>::new(database_url))
}

/// Whether a pool pings a connection before handing it out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Checkout {
    /// Work that runs whenever the database is asked anything finds a closed connection by
    /// failing on it (see [`with_connection`]), and its callers see the database as away anyway.
    AsIs,
    /// For threads that sit idle while the database is away, so that a closed connection is
    /// replaced before their next work rather than failing it: one round trip a checkout.
    Pinged,
}

fn builder(size: u32) -> diesel::r2d2::Builder<ConnectionManager<PgConnection>> {
    Pool::builder().max_size(size).min_idle(Some(1)).connection_timeout(Duration::from_secs(3)).test_on_check_out(false)
}

#[derive(Debug)]
struct GenericPlans;

impl CustomizeConnection<PgConnection, diesel::r2d2::Error> for GenericPlans {
    fn on_acquire(&self, conn: &mut PgConnection) -> Result<(), diesel::r2d2::Error> {
        sql_query("SET plan_cache_mode = force_generic_plan").execute(conn).map(drop).map_err(diesel::r2d2::Error::QueryError)
    }
}

/// Runs `work` on a connection from `pool`, and makes sure a connection the server has closed
/// goes back to the pool only to be dropped. diesel marks a connection broken (and r2d2 then
/// discards it) only when a statement fails after it was sent; a SELECT that fails while being
/// prepared, as the first run of a query on a connection does, leaves a closed connection
/// looking healthy, and a pool that mostly runs SELECTs would keep failing on it. So after work
/// that failed for want of the database, one plain statement, which always updates diesel's
/// view of the connection, and whose own outcome is no news.
pub fn with_connection<T>(pool: &DbPool, work: impl FnOnce(&mut PgConnection) -> Result<T, AppError>) -> Result<T, AppError> {
    let mut conn = pool.get()?;
    let done = work(&mut conn);
    if let Err(AppError::Unavailable(_)) = done {
        let _ = conn.batch_execute("SELECT 1");
    }
    done
}

/// Applies pending migrations under an advisory lock, so two processes starting together do not race.
pub fn run_migrations(conn: &mut PgConnection) -> Result<Vec<String>, MigrationError> {
    sql_query(format!("SELECT pg_advisory_lock({MIGRATION_LOCK_KEY})")).execute(conn)?;
    let applied = conn
        .run_pending_migrations(MIGRATIONS)
        .map(|versions| versions.iter().map(ToString::to_string).collect())
        .map_err(|error| MigrationError::Failed(error.to_string()));
    sql_query(format!("SELECT pg_advisory_unlock({MIGRATION_LOCK_KEY})")).execute(conn)?;
    applied
}

#[derive(Debug, thiserror::Error)]
pub enum MigrationError {
    #[error("could not lock the database for migrations: {0}")]
    Lock(#[from] diesel::result::Error),
    #[error("a migration failed: {0}")]
    Failed(String),
}
