//! Resolving a survey link and recording its answer.

use crate::db::contacts::{self, Contact};
use crate::db::invitations::{self, Invitation};
use crate::db::responses::{self, NewResponse, Response};
use crate::db::surveys::{self, Survey};
use crate::db::{accounts, follow_ups, organization, terms, users};
use crate::domain::answer::Answer;
use crate::domain::events::{AccountRef, ContactRef, FollowUpCreated, ResponseCreated, SurveyRef, UserRef};
use crate::domain::follow_up::{self, Trigger};
use crate::domain::ids::{ResponseId, UserId};
use crate::domain::survey::SurveyKind;
use crate::domain::token::looks_like_link_token;
use crate::error::AppError;
use crate::service::notifications;
use crate::text::AnalyzerSource;
use chrono::{DateTime, Utc};
use diesel::prelude::*;

/// What a link points at: a survey, and for a personal invitation its contact.
#[derive(Debug, Clone)]
pub struct SurveyLink {
    pub survey: Survey,
    pub invitation: Option<Invitation>,
    pub contact: Option<Contact>,
}

impl SurveyLink {
    /// The language the contact chose, if the link is personal.
    pub fn contact_locale(&self) -> Option<&str> {
        self.contact.as_ref().map(|contact| contact.locale.as_str())
    }
}

/// The survey behind `token`, if it can still be answered at `now`.
pub fn resolve_link(conn: &mut PgConnection, token: &str, now: DateTime<Utc>) -> Result<SurveyLink, AppError> {
    if !looks_like_link_token(token) {
        return Err(AppError::NotFound);
    }
    let link = match invitations::find_by_token(conn, token)? {
        Some((invitation, survey, contact)) => {
            if invitation.is_expired(now) {
                return Err(AppError::LinkExpired);
            }
            SurveyLink { survey, invitation: Some(invitation), contact: Some(contact) }
        }
        None => {
            let survey = surveys::find_by_public_token(conn, token)?.ok_or(AppError::NotFound)?;
            SurveyLink { survey, invitation: None, contact: None }
        }
    };
    if link.survey.is_closed() {
        return Err(AppError::SurveyClosed);
    }
    Ok(link)
}

/// Notes the first time a personal link was opened, for the sent → opened → answered funnel.
/// Every later view of the form costs no write: the link already says when it was opened.
pub fn note_opened(conn: &mut PgConnection, link: &SurveyLink, now: DateTime<Utc>) -> Result<(), AppError> {
    if let Some(invitation) = link.invitation.as_ref().filter(|invitation| invitation.opened_at.is_none()) {
        invitations::mark_opened(conn, invitation.id, now)?;
    }
    Ok(())
}

/// The answer already given on a personal link, to fill the form again.
pub fn previous_answer(conn: &mut PgConnection, link: &SurveyLink) -> Result<Option<Response>, AppError> {
    match &link.invitation {
        Some(invitation) => Ok(responses::find_by_invitation(conn, invitation.id)?),
        None => Ok(None),
    }
}

/// An answer with its comment analysed, ready to be written.
#[derive(Debug)]
pub struct Prepared {
    link: SurveyLink,
    answer: Answer,
    locale: String,
    at: DateTime<Utc>,
    terms: Vec<String>,
    /// That of the one analyser that made `terms`.
    fingerprint: String,
}

/// Analyses the answer's comment. Pure CPU work: done before the transaction, so that it holds
/// no locks meanwhile.
pub fn prepare(analyzer: &impl AnalyzerSource, link: SurveyLink, answer: Answer, locale: &str, at: DateTime<Utc>) -> Prepared {
    let (terms, fingerprint) = analyzer.with_analyzer(|analyzer| {
        let terms = answer.comment.as_deref().map(|comment| analyzer.terms(comment)).unwrap_or_default();
        (terms, analyzer.fingerprint().to_owned())
    });
    Prepared { link, answer, locale: locale.to_owned(), at, terms, fingerprint }
}

/// Stores an answer with its analysed terms and, when it calls for one, a follow-up case,
/// all in one transaction: an acknowledged answer is complete, an unacknowledged one left nothing.
pub fn record(
    conn: &mut PgConnection,
    analyzer: &impl AnalyzerSource,
    link: &SurveyLink,
    answer: &Answer,
    locale: &str,
    at: DateTime<Utc>,
) -> Result<Response, AppError> {
    let prepared = prepare(analyzer, link.clone(), answer.clone(), locale, at);
    conn.transaction(|conn| {
        let response = write(conn, &prepared)?;
        add_terms(conn, [(&response, &prepared)])?;
        Ok(response)
    })
}

/// Stores several answers in one transaction (group commit), each in a savepoint of its own so
/// that one refused answer leaves the others whole. The outer error means none was stored.
pub fn record_many(conn: &mut PgConnection, answers: &[Prepared]) -> Result<Vec<Result<Response, AppError>>, AppError> {
    conn.transaction(|conn| {
        let results: Vec<Result<Response, AppError>> = answers.iter().map(|answer| conn.transaction(|conn| write(conn, answer))).collect();
        let stored = results.iter().zip(answers).filter_map(|(result, answer)| Some((result.as_ref().ok()?, answer)));
        add_terms(conn, stored)?;
        Ok(results)
    })
}

/// The analysed terms of stored answers, in one statement: the keyword rollup triggers cost
/// about a millisecond a statement, however many answers it holds.
fn add_terms<'a>(conn: &mut PgConnection, stored: impl IntoIterator<Item = (&'a Response, &'a Prepared)>) -> Result<(), AppError> {
    let rows: Vec<(ResponseId, &str)> =
        stored.into_iter().flat_map(|(response, answer)| answer.terms.iter().map(|term| (response.id, term.as_str()))).collect();
    Ok(terms::insert(conn, &rows)?)
}

/// What [`record`] writes but the terms (see [`add_terms`]), inside the caller's transaction.
fn write(conn: &mut PgConnection, prepared: &Prepared) -> Result<Response, AppError> {
    let Prepared { link, answer, locale, at, terms: _, fingerprint } = prepared;
    let (locale, at) = (locale.as_str(), *at);
    let kind = link.survey.kind();
    let account = match &link.contact {
        Some(contact) => Some(accounts::find(conn, contact.account_id)?),
        None => None,
    };
    let response = responses::upsert(
        conn,
        &NewResponse {
            survey_id: link.survey.id,
            invitation_id: link.invitation.as_ref().map(|invitation| invitation.id),
            contact_id: link.contact.as_ref().map(|contact| contact.id),
            account_id: account.as_ref().map(|account| account.id),
            score: answer.score,
            reason: answer.reason.as_deref(),
            comment: answer.comment.as_deref(),
            contact_ok: answer.contact_ok,
            locale,
            answered_at: at,
            updated_at: at,
            analyzed_with: Some(fingerprint),
        },
    )?;
    // A new answer has no terms to remove (both times come from the same `at`); skipping the
    // DELETE skips its rollup trigger.
    if response.answered_at != response.updated_at {
        terms::remove(conn, response.id)?;
    }

    let previous_score = match (&link.contact, kind) {
        (Some(contact), SurveyKind::Nps) => responses::previous_score(
            conn,
            contact.id,
            kind.as_str(),
            response.answered_at,
            response.invitation_id,
        )?,
        _ => None,
    };
    let event = ResponseCreated {
        response_id: response.id,
        survey: SurveyRef { id: link.survey.id, name: link.survey.name.clone(), kind: kind.as_str().to_owned() },
        score: response.score,
        reason: response.reason.clone(),
        comment: response.comment.clone(),
        contact_ok: response.contact_ok,
        account: account.as_ref().map(|account| AccountRef {
            id: account.id,
            external_id: account.external_id.clone(),
            name: account.name.clone(),
        }),
        contact: link.contact.as_ref().map(|contact| ContactRef {
            id: contact.id,
            email: contact.email.clone(),
            name: contact.name.clone(),
        }),
        answered_at: response.answered_at,
    };
    // An edit keeps the answer's first time and moves only `updated_at`: only a new answer
    // (both times stored from the same `at`) is `response.created`.
    if response.answered_at == response.updated_at {
        notifications::response_created(conn, &event, at)?;
    }
    if let Some(trigger) = Trigger::for_answer(kind, answer.score, previous_score) {
        let owner_id = account.as_ref().and_then(|account| account.owner_id);
        open_case(conn, trigger, owner_id, previous_score, event, at)?;
    }
    if let (true, Some(contact)) = (answer.contact_ok, &link.contact) {
        contacts::set_keep_in_touch(conn, contact.id)?;
    }
    Ok(response)
}

/// Opens the follow-up an answer calls for, with its first history event and its
/// notifications, unless the answer has one already (an edited answer keeps its case).
fn open_case(
    conn: &mut PgConnection,
    trigger: Trigger,
    owner_id: Option<UserId>,
    previous_score: Option<i16>,
    response: ResponseCreated,
    at: DateTime<Utc>,
) -> Result<(), AppError> {
    let zone = organization::zone(conn)?;
    let due_at = follow_up::due_at(at, zone);
    let opened = follow_ups::open_once(
        conn,
        &follow_ups::NewFollowUp {
            response_id: response.response_id,
            account_id: response.account.as_ref().map(|account| account.id),
            owner_id,
            trigger: trigger.as_str(),
            due_at,
            created_at: at,
            updated_at: at,
        },
    )?;
    if !opened {
        return Ok(());
    }
    let case = follow_ups::find_by_response(conn, response.response_id)?.ok_or(AppError::NotFound)?;
    follow_ups::add_event(
        conn,
        &follow_ups::NewEvent {
            follow_up_id: case.id,
            actor_id: None,
            kind: "created",
            from_status: None,
            to_status: Some(follow_up::Status::Open.as_str()),
            note: None,
            from_owner_id: None,
            to_owner_id: owner_id,
            created_at: at,
        },
    )?;
    let owner = match owner_id {
        Some(id) => users::find_many(conn, &[id])?
            .into_iter()
            .find(|user| user.disabled_at.is_none())
            .map(|user| UserRef { id: user.id, email: user.email, name: user.display_name }),
        None => None,
    };
    let event = FollowUpCreated { follow_up_id: case.id, trigger: trigger.as_str().to_owned(), owner, due_at, previous_score, response };
    notifications::follow_up_created(conn, &event, at)
}
