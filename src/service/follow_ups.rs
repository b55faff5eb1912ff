//! The follow-up workflow: status changes, notes and reassignment, each in one transaction
//! that also writes the case's history; who may do what is decided here, for pages and API alike.

use crate::db::follow_ups::{self, Event, FollowUp, Listed, NewEvent, OwnerFilter, OwnerMonth, StatusChangeset};
use crate::db::users;
use crate::domain::follow_up::{may_act, may_reassign, Status, TransitionError, MAX_NOTE_GRAPHEMES};
use crate::domain::email::Email;
use crate::domain::fields::is_forbidden_in_text;
use crate::domain::ids::{FollowUpId, UserId};
use crate::domain::role::Role;
use crate::error::AppError;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use unicode_segmentation::UnicodeSegmentation;

/// Most cases a list shows at once.
pub const LIST_LIMIT: i64 = 500;

/// The signed-in staff member doing something.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor {
    pub id: UserId,
    pub role: Role,
}

/// A status change as typed into the case page's form.
#[derive(Debug, Clone, Default)]
pub struct StatusChange {
    pub to: String,
    pub note: String,
    pub outcome: String,
}

/// Cases in `statuses` for `owner`, soonest due first.
pub fn list(conn: &mut PgConnection, owner: OwnerFilter, statuses: &[Status]) -> Result<Vec<Listed>, AppError> {
    let names: Vec<&str> = statuses.iter().map(|status| status.as_str()).collect();
    Ok(follow_ups::list(conn, owner, &names, None, LIST_LIMIT)?)
}

/// One case with its list facts and its history.
pub fn case(conn: &mut PgConnection, id: FollowUpId) -> Result<(Listed, Vec<Event>), AppError> {
    let all: Vec<&str> = Status::ALL.iter().map(|status| status.as_str()).collect();
    let listed = follow_ups::list(conn, OwnerFilter::Everyone, &all, Some(id), 1)?.pop().ok_or(AppError::NotFound)?;
    let events = follow_ups::events(conn, id)?;
    Ok((listed, events))
}

/// Text of a note or outcome: trimmed, `None` when blank, refused when too long.
fn optional_text(text: &str, field: &'static str) -> Result<Option<String>, AppError> {
    let text = text.trim();
    if text.graphemes(true).count() > MAX_NOTE_GRAPHEMES {
        return Err(AppError::invalid("too_long", field, format!("at most {MAX_NOTE_GRAPHEMES} characters")));
    }
    // PostgreSQL text cannot hold NUL, and the history is read by others: the comment rule applies.
    if text.chars().any(is_forbidden_in_text) {
        return Err(AppError::invalid("invalid_characters", field, "no control characters or bidirectional overrides"));
    }
    Ok((!text.is_empty()).then(|| text.to_owned()))
}

/// The case locked for a change by `actor`, or 404 / 403.
fn lock_for(conn: &mut PgConnection, actor: Actor, id: FollowUpId) -> Result<FollowUp, AppError> {
    let case = follow_ups::lock(conn, id)?.ok_or(AppError::NotFound)?;
    if !may_act(actor.role, actor.id, case.owner_id) {
        return Err(AppError::Forbidden);
    }
    Ok(case)
}

/// Moves a case to another status, recording who, when, the note and the outcome. The first
/// move out of open stamps `first_contacted_at` (for the time-to-first-contact figures).
pub fn change_status(
    conn: &mut PgConnection,
    actor: Actor,
    id: FollowUpId,
    change: &StatusChange,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    conn.transaction(|conn| {
        let case = lock_for(conn, actor, id)?;
        let to = Status::parse(&change.to).ok_or_else(|| AppError::invalid("unknown_status", "status", "not a status"))?;
        let note = optional_text(&change.note, "note")?;
        let outcome = optional_text(&change.outcome, "outcome")?;
        let from = Status::parse(&case.status).ok_or_else(|| AppError::Internal(format!("stored status {:?}", case.status)))?;
        from.check_move(to, note.as_deref()).map_err(|error| match error {
            TransitionError::Unchanged => AppError::invalid("unchanged", "status", "the case is already in this status"),
            TransitionError::NotAllowed => AppError::invalid("not_allowed", "status", "this move is not part of the workflow"),
            TransitionError::NoteRequired => AppError::invalid("note_required", "note", "say why the case is closed without a fix"),
        })?;
        let first_contacted_at = match (case.first_contacted_at, from) {
            (None, Status::Open) => Some(now),
            (first, _) => first,
        };
        follow_ups::set_status(
            conn,
            id,
            &StatusChangeset {
                status: to.as_str(),
                outcome: outcome.as_deref().or(case.outcome.as_deref()),
                first_contacted_at,
                updated_at: now,
            },
        )?;
        follow_ups::add_event(
            conn,
            &NewEvent {
                follow_up_id: id,
                actor_id: Some(actor.id),
                kind: "status",
                from_status: Some(from.as_str()),
                to_status: Some(to.as_str()),
                note: note.as_deref(),
                from_owner_id: None,
                to_owner_id: None,
                created_at: now,
            },
        )?;
        Ok(())
    })
}

/// Adds a note to a case's history without changing its status.
pub fn add_note(conn: &mut PgConnection, actor: Actor, id: FollowUpId, note: &str, now: DateTime<Utc>) -> Result<(), AppError> {
    conn.transaction(|conn| {
        lock_for(conn, actor, id)?;
        let note = optional_text(note, "note")?.ok_or_else(|| AppError::invalid("required", "note", "write a note"))?;
        follow_ups::add_event(
            conn,
            &NewEvent {
                follow_up_id: id,
                actor_id: Some(actor.id),
                kind: "note",
                from_status: None,
                to_status: None,
                note: Some(&note),
                from_owner_id: None,
                to_owner_id: None,
                created_at: now,
            },
        )?;
        Ok(())
    })
}

/// Gives a case to the staff member with `to_email` (blank: back to the shared queue).
pub fn reassign(conn: &mut PgConnection, actor: Actor, id: FollowUpId, to_email: &str, now: DateTime<Utc>) -> Result<(), AppError> {
    conn.transaction(|conn| {
        let case = follow_ups::lock(conn, id)?.ok_or(AppError::NotFound)?;
        // Refuse before looking the address up, so that a refusal says nothing about staff.
        if !may_reassign(actor.role, actor.id, case.owner_id, Some(actor.id)) {
            return Err(AppError::Forbidden);
        }
        let to_email = to_email.trim();
        let to = if to_email.is_empty() {
            None
        } else {
            let unknown = || AppError::invalid("unknown_user", "owner_email", "no active staff member has this address");
            let email = Email::parse(to_email).ok_or_else(unknown)?;
            let user = users::find_by_email(conn, email.as_str())?.filter(|user| user.disabled_at.is_none()).ok_or_else(unknown)?;
            Some(user.id)
        };
        if !may_reassign(actor.role, actor.id, case.owner_id, to) {
            return Err(AppError::Forbidden);
        }
        if to == case.owner_id {
            return Err(AppError::invalid("unchanged", "owner_email", "the case already has this owner"));
        }
        follow_ups::set_owner(conn, id, to, now)?;
        follow_ups::add_event(
            conn,
            &NewEvent {
                follow_up_id: id,
                actor_id: Some(actor.id),
                kind: "reassigned",
                from_status: None,
                to_status: None,
                note: None,
                from_owner_id: case.owner_id,
                to_owner_id: to,
                created_at: now,
            },
        )?;
        Ok(())
    })
}

/// Sends a departing owner's unfinished cases back to the shared queue, each with a history
/// event (no actor: koe did it); returns how many.
pub fn return_to_queue(conn: &mut PgConnection, owner: UserId, now: DateTime<Utc>) -> Result<usize, AppError> {
    let mut returned = 0;
    // A list is capped; each pass takes the cases it moved off this owner's list.
    loop {
        let unfinished = list(conn, OwnerFilter::User(owner), &[Status::Open, Status::Contacted])?;
        if unfinished.is_empty() {
            return Ok(returned);
        }
        returned += unfinished.len();
        for case in &unfinished {
            return_one(conn, case.follow_up.id, owner, now)?;
        }
    }
}

fn return_one(conn: &mut PgConnection, id: FollowUpId, owner: UserId, now: DateTime<Utc>) -> Result<(), AppError> {
    {
        follow_ups::set_owner(conn, id, None, now)?;
        follow_ups::add_event(
            conn,
            &NewEvent {
                follow_up_id: id,
                actor_id: None,
                kind: "reassigned",
                from_status: None,
                to_status: None,
                note: None,
                from_owner_id: Some(owner),
                to_owner_id: None,
                created_at: now,
            },
        )?;
    }
    Ok(())
}

/// The detractor report for CS leads: per month and owner, open and overdue cases, the median
/// time to first contact and the closed-loop rate (cases contacted within their due time).
pub fn report(conn: &mut PgConnection, from: Option<&str>, to: Option<&str>, now: DateTime<Utc>) -> Result<Vec<OwnerMonth>, AppError> {
    let zone = crate::db::organization::zone(conn)?;
    let period = crate::domain::period::Period::parse(from, to, zone, now)?;
    Ok(follow_ups::by_owner_and_month(conn, period.from, period.to, zone.name(), now)?)
}
