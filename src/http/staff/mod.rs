//! Staff pages: sign-in with a session cookie, CSRF tokens on every form, and the reports.

mod accounts;
mod answers;
mod dashboard;
mod follow_ups;
mod form;
mod import;
mod keywords;
mod mailings;
mod password;
mod report;
mod responses;
mod session;
mod sign_in;
mod upload;

pub use session::Staff;

use super::errors::PageError;
use super::lang::browser_lang;
use crate::error::AppError;
use actix_web::{web, HttpResponse};

/// Staff forms are a few fields; anything larger is a mistake or an attack.
const MAX_FORM_BYTES: usize = 16 * 1024;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.app_data(web::PathConfig::default().error_handler(|_, req| PageError::new(AppError::NotFound, browser_lang(req)).into()))
    .route("", web::get().to(home))
    .route("/", web::get().to(home))
    .route("/sign-in", web::get().to(sign_in::show))
    .route("/sign-in", web::post().to(sign_in::submit))
    .route("/sign-out", web::post().to(sign_in::sign_out))
    .route("/password", web::get().to(password::show))
    .route("/password", web::post().to(password::change))
    .route("/follow-ups", web::get().to(follow_ups::inbox))
    // Before `/follow-ups/{id}`, which would take "report" for an id.
    .route("/follow-ups/report", web::get().to(report::page))
    .route("/follow-ups/{id}", web::get().to(follow_ups::case))
    .route("/follow-ups/{id}/status", web::post().to(follow_ups::change_status))
    .route("/follow-ups/{id}/owner", web::post().to(follow_ups::change_owner))
    .route("/dashboard", web::get().to(dashboard::page))
    .route("/dashboard/charts/{file}", web::get().to(dashboard::chart))
    .route("/responses", web::get().to(answers::list))
    .route("/responses.csv", web::get().to(answers::export))
    .route("/keywords", web::get().to(keywords::page))
    .route("/keywords/{survey}/{term}", web::get().to(keywords::detail))
    .route("/responses/{id}", web::get().to(responses::page))
    .route("/accounts", web::get().to(accounts::list))
    .route("/accounts/{id}", web::get().to(accounts::page))
    .route("/import", web::get().to(import::show))
    .route("/import", web::post().to(import::submit))
    .route("/mailings", web::get().to(mailings::list))
    .route("/mailings", web::post().to(mailings::start))
    .route("/mailings/{id}", web::get().to(mailings::show));
}

async fn home() -> HttpResponse {
    HttpResponse::SeeOther().insert_header(("Location", sign_in::HOME)).finish()
}
