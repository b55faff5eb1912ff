//! `/staff/sign-in` and `/staff/sign-out`.

use super::form::StaffForm;
use super::session::{expired_session_cookie, session_cookie, Staff, SESSION_COOKIE};
use crate::domain::token::{new_csrf_token, same_secret};
use crate::http::errors::PageError;
use crate::http::lang::browser_lang;
use crate::http::AppState;
use crate::service::staff_auth::{self, SignInError};
use actix_web::cookie::{Cookie, SameSite};
use actix_web::http::StatusCode;
use actix_web::{web, FromRequest, HttpRequest, HttpResponse};
use koe_views::staff::{sign_in_page, SignIn, SignInError as SignInProblem};
use koe_views::Lang;
use serde::Deserialize;

/// The sign-in form has no session yet, so its CSRF token is a cookie it must echo
/// (double-submit), which a page on another site can neither read nor set.
const SIGN_IN_CSRF_COOKIE: &str = "koe_sign_in_csrf";
/// Where staff land: the work waiting for them.
pub const HOME: &str = "/staff/follow-ups";

#[derive(Debug, Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    csrf_token: String,
    next: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    csrf_token: String,
}

/// Only koe's own staff pages are followed after sign-in: never another site (`//evil`).
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(path) if path.starts_with("/staff") && !path.starts_with("//") && !path.contains(['\\', '\r', '\n']) => path.to_owned(),
        _ => HOME.to_owned(),
    }
}

fn secure(state: &AppState) -> bool {
    state.config.base_url.starts_with("https://")
}

fn csrf_cookie(token: &str, secure: bool) -> Cookie<'static> {
    Cookie::build(SIGN_IN_CSRF_COOKIE, token.to_owned())
        .path("/staff/sign-in")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(secure)
        .finish()
}

fn render(state: &AppState, status: StatusCode, lang: Lang, email: &str, next: Option<String>, error: Option<SignInProblem>) -> HttpResponse {
    let retry_after = match &error {
        Some(SignInProblem::TooManyAttempts { retry_after_minutes }) => Some(u64::from(*retry_after_minutes) * 60),
        _ => None,
    };
    let csrf_token = new_csrf_token();
    let page = sign_in_page(&SignIn { lang, email: email.to_owned(), csrf_token: csrf_token.clone(), next, error });
    let mut response = HttpResponse::build(status);
    if let Some(seconds) = retry_after {
        response.insert_header(("Retry-After", seconds.to_string()));
    }
    response
        .content_type("text/html; charset=utf-8")
        .insert_header(("Cache-Control", "no-store"))
        .cookie(csrf_cookie(&csrf_token, secure(state)))
        .body(page.into_string())
}

/// `GET /staff/sign-in`: the form, or straight on when already signed in.
pub async fn show(state: web::Data<AppState>, req: HttpRequest, query: web::Query<NextQuery>) -> HttpResponse {
    let next = query.into_inner().next;
    if req.cookie(SESSION_COOKIE).is_some() && Staff::extract(&req).await.is_ok() {
        return redirect(&safe_next(next.as_deref()));
    }
    render(&state, StatusCode::OK, browser_lang(&req), "", next, None)
}

/// `POST /staff/sign-in`.
pub async fn submit(state: web::Data<AppState>, req: HttpRequest, form: StaffForm<SignInForm>) -> HttpResponse {
    let form = form.into_inner();
    let lang = browser_lang(&req);
    let expected = req.cookie(SIGN_IN_CSRF_COOKIE).map(|cookie| cookie.value().to_owned()).unwrap_or_default();
    if expected.is_empty() || !same_secret(&form.csrf_token, &expected) {
        return render(&state, StatusCode::FORBIDDEN, lang, &form.email, form.next, Some(SignInProblem::Expired));
    }
    let client_ip = req.peer_addr().map_or_else(|| "unknown".to_owned(), |address| address.ip().to_string());
    let now = chrono::Utc::now();
    let (email, password) = (form.email.clone(), form.password);
    let outcome = web::block({
        let pool = state.pool.clone();
        move || {
            let mut conn = pool.get().map_err(|error| SignInError::App(error.into()))?;
            staff_auth::sign_in(&mut conn, &email, &password, &client_ip, now)
        }
    })
    .await;
    match outcome {
        Ok(Ok(signed_in)) => {
            let mut response = redirect(&safe_next(form.next.as_deref()));
            let secure = secure(&state);
            let _ = response.add_cookie(&session_cookie(&signed_in.token, secure));
            let mut used = csrf_cookie("", secure);
            used.make_removal();
            let _ = response.add_removal_cookie(&used);
            response
        }
        Ok(Err(SignInError::InvalidCredentials)) => {
            render(&state, StatusCode::UNAUTHORIZED, lang, &form.email, form.next, Some(SignInProblem::InvalidCredentials))
        }
        Ok(Err(SignInError::Throttled(minutes))) => render(
            &state,
            StatusCode::TOO_MANY_REQUESTS,
            lang,
            &form.email,
            form.next,
            Some(SignInProblem::TooManyAttempts { retry_after_minutes: minutes }),
        ),
        Ok(Err(SignInError::App(error))) => actix_web::ResponseError::error_response(&PageError::new(error, lang)),
        Err(error) => {
            let error = crate::error::AppError::Internal(format!("blocking task failed: {error}"));
            actix_web::ResponseError::error_response(&PageError::new(error, lang))
        }
    }
}

/// `POST /staff/sign-out`: ends this session.
pub async fn sign_out(state: web::Data<AppState>, staff: Staff, form: StaffForm<CsrfForm>) -> Result<HttpResponse, PageError> {
    staff.check_csrf(&form.csrf_token)?;
    let token = staff.session_token.clone();
    state.db(move |conn| staff_auth::sign_out(conn, &token)).await.map_err(|error| PageError::new(error, staff.lang))?;
    let mut response = redirect("/staff/sign-in");
    let _ = response.add_removal_cookie(&expired_session_cookie(secure(&state)));
    Ok(response)
}

fn redirect(location: &str) -> HttpResponse {
    HttpResponse::SeeOther().insert_header(("Location", location.to_owned())).insert_header(("Cache-Control", "no-store")).finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_staff_paths_are_followed_after_sign_in() {
        assert_eq!(safe_next(Some("/staff/keywords?survey=2")), "/staff/keywords?survey=2");
        for hostile in [None, Some("https://evil.example/"), Some("//evil.example"), Some("/s/token"), Some("/staff\\evil"), Some("")] {
            assert_eq!(safe_next(hostile), HOME, "{hostile:?}");
        }
    }
}
