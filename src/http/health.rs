//! Liveness and readiness for load balancers and orchestrators.

use super::errors::come_back_later;
use super::AppState;
use crate::db;
use actix_web::{web, HttpResponse};
use diesel::{sql_query, RunQueryDsl};

/// The process is up.
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({ "status": "ok" }))
}

/// The database answers, on the shared pool and on the link readers' and answer writers' own:
/// only then should traffic come here.
pub async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    let own_pools = [state.link_pool.clone(), state.answer_pool.clone()];
    let ready = state
        .db(move |conn| {
            sql_query("SELECT 1").execute(conn)?;
            for pool in &own_pools {
                db::with_connection(pool, |conn| Ok(sql_query("SELECT 1").execute(conn)?))?;
            }
            Ok(())
        })
        .await;
    match ready {
        Ok(_) => HttpResponse::Ok().json(serde_json::json!({ "status": "ready" })),
        Err(error) => {
            tracing::warn!(%error, "not ready");
            let mut response = HttpResponse::ServiceUnavailable();
            come_back_later(&mut response);
            response.json(serde_json::json!({ "status": "unavailable" }))
        }
    }
}
