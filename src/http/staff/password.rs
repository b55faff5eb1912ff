//! `/staff/password`: a staff member changes their own password.

use super::form::StaffForm;
use super::session::Staff;
use crate::http::errors::PageError;
use crate::http::AppState;
use crate::service::staff_auth::{self, PasswordChangeError, PasswordProblem};
use crate::service::users::MIN_PASSWORD_CHARS;
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use koe_views::staff::{password_page, PasswordError, PasswordPage, PASSWORD_PATH};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
    #[serde(default)]
    new_password_again: String,
}

#[derive(Debug, Deserialize)]
pub struct Shown {
    changed: Option<String>,
}

fn render(staff: &Staff, status: StatusCode, errors: Vec<PasswordError>, changed: bool) -> HttpResponse {
    let page = password_page(&PasswordPage { frame: staff.frame(None), errors, changed });
    HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .insert_header(("Cache-Control", "no-store"))
        .body(page.into_string())
}

pub async fn show(staff: Staff, query: web::Query<Shown>) -> HttpResponse {
    render(&staff, StatusCode::OK, Vec::new(), query.changed.is_some())
}

pub async fn change(state: web::Data<AppState>, staff: Staff, form: StaffForm<PasswordForm>) -> Result<HttpResponse, PageError> {
    staff.check_csrf(&form.csrf_token)?;
    let form = form.into_inner();
    let (user, token) = (staff.user.clone(), staff.session_token.clone());
    let outcome = state
        .db(move |conn| {
            Ok(staff_auth::change_password(conn, &user, &token, &form.current_password, &form.new_password, &form.new_password_again))
        })
        .await
        .map_err(|error| PageError::new(error, staff.lang))?;
    match outcome {
        Ok(()) => Ok(HttpResponse::SeeOther().insert_header(("Location", format!("{PASSWORD_PATH}?changed=1"))).finish()),
        Err(PasswordChangeError::Refused(problems)) => {
            let errors = problems
                .into_iter()
                .map(|problem| match problem {
                    PasswordProblem::CurrentWrong => PasswordError::CurrentWrong,
                    PasswordProblem::TooShort => PasswordError::TooShort { min: MIN_PASSWORD_CHARS },
                    PasswordProblem::Mismatch => PasswordError::Mismatch,
                })
                .collect();
            Ok(render(&staff, StatusCode::UNPROCESSABLE_ENTITY, errors, false))
        }
        Err(PasswordChangeError::App(error)) => Err(PageError::new(error, staff.lang)),
    }
}
