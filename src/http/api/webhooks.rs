//! `/api/v1/webhooks`: endpoints koe calls on `response.created` and `follow_up.created`.

use super::ApiClient;
use crate::db::outbox::Delivery as Outgoing;
use crate::db::webhooks::Endpoint;
use crate::domain::ids::WebhookEndpointId;
use crate::http::errors::ApiError;
use crate::http::AppState;
use crate::service::webhooks::{self, EndpointInput};
use actix_web::{web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

/// A webhook endpoint, without its secret.
#[derive(Debug, Serialize, ToSchema)]
pub struct Webhook {
    id: i64,
    url: String,
    #[schema(schema_with = crate::service::schema::webhook_format)]
    format: String,
    #[schema(schema_with = crate::service::schema::webhook_events)]
    events: Vec<String>,
    created_at: DateTime<Utc>,
    /// Set once removed: koe calls it no more.
    disabled_at: Option<DateTime<Utc>>,
}

impl From<&Endpoint> for Webhook {
    fn from(endpoint: &Endpoint) -> Webhook {
        Webhook {
            id: endpoint.id.0,
            url: endpoint.url.clone(),
            format: endpoint.format.clone(),
            events: endpoint.events.clone(),
            created_at: endpoint.created_at,
            disabled_at: endpoint.disabled_at,
        }
    }
}

/// A new endpoint, with the secret its calls are signed with (shown only this once).
#[derive(Debug, Serialize, ToSchema)]
pub struct NewWebhook {
    #[serde(flatten)]
    webhook: Webhook,
    secret: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookList {
    webhooks: Vec<Webhook>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryState {
    Pending,
    Delivered,
    Failed,
}

/// One call of an endpoint, with its retries.
#[derive(Debug, Serialize, ToSchema)]
pub struct Delivery {
    id: i64,
    /// `response.created` or `follow_up.created`.
    event: Option<String>,
    state: DeliveryState,
    attempts: i32,
    /// The endpoint's last HTTP status.
    last_status: Option<i32>,
    last_error: Option<String>,
    /// Pending only: when koe tries again.
    next_attempt_at: Option<DateTime<Utc>>,
    delivered_at: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
}

impl From<&Outgoing> for Delivery {
    fn from(delivery: &Outgoing) -> Delivery {
        let state = match (delivery.sent_at, delivery.gave_up_at) {
            (Some(_), _) => DeliveryState::Delivered,
            (None, Some(_)) => DeliveryState::Failed,
            (None, None) => DeliveryState::Pending,
        };
        Delivery {
            id: delivery.id.0,
            event: delivery.payload.get("event").and_then(|event| event.as_str()).map(str::to_owned),
            next_attempt_at: matches!(state, DeliveryState::Pending).then_some(delivery.run_after),
            state,
            attempts: delivery.attempts,
            last_status: delivery.last_status,
            last_error: delivery.last_error.clone(),
            delivered_at: delivery.sent_at,
            created_at: delivery.created_at,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DeliveryLog {
    webhook: Webhook,
    /// The last 100, newest first.
    deliveries: Vec<Delivery>,
}

/// Webhook endpoints, without their secrets.
#[utoipa::path(get, path = "/webhooks", responses((status = 200, description = "The endpoints", body = WebhookList)))]
pub async fn list(state: web::Data<AppState>, _client: ApiClient) -> Result<HttpResponse, ApiError> {
    let endpoints = state.db(webhooks::list).await?;
    Ok(HttpResponse::Ok().json(WebhookList { webhooks: endpoints.iter().map(Webhook::from).collect() }))
}

/// Add an endpoint. Deliveries are POSTs with `Koe-Signature: t=<unix>,v1=<hex HMAC-SHA256 of
/// "<t>.<body>">` and `Koe-Delivery: <id>` (the same on a retry).
#[utoipa::path(post, path = "/webhooks", request_body = EndpointInput, responses(
    (status = 201, description = "The endpoint with its `secret`, shown only here", body = NewWebhook),
))]
pub async fn add(state: web::Data<AppState>, client: ApiClient, body: web::Json<EndpointInput>) -> Result<HttpResponse, ApiError> {
    client.require_write()?;
    let input = body.into_inner();
    let reach = state.config.webhook_reach;
    let endpoint = state.db(move |conn| webhooks::add(conn, &input, reach, Utc::now())).await?;
    Ok(HttpResponse::Created().json(NewWebhook { webhook: Webhook::from(&endpoint), secret: endpoint.secret }))
}

/// Stop calling an endpoint (its delivery log stays).
#[utoipa::path(delete, path = "/webhooks/{id}", params(("id" = i64, Path, description = "The endpoint")), responses((status = 204, description = "Disabled")))]
pub async fn remove(state: web::Data<AppState>, client: ApiClient, id: web::Path<i64>) -> Result<HttpResponse, ApiError> {
    client.require_write()?;
    let id = WebhookEndpointId(id.into_inner());
    state.db(move |conn| webhooks::disable(conn, id, Utc::now())).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// An endpoint's last deliveries, newest first.
#[utoipa::path(get, path = "/webhooks/{id}/deliveries", params(("id" = i64, Path, description = "The endpoint")), responses(
    (status = 200, description = "The endpoint and its deliveries", body = DeliveryLog),
))]
pub async fn deliveries(state: web::Data<AppState>, _client: ApiClient, id: web::Path<i64>) -> Result<HttpResponse, ApiError> {
    let id = WebhookEndpointId(id.into_inner());
    let (endpoint, log) = state.db(move |conn| webhooks::deliveries(conn, id)).await?;
    Ok(HttpResponse::Ok().json(DeliveryLog { webhook: Webhook::from(&endpoint), deliveries: log.iter().map(Delivery::from).collect() }))
}
