//! `/staff/responses?…` and `/staff/responses.csv?…`: the answers behind a dashboard number,
//! with the dashboard's survey, period, filters and group.

use super::dashboard::{DashboardQuery, Filters};
use super::keywords::{answer_label, categories, date_in, html, last_day_in};
use super::session::Staff;
use crate::domain::ids::SurveyId;
use crate::error::AppError;
use crate::http::csv_export;
use crate::http::errors::PageError;
use crate::http::AppState;
use crate::service::drill_down;
use crate::service::report::ReportParams;
use actix_web::{web, HttpResponse};
use chrono::Utc;
use koe_views::staff::{answers_page, AnswerRow, AnswersPage, NavItem, ANSWERS_PATH, DASHBOARD_PATH};

/// Answers per page of the list.
const PAGE_SIZE: &str = "50";

fn survey_id(query: &DashboardQuery) -> Result<SurveyId, AppError> {
    query
        .survey
        .as_deref()
        .and_then(|text| text.trim().parse::<i64>().ok())
        .map(SurveyId)
        .ok_or_else(|| AppError::invalid("invalid_survey", "survey", "survey must be a survey id"))
}

/// `GET /staff/responses`: one page of the list, newest first.
pub async fn list(state: web::Data<AppState>, staff: Staff, query: web::Query<DashboardQuery>) -> Result<HttpResponse, PageError> {
    let lang = staff.lang;
    let query = query.into_inner();
    let id = survey_id(&query).map_err(|error| PageError::new(error, lang))?;
    let params = ReportParams { limit: Some(PAGE_SIZE.to_owned()), ..query.params() };
    let now = Utc::now();
    let (checked, found) = state
        .db(move |conn| Ok((drill_down::prepare_export(conn, id, &params, now)?, drill_down::list(conn, id, &params, now)?)))
        .await
        .map_err(|error| PageError::new(error, lang))?;
    let zone = checked.zone;
    let survey = &checked.survey;
    let (from, to) = (date_in(zone, checked.period.from), last_day_in(zone, checked.period.to));
    let interval = query.interval.as_deref().map(str::trim).unwrap_or_default();
    let filters = Filters::new(id.0, &from, &to, interval, &query);
    let category = checked.category.as_ref().map(|category| category.name().to_owned()).unwrap_or_default();
    let reasons = survey.exit_reasons();
    let s = &koe_views::i18n::strings(lang).staff.dashboard;
    let shown = [(s.segment, &query.segment), (s.plan, &query.plan), (s.owner, &query.owner_email), (s.stage, &query.stage)];
    let page = AnswersPage {
        frame: staff.frame(NavItem::Dashboard),
        survey_name: survey.name.clone(),
        period_label: format!("{from} – {to}"),
        group_label: categories(survey, lang).into_iter().find(|choice| !category.is_empty() && choice.value == category).map(|choice| choice.label),
        filters: shown
            .into_iter()
            .filter_map(|(label, value)| {
                let value = value.as_deref().map(str::trim).filter(|value| !value.is_empty())?;
                Some((label.to_owned(), value.to_owned()))
            })
            .collect(),
        total: found.total,
        rows: found
            .answers
            .iter()
            .map(|answer| AnswerRow {
                answered_at: answer.answered_at.with_timezone(&zone).format("%Y-%m-%d %H:%M").to_string(),
                score_label: answer_label(survey, &reasons, answer.score, answer.reason.as_deref(), lang),
                comment: answer.comment.clone(),
                account: answer.account_name.clone(),
                href: format!("/staff/responses/{}", answer.response_id),
            })
            .collect(),
        next_href: found.next.as_deref().map(|next| filters.href(ANSWERS_PATH, &[("category", &category), ("before", next)])),
        back_href: filters.href(DASHBOARD_PATH, &[]),
        csv_href: filters.href("/staff/responses.csv", &[("category", &category)]),
        excel_href: filters.href("/staff/responses.csv", &[("category", &category), ("excel", "1")]),
    };
    Ok(html(answers_page(&page)))
}

/// `GET /staff/responses.csv`: the same answers as the list, all of them, streamed.
pub async fn export(state: web::Data<AppState>, staff: Staff, query: web::Query<DashboardQuery>) -> Result<HttpResponse, PageError> {
    let lang = staff.lang;
    let query = query.into_inner();
    let id = survey_id(&query).map_err(|error| PageError::new(error, lang))?;
    let params = query.params();
    let now = Utc::now();
    // Bad parameters are refused before the first byte goes out.
    let checked = state
        .db(move |conn| drill_down::prepare_export(conn, id, &params, now))
        .await
        .map_err(|error| PageError::new(error, lang))?;
    Ok(csv_export::answers(state, checked, csv_export::wants_excel(query.excel.as_deref())))
}
