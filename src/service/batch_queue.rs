//! A bounded queue served in batches by a few threads: what the answer writer and the link
//! readers share. Each thread takes whatever has queued (up to a limit) and handles it in one
//! go, typically one transaction or one query, then replies to each request. The threads take
//! turns at the queue: the one holding it waits for the next request and takes everything
//! queued behind it, then lets the next one wait while it works, so that one batch is being
//! gathered while others are at the database.
//!
//! When the queue is full, or a request has waited past its budget, the request is refused as
//! [`AppError::Unavailable`] (503 with Retry-After) rather than left to time out.

use crate::error::AppError;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};
use tokio::sync::{mpsc, oneshot};

/// How a queue is served.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    /// Names its threads, and says what waits in it in its refusals ("answers", "links").
    pub name: &'static str,
    pub threads: usize,
    /// Requests that may wait; more are refused at once.
    pub capacity: usize,
    /// Most requests one batch takes.
    pub max_batch: usize,
    /// Longest a request may wait for its batch.
    pub wait: Duration,
}

/// The asking side; cloned into every server worker. The threads stop once all are dropped.
pub struct BatchQueue<Request, Reply> {
    name: &'static str,
    sender: mpsc::Sender<Job<Request, Reply>>,
}

impl<Request, Reply> Clone for BatchQueue<Request, Reply> {
    fn clone(&self) -> Self {
        BatchQueue { name: self.name, sender: self.sender.clone() }
    }
}

struct Job<Request, Reply> {
    request: Request,
    queued_at: Instant,
    reply: oneshot::Sender<Result<Reply, AppError>>,
}

/// Handles one batch: a result for each request, in order, or one error for them all.
pub trait BatchHandler<Request, Reply>: Fn(Vec<Request>) -> Result<Vec<Result<Reply, AppError>>, AppError> + Send + Sync + 'static {}
impl<Request, Reply, F> BatchHandler<Request, Reply> for F where F: Fn(Vec<Request>) -> Result<Vec<Result<Reply, AppError>>, AppError> + Send + Sync + 'static {}

impl<Request: Send + 'static, Reply: Send + 'static> BatchQueue<Request, Reply> {
    /// Starts the threads (their work is blocking database calls).
    pub fn start(shape: Shape, handle: impl BatchHandler<Request, Reply>) -> std::io::Result<Self> {
        let (sender, receiver) = mpsc::channel(shape.capacity.max(1));
        let receiver = Arc::new(Mutex::new(receiver));
        let handle = Arc::new(handle);
        for index in 0..shape.threads.max(1) {
            let (receiver, handle) = (receiver.clone(), handle.clone());
            std::thread::Builder::new()
                .name(format!("koe-{}-{index}", shape.name))
                .spawn(move || serve(shape, &receiver, handle.as_ref()))?;
        }
        Ok(BatchQueue { name: shape.name, sender })
    }

    /// `request`'s reply, once its batch has been handled.
    pub async fn submit(&self, request: Request) -> Result<Reply, AppError> {
        let (reply, replied) = oneshot::channel();
        self.sender.try_send(Job { request, queued_at: Instant::now(), reply }).map_err(|error| match error {
            mpsc::error::TrySendError::Full(_) => AppError::Unavailable(format!("too many {} are waiting", self.name)),
            mpsc::error::TrySendError::Closed(_) => AppError::Internal(format!("the {} queue has stopped", self.name)),
        })?;
        replied.await.map_err(|_| AppError::Internal(format!("a request was dropped from the {} queue", self.name)))?
    }
}

fn serve<Request, Reply>(shape: Shape, receiver: &Mutex<mpsc::Receiver<Job<Request, Reply>>>, handle: &dyn BatchHandler<Request, Reply>) {
    loop {
        let batch = {
            // Nothing panics while holding the lock, but a poisoned queue is still a queue.
            let mut queue = receiver.lock().unwrap_or_else(PoisonError::into_inner);
            let Some(first) = queue.blocking_recv() else { return };
            let mut batch = vec![first];
            while batch.len() < shape.max_batch {
                match queue.try_recv() {
                    Ok(job) => batch.push(job),
                    Err(_) => break,
                }
            }
            batch
        };
        let (late, batch): (Vec<_>, Vec<_>) = batch.into_iter().partition(|job| job.queued_at.elapsed() > shape.wait);
        for job in late {
            // Its request may be gone already; then nobody is left to tell.
            let _ = job.reply.send(Err(AppError::Unavailable(format!("waited too long in the {} queue", shape.name))));
        }
        if batch.is_empty() {
            continue;
        }
        let (requests, replies): (Vec<Request>, Vec<_>) = batch.into_iter().map(|job| (job.request, job.reply)).unzip();
        let count = replies.len();
        match handle(requests) {
            Ok(results) if results.len() == count => {
                for (reply, result) in replies.into_iter().zip(results) {
                    let _ = reply.send(result);
                }
            }
            Ok(results) => {
                let error = AppError::Internal(format!("a batch of {count} {} gave {} results", shape.name, results.len()));
                fail_all(shape, replies, &error);
            }
            Err(error) => fail_all(shape, replies, &error),
        }
    }
}

fn fail_all<Reply>(shape: Shape, replies: Vec<oneshot::Sender<Result<Reply, AppError>>>, error: &AppError) {
    tracing::warn!(%error, count = replies.len(), queue = shape.name, "a batch failed as a whole");
    for reply in replies {
        let _ = reply.send(Err(error.for_each_of_many()));
    }
}
