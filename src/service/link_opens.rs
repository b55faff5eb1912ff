//! When personal links were first opened, for the sent → opened → answered funnel. A form view
//! must not wait on a durable write (a mailing makes thousands of people open their links within
//! minutes), so views are noted in memory and written by one thread, those of each
//! [`FLUSH_EVERY`] in one statement. What a crash or a database outage loses is at most that
//! interval's first openings: only the funnel counts them, never an answer.

use crate::db::{invitations, DbPool};
use crate::domain::ids::InvitationId;
use crate::service::answers::SurveyLink;
use chrono::{DateTime, Utc};
use std::sync::mpsc::{self, SyncSender, TrySendError};
use std::time::{Duration, Instant};

/// How long a view waits to be written with those that follow it.
pub const FLUSH_EVERY: Duration = Duration::from_millis(200);
/// Views held at most; past it (the writer cannot reach the database) new ones are dropped.
const CAPACITY: usize = 100_000;

/// The sending side, shared by the server's workers. The writer flushes and stops once it is dropped.
#[derive(Clone)]
pub struct LinkOpens {
    sender: SyncSender<(InvitationId, DateTime<Utc>)>,
}

impl LinkOpens {
    /// Starts the writer on a thread of its own (its work is blocking database calls).
    pub fn start(pool: DbPool) -> std::io::Result<LinkOpens> {
        let (sender, receiver) = mpsc::sync_channel(CAPACITY);
        std::thread::Builder::new().name("koe-link-opens".into()).spawn(move || write_openings(&pool, &receiver))?;
        Ok(LinkOpens { sender })
    }

    /// Notes that `link` was viewed at `at`, if it is personal and not known to be opened.
    pub fn note(&self, link: &SurveyLink, at: DateTime<Utc>) {
        let Some(invitation) = link.invitation.as_ref().filter(|invitation| invitation.opened_at.is_none()) else { return };
        match self.sender.try_send((invitation.id, at)) {
            Ok(()) => {}
            Err(TrySendError::Full(_)) => tracing::warn!(invitation = %invitation.id, "too many link openings waiting; one is not recorded"),
            Err(TrySendError::Disconnected(_)) => tracing::warn!(invitation = %invitation.id, "the link-openings writer has stopped"),
        }
    }
}

fn write_openings(pool: &DbPool, receiver: &mpsc::Receiver<(InvitationId, DateTime<Utc>)>) {
    while let Ok(first) = receiver.recv() {
        let mut opened = vec![first];
        let deadline = Instant::now() + FLUSH_EVERY;
        // Until the interval ends, or every sender is gone (then the loop above ends too).
        while let Ok(view) = receiver.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            opened.push(view);
        }
        let (ids, times): (Vec<InvitationId>, Vec<DateTime<Utc>>) = opened.into_iter().unzip();
        let written = pool.get().map_err(|error| error.to_string()).and_then(|mut conn| {
            invitations::mark_opened(&mut conn, &ids, &times).map_err(|error| error.to_string())
        });
        if let Err(error) = written {
            tracing::warn!(%error, links = ids.len(), "link openings were not recorded");
        }
    }
}
