//! Webhook endpoints that koe calls when something happens.

use super::schema::webhook_endpoints;
use crate::domain::ids::WebhookEndpointId;
use chrono::{DateTime, Utc};
use diesel::prelude::*;

#[derive(Debug, Insertable)]
#[diesel(table_name = webhook_endpoints)]
pub struct NewEndpoint<'a> {
    pub url: &'a str,
    pub format: &'a str,
    pub secret: &'a str,
    pub events: Vec<String>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = webhook_endpoints)]
pub struct Endpoint {
    pub id: WebhookEndpointId,
    pub url: String,
    pub format: String,
    pub secret: String,
    pub events: Vec<String>,
    pub created_at: DateTime<Utc>,
    pub disabled_at: Option<DateTime<Utc>>,
}

pub fn insert(conn: &mut PgConnection, endpoint: &NewEndpoint) -> QueryResult<Endpoint> {
    diesel::insert_into(webhook_endpoints::table)
        .values(endpoint)
        .returning(Endpoint::as_returning())
        .get_result(conn)
}

/// Every endpoint, the active ones first, newest first.
pub fn list(conn: &mut PgConnection) -> QueryResult<Vec<Endpoint>> {
    webhook_endpoints::table
        .order((webhook_endpoints::disabled_at.is_not_null(), webhook_endpoints::id.desc()))
        .select(Endpoint::as_select())
        .load(conn)
}

pub fn find(conn: &mut PgConnection, id: WebhookEndpointId) -> QueryResult<Option<Endpoint>> {
    webhook_endpoints::table.find(id).select(Endpoint::as_select()).first(conn).optional()
}

/// Stops calls to the endpoint; its delivery log stays. Returns false if it was not active.
pub fn disable(conn: &mut PgConnection, id: WebhookEndpointId, at: DateTime<Utc>) -> QueryResult<bool> {
    let changed = diesel::update(webhook_endpoints::table.find(id).filter(webhook_endpoints::disabled_at.is_null()))
        .set(webhook_endpoints::disabled_at.eq(at))
        .execute(conn)?;
    Ok(changed == 1)
}
