//! actix-web: the routes, shared state, extractors and the mapping of errors to responses.
//! `respond/` serves customers (public links), `api/` integrations (bearer token).

pub mod api;
pub mod csv_export;
pub mod errors;
pub mod forms;
pub mod health;
pub mod lang;
pub mod respond;
pub mod security;
pub mod staff;

use crate::config::Config;
use crate::db::DbPool;
use crate::error::AppError;
use crate::text::SharedAnalyzer;
use actix_web::{web, HttpResponse};
use diesel::PgConnection;
use std::sync::Arc;

/// What every handler can reach: the database, the settings and the shared analyser.
#[derive(Clone)]
pub struct AppState {
    pub pool: DbPool,
    pub config: Arc<Config>,
    /// Swapped when the custom words change: take `analyzer.current()` once per request.
    pub analyzer: SharedAnalyzer,
}

impl AppState {
    /// Runs blocking database work on actix's thread pool with a pooled connection.
    pub async fn db<T, F>(&self, work: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut PgConnection) -> Result<T, AppError> + Send + 'static,
    {
        let pool = self.pool.clone();
        web::block(move || {
            let mut conn = pool.get()?;
            work(&mut conn)
        })
        .await
        .map_err(|error| AppError::Internal(format!("blocking task failed: {error}")))?
    }
}

/// All of koe's routes.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/healthz", web::get().to(health::healthz))
        .route("/readyz", web::get().to(health::readyz))
        .route(koe_views::STYLESHEET_PATH, web::get().to(|| async { stylesheet(koe_views::stylesheet()) }))
        .route(koe_views::STAFF_STYLESHEET_PATH, web::get().to(|| async { stylesheet(koe_views::staff_stylesheet()) }))
        .configure(respond::configure)
        .service(web::scope("/api/v1").configure(api::configure))
        .service(web::scope("/staff").configure(staff::configure))
        .default_service(web::to(errors::not_found_page));
}

fn stylesheet(css: &'static str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/css; charset=utf-8")
        .insert_header(("Cache-Control", "public, max-age=3600"))
        .body(css)
}
