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
use crate::db::{self, DbPool};
use crate::error::AppError;
use crate::service::answer_queue::AnswerQueue;
use crate::service::link_reader::LinkReader;
use crate::text::SharedAnalyzer;
use actix_web::{web, HttpResponse};
use diesel::PgConnection;
use std::sync::Arc;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Database jobs one pooled connection may have waiting for it; past them a request is refused
/// at once (503 with Retry-After) rather than queued behind work it would wait seconds for.
const WAITING_PER_CONNECTION: u32 = 8;

/// The process's connection pools: the handlers' and workers', and those of the two kinds of
/// threads that run one statement over and over.
pub struct Pools {
    pub main: DbPool,
    pub links: DbPool,
    pub answers: DbPool,
}

impl Pools {
    /// Opens the three pools on a database whose migrations have run.
    pub fn open(config: &Config) -> Result<Pools, diesel::r2d2::PoolError> {
        Ok(Pools {
            main: db::pool(&config.database_url, config.pool_size)?,
            links: LinkReader::pool(&config.database_url)?,
            answers: AnswerQueue::pool(&config.database_url)?,
        })
    }
}

/// What every handler can reach: the database, the settings and the shared analyser.
#[derive(Clone)]
pub struct AppState {
    pub pool: DbPool,
    /// The survey links' readers' own connections ([`crate::service::link_reader::LinkReader::pool`]).
    pub link_pool: DbPool,
    /// The answer writers' own connections ([`crate::service::answer_queue::AnswerQueue::pool`]).
    pub answer_pool: DbPool,
    pub config: Arc<Config>,
    /// Swapped when the custom words change: take `analyzer.current()` once per request.
    pub analyzer: SharedAnalyzer,
    /// Database jobs allowed in flight: without a bound, an overload would queue requests on
    /// the blocking pool until their clients time out, each holding its connection and memory.
    admitted: Arc<Semaphore>,
    /// Survey forms and answers in progress (`KOE_RESPONDENTS`): see [`AppState::admit_respondent`].
    respondents: Arc<Semaphore>,
}

impl AppState {
    pub fn new(pools: Pools, config: Config, analyzer: SharedAnalyzer) -> AppState {
        let admitted = Arc::new(Semaphore::new((config.pool_size * WAITING_PER_CONNECTION) as usize));
        let respondents = Arc::new(Semaphore::new(config.respondents));
        let Pools { main: pool, links: link_pool, answers: answer_pool } = pools;
        AppState { pool, link_pool, answer_pool, config: Arc::new(config), analyzer, admitted, respondents }
    }

    /// A place for one survey form or answer, held until its response is ready, or
    /// [`AppError::Unavailable`] at once when all are taken. An overload is then refused as it
    /// arrives, in a few microseconds a request, instead of filling every connection the server
    /// holds with requests that wait too little to be refused by the queues behind, while the
    /// rest wait in the kernel's queue until their clients give up.
    pub fn admit_respondent(&self) -> Result<OwnedSemaphorePermit, AppError> {
        self.respondents.clone().try_acquire_owned().map_err(|_| AppError::Unavailable("too many people are answering at once".into()))
    }

    /// Runs blocking database work on actix's thread pool with a pooled connection, or refuses
    /// it as [`AppError::Unavailable`] when as many jobs as the pool can soon serve are waiting.
    pub async fn db<T, F>(&self, work: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut PgConnection) -> Result<T, AppError> + Send + 'static,
    {
        let admitted = self
            .admitted
            .clone()
            .try_acquire_owned()
            .map_err(|_| AppError::Unavailable("too many requests are waiting for the database".into()))?;
        let pool = self.pool.clone();
        web::block(move || {
            let _admitted = admitted;
            db::with_connection(&pool, work)
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
