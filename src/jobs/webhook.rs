//! Calling webhook endpoints: koe's signed JSON, or a chat message.

use super::mail::notice;
use crate::db::outbox::Claimed;
use crate::db::webhooks::Endpoint;
use crate::domain::events::{Envelope, FollowUpCreated};
use crate::domain::outbox::Outcome;
use crate::domain::webhook::{signature, Format, DELIVERY_HEADER, SIGNATURE_HEADER};
use koe_views::mail::follow_up_chat;
use std::time::Duration;

/// A receiver that takes longer than this is taken as down for this attempt.
const WEBHOOK_TIMEOUT: Duration = Duration::from_secs(10);

pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(WEBHOOK_TIMEOUT))
        // A status is an answer to record, not an error to unwrap.
        .http_status_as_error(false)
        // An endpoint that redirects is misconfigured; following it could post events elsewhere.
        .max_redirects(0)
        .user_agent(concat!("koe/", env!("CARGO_PKG_VERSION")))
        .build()
        .into()
}

/// Posts a `webhook` job to its endpoint; returns the outcome and the HTTP status.
pub fn deliver(http: &ureq::Agent, endpoint: &Endpoint, job: &Claimed, base_url: &str) -> (Outcome, Option<i32>) {
    if endpoint.disabled_at.is_some() {
        return (Outcome::Refused("the endpoint was disabled".into()), None);
    }
    let body = match Format::parse(&endpoint.format) {
        Some(Format::Chat) => match chat_text(job, base_url) {
            Some(text) => serde_json::json!({ "text": text }).to_string(),
            None => return (Outcome::Refused("chat endpoints take follow_up.created only".into()), None),
        },
        Some(Format::Koe) | None => job.payload.to_string(),
    };
    let now = chrono::Utc::now().timestamp();
    let sent = http
        .post(&endpoint.url)
        .header("Content-Type", "application/json")
        .header(DELIVERY_HEADER, job.id.to_string())
        .header(SIGNATURE_HEADER, signature(&endpoint.secret, now, body.as_bytes()))
        .send(body.as_bytes());
    match sent {
        Ok(response) => {
            let status = response.status().as_u16();
            let outcome = match status {
                200..=299 => Outcome::Delivered,
                // The receiver says the endpoint is gone for good.
                410 => Outcome::Refused("410 Gone".into()),
                _ => Outcome::Failed(format!("the endpoint answered {status}")),
            };
            (outcome, Some(i32::from(status)))
        }
        Err(error) => (Outcome::Failed(error.to_string()), None),
    }
}

/// The chat message of a `follow_up.created` delivery.
fn chat_text(job: &Claimed, base_url: &str) -> Option<String> {
    let envelope: Envelope<FollowUpCreated> = serde_json::from_value(job.payload.clone()).ok()?;
    // The chat line is short and has no due time, so the zone does not matter here.
    Some(follow_up_chat(&notice(&envelope.data, base_url, chrono_tz::Asia::Tokyo)))
}
