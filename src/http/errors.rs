//! The one place where errors become responses: an HTML page for people, the JSON envelope
//! `{"error": {"code", "message"}}` for the API. A 500 tells nothing of the internals; the
//! detail goes to the log.

use crate::error::AppError;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, ResponseError};
use chrono::{DateTime, Utc};
use koe_views::errors::{error_page, ErrorKind, ErrorPage};
use koe_views::Lang;

/// Status and stable code of an error; everything else derives from this.
fn classify(error: &AppError) -> (StatusCode, &'static str) {
    match error {
        AppError::NotFound => (StatusCode::NOT_FOUND, "not_found"),
        AppError::LinkExpired => (StatusCode::GONE, "link_expired"),
        AppError::SurveyClosed => (StatusCode::GONE, "survey_closed"),
        AppError::Invalid { code, .. } => (StatusCode::UNPROCESSABLE_ENTITY, code),
        AppError::Conflict { code, .. } => (StatusCode::CONFLICT, code),
        AppError::Throttled { code, .. } => (StatusCode::TOO_MANY_REQUESTS, code),
        AppError::Unauthorized => (StatusCode::UNAUTHORIZED, "unauthorized"),
        AppError::Forbidden => (StatusCode::FORBIDDEN, "forbidden"),
        AppError::Unavailable(_) => (StatusCode::SERVICE_UNAVAILABLE, "unavailable"),
        AppError::Database(_) | AppError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
    }
}

fn log(error: &AppError, status: StatusCode) {
    if status.is_server_error() {
        tracing::error!(%error, %status, "request failed");
    } else {
        tracing::debug!(%error, %status, "request refused");
    }
}

/// An error answered as JSON (the API).
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct ApiError(#[from] pub AppError);

/// The API's one error envelope: `{"error": {"code", "message", "field"?, "available_at"?}}`.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
#[schema(as = Error)]
pub struct ErrorEnvelope {
    error: ErrorDetail,
}

#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    /// Stable, for programs: `not_found`, `invalid_email`, `throttled_contact`…
    code: &'static str,
    /// For people; a server error says nothing of its cause.
    message: String,
    /// The request field to fix (422 only).
    #[serde(skip_serializing_if = "Option::is_none")]
    field: Option<&'static str>,
    /// When the refused invitation becomes possible (429 only).
    #[serde(skip_serializing_if = "Option::is_none")]
    available_at: Option<DateTime<Utc>>,
}

impl ErrorEnvelope {
    fn new(code: &'static str, message: String) -> ErrorEnvelope {
        ErrorEnvelope { error: ErrorDetail { code, message, field: None, available_at: None } }
    }
}

/// A request the API cannot even parse: bad JSON, wrong content type, too large.
pub fn api_request_error(status: StatusCode, code: &'static str, message: impl Into<String>) -> actix_web::Error {
    let body = ErrorEnvelope::new(code, message.into());
    actix_web::error::InternalError::from_response(code, HttpResponse::build(status).json(body)).into()
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        classify(&self.0).0
    }

    fn error_response(&self) -> HttpResponse {
        let (status, code) = classify(&self.0);
        log(&self.0, status);
        let message = if status.is_server_error() { "something went wrong on our side".to_owned() } else { self.0.to_string() };
        let mut body = ErrorEnvelope::new(code, message);
        if let AppError::Invalid { field, .. } = &self.0 {
            body.error.field = Some(field);
        }
        let mut response = HttpResponse::build(status);
        if status == StatusCode::SERVICE_UNAVAILABLE {
            come_back_later(&mut response);
        }
        if let AppError::Throttled { available_at, .. } = &self.0 {
            body.error.available_at = Some(*available_at);
            let seconds = (*available_at - Utc::now()).num_seconds().max(1);
            response.insert_header(("Retry-After", seconds.to_string()));
        }
        response.json(body)
    }
}

/// An error answered as a page in the visitor's language.
#[derive(Debug, thiserror::Error)]
#[error("{error}")]
pub struct PageError {
    pub error: AppError,
    pub lang: Lang,
    /// Overrides the status derived from `error` (e.g. 400 for an undecodable form, 413 for a huge one).
    pub kind: Option<(StatusCode, ErrorKind)>,
}

impl PageError {
    pub fn new(error: AppError, lang: Lang) -> PageError {
        PageError { error, lang, kind: None }
    }

    /// A request too broken to show a form for.
    pub fn bad_request(lang: Lang, detail: impl Into<String>) -> PageError {
        PageError {
            error: AppError::Internal(detail.into()),
            lang,
            kind: Some((StatusCode::BAD_REQUEST, ErrorKind::BadRequest)),
        }
    }

    pub fn too_large(lang: Lang) -> PageError {
        PageError {
            error: AppError::Internal("request body too large".into()),
            lang,
            kind: Some((StatusCode::PAYLOAD_TOO_LARGE, ErrorKind::PayloadTooLarge)),
        }
    }

    pub fn unsupported_media_type(lang: Lang) -> PageError {
        PageError {
            error: AppError::Internal("unsupported content type".into()),
            lang,
            kind: Some((StatusCode::UNSUPPORTED_MEDIA_TYPE, ErrorKind::BadRequest)),
        }
    }

    fn status_and_kind(&self) -> (StatusCode, ErrorKind) {
        if let Some((status, kind)) = &self.kind {
            return (*status, *kind);
        }
        let (status, _) = classify(&self.error);
        let kind = match &self.error {
            AppError::NotFound => ErrorKind::NotFound,
            AppError::LinkExpired => ErrorKind::LinkExpired,
            AppError::SurveyClosed => ErrorKind::SurveyClosed,
            AppError::Invalid { .. } | AppError::Conflict { .. } | AppError::Throttled { .. } => ErrorKind::BadRequest,
            AppError::Unauthorized => ErrorKind::Unauthorized,
            AppError::Forbidden => ErrorKind::Forbidden,
            AppError::Unavailable(_) => ErrorKind::Unavailable,
            AppError::Database(_) | AppError::Internal(_) => ErrorKind::Internal,
        };
        (status, kind)
    }
}

impl ResponseError for PageError {
    fn status_code(&self) -> StatusCode {
        self.status_and_kind().0
    }

    fn error_response(&self) -> HttpResponse {
        let (status, kind) = self.status_and_kind();
        if self.kind.is_some() {
            tracing::debug!(error = %self.error, %status, "request refused");
        } else {
            log(&self.error, status);
        }
        let page = error_page(&ErrorPage { lang: self.lang, kind, request_id: None });
        let mut response = HttpResponse::build(status);
        if status == StatusCode::SERVICE_UNAVAILABLE {
            come_back_later(&mut response);
        }
        response
            .content_type("text/html; charset=utf-8")
            .insert_header(("Cache-Control", "no-store"))
            .body(page.into_string())
    }
}

/// A staff page refused: either sign in first (a redirect that remembers where to return),
/// or an error page.
#[derive(Debug, thiserror::Error)]
pub enum StaffPageError {
    #[error("sign-in required")]
    SignInRequired { next: String },
    #[error(transparent)]
    Page(#[from] PageError),
}

impl ResponseError for StaffPageError {
    fn status_code(&self) -> StatusCode {
        match self {
            StaffPageError::SignInRequired { .. } => StatusCode::SEE_OTHER,
            StaffPageError::Page(error) => error.status_code(),
        }
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            StaffPageError::SignInRequired { next } => {
                let query = serde_urlencoded::to_string([("next", next)]).unwrap_or_default();
                HttpResponse::SeeOther()
                    .insert_header(("Location", format!("/staff/sign-in?{query}")))
                    .insert_header(("Cache-Control", "no-store"))
                    .finish()
            }
            StaffPageError::Page(error) => error.error_response(),
        }
    }
}

/// Any path koe does not serve.
pub async fn not_found_page(req: HttpRequest) -> Result<HttpResponse, PageError> {
    Err(PageError::new(AppError::NotFound, super::lang::browser_lang(&req)))
}

/// What a 503 says besides its body, for a request koe cannot take now or a readiness probe:
/// try again in a second. The connection stays open. Closing it with each refusal was tried:
/// in the benchmark's overload the clients then opened new connections faster than the
/// workers accepted them, and far more requests waited in the kernel's queue (README,
/// "Overload").
pub(super) fn come_back_later(response: &mut actix_web::HttpResponseBuilder) {
    response.insert_header(("Retry-After", "1"));
}

/// A form whose answer was fine but could not be stored now (503): the page shows the form again
/// with what the person typed, and says when to try again.
pub fn unavailable_form(error: &AppError, page: koe_views::Markup) -> HttpResponse {
    log(error, StatusCode::SERVICE_UNAVAILABLE);
    let mut response = HttpResponse::ServiceUnavailable();
    come_back_later(&mut response);
    response
        .insert_header(("Cache-Control", "no-store"))
        .content_type("text/html; charset=utf-8")
        .body(page.into_string())
}
