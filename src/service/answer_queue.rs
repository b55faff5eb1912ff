//! Group commit of answers. Requests hand their analysed answer to a writer, which writes
//! whatever has queued meanwhile in one transaction, each table's rows in one statement
//! ([`answers::record_many`]), and replies to each request only after COMMIT. Concurrent
//! answers then share one WAL flush and one run of each rollup trigger.
//!
//! Two writers. The rollups are append-only (see [`crate::db::rollups`]), so writers do not
//! wait on one another's rollup rows. With few clients an answer's time is mostly its batch's
//! round trips, and a second writer lets the next batch start while one commits: at 8 and 32
//! clients it took 1.1 to 1.4 times the answers a second of one (2026-12-07). At 64 clients the
//! two cores are busy either way and it gives about the same, and a third gave fewer (smaller
//! batches cost PostgreSQL more CPU an answer).
//!
//! The queue is bounded: when it is full, or an answer has waited past its budget, the answer
//! is refused as [`AppError::Unavailable`] (503 with Retry-After) rather than left to time out.

use crate::db::responses::Response;
use crate::db::{self, DbPool};
use crate::error::AppError;
use crate::service::answers::{self, Prepared};
use crate::service::batch_queue::{BatchQueue, Shape};
use std::time::Duration;

/// Most answers one transaction writes; more wait for the next. Bounds a batch's statements
/// (its terms make the largest, some thousands of rows) and the time its first answer waits.
const MAX_BATCH: usize = 256;

/// The sending side; cloned into every server worker.
#[derive(Clone)]
pub struct AnswerQueue {
    queue: BatchQueue<Prepared, Response>,
}

impl AnswerQueue {
    /// Writer threads, each with at most one transaction open.
    pub const WRITERS: usize = 2;

    /// The writers' own pool, to [`AnswerQueue::start`] them on: a connection for each, on
    /// generic plans ([`db::generic_plan_pool`]). Their statements take arrays, one a column,
    /// whose length PostgreSQL would otherwise plan each batch for, and the plan comes out the
    /// same: with generic plans, about 1.1 times the answers a second at 8 and 32 clients
    /// (2026-12-07, README). The writers sit idle while PostgreSQL is away (no link can be read,
    /// so no answer reaches them), so after a restart their connections are closed ones: each is
    /// pinged as it is taken, and replaced, rather than failing the first batch on it.
    pub fn pool(database_url: &str) -> Result<DbPool, diesel::r2d2::PoolError> {
        db::generic_plan_pool(database_url, Self::WRITERS as u32, db::Checkout::Pinged)
    }

    /// Starts the writers. `capacity` answers may wait, each at most `wait`.
    pub fn start(pool: DbPool, capacity: usize, wait: Duration) -> std::io::Result<AnswerQueue> {
        let shape = Shape { name: "answers", threads: Self::WRITERS, capacity, max_batch: MAX_BATCH, wait };
        let queue = BatchQueue::start(shape, move |batch: Vec<Prepared>| {
            db::with_connection(&pool, |conn| answers::record_many(conn, &batch))
        })?;
        Ok(AnswerQueue { queue })
    }

    /// Writes `answer` as [`answers::record`] would, once its transaction has committed.
    pub async fn record(&self, answer: Prepared) -> Result<Response, AppError> {
        self.queue.submit(answer).await
    }
}
