//! `/staff/responses/{id}`: one answer, with its account and contact.

use super::session::Staff;
use crate::db::responses;
use crate::db::surveys::Survey;
use crate::domain::ids::ResponseId;
use crate::error::AppError;
use crate::http::errors::PageError;
use crate::http::AppState;
use actix_web::{web, HttpResponse};
use koe_views::staff::{response_page, NavItem, ResponsePage};
use koe_views::Lang;

/// An exit reason's label in `lang` from the survey's list; an unknown code is shown as it is.
pub(super) fn reason_label(survey: &Survey, code: &str, lang: Lang) -> String {
    survey
        .exit_reasons()
        .into_iter()
        .find(|reason| reason.code == code)
        .map_or_else(|| code.to_owned(), |reason| if lang == Lang::En { reason.en } else { reason.ja })
}

pub async fn page(state: web::Data<AppState>, staff: Staff, id: web::Path<i64>) -> Result<HttpResponse, PageError> {
    let lang = staff.lang;
    let id = ResponseId(id.into_inner());
    let (found, zone) = state
        .db(move |conn| Ok((responses::find_with_context(conn, id)?, crate::db::organization::zone(conn)?)))
        .await
        .map_err(|error| PageError::new(error, lang))?;
    let (response, survey, account, contact) = found.ok_or_else(|| PageError::new(AppError::NotFound, lang))?;
    let reason_label = response.reason.as_deref().map(|code| reason_label(&survey, code, lang));
    let page = ResponsePage {
        frame: staff.frame(NavItem::Keywords),
        survey_name: survey.name.clone(),
        answered_at: response.answered_at.with_timezone(&zone).format("%Y-%m-%d %H:%M").to_string(),
        score_label: response.score.map(|score| format!("{} {score}", survey.kind().as_str().to_uppercase())).unwrap_or_default(),
        reason_label,
        comment: response.comment,
        account_name: account.map(|account| account.name),
        contact: contact.map(|contact| match contact.name {
            Some(name) if !name.trim().is_empty() => format!("{name} <{}>", contact.email),
            _ => contact.email,
        }),
        back_href: Some(koe_views::staff::KEYWORDS_PATH.to_owned()),
    };
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header(("Cache-Control", "no-store"))
        .body(response_page(&page).into_string()))
}
