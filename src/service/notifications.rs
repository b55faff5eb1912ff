//! Telling people about new answers and cases. Nothing leaves the process here: each email
//! and webhook call becomes an outbox row in the caller's transaction, for the worker (jobs/).
//! Events come in batches (the answers of one group commit) and are queued in one statement.

use crate::db::outbox::{self, NewJob};
use crate::db::audience::{Audience, Listener};
use crate::domain::events::{Envelope, FollowUpCreated, ResponseCreated};
use crate::domain::outbox::JobKind;
use crate::domain::webhook::Event;
use crate::error::AppError;
use chrono::{DateTime, Utc};
use diesel::PgConnection;
use serde::Serialize;

/// Queues `response.created`, for each (event, time), to every endpoint that wants it.
pub fn responses_created(conn: &mut PgConnection, audience: &Audience, events: &[(&ResponseCreated, DateTime<Utc>)]) -> Result<(), AppError> {
    queue_webhooks(conn, audience, Event::ResponseCreated, events)
}

/// Queues, for each (case, time), an email to whoever must call back (the owner; for the
/// shared queue, every manager) and `follow_up.created` to every endpoint that wants it.
pub fn follow_ups_created(conn: &mut PgConnection, audience: &Audience, events: &[(&FollowUpCreated, DateTime<Utc>)]) -> Result<(), AppError> {
    if events.is_empty() {
        return Ok(());
    }
    let mut jobs = Vec::new();
    for (event, at) in events {
        let payload = to_json(event)?;
        let recipients = match &event.owner {
            Some(owner) => std::slice::from_ref(&owner.email),
            None => audience.managers.as_slice(),
        };
        jobs.extend(recipients.iter().map(|recipient| NewJob {
            kind: JobKind::FollowUpEmail.as_str(),
            payload: payload.clone(),
            recipient,
            endpoint_id: None,
            run_after: *at,
            created_at: *at,
        }));
    }
    outbox::enqueue(conn, &jobs)?;
    queue_webhooks(conn, audience, Event::FollowUpCreated, events)
}

fn queue_webhooks<T: Serialize>(conn: &mut PgConnection, audience: &Audience, event: Event, data: &[(&T, DateTime<Utc>)]) -> Result<(), AppError> {
    let endpoints: Vec<&Listener> = audience.listening_to(event).collect();
    if data.is_empty() || endpoints.is_empty() {
        return Ok(());
    }
    let mut jobs = Vec::with_capacity(data.len() * endpoints.len());
    for (data, at) in data {
        let payload = to_json(&Envelope { event: event.as_str().to_owned(), occurred_at: *at, data })?;
        jobs.extend(endpoints.iter().map(|endpoint| NewJob {
            kind: JobKind::Webhook.as_str(),
            payload: payload.clone(),
            recipient: &endpoint.url,
            endpoint_id: Some(endpoint.id),
            run_after: *at,
            created_at: *at,
        }));
    }
    outbox::enqueue(conn, &jobs)?;
    Ok(())
}

fn to_json<T: Serialize>(value: &T) -> Result<serde_json::Value, AppError> {
    serde_json::to_value(value).map_err(|error| AppError::Internal(format!("cannot encode an event: {error}")))
}
