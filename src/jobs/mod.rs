//! Background work from the outbox: owner notices, invitation emails and their reminders,
//! mailings in batches, and webhook calls, retried with backoff. Each poll also folds the
//! report rollups' new differences into their totals ([`db::rollups`]).
//!
//! Jobs are claimed with `FOR UPDATE SKIP LOCKED` and a lease, so any number of workers (in
//! `koe serve` or `koe worker` processes) share the queue. A worker that dies holding a job
//! lets its lease run out; another then does the job again. Delivery is therefore at least
//! once: a crash after the receiver took a message but before koe recorded it sends that
//! message again, with the same Message-ID (email) or `Koe-Delivery` id (webhook), so that
//! the receiver can recognise the repeat. No protocol lets a sender do better.

mod invitations;
mod mail;
mod webhook;

pub use mail::Mailer;

use crate::config::Config;
use crate::db::outbox::{self, Claimed};
use crate::db::{self, DbPool};
use crate::domain::outbox::{retry_delay, JobKind, Outcome};
use crate::error::AppError;
use crate::service::mailings::{self, MailingJob};
use diesel::Connection;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread::JoinHandle;

/// Jobs taken per claim; small, so that a slow batch does not hold many leases.
const BATCH: i64 = 20;

#[derive(Debug, thiserror::Error)]
pub enum WorkerError {
    #[error("KOE_SMTP_URL is not a usable SMTP address: {0}")]
    Smtp(String),
    #[error("KOE_MAIL_FROM is not an email address: {0}")]
    From(String),
}

/// Does the outbox's jobs.
pub struct Worker {
    pool: DbPool,
    config: Config,
    mailer: Option<Mailer>,
    http: ureq::Agent,
}

impl Worker {
    pub fn new(pool: DbPool, config: Config) -> Result<Worker, WorkerError> {
        let mailer = match &config.smtp_url {
            Some(url) => Some(Mailer::new(url, &config.mail_from, &config.base_url)?),
            None => {
                tracing::warn!("KOE_SMTP_URL is not set: notification emails wait in the outbox until it is");
                None
            }
        };
        let http = webhook::agent(config.webhook_reach);
        Ok(Worker { pool, config, mailer, http })
    }

    /// The kinds this worker can do; the others stay in the outbox for a worker that can.
    fn kinds(&self) -> Vec<&'static str> {
        let mut kinds = vec![JobKind::Webhook.as_str(), JobKind::Mailing.as_str()];
        if self.mailer.is_some() {
            kinds.extend([JobKind::FollowUpEmail, JobKind::InvitationEmail, JobKind::InvitationReminder].map(JobKind::as_str));
        }
        kinds
    }

    /// Claims and does due jobs until none is left; returns how many were attempted.
    pub fn run_due(&self) -> Result<usize, AppError> {
        let mut done = 0;
        loop {
            let mut conn = self.pool.get()?;
            let jobs = outbox::claim(&mut conn, &self.kinds(), BATCH, self.config.outbox_lease)?;
            drop(conn);
            if jobs.is_empty() {
                return Ok(done);
            }
            for job in &jobs {
                let (outcome, status) = self.perform(job);
                self.record(job, &outcome, status)?;
            }
            done += jobs.len();
        }
    }

    /// Folds the report rollups' differences into their totals.
    pub fn fold_rollups(&self) -> Result<(), AppError> {
        let mut conn = self.pool.get()?;
        Ok(db::rollups::fold(&mut conn)?)
    }

    fn perform(&self, job: &Claimed) -> (Outcome, Option<i32>) {
        match JobKind::parse(&job.kind) {
            Some(kind @ (JobKind::FollowUpEmail | JobKind::InvitationEmail | JobKind::InvitationReminder)) => {
                let Some(mailer) = &self.mailer else {
                    return (Outcome::Failed("no SMTP server is configured".into()), None);
                };
                let outcome = match kind {
                    JobKind::FollowUpEmail => self.with_zone(|zone| mailer.send_follow_up(job, zone)),
                    _ => match self.pool.get() {
                        Ok(mut conn) => {
                            let reminder = kind == JobKind::InvitationReminder;
                            invitations::send(mailer, &mut conn, job, reminder, &self.config.base_url)
                        }
                        Err(error) => Outcome::Failed(error.to_string()),
                    },
                };
                (outcome, None)
            }
            Some(JobKind::Webhook) => match self.pool.get().map_err(AppError::from).and_then(|mut conn| {
                job.endpoint_id.map(|id| db::webhooks::find(&mut conn, id)).transpose().map_err(AppError::from)
            }) {
                Ok(Some(Some(endpoint))) => webhook::deliver(&self.http, &endpoint, job, &self.config.base_url),
                Ok(_) => (Outcome::Refused("the endpoint was deleted".into()), None),
                Err(error) => (Outcome::Failed(error.to_string()), None),
            },
            Some(JobKind::Mailing) => (self.advance_mailing(job), None),
            None => (Outcome::Refused(format!("unknown job kind {:?}", job.kind)), None),
        }
    }

    /// One batch of a mailing; the job comes back at once until every address is done.
    fn advance_mailing(&self, job: &Claimed) -> Outcome {
        let Ok(MailingJob { mailing_id }) = serde_json::from_value(job.payload.clone()) else {
            return Outcome::Refused("unreadable job".into());
        };
        let advanced = self.pool.get().map_err(AppError::from).and_then(|mut conn| mailings::advance(&mut conn, mailing_id, chrono::Utc::now()));
        match advanced {
            Ok(mailing) if mailing.finished_at.is_some() => Outcome::Delivered,
            Ok(_) => Outcome::Continues,
            Err(AppError::NotFound) => Outcome::Skipped("the mailing no longer exists".into()),
            Err(error) => Outcome::Failed(error.to_string()),
        }
    }

    /// Runs `send` with the organisation's time zone (due times are written in it).
    fn with_zone(&self, send: impl FnOnce(chrono_tz::Tz) -> Outcome) -> Outcome {
        match self.pool.get().map_err(AppError::from).and_then(|mut conn| Ok(db::organization::zone(&mut conn)?)) {
            Ok(zone) => send(zone),
            Err(error) => Outcome::Failed(error.to_string()),
        }
    }

    fn record(&self, job: &Claimed, outcome: &Outcome, status: Option<i32>) -> Result<(), AppError> {
        let mut conn = self.pool.get()?;
        match outcome {
            Outcome::Delivered => {
                conn.transaction(|conn| {
                    outbox::mark_sent(conn, job.id, status)?;
                    invitations::record_delivery(conn, job)
                })?;
                tracing::info!(job = %job.id, kind = job.kind, recipient = job.recipient, "delivered");
            }
            Outcome::Continues => {
                outbox::requeue(&mut conn, job.id)?;
            }
            Outcome::Skipped(reason) => {
                outbox::skip(&mut conn, job.id, reason)?;
                tracing::info!(job = %job.id, kind = job.kind, reason, "not needed any more; skipped");
            }
            Outcome::Failed(error) => match retry_delay(job.attempts) {
                Some(delay) => {
                    outbox::retry_later(&mut conn, job.id, delay, error, status)?;
                    tracing::warn!(job = %job.id, attempts = job.attempts, ?delay, error, "delivery failed; will retry");
                }
                None => {
                    outbox::give_up(&mut conn, job.id, error, status)?;
                    tracing::error!(job = %job.id, attempts = job.attempts, error, "delivery failed too often; gave up");
                }
            },
            Outcome::Refused(error) => {
                outbox::give_up(&mut conn, job.id, error, status)?;
                tracing::error!(job = %job.id, error, "delivery refused; gave up");
            }
        }
        Ok(())
    }

    /// Works until `stop` says so (or its sender is dropped), looking for jobs every poll.
    fn run(self, stop: mpsc::Receiver<()>) {
        loop {
            if let Err(error) = self.run_due() {
                tracing::warn!(%error, "cannot work the outbox; trying again at the next poll");
            }
            if let Err(error) = self.fold_rollups() {
                tracing::warn!(%error, "cannot fold the report rollups; trying again at the next poll");
            }
            match stop.recv_timeout(self.config.worker_poll) {
                Err(RecvTimeoutError::Timeout) => continue,
                Ok(()) | Err(RecvTimeoutError::Disconnected) => return,
            }
        }
    }

    /// Runs the worker on a thread of its own until the handle is stopped.
    pub fn spawn(self) -> WorkerHandle {
        let (stop, stopped) = mpsc::channel();
        let thread = std::thread::Builder::new().name("koe-outbox".into()).spawn(move || self.run(stopped));
        match thread {
            Ok(thread) => WorkerHandle { stop, thread: Some(thread) },
            Err(error) => {
                tracing::error!(%error, "cannot start the outbox worker");
                WorkerHandle { stop, thread: None }
            }
        }
    }
}

/// A running worker; stopping it lets the job in hand finish.
pub struct WorkerHandle {
    stop: mpsc::Sender<()>,
    thread: Option<JoinHandle<()>>,
}

impl WorkerHandle {
    pub fn stop(mut self) {
        let _ = self.stop.send(());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

