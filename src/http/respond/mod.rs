//! The customer's side: a survey link's form, its answer, and the thank-you page.
//! GET never records anything (mail scanners open links); only POST does.

pub mod form;
mod pages;
mod unsubscribe;

use super::errors::{unavailable_form, PageError};
use super::forms::{is_form, read_limited, BodyError};
use super::lang::{browser_lang, page_lang};
use super::AppState;
use crate::domain::answer::Answer;
use crate::domain::token::looks_like_link_token;
use crate::error::AppError;
use crate::service::answer_queue::AnswerQueue;
use crate::service::answers;
use crate::service::link_opens::LinkOpens;
use crate::service::link_reader::LinkReader;
use actix_web::http::header::LOCATION;
use actix_web::{web, HttpRequest, HttpResponse};
use koe_views::Lang;
use serde::Deserialize;

/// Largest answer body accepted: 2,000 graphemes of percent-encoded text fit many times over.
const MAX_FORM_BYTES: usize = 256 * 1024;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/s/{token}")
            .route(web::get().to(show_form))
            .route(web::post().to(submit)),
    )
    .route("/s/{token}/thanks", web::get().to(thanks))
    .service(
        web::resource("/u/{token}")
            .route(web::get().to(unsubscribe::confirm))
            .route(web::post().to(unsubscribe::unsubscribe)),
    );
}

#[derive(Debug, Deserialize)]
struct FormQuery {
    score: Option<String>,
}

async fn show_form(
    state: web::Data<AppState>,
    links: web::Data<LinkReader>,
    opens: web::Data<LinkOpens>,
    req: HttpRequest,
    token: web::Path<String>,
    query: web::Query<FormQuery>,
) -> Result<HttpResponse, PageError> {
    let _admitted = state.admit_respondent().map_err(|error| PageError::new(error, browser_lang(&req)))?;
    let token = token.into_inner();
    let now = chrono::Utc::now();
    let link = links.resolve(&token, now).await.map_err(|error| PageError::new(error, browser_lang(&req)))?;
    opens.note(&link, now);
    let lang = page_lang(&req, link.contact_locale());
    let linked_score = query.score.as_deref().and_then(|text| link.survey.kind().parse_score(text));
    let page = pages::form_page(&link, lang, pages::Filled::from_previous(link.previous.as_ref(), linked_score), Vec::new());
    Ok(pages::html(actix_web::http::StatusCode::OK, page))
}

async fn submit(
    state: web::Data<AppState>,
    links: web::Data<LinkReader>,
    queue: web::Data<AnswerQueue>,
    req: HttpRequest,
    token: web::Path<String>,
    payload: web::Payload,
) -> Result<HttpResponse, PageError> {
    let visitor_lang = browser_lang(&req);
    if !is_form(&req) {
        return Err(PageError::unsupported_media_type(visitor_lang));
    }
    let body = read_limited(payload, MAX_FORM_BYTES).await.map_err(|limit| match limit {
        BodyError::TooLarge => PageError::too_large(visitor_lang),
        BodyError::Broken(detail) => PageError::bad_request(visitor_lang, detail),
    })?;

    let token = token.into_inner();
    let now = chrono::Utc::now();
    let admitted_and_read = match state.admit_respondent() {
        Ok(admitted) => links.resolve(&token, now).await.map(|link| (admitted, link)),
        Err(error) => Err(error),
    };
    let (_admitted, link) = match admitted_and_read {
        Ok(admitted_and_read) => admitted_and_read,
        Err(error @ AppError::Unavailable(_)) if looks_like_link_token(&token) => {
            return Ok(resend_later(&error, &token, &body, visitor_lang));
        }
        Err(error) => return Err(PageError::new(error, visitor_lang)),
    };
    let lang = page_lang(&req, link.contact_locale());
    let posted = form::decode(&body).map_err(|error| PageError::bad_request(lang, error.to_string()))?;

    let survey = &link.survey;
    let answer = match Answer::parse(survey.kind(), &survey.exit_reasons(), &posted) {
        Ok(answer) => answer,
        Err(errors) => {
            let page = pages::form_page(&link, lang, pages::Filled::from_form(&posted, survey.kind()), errors);
            return Ok(pages::html(actix_web::http::StatusCode::UNPROCESSABLE_ENTITY, page));
        }
    };
    let is_personal = link.invitation.is_some();
    // A comment takes well under a millisecond to analyse: not worth a trip to the thread pool.
    let prepared = answers::prepare(&state.analyzer.current(), link.clone(), answer, lang.code(), now);
    match queue.record(prepared).await {
        Ok(_) => {}
        Err(error @ AppError::Unavailable(_)) => {
            let page = pages::busy_page(&link, lang, pages::Filled::from_form(&posted, survey.kind()));
            return Ok(unavailable_form(&error, page));
        }
        Err(error) => return Err(PageError::new(error, lang)),
    }
    // Acknowledged only now that the transaction has committed.
    let location = if is_personal { format!("/s/{token}/thanks") } else { format!("/s/{token}/thanks?public=1") };
    Ok(HttpResponse::SeeOther().insert_header((LOCATION, location)).finish())
}

/// A 503 for an answer whose link could not be read: the posted answer comes back, ready to be
/// sent again, since without the survey the form itself cannot be drawn.
fn resend_later(error: &AppError, token: &str, body: &[u8], lang: Lang) -> HttpResponse {
    let posted = form::decode(body).unwrap_or_default();
    let fields = [("score", posted.score), ("reason", posted.reason), ("comment", posted.comment)]
        .into_iter()
        .filter_map(|(name, value)| Some((name.to_owned(), value?)))
        .chain(posted.contact_ok.then(|| ("contact_ok".to_owned(), "1".to_owned())))
        .collect();
    let page = koe_views::respond::resend(&koe_views::respond::Resend { lang, action: format!("/s/{token}"), fields });
    unavailable_form(error, page)
}

/// Not bounded by [`AppState::admit_respondent`]: it comes only after an answer was taken, at
/// the rate answers are, and someone who has answered should see that it worked.
async fn thanks(links: web::Data<LinkReader>, req: HttpRequest, token: web::Path<String>) -> Result<HttpResponse, PageError> {
    let token = token.into_inner();
    let link = links.resolve(&token, chrono::Utc::now()).await.map_err(|error| PageError::new(error, browser_lang(&req)))?;
    let lang = page_lang(&req, link.contact_locale());
    let edit_url = link.invitation.is_some().then(|| format!("/s/{token}"));
    let page = koe_views::respond::thank_you(&koe_views::respond::ThankYou { lang, edit_url });
    Ok(pages::html(actix_web::http::StatusCode::OK, page))
}
