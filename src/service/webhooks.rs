//! Webhook endpoints: added and removed through the API, called by the outbox worker.

use crate::db::outbox::{self, Delivery};
use crate::db::webhooks::{self, Endpoint, NewEndpoint};
use crate::domain::ids::WebhookEndpointId;
use crate::domain::token::new_webhook_secret;
use crate::domain::webhook::{valid_url, Event, Format, Reach};
use crate::error::AppError;
use chrono::{DateTime, Utc};
use diesel::PgConnection;
use serde::Deserialize;

/// Longest endpoint URL accepted; real ones are far shorter.
const MAX_URL_LENGTH: usize = 2000;
/// Deliveries shown per endpoint, newest first.
pub const DELIVERY_LOG_LENGTH: i64 = 100;

/// `POST /api/v1/webhooks`: an endpoint koe calls on the events named.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EndpointInput {
    /// An http or https address.
    pub url: String,
    #[schema(schema_with = super::schema::webhook_events)]
    pub events: Vec<String>,
    #[serde(default)]
    #[schema(schema_with = super::schema::webhook_format)]
    pub format: Option<String>,
}

/// Adds an endpoint; its secret is in the returned row, to be shown this once.
pub fn add(conn: &mut PgConnection, input: &EndpointInput, reach: Reach, at: DateTime<Utc>) -> Result<Endpoint, AppError> {
    let url = input.url.trim();
    if url.len() > MAX_URL_LENGTH || !valid_url(url) {
        return Err(AppError::invalid("invalid_url", "url", "url must be an http or https address"));
    }
    if reach.refuses_host_of(url) {
        return Err(AppError::invalid(
            "private_url",
            "url",
            "url points at a loopback or private address; koe calls public addresses only unless KOE_WEBHOOK_PRIVATE_NETWORKS=allow",
        ));
    }
    let format = match input.format.as_deref() {
        None => Format::Koe,
        Some(text) => Format::parse(text).ok_or_else(|| AppError::invalid("invalid_format", "format", "format must be koe or chat"))?,
    };
    let mut events = Vec::new();
    for text in &input.events {
        let event = Event::parse(text).ok_or_else(|| {
            AppError::invalid("invalid_event", "events", "unknown event; use response.created or follow_up.created")
        })?;
        if !events.contains(&event) {
            events.push(event);
        }
    }
    if events.is_empty() {
        return Err(AppError::invalid("invalid_event", "events", "name at least one event"));
    }
    if format == Format::Chat && events != [Event::FollowUpCreated] {
        return Err(AppError::invalid("invalid_event", "events", "a chat endpoint takes follow_up.created only"));
    }
    let secret = new_webhook_secret();
    Ok(webhooks::insert(
        conn,
        &NewEndpoint {
            url,
            format: format.as_str(),
            secret: &secret,
            events: events.iter().map(|event| event.as_str().to_owned()).collect(),
            created_at: at,
        },
    )?)
}

pub fn list(conn: &mut PgConnection) -> Result<Vec<Endpoint>, AppError> {
    Ok(webhooks::list(conn)?)
}

/// Stops calling the endpoint; pending deliveries to it are dropped by the worker.
pub fn disable(conn: &mut PgConnection, id: WebhookEndpointId, at: DateTime<Utc>) -> Result<(), AppError> {
    match webhooks::disable(conn, id, at)? {
        true => Ok(()),
        false => Err(AppError::NotFound),
    }
}

/// The endpoint's delivery log, newest first.
pub fn deliveries(conn: &mut PgConnection, id: WebhookEndpointId) -> Result<(Endpoint, Vec<Delivery>), AppError> {
    let endpoint = webhooks::find(conn, id)?.ok_or(AppError::NotFound)?;
    let log = outbox::deliveries(conn, id, DELIVERY_LOG_LENGTH)?;
    Ok((endpoint, log))
}
