//! Bearer-token authentication for the API.

use crate::db::api_tokens::ApiToken;
use crate::error::AppError;
use crate::http::errors::ApiError;
use crate::http::AppState;
use crate::service::api_tokens;
use actix_web::dev::Payload;
use actix_web::http::header::AUTHORIZATION;
use actix_web::{web, FromRequest, HttpRequest};
use std::future::Future;
use std::pin::Pin;

/// The integration behind a request, proven by an active token.
#[derive(Debug)]
pub struct ApiClient {
    pub token: ApiToken,
}

impl ApiClient {
    /// Refuses tokens created read-only.
    pub fn require_write(&self) -> Result<(), ApiError> {
        if self.token.scope == "write" {
            Ok(())
        } else {
            Err(ApiError(AppError::Forbidden))
        }
    }
}

impl FromRequest for ApiClient {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<ApiClient, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let presented = req
            .headers()
            .get(AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .map(|token| token.trim().to_owned());
        let state = req.app_data::<web::Data<AppState>>().cloned();
        Box::pin(async move {
            let presented = presented.filter(|token| !token.is_empty()).ok_or(AppError::Unauthorized)?;
            let state = state.ok_or_else(|| AppError::Internal("application state missing".into()))?;
            let token = state.db(move |conn| api_tokens::authenticate(conn, &presented)).await?;
            Ok(ApiClient { token })
        })
    }
}
