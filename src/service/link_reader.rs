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

use crate::db::DbPool;
use crate::domain::token::looks_like_link_token;
use crate::error::AppError;
use crate::service::answers::{self, LinkAsk, SurveyLink};
use chrono::{DateTime, Utc};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};
use tokio::sync::{mpsc, oneshot};

/// Most links one query reads. Bounds the statement and the time its first reader waits.
const MAX_BATCH: usize = 256;
/// Reads that may wait for a reader; more get 503 at once.
const CAPACITY: usize = 1024;
/// Longest a read may wait for its turn before its request gets 503.
const WAIT: Duration = Duration::from_secs(2);
/// Reader threads, each with at most one query in flight: enough to keep reading while
/// another batch's rows are decoded, few enough that batches still form under load.
const READERS: usize = 3;

/// The asking side; cloned into every server worker. The readers stop once all are dropped.
#[derive(Clone)]
pub struct LinkReader {
    sender: mpsc::Sender<Job>,
}

struct Job {
    token: String,
    now: DateTime<Utc>,
    queued_at: Instant,
    reply: oneshot::Sender<Result<SurveyLink, AppError>>,
}

impl LinkReader {
    /// Starts the reader threads (their work is blocking database calls).
    pub fn start(pool: DbPool) -> std::io::Result<LinkReader> {
        let (sender, receiver) = mpsc::channel(CAPACITY);
        let receiver = Arc::new(Mutex::new(receiver));
        for index in 0..READERS {
            let (pool, receiver) = (pool.clone(), receiver.clone());
            std::thread::Builder::new().name(format!("koe-link-reader-{index}")).spawn(move || read_batches(&pool, &receiver))?;
        }
        Ok(LinkReader { sender })
    }

    /// The survey behind `token`, as [`answers::resolve_link`] finds it at `now`.
    pub async fn resolve(&self, token: &str, now: DateTime<Utc>) -> Result<SurveyLink, AppError> {
        // Not worth a place in the queue: no such link can exist.
        if !looks_like_link_token(token) {
            return Err(AppError::NotFound);
        }
        let (reply, read) = oneshot::channel();
        self.sender.try_send(Job { token: token.to_owned(), now, queued_at: Instant::now(), reply }).map_err(|error| match error {
            mpsc::error::TrySendError::Full(_) => AppError::Unavailable("too many links are waiting to be read".into()),
            mpsc::error::TrySendError::Closed(_) => AppError::Internal("the link readers have stopped".into()),
        })?;
        read.await.map_err(|_| AppError::Internal("a link reader dropped a request".into()))?
    }
}

/// One reader's loop. The readers take turns at the queue: the one holding it waits for the
/// next request and takes everything queued behind it, then lets the next reader wait while it
/// queries.
fn read_batches(pool: &DbPool, receiver: &Mutex<mpsc::Receiver<Job>>) {
    loop {
        let batch = {
            // Nothing panics while holding the lock, but a poisoned queue is still a queue.
            let mut queue = receiver.lock().unwrap_or_else(PoisonError::into_inner);
            let Some(first) = queue.blocking_recv() else { return };
            let mut batch = vec![first];
            while batch.len() < MAX_BATCH {
                match queue.try_recv() {
                    Ok(job) => batch.push(job),
                    Err(_) => break,
                }
            }
            batch
        };
        let (late, batch): (Vec<Job>, Vec<Job>) = batch.into_iter().partition(|job| job.queued_at.elapsed() > WAIT);
        for job in late {
            // Its request may be gone already; then nobody is left to tell.
            let _ = job.reply.send(Err(AppError::Unavailable("the link waited too long to be read".into())));
        }
        if !batch.is_empty() {
            read(pool, batch);
        }
    }
}

fn read(pool: &DbPool, batch: Vec<Job>) {
    let asks: Vec<LinkAsk> = batch.iter().map(|job| LinkAsk { token: &job.token, now: job.now }).collect();
    let resolved = pool.get().map_err(AppError::from).and_then(|mut conn| answers::resolve_links(&mut conn, &asks));
    match resolved {
        Ok(links) => {
            for (job, link) in batch.into_iter().zip(links) {
                let _ = job.reply.send(link);
            }
        }
        Err(error) => {
            tracing::warn!(%error, links = batch.len(), "a batch of links could not be read");
            for job in batch {
                let _ = job.reply.send(Err(error.for_each_of_many()));
            }
        }
    }
}
