//! Group commit of answers. Requests hand their analysed answer to one writer, which writes
//! whatever has queued meanwhile in one transaction, each table's rows in one statement
//! ([`answers::record_many`]), and replies to each request only after COMMIT. Concurrent
//! answers then share one WAL flush and one run of each rollup trigger, and no longer wait one
//! behind another on the rollup rows those triggers update (every answer of a day and score
//! adds to the same `score_daily` row).
//!
//! The queue is bounded: when it is full, or an answer has waited past its budget, the answer
//! is refused as [`AppError::Unavailable`] (503 with Retry-After) rather than left to time out.

use crate::db::responses::Response;
use crate::db::DbPool;
use crate::error::AppError;
use crate::service::answers::{self, Prepared};
use std::time::{Duration, Instant};
use tokio::sync::{mpsc, oneshot};

/// Most answers one transaction writes; more wait for the next. Bounds a batch's statements
/// (its terms make the largest, some thousands of rows) and the time its first answer waits.
const MAX_BATCH: usize = 256;

/// The sending side; cloned into every server worker. The writer stops once all are dropped.
#[derive(Clone)]
pub struct AnswerQueue {
    sender: mpsc::Sender<Job>,
}

struct Job {
    answer: Prepared,
    queued_at: Instant,
    reply: oneshot::Sender<Result<Response, AppError>>,
}

impl AnswerQueue {
    /// Starts the writer on a thread of its own (its work is blocking database calls).
    pub fn start(pool: DbPool, capacity: usize, wait: Duration) -> std::io::Result<AnswerQueue> {
        let (sender, receiver) = mpsc::channel(capacity.max(1));
        std::thread::Builder::new().name("koe-answer-writer".into()).spawn(move || write_batches(&pool, receiver, wait))?;
        Ok(AnswerQueue { sender })
    }

    /// Writes `answer` as [`answers::record`] would, once its transaction has committed.
    pub async fn record(&self, answer: Prepared) -> Result<Response, AppError> {
        let (reply, written) = oneshot::channel();
        self.sender.try_send(Job { answer, queued_at: Instant::now(), reply }).map_err(|error| match error {
            mpsc::error::TrySendError::Full(_) => AppError::Unavailable("the answer queue is full".into()),
            mpsc::error::TrySendError::Closed(_) => AppError::Internal("the answer writer has stopped".into()),
        })?;
        written.await.map_err(|_| AppError::Internal("the answer writer dropped an answer".into()))?
    }
}

fn write_batches(pool: &DbPool, mut receiver: mpsc::Receiver<Job>, wait: Duration) {
    while let Some(first) = receiver.blocking_recv() {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match receiver.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        let (late, batch): (Vec<Job>, Vec<Job>) = batch.into_iter().partition(|job| job.queued_at.elapsed() > wait);
        for job in late {
            // Its request may be gone already; then nobody is left to tell.
            let _ = job.reply.send(Err(AppError::Unavailable("the answer waited too long to be written".into())));
        }
        if batch.is_empty() {
            continue;
        }
        let (prepared, replies): (Vec<Prepared>, Vec<_>) = batch.into_iter().map(|job| (job.answer, job.reply)).unzip();
        let written = pool.get().map_err(AppError::from).and_then(|mut conn| answers::record_many(&mut conn, &prepared));
        match written {
            Ok(results) => {
                for (reply, result) in replies.into_iter().zip(results) {
                    let _ = reply.send(result);
                }
            }
            Err(error) => {
                tracing::warn!(%error, answers = replies.len(), "a batch of answers was not written");
                for reply in replies {
                    let _ = reply.send(Err(error.for_each_of_many()));
                }
            }
        }
    }
}
