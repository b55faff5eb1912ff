//! `/u/{token}`: leaving survey emails. GET asks (mail scanners open links); POST, from the
//! page's button or a mail client's one-click unsubscribe (RFC 8058), does it. The link's
//! token is the credential, as it is for answering.

use super::pages;
use crate::http::errors::PageError;
use crate::http::lang::{browser_lang, page_lang};
use crate::http::AppState;
use crate::service::invitations;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use koe_views::unsubscribe::{unsubscribe_page, Unsubscribe};

pub async fn confirm(state: web::Data<AppState>, req: HttpRequest, token: web::Path<String>) -> Result<HttpResponse, PageError> {
    let token = token.into_inner();
    let lookup = token.clone();
    let contact = state
        .db(move |conn| invitations::contact_of_link(conn, &lookup))
        .await
        .map_err(|error| PageError::new(error, browser_lang(&req)))?;
    let lang = page_lang(&req, Some(&contact.locale));
    let page = unsubscribe_page(&Unsubscribe {
        lang,
        email: contact.email,
        action: format!("/u/{token}"),
        done: contact.unsubscribed_at.is_some(),
    });
    Ok(pages::html(StatusCode::OK, page))
}

pub async fn unsubscribe(state: web::Data<AppState>, req: HttpRequest, token: web::Path<String>) -> Result<HttpResponse, PageError> {
    let token = token.into_inner();
    let now = chrono::Utc::now();
    let contact = state
        .db(move |conn| invitations::unsubscribe(conn, &token, now))
        .await
        .map_err(|error| PageError::new(error, browser_lang(&req)))?;
    let lang = page_lang(&req, Some(&contact.locale));
    let page = unsubscribe_page(&Unsubscribe { lang, done: true, ..Unsubscribe::default() });
    Ok(pages::html(StatusCode::OK, page))
}
