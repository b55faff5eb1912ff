//! Calling webhook endpoints: koe's signed JSON, or a chat message.

use super::mail::notice;
use crate::db::outbox::Claimed;
use crate::db::webhooks::Endpoint;
use crate::domain::events::{Envelope, FollowUpCreated};
use crate::domain::outbox::Outcome;
use crate::domain::webhook::{signature, Format, Reach, DELIVERY_HEADER, SIGNATURE_HEADER};
use koe_views::mail::follow_up_chat;
use std::time::Duration;
use ureq::config::Config;
use ureq::http::Uri;
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::{DefaultConnector, NextTimeout};

/// A receiver that takes longer than this is taken as down for this attempt.
const WEBHOOK_TIMEOUT: Duration = Duration::from_secs(10);

pub fn agent(reach: Reach) -> ureq::Agent {
    let config = ureq::Agent::config_builder()
        .timeout_global(Some(WEBHOOK_TIMEOUT))
        // A status is an answer to record, not an error to unwrap.
        .http_status_as_error(false)
        // An endpoint that redirects is misconfigured; following it could post events elsewhere.
        .max_redirects(0)
        .user_agent(concat!("koe/", env!("CARGO_PKG_VERSION")))
        .build();
    ureq::Agent::with_parts(config, DefaultConnector::default(), ReachResolver { reach, names: DefaultResolver::default() })
}

/// Resolves endpoint names as usual, then keeps only the addresses the reach allows. The check
/// is made here, on the addresses the connection will use, so that a name that pointed at a
/// public address when the endpoint was added cannot be switched to an internal one later.
#[derive(Debug)]
struct ReachResolver {
    reach: Reach,
    names: DefaultResolver,
}

/// Every address of an endpoint's host is one the reach refuses.
#[derive(Debug, thiserror::Error)]
#[error("the endpoint's host resolves only to loopback or private addresses; koe calls public addresses only unless KOE_WEBHOOK_PRIVATE_NETWORKS=allow")]
struct PrivateEndpoint;

impl Resolver for ReachResolver {
    fn resolve(&self, uri: &Uri, config: &Config, timeout: NextTimeout) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let resolved = self.names.resolve(uri, config, timeout)?;
        // Behind an HTTP proxy koe resolves only the proxy, which its operator chose; the proxy
        // then decides where endpoints may be.
        let is_proxy = config.proxy().is_some_and(|proxy| Some(proxy.host()) == uri.host());
        if is_proxy || self.reach == Reach::Any {
            return Ok(resolved);
        }
        let mut allowed = self.empty();
        for address in resolved.iter().filter(|address| self.reach.allows(address.ip())) {
            allowed.push(*address);
        }
        match allowed.is_empty() {
            true => Err(ureq::Error::Other(Box::new(PrivateEndpoint))),
            false => Ok(allowed),
        }
    }
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
        Err(ureq::Error::Other(error)) if error.is::<PrivateEndpoint>() => (Outcome::Refused(error.to_string()), None),
        Err(error) => (Outcome::Failed(error.to_string()), None),
    }
}

/// The chat message of a `follow_up.created` delivery.
fn chat_text(job: &Claimed, base_url: &str) -> Option<String> {
    let envelope: Envelope<FollowUpCreated> = serde_json::from_value(job.payload.clone()).ok()?;
    // The chat line is short and has no due time, so the zone does not matter here.
    Some(follow_up_chat(&notice(&envelope.data, base_url, chrono_tz::Asia::Tokyo)))
}
