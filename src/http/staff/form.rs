//! Staff forms, decoded as strictly as the customers' answers: a wrong content type is a 415,
//! a body past the cap a 413, and invalid UTF-8 or a field sent twice a 400, so that nothing a
//! decoder guessed at reaches a case's history.

use super::MAX_FORM_BYTES;
use crate::http::errors::PageError;
use crate::http::forms::{is_form, is_utf8, read_limited, BodyError};
use crate::http::lang::browser_lang;
use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpRequest};
use serde::de::DeserializeOwned;
use std::future::Future;
use std::pin::Pin;

/// The fields of a staff form, as `T`.
#[derive(Debug)]
pub struct StaffForm<T>(pub T);

impl<T> StaffForm<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> std::ops::Deref for StaffForm<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for StaffForm<T> {
    type Error = PageError;
    type Future = Pin<Box<dyn Future<Output = Result<StaffForm<T>, PageError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let lang = browser_lang(req);
        let is_form = is_form(req);
        let body = web::Payload::from_request(req, payload).into_inner();
        Box::pin(async move {
            if !is_form {
                return Err(PageError::unsupported_media_type(lang));
            }
            let body = body.map_err(|error| PageError::bad_request(lang, error.to_string()))?;
            let bytes = read_limited(body, MAX_FORM_BYTES).await.map_err(|error| match error {
                BodyError::TooLarge => PageError::too_large(lang),
                BodyError::Broken(detail) => PageError::bad_request(lang, detail),
            })?;
            if !is_utf8(&bytes) {
                return Err(PageError::bad_request(lang, "the form is not valid UTF-8"));
            }
            serde_urlencoded::from_bytes(&bytes).map(StaffForm).map_err(|error| PageError::bad_request(lang, error.to_string()))
        })
    }
}
