//! Grouped reads of survey links. Every form view and every answer starts by reading its link
//! (invitation, survey, contact, account, earlier answer). When a mailing makes many people
//! open their links at once, reading each in a statement of its own spends most of the
//! database's time on per-statement work: a round trip, a snapshot, an executor start. Requests
//! here hand their token to a few reader threads instead, each of which takes whatever has
//! queued and reads it in one query ([`answers::resolve_links`]): at rest a link is read at once,
//! as before; under load the reads of a moment share one statement.
//!
//! The queue is bounded, as the answer queue is: when it is full, or a read has waited past its
//! budget (the database is away or overwhelmed), the request gets [`AppError::Unavailable`]
//! (503 with Retry-After) rather than a hang.

use crate::db::{self, DbPool};
use crate::domain::token::looks_like_link_token;
use crate::error::AppError;
use crate::service::answers::{self, LinkAsk, SurveyLink};
use crate::service::batch_queue::{BatchQueue, Shape};
use chrono::{DateTime, Utc};
use std::time::Duration;

const SHAPE: Shape = Shape {
    name: "links",
    // Each with at most one query in flight: enough to keep reading while another batch's
    // rows are decoded, few enough that batches still form under load.
    threads: 3,
    capacity: 1024,
    max_batch: 256,
    wait: Duration::from_secs(2),
};

/// The asking side; cloned into every server worker.
#[derive(Clone)]
pub struct LinkReader {
    queue: BatchQueue<(String, DateTime<Utc>), SurveyLink>,
}

impl LinkReader {
    /// Connections the reader threads use at most, one each.
    pub const CONNECTIONS: u32 = SHAPE.threads as u32;

    /// The readers' own pool, to [`LinkReader::start`] them on: a connection for each, on
    /// generic plans ([`db::generic_plan_pool`]), since they run one statement over and over.
    pub fn pool(database_url: &str) -> Result<DbPool, diesel::r2d2::PoolError> {
        db::generic_plan_pool(database_url, Self::CONNECTIONS, db::Checkout::AsIs)
    }

    /// Starts the reader threads.
    pub fn start(pool: DbPool) -> std::io::Result<LinkReader> {
        let queue = BatchQueue::start(SHAPE, move |batch: Vec<(String, DateTime<Utc>)>| {
            let asks: Vec<LinkAsk> = batch.iter().map(|(token, now)| LinkAsk { token, now: *now }).collect();
            db::with_connection(&pool, |conn| answers::resolve_links(conn, &asks))
        })?;
        Ok(LinkReader { queue })
    }

    /// The survey behind `token`, as [`answers::resolve_link`] finds it at `now`.
    pub async fn resolve(&self, token: &str, now: DateTime<Utc>) -> Result<SurveyLink, AppError> {
        // Not worth a place in the queue: no such link can exist.
        if !looks_like_link_token(token) {
            return Err(AppError::NotFound);
        }
        self.queue.submit((token.to_owned(), now)).await
    }
}
