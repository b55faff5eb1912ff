//! Liveness and readiness for load balancers and orchestrators.

use super::AppState;
use actix_web::{web, HttpResponse};
use diesel::{sql_query, RunQueryDsl};

/// The process is up.
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({ "status": "ok" }))
}

/// The database answers: only then should traffic come here.
pub async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    let ready = state.db(|conn| Ok(sql_query("SELECT 1").execute(conn)?)).await;
    match ready {
        Ok(_) => HttpResponse::Ok().json(serde_json::json!({ "status": "ready" })),
        Err(error) => {
            tracing::warn!(%error, "not ready");
            HttpResponse::ServiceUnavailable()
                .insert_header(("Retry-After", "1"))
                .json(serde_json::json!({ "status": "unavailable" }))
        }
    }
}
