//! The signed-in staff member behind a request, from the session cookie.

use crate::db::users::User;
use crate::domain::role::Role;
use crate::domain::token::same_secret;
use crate::error::AppError;
use crate::http::errors::{PageError, StaffPageError};
use crate::http::lang::browser_lang;
use crate::http::AppState;
use crate::service::staff_auth;
use actix_web::cookie::{Cookie, SameSite};
use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpRequest};
use koe_views::staff::{NavItem, StaffFrame, StaffRole};
use koe_views::Lang;
use std::future::Future;
use std::pin::Pin;

pub const SESSION_COOKIE: &str = "koe_session";

/// A staff member with a live session.
#[derive(Debug, Clone)]
pub struct Staff {
    pub user: User,
    pub role: Role,
    pub csrf_token: String,
    pub lang: Lang,
    /// The cookie's token, to end this session on sign-out.
    pub session_token: String,
}

impl Staff {
    pub fn frame(&self, current: impl Into<Option<NavItem>>) -> StaffFrame {
        StaffFrame {
            lang: self.lang,
            // The frame shows the email when there is no name.
            user_name: self.user.display_name.clone(),
            user_email: self.user.email.clone(),
            role: match self.role {
                Role::Admin => StaffRole::Admin,
                Role::Manager => StaffRole::Manager,
                Role::Cs => StaffRole::Cs,
            },
            csrf_token: self.csrf_token.clone(),
            current: current.into(),
        }
    }

    /// Refuses a state-changing form whose CSRF token is not this session's.
    /// Admins only: anyone else gets the 403 page.
    pub fn require_admin(&self) -> Result<(), PageError> {
        if self.role == crate::domain::role::Role::Admin {
            Ok(())
        } else {
            Err(PageError::new(crate::error::AppError::Forbidden, self.lang))
        }
    }

    pub fn check_csrf(&self, presented: &str) -> Result<(), PageError> {
        if same_secret(presented, &self.csrf_token) {
            Ok(())
        } else {
            Err(PageError::new(AppError::Forbidden, self.lang))
        }
    }
}

impl FromRequest for Staff {
    type Error = StaffPageError;
    type Future = Pin<Box<dyn Future<Output = Result<Staff, StaffPageError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let token = req.cookie(SESSION_COOKIE).map(|cookie| cookie.value().to_owned());
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let lang = browser_lang(req);
        let here = req.uri().path_and_query().map_or_else(|| req.path().to_owned(), |path| path.as_str().to_owned());
        Box::pin(async move {
            let sign_in_required = || StaffPageError::SignInRequired { next: here.clone() };
            let token = token.filter(|token| !token.is_empty()).ok_or_else(sign_in_required)?;
            let state = state.ok_or_else(|| PageError::new(AppError::Internal("application state missing".into()), lang))?;
            let now = chrono::Utc::now();
            let lookup = token.clone();
            let found = state
                .db(move |conn| staff_auth::session(conn, &lookup, now))
                .await
                .map_err(|error| PageError::new(error, lang))?;
            let (session, user) = found.ok_or_else(sign_in_required)?;
            let role = Role::parse(&user.role).ok_or_else(|| PageError::new(AppError::Forbidden, lang))?;
            Ok(Staff { user, role, csrf_token: session.csrf_token, lang, session_token: token })
        })
    }
}

/// The session cookie: unreadable to scripts, not sent on cross-site requests, and only
/// over https when koe is served over https.
pub fn session_cookie(token: &str, secure: bool) -> Cookie<'static> {
    Cookie::build(SESSION_COOKIE, token.to_owned())
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .finish()
}

/// Deletes the session cookie in the browser.
pub fn expired_session_cookie(secure: bool) -> Cookie<'static> {
    let mut cookie = session_cookie("", secure);
    cookie.make_removal();
    cookie
}
