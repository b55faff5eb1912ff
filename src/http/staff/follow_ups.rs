//! `/staff/follow-ups`: the signed-in user's cases, one case with its history, and the forms
//! that move a case along or give it to someone else.

use super::form::StaffForm;
use super::session::Staff;
use crate::db::follow_ups::{Event, Listed, OwnerFilter};
use crate::db::{organization, responses, users};
use crate::domain::follow_up::{may_act, may_reassign, Status};
use crate::domain::ids::{FollowUpId, UserId};
use crate::domain::role::Role;
use crate::error::AppError;
use crate::http::errors::PageError;
use crate::http::AppState;
use crate::service::follow_ups::{self, Actor, StatusChange};
use crate::text::snippet::shorten;
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use koe_views::staff::{
    follow_up_page, follow_ups_page, CaseProblem, EventKind, EventView, FollowUpPage, FollowUpRow, FollowUpsPage, NavItem,
    RecentAnswer, Scope, StatusKind, TriggerKind, FOLLOW_UPS_PATH, NOTE_ONLY,
};
use serde::Deserialize;
use std::collections::HashMap;

/// Graphemes of a comment shown in a list.
const LIST_COMMENT_GRAPHEMES: usize = 80;
/// Answers of the account shown on a case page.
const RECENT_ANSWERS: i64 = 5;

#[derive(Debug, Default, Deserialize)]
pub struct InboxQuery {
    scope: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct StatusForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    outcome: String,
}

#[derive(Debug, Default, Deserialize)]
pub struct OwnerForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    owner_email: String,
}

fn actor(staff: &Staff) -> Actor {
    Actor { id: staff.user.id, role: staff.role }
}

pub(super) fn html(status: StatusCode, body: String) -> HttpResponse {
    HttpResponse::build(status).content_type("text/html; charset=utf-8").insert_header(("Cache-Control", "no-store")).body(body)
}

pub(super) fn local(at: DateTime<Utc>, zone: Tz) -> String {
    at.with_timezone(&zone).format("%Y-%m-%d %H:%M").to_string()
}

pub(super) fn status_kind(status: &str) -> StatusKind {
    match Status::parse(status) {
        Some(Status::Contacted) => StatusKind::Contacted,
        Some(Status::Resolved) => StatusKind::Resolved,
        Some(Status::WontFix) => StatusKind::WontFix,
        Some(Status::Open) | None => StatusKind::Open,
    }
}

/// "NPS 3" / "CSAT 2"; the survey kind follows from why the case was opened.
fn score_label(trigger: &str, score: Option<i16>) -> String {
    let kind = if trigger == "low_csat" { "CSAT" } else { "NPS" };
    score.map(|score| format!("{kind} {score}")).unwrap_or_default()
}

fn case_href(id: FollowUpId) -> String {
    format!("{FOLLOW_UPS_PATH}/{id}")
}

/// `GET /staff/follow-ups`: open and contacted cases, overdue first. CS staff see their own;
/// managers and admins choose theirs, everyone's, or the shared queue.
pub async fn inbox(state: web::Data<AppState>, staff: Staff, query: web::Query<InboxQuery>) -> Result<HttpResponse, PageError> {
    let lang = staff.lang;
    let scope_choice = matches!(staff.role, Role::Admin | Role::Manager);
    let scope = match (scope_choice, query.scope.as_deref()) {
        (true, Some("all")) => Scope::All,
        (true, Some("shared")) => Scope::Shared,
        _ => Scope::Mine,
    };
    let owner = match scope {
        Scope::Mine => OwnerFilter::User(staff.user.id),
        Scope::All => OwnerFilter::Everyone,
        Scope::Shared => OwnerFilter::Unowned,
    };
    let (rows, zone) = state
        .db(move |conn| Ok((follow_ups::list(conn, owner, &[Status::Open, Status::Contacted])?, organization::zone(conn)?)))
        .await
        .map_err(|error| PageError::new(error, lang))?;
    let now = Utc::now();
    let page = FollowUpsPage {
        frame: staff.frame(NavItem::FollowUps),
        scope_choice,
        scope,
        rows: rows.into_iter().map(|listed| inbox_row(listed, zone, now)).collect(),
    };
    Ok(html(StatusCode::OK, follow_ups_page(&page).into_string()))
}

fn inbox_row(listed: Listed, zone: Tz, now: DateTime<Utc>) -> FollowUpRow {
    let case = &listed.follow_up;
    FollowUpRow {
        href: case_href(case.id),
        due_at: local(case.due_at, zone),
        overdue: Status::parse(&case.status).is_some_and(|status| status.is_overdue(case.due_at, now)),
        status: status_kind(&case.status),
        trigger: TriggerKind::from_code(&case.trigger),
        score_label: score_label(&case.trigger, listed.score),
        comment: listed.comment.as_deref().map(|comment| shorten(comment, LIST_COMMENT_GRAPHEMES)),
        account: listed.account_name.clone(),
        contact: listed.contact_email.clone(),
        owner: listed.owner_email.clone(),
    }
}

/// Everything a case page shows, read in one go.
struct CaseData {
    listed: Listed,
    events: Vec<Event>,
    answered_at: DateTime<Utc>,
    contact_name: Option<String>,
    recent: Vec<(crate::db::responses::Response, String, Option<String>)>,
    emails: HashMap<UserId, String>,
    zone: Tz,
}

fn load_case(conn: &mut diesel::PgConnection, id: FollowUpId) -> Result<CaseData, AppError> {
    let (listed, events) = follow_ups::case(conn, id)?;
    let (response, _, _, contact) = responses::find_with_context(conn, listed.follow_up.response_id)?.ok_or(AppError::NotFound)?;
    let recent = match listed.follow_up.account_id {
        Some(account) => responses::recent_for_account(conn, account, RECENT_ANSWERS + 1)?
            .into_iter()
            .filter(|(answer, _, _)| answer.id != response.id)
            .take(RECENT_ANSWERS as usize)
            .collect(),
        None => Vec::new(),
    };
    let ids: Vec<UserId> = events.iter().flat_map(|event| [event.actor_id, event.from_owner_id, event.to_owner_id]).flatten().collect();
    let emails = users::find_many(conn, &ids)?.into_iter().map(|user| (user.id, user.email)).collect();
    Ok(CaseData {
        listed,
        events,
        answered_at: response.answered_at,
        contact_name: contact.and_then(|contact| contact.name).filter(|name| !name.trim().is_empty()),
        recent,
        emails,
        zone: organization::zone(conn)?,
    })
}

fn case_page(staff: &Staff, data: CaseData) -> FollowUpPage {
    let CaseData { listed, events, answered_at, contact_name, recent, emails, zone } = data;
    let case = &listed.follow_up;
    let status = Status::parse(&case.status).unwrap_or(Status::Open);
    let acting = may_act(staff.role, staff.user.id, case.owner_id);
    let email = |id: Option<UserId>| id.and_then(|id| emails.get(&id).cloned());
    let next_statuses = if acting { status.next().into_iter().map(|next| status_kind(next.as_str())).collect() } else { Vec::new() };
    FollowUpPage {
        frame: staff.frame(NavItem::FollowUps),
        status_action: format!("{}/status", case_href(case.id)),
        owner_action: format!("{}/owner", case_href(case.id)),
        status: status_kind(&case.status),
        trigger: TriggerKind::from_code(&case.trigger),
        due_at: local(case.due_at, zone),
        overdue: status.is_overdue(case.due_at, Utc::now()),
        answered_at: local(answered_at, zone),
        score_label: score_label(&case.trigger, listed.score),
        comment: listed.comment.clone(),
        account: listed.account_name.clone(),
        contact_name,
        contact_email: listed.contact_email.clone(),
        owner: listed.owner_email.clone(),
        outcome: case.outcome.clone(),
        response_href: format!("/staff/responses/{}", case.response_id),
        form_status: next_statuses.first().copied(),
        next_statuses,
        may_take: staff.role == Role::Cs && case.owner_id.is_none(),
        may_reassign: matches!(staff.role, Role::Admin | Role::Manager)
            && may_reassign(staff.role, staff.user.id, case.owner_id, None),
        recent: recent
            .into_iter()
            .map(|(answer, kind, contact)| RecentAnswer {
                href: format!("/staff/responses/{}", answer.id),
                answered_at: local(answer.answered_at, zone),
                score_label: answer.score.map(|score| format!("{} {score}", kind.to_uppercase())).unwrap_or_default(),
                comment: answer.comment.as_deref().map(|comment| shorten(comment, LIST_COMMENT_GRAPHEMES * 2)),
                contact,
            })
            .collect(),
        history: events
            .into_iter()
            .map(|event| EventView {
                at: local(event.created_at, zone),
                actor: email(event.actor_id),
                kind: match event.kind.as_str() {
                    "status" => EventKind::Status {
                        from: status_kind(event.from_status.as_deref().unwrap_or("open")),
                        to: status_kind(event.to_status.as_deref().unwrap_or("open")),
                    },
                    "note" => EventKind::Note,
                    "reassigned" => EventKind::Reassigned { from: email(event.from_owner_id), to: email(event.to_owner_id) },
                    _ => EventKind::Created,
                },
                note: event.note,
            })
            .collect(),
        form_note: String::new(),
        form_outcome: case.outcome.clone().unwrap_or_default(),
        form_owner_email: String::new(),
        my_email: staff.user.email.clone(),
        problems: Vec::new(),
    }
}

/// `GET /staff/follow-ups/{id}`: the case, the customer, the account's recent answers, the history.
pub async fn case(state: web::Data<AppState>, staff: Staff, id: web::Path<i64>) -> Result<HttpResponse, PageError> {
    let lang = staff.lang;
    let id = FollowUpId(id.into_inner());
    let data = state.db(move |conn| load_case(conn, id)).await.map_err(|error| PageError::new(error, lang))?;
    Ok(html(StatusCode::OK, follow_up_page(&case_page(&staff, data)).into_string()))
}

/// The problem a refused form shows beside its field, or `None` for an error that is not the form's.
fn problem(error: &AppError) -> Option<CaseProblem> {
    match error {
        AppError::Invalid { code, field, .. } => Some(match (*code, *field) {
            ("note_required", _) => CaseProblem::NoteRequired,
            ("required", "note") => CaseProblem::NoteEmpty,
            ("too_long", _) => CaseProblem::TooLong,
            ("invalid_characters", _) => CaseProblem::InvalidCharacters,
            ("unknown_user", _) => CaseProblem::UnknownUser,
            ("unchanged", "owner_email") => CaseProblem::OwnerUnchanged,
            ("unchanged", _) => CaseProblem::Unchanged,
            _ => CaseProblem::NotAllowed,
        }),
        _ => None,
    }
}

/// After a change: back to the case page (303), or the page again with what was typed and why not.
async fn answer_change(
    state: &AppState,
    staff: &Staff,
    id: FollowUpId,
    result: Result<(), AppError>,
    typed: impl FnOnce(&mut FollowUpPage),
) -> Result<HttpResponse, PageError> {
    let lang = staff.lang;
    match result {
        Ok(()) => Ok(HttpResponse::SeeOther().insert_header(("Location", case_href(id))).finish()),
        Err(error) => {
            let Some(problem) = problem(&error) else { return Err(PageError::new(error, lang)) };
            let data = state.db(move |conn| load_case(conn, id)).await.map_err(|error| PageError::new(error, lang))?;
            let mut page = case_page(staff, data);
            typed(&mut page);
            page.problems = vec![problem];
            Ok(html(StatusCode::UNPROCESSABLE_ENTITY, follow_up_page(&page).into_string()))
        }
    }
}

/// `POST /staff/follow-ups/{id}/status`: `status` (or `note` to keep it), `note`, `outcome`.
pub async fn change_status(
    state: web::Data<AppState>,
    staff: Staff,
    id: web::Path<i64>,
    form: StaffForm<StatusForm>,
) -> Result<HttpResponse, PageError> {
    staff.check_csrf(&form.csrf_token)?;
    let id = FollowUpId(id.into_inner());
    let form = form.into_inner();
    let change = StatusChange { to: form.status.clone(), note: form.note.clone(), outcome: form.outcome.clone() };
    let who = actor(&staff);
    let result = state
        .db(move |conn| {
            if change.to == NOTE_ONLY {
                follow_ups::add_note(conn, who, id, &change.note, Utc::now())
            } else {
                follow_ups::change_status(conn, who, id, &change, Utc::now())
            }
        })
        .await;
    answer_change(&state, &staff, id, result, |page| {
        page.form_status = Status::parse(&form.status).map(|status| status_kind(status.as_str()));
        page.form_note = form.note;
        page.form_outcome = form.outcome;
    })
    .await
}

/// `POST /staff/follow-ups/{id}/owner`: `owner_email` (blank: the shared queue).
pub async fn change_owner(
    state: web::Data<AppState>,
    staff: Staff,
    id: web::Path<i64>,
    form: StaffForm<OwnerForm>,
) -> Result<HttpResponse, PageError> {
    staff.check_csrf(&form.csrf_token)?;
    let id = FollowUpId(id.into_inner());
    let email = form.owner_email.clone();
    let who = actor(&staff);
    let result = state.db(move |conn| follow_ups::reassign(conn, who, id, &email, Utc::now())).await;
    answer_change(&state, &staff, id, result, |page| page.form_owner_email = form.owner_email.clone()).await
}
