//! Liveness and readiness for load balancers and orchestrators.

use super::AppState;
use actix_web::{web, HttpResponse};
use diesel::{sql_query, RunQueryDsl};

/// The process is up.
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({ "status": "ok" }))
}

/// The database answers, on the shared pool and on the link readers' own: only then should
/// traffic come here.
pub async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    let link_pool = state.link_pool.clone();
    let ready = state
        .db(move |conn| {
            sql_query("SELECT 1").execute(conn)?;
            sql_query("SELECT 1").execute(&mut link_pool.get()?)?;
            Ok(())
        })
        .await;
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
