//! `/api/v1/webhooks`: endpoints koe calls on `response.created` and `follow_up.created`.

use super::ApiClient;
use crate::db::outbox::Delivery;
use crate::db::webhooks::Endpoint;
use crate::domain::ids::WebhookEndpointId;
use crate::http::errors::ApiError;
use crate::http::AppState;
use crate::service::webhooks::{self, EndpointInput};
use actix_web::{web, HttpResponse};
use chrono::Utc;
use serde_json::{json, Value};

/// `GET /api/v1/webhooks`: `{webhooks: [...]}`, without their secrets.
pub async fn list(state: web::Data<AppState>, _client: ApiClient) -> Result<HttpResponse, ApiError> {
    let endpoints = state.db(webhooks::list).await?;
    Ok(HttpResponse::Ok().json(json!({ "webhooks": endpoints.iter().map(endpoint_json).collect::<Vec<_>>() })))
}

/// `POST /api/v1/webhooks {url, events, format?}`: 201 with the signing `secret`, shown only here.
pub async fn add(state: web::Data<AppState>, client: ApiClient, body: web::Json<EndpointInput>) -> Result<HttpResponse, ApiError> {
    client.require_write()?;
    let input = body.into_inner();
    let endpoint = state.db(move |conn| webhooks::add(conn, &input, Utc::now())).await?;
    let mut body = endpoint_json(&endpoint);
    body["secret"] = json!(endpoint.secret);
    Ok(HttpResponse::Created().json(body))
}

/// `DELETE /api/v1/webhooks/{id}`: 204; koe stops calling it (its delivery log stays).
pub async fn remove(state: web::Data<AppState>, client: ApiClient, id: web::Path<i64>) -> Result<HttpResponse, ApiError> {
    client.require_write()?;
    let id = WebhookEndpointId(id.into_inner());
    state.db(move |conn| webhooks::disable(conn, id, Utc::now())).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// `GET /api/v1/webhooks/{id}/deliveries`: the last deliveries, newest first.
pub async fn deliveries(state: web::Data<AppState>, _client: ApiClient, id: web::Path<i64>) -> Result<HttpResponse, ApiError> {
    let id = WebhookEndpointId(id.into_inner());
    let (endpoint, log) = state.db(move |conn| webhooks::deliveries(conn, id)).await?;
    Ok(HttpResponse::Ok().json(json!({
        "webhook": endpoint_json(&endpoint),
        "deliveries": log.iter().map(delivery_json).collect::<Vec<_>>(),
    })))
}

fn endpoint_json(endpoint: &Endpoint) -> Value {
    json!({
        "id": endpoint.id,
        "url": endpoint.url,
        "format": endpoint.format,
        "events": endpoint.events,
        "created_at": endpoint.created_at,
        "disabled_at": endpoint.disabled_at,
    })
}

fn delivery_json(delivery: &Delivery) -> Value {
    let state = match (delivery.sent_at, delivery.gave_up_at) {
        (Some(_), _) => "delivered",
        (None, Some(_)) => "failed",
        (None, None) => "pending",
    };
    json!({
        "id": delivery.id,
        "event": delivery.payload.get("event"),
        "state": state,
        "attempts": delivery.attempts,
        "last_status": delivery.last_status,
        "last_error": delivery.last_error,
        "next_attempt_at": (state == "pending").then_some(delivery.run_after),
        "delivered_at": delivery.sent_at,
        "created_at": delivery.created_at,
    })
}
