//! Who hears of a batch of answers: the organisation's time zone (for the follow-ups' due
//! times), the cases' owners, the managers (for the shared queue) and the webhook endpoints,
//! read in one statement instead of one a kind, since every batch of answers needs them.

use super::organization;
use super::prepared::prepared;
use crate::domain::events::UserRef;
use crate::domain::ids::{UserId, WebhookEndpointId};
use crate::domain::role::Role;
use crate::domain::webhook::Event;
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Nullable, Text};

/// An active webhook endpoint with the events it wants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listener {
    pub id: WebhookEndpointId,
    pub url: String,
    pub events: Vec<String>,
}

/// Who hears of a batch of answers, as read in the batch's transaction.
#[derive(Debug, Clone)]
pub struct Audience {
    pub zone: chrono_tz::Tz,
    /// The active users among the owners asked for: a disabled owner's case is told to the
    /// managers instead.
    pub owners: Vec<UserRef>,
    /// Active managers' emails, sorted.
    pub managers: Vec<String>,
    /// Active endpoints subscribed to any event, by id.
    pub listeners: Vec<Listener>,
}

impl Audience {
    pub fn owner(&self, id: UserId) -> Option<&UserRef> {
        self.owners.iter().find(|owner| owner.id == id)
    }

    pub fn listening_to(&self, event: Event) -> impl Iterator<Item = &Listener> {
        self.listeners.iter().filter(move |listener| listener.events.iter().any(|wanted| wanted == event.as_str()))
    }
}

#[derive(QueryableByName)]
struct Row {
    #[diesel(sql_type = Text)]
    kind: String,
    #[diesel(sql_type = BigInt)]
    id: i64,
    /// The time zone, an email or a URL.
    #[diesel(sql_type = Text)]
    address: String,
    #[diesel(sql_type = Nullable<Text>)]
    name: Option<String>,
    #[diesel(sql_type = Nullable<Array<Text>>)]
    events: Option<Vec<String>>,
}

/// The audience of a batch whose cases belong to `owners`.
pub fn for_owners(conn: &mut PgConnection, owners: &[UserId]) -> QueryResult<Audience> {
    let owner_ids: Vec<i64> = owners.iter().map(|owner| owner.0).collect();
    let rows: Vec<Row> = prepared(
        "SELECT 'zone' AS kind, id::int8 AS id, time_zone AS address, NULL::text AS name, NULL::text[] AS events FROM organization
         UNION ALL
         SELECT 'owner', id, email, display_name, NULL FROM users WHERE disabled_at IS NULL AND id = ANY($1)
         UNION ALL
         SELECT 'manager', id, email, display_name, NULL FROM users WHERE disabled_at IS NULL AND role = $2
         UNION ALL
         SELECT 'listener', id, url, NULL, events FROM webhook_endpoints WHERE disabled_at IS NULL",
    )
    .bind::<Array<BigInt>, _>(&owner_ids)
    .bind::<Text, _>(Role::Manager.as_str())
    .load(conn)?;

    let mut audience = Audience { zone: organization::DEFAULT_ZONE, owners: Vec::new(), managers: Vec::new(), listeners: Vec::new() };
    for Row { kind, id, address, name, events } in rows {
        match kind.as_str() {
            "zone" => audience.zone = organization::zone_named(&address),
            "owner" => audience.owners.push(UserRef { id: UserId(id), email: address, name: name.unwrap_or_default() }),
            "manager" => audience.managers.push(address),
            _listener => audience.listeners.push(Listener { id: WebhookEndpointId(id), url: address, events: events.unwrap_or_default() }),
        }
    }
    audience.managers.sort();
    audience.listeners.sort_by_key(|listener| listener.id.0);
    Ok(audience)
}
