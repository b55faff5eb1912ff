//! Telling people about new answers and cases. Nothing leaves the process here: each email
//! and webhook call becomes an outbox row in the caller's transaction, for the worker (jobs/).

use crate::db::outbox::{self, NewJob};
use crate::db::{users, webhooks};
use crate::domain::events::{Envelope, FollowUpCreated, ResponseCreated};
use crate::domain::outbox::JobKind;
use crate::domain::role::Role;
use crate::domain::webhook::Event;
use crate::error::AppError;
use chrono::{DateTime, Utc};
use diesel::PgConnection;
use serde::Serialize;

/// Queues `response.created` for every endpoint that wants it.
pub fn response_created(conn: &mut PgConnection, event: &ResponseCreated, at: DateTime<Utc>) -> Result<(), AppError> {
    queue_webhooks(conn, Event::ResponseCreated, event, at)
}

/// Queues an email to whoever must call back (the owner; for the shared queue, every manager)
/// and `follow_up.created` for every endpoint that wants it.
pub fn follow_up_created(conn: &mut PgConnection, event: &FollowUpCreated, at: DateTime<Utc>) -> Result<(), AppError> {
    let recipients: Vec<String> = match &event.owner {
        Some(owner) => vec![owner.email.clone()],
        None => users::active_with_role(conn, Role::Manager.as_str())?.into_iter().map(|user| user.email).collect(),
    };
    let payload = to_json(event)?;
    let jobs: Vec<NewJob> = recipients
        .iter()
        .map(|recipient| NewJob {
            kind: JobKind::FollowUpEmail.as_str(),
            payload: payload.clone(),
            recipient,
            endpoint_id: None,
            run_after: at,
            created_at: at,
        })
        .collect();
    outbox::enqueue(conn, &jobs)?;
    queue_webhooks(conn, Event::FollowUpCreated, event, at)
}

fn queue_webhooks<T: Serialize>(conn: &mut PgConnection, event: Event, data: &T, at: DateTime<Utc>) -> Result<(), AppError> {
    let endpoints = webhooks::subscribed(conn, event.as_str())?;
    if endpoints.is_empty() {
        return Ok(());
    }
    let payload = to_json(&Envelope { event: event.as_str().to_owned(), occurred_at: at, data })?;
    let jobs: Vec<NewJob> = endpoints
        .iter()
        .map(|endpoint| NewJob {
            kind: JobKind::Webhook.as_str(),
            payload: payload.clone(),
            recipient: &endpoint.url,
            endpoint_id: Some(endpoint.id),
            run_after: at,
            created_at: at,
        })
        .collect();
    outbox::enqueue(conn, &jobs)?;
    Ok(())
}

fn to_json<T: Serialize>(value: &T) -> Result<serde_json::Value, AppError> {
    serde_json::to_value(value).map_err(|error| AppError::Internal(format!("cannot encode an event: {error}")))
}
