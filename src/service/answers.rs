//! Resolving a survey link and recording its answer.

use crate::db::accounts::Account;
use crate::db::contacts::{self, Contact};
use crate::db::invitations::{self, Invitation, InvitationLink};
use crate::db::responses::{self, EarlierScore, NewResponse, Response};
use crate::db::surveys::{self, Survey};
use crate::db::audience::{self, Audience};
use crate::db::{follow_ups, terms};
use crate::domain::answer::Answer;
use crate::domain::events::{AccountRef, ContactRef, FollowUpCreated, ResponseCreated, SurveyRef};
use crate::domain::follow_up::{self, Trigger};
use crate::domain::ids::{ContactId, FollowUpId, ResponseId, UserId};
use crate::domain::survey::SurveyKind;
use crate::domain::token::looks_like_link_token;
use crate::error::AppError;
use crate::service::notifications;
use crate::text::AnalyzerSource;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use std::collections::HashMap;

/// What a link points at: a survey, and for a personal invitation its contact.
#[derive(Debug, Clone)]
pub struct SurveyLink {
    pub survey: Survey,
    pub invitation: Option<Invitation>,
    pub contact: Option<Contact>,
    /// The contact's account, whose owner calls back.
    pub account: Option<Account>,
    /// The answer already given on a personal link when it was read, to fill the form again.
    pub previous: Option<Response>,
}

impl SurveyLink {
    /// The language the contact chose, if the link is personal.
    pub fn contact_locale(&self) -> Option<&str> {
        self.contact.as_ref().map(|contact| contact.locale.as_str())
    }
}

/// The survey behind `token`, if it can still be answered at `now`.
pub fn resolve_link(conn: &mut PgConnection, token: &str, now: DateTime<Utc>) -> Result<SurveyLink, AppError> {
    let mut resolved = resolve_links(conn, &[LinkAsk { token, now }])?;
    resolved.pop().ok_or_else(|| AppError::Internal("a link was asked for but not resolved".into()))?
}

/// A link to resolve, and the moment it is asked for (expiry is judged then).
#[derive(Debug, Clone, Copy)]
pub struct LinkAsk<'a> {
    pub token: &'a str,
    pub now: DateTime<Utc>,
}

/// Several links resolved as [`resolve_link`] resolves each, with one query for all the
/// personal ones and one for any left: concurrent form views and answers share a round trip
/// and one plan's start-up. The results follow `asks`; the outer error means the database
/// could not be read.
pub fn resolve_links(conn: &mut PgConnection, asks: &[LinkAsk]) -> Result<Vec<Result<SurveyLink, AppError>>, AppError> {
    let tokens: Vec<&str> = asks.iter().map(|ask| ask.token).filter(|token| looks_like_link_token(token)).collect();
    let mut personal: HashMap<String, InvitationLink> = if tokens.is_empty() {
        HashMap::new()
    } else {
        invitations::find_by_tokens(conn, &tokens)?.into_iter().map(|link| (link.0.token.clone(), link)).collect()
    };
    let public_tokens: Vec<&str> = tokens.into_iter().filter(|token| !personal.contains_key(*token)).collect();
    let mut public: HashMap<String, Survey> = if public_tokens.is_empty() {
        HashMap::new()
    } else {
        surveys::find_by_public_tokens(conn, &public_tokens)?
            .into_iter()
            .filter_map(|survey| Some((survey.public_token.clone()?, survey)))
            .collect()
    };
    // Each link's rows go to its last ask; only a link asked again in the batch (a public one,
    // or a double click) is copied for the asks before.
    let mut asks_left: HashMap<&str, usize> = HashMap::new();
    for ask in asks {
        *asks_left.entry(ask.token).or_default() += 1;
    }
    let mut take = |token: &str| {
        let left = asks_left.get_mut(token).map(|left| {
            *left -= 1;
            *left
        });
        if left == Some(0) {
            (personal.remove(token), public.remove(token))
        } else {
            (personal.get(token).cloned(), public.get(token).cloned())
        }
    };
    Ok(asks
        .iter()
        .map(|ask| {
            let (personal, public) = take(ask.token);
            link_as_of(personal, public, ask.now)
        })
        .collect())
}

/// What a link's rows allow at `now`.
fn link_as_of(personal: Option<InvitationLink>, public: Option<Survey>, now: DateTime<Utc>) -> Result<SurveyLink, AppError> {
    let link = match (personal, public) {
        (Some((invitation, survey, contact, account, previous)), _) => {
            if invitation.is_expired(now) {
                return Err(AppError::LinkExpired);
            }
            SurveyLink { survey, invitation: Some(invitation), contact: Some(contact), account: Some(account), previous }
        }
        (None, Some(survey)) => SurveyLink { survey, invitation: None, contact: None, account: None, previous: None },
        (None, None) => return Err(AppError::NotFound),
    };
    if link.survey.is_closed() {
        return Err(AppError::SurveyClosed);
    }
    Ok(link)
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
    record_many(conn, std::slice::from_ref(&prepared)).and_then(only)
}

/// Stores several answers in one transaction (group commit), each table's rows in one
/// statement, so that the rollup triggers run once for the batch rather than once an answer.
/// When the batch is refused as a whole for any reason but the database being away, each
/// answer is tried again in a transaction of its own, so that one bad answer costs only itself.
/// The outer error means none was stored.
pub fn record_many(conn: &mut PgConnection, answers: &[Prepared]) -> Result<Vec<Result<Response, AppError>>, AppError> {
    match conn.transaction(|conn| write(conn, answers)) {
        Ok(responses) => Ok(responses.into_iter().map(Ok).collect()),
        Err(error @ AppError::Unavailable(_)) => Err(error),
        Err(error) if answers.len() == 1 => Ok(vec![Err(error)]),
        Err(error) => {
            tracing::warn!(%error, answers = answers.len(), "a batch of answers was refused; writing them one by one");
            Ok(answers.iter().map(|answer| record_many(conn, std::slice::from_ref(answer)).and_then(only)).collect())
        }
    }
}

/// The result of a batch of one.
fn only(mut results: Vec<Result<Response, AppError>>) -> Result<Response, AppError> {
    results.pop().ok_or_else(|| AppError::Internal("an answer was written but not returned".into()))?
}

/// Writes answers inside the caller's transaction and returns them in the same order. One
/// statement may update a row only once, so a link answered twice in the batch (a double
/// click) is written in a second round, where the later answer wins as it would have alone.
fn write(conn: &mut PgConnection, answers: &[Prepared]) -> Result<Vec<Response>, AppError> {
    let mut written = Vec::with_capacity(answers.len());
    let mut rest = answers;
    while !rest.is_empty() {
        let mut seen = std::collections::HashSet::new();
        let round = rest
            .iter()
            .position(|answer| answer.link.invitation.as_ref().is_some_and(|invitation| !seen.insert(invitation.id)))
            .unwrap_or(rest.len());
        written.extend(write_round(conn, &rest[..round])?);
        rest = &rest[round..];
    }
    Ok(written)
}

/// Writes answers on distinct links, each table's rows in one statement.
fn write_round(conn: &mut PgConnection, answers: &[Prepared]) -> Result<Vec<Response>, AppError> {
    let rows: Vec<NewResponse> = answers.iter().map(Prepared::row).collect();
    let responses = responses::upsert(conn, &rows)?;
    // PostgreSQL returns the rows of a multi-row INSERT in the order given; check, since each
    // answer's terms and case go to the id found at its place. (It keeps times to the
    // microsecond, the answer's own has nanoseconds.)
    let in_order = responses.len() == answers.len()
        && responses.iter().zip(answers).all(|(response, answer)| {
            (response.updated_at - answer.at).abs() < chrono::Duration::microseconds(1)
                && response.invitation_id == answer.link.invitation.as_ref().map(|invitation| invitation.id)
        });
    if !in_order {
        return Err(AppError::Internal("the stored answers did not come back in the order written".into()));
    }

    // A new answer has both times from the same `at`; an edited one keeps its first time and
    // has its terms replaced. Skipping the DELETE for new answers skips its rollup trigger.
    let is_new = |response: &Response| response.answered_at == response.updated_at;
    let edited: Vec<ResponseId> = responses.iter().filter(|response| !is_new(response)).map(|response| response.id).collect();
    terms::remove(conn, &edited)?;
    let (term_ids, term_texts): (Vec<i64>, Vec<&str>) = responses
        .iter()
        .zip(answers)
        .flat_map(|(response, answer)| answer.terms.iter().map(|term| (response.id.0, term.as_str())))
        .unzip();
    terms::insert_pairs(conn, &term_ids, &term_texts)?;

    let previous = previous_nps_scores(conn, &responses, answers)?;
    let events: Vec<ResponseCreated> = responses.iter().zip(answers).map(|(response, answer)| answer.event(response)).collect();
    let created: Vec<(&ResponseCreated, DateTime<Utc>)> =
        events.iter().zip(&responses).filter(|(_, response)| is_new(response)).map(|(event, response)| (event, response.answered_at)).collect();
    let cases: Vec<CaseToOpen> = events
        .iter()
        .zip(answers)
        .zip(previous)
        .filter_map(|((event, answer), previous_score)| {
            let trigger = Trigger::for_answer(answer.link.survey.kind(), answer.answer.score, previous_score)?;
            let owner_id = answer.link.account.as_ref().and_then(|account| account.owner_id);
            Some(CaseToOpen { trigger, owner_id, previous_score, response: event.clone(), at: answer.at })
        })
        .collect();
    let owners: Vec<UserId> = cases.iter().filter_map(|case| case.owner_id).collect();
    let audience = audience::for_owners(conn, &owners)?;
    notifications::responses_created(conn, &audience, &created)?;
    open_cases(conn, &audience, cases)?;

    let mut keep_in_touch: Vec<ContactId> =
        answers.iter().filter(|answer| answer.answer.contact_ok).filter_map(|answer| Some(answer.link.contact.as_ref()?.id)).collect();
    // The same order in every process, so that two batches never wait on each other's rows.
    keep_in_touch.sort_unstable();
    keep_in_touch.dedup();
    contacts::set_keep_in_touch(conn, &keep_in_touch)?;
    Ok(responses)
}

/// Each NPS answer's previous score from the same contact (a score drop opens a case), looked
/// up for all the round's answers in one query; `None` for the others.
fn previous_nps_scores(conn: &mut PgConnection, responses: &[Response], answers: &[Prepared]) -> Result<Vec<Option<i16>>, AppError> {
    let asks: Vec<Option<EarlierScore>> = responses
        .iter()
        .zip(answers)
        .map(|(response, answer)| {
            let contact = answer.link.contact.as_ref().filter(|_| answer.link.survey.kind() == SurveyKind::Nps)?;
            Some(EarlierScore { contact: contact.id, before: response.answered_at, except: response.invitation_id })
        })
        .collect();
    let lookups: Vec<EarlierScore> = asks.iter().flatten().copied().collect();
    let mut found = responses::previous_scores(conn, SurveyKind::Nps.as_str(), &lookups)?.into_iter();
    Ok(asks.iter().map(|ask| ask.and_then(|_| found.next().flatten())).collect())
}

/// A follow-up an answer calls for.
struct CaseToOpen {
    trigger: Trigger,
    owner_id: Option<UserId>,
    previous_score: Option<i16>,
    response: ResponseCreated,
    at: DateTime<Utc>,
}

/// Opens the follow-ups the answers call for, with their first history events and their
/// notifications, except where an answer has one already (an edited answer keeps its case).
fn open_cases(conn: &mut PgConnection, audience: &Audience, cases: Vec<CaseToOpen>) -> Result<(), AppError> {
    if cases.is_empty() {
        return Ok(());
    }
    let due: Vec<DateTime<Utc>> = cases.iter().map(|case| follow_up::due_at(case.at, audience.zone)).collect();
    let rows: Vec<follow_ups::NewFollowUp> = cases
        .iter()
        .zip(&due)
        .map(|(case, &due_at)| follow_ups::NewFollowUp {
            response_id: case.response.response_id,
            account_id: case.response.account.as_ref().map(|account| account.id),
            owner_id: case.owner_id,
            trigger: case.trigger.as_str(),
            due_at,
            created_at: case.at,
            updated_at: case.at,
        })
        .collect();
    let opened: HashMap<ResponseId, FollowUpId> =
        follow_ups::open_once(conn, &rows)?.into_iter().map(|(case, response)| (response, case)).collect();
    if opened.is_empty() {
        return Ok(());
    }
    let created: Vec<(FollowUpCreated, DateTime<Utc>)> = cases
        .into_iter()
        .zip(due)
        .filter_map(|(case, due_at)| {
            let follow_up_id = *opened.get(&case.response.response_id)?;
            let event = FollowUpCreated {
                follow_up_id,
                trigger: case.trigger.as_str().to_owned(),
                owner: case.owner_id.and_then(|id| audience.owner(id)).cloned(),
                due_at,
                previous_score: case.previous_score,
                response: case.response,
            };
            Some((event, case.at))
        })
        .collect();
    let created: Vec<(&FollowUpCreated, DateTime<Utc>)> = created.iter().map(|(event, at)| (event, *at)).collect();
    notifications::follow_ups_created(conn, audience, &created)
}

impl Prepared {
    fn row(&self) -> NewResponse<'_> {
        NewResponse {
            survey_id: self.link.survey.id,
            invitation_id: self.link.invitation.as_ref().map(|invitation| invitation.id),
            contact_id: self.link.contact.as_ref().map(|contact| contact.id),
            account_id: self.link.account.as_ref().map(|account| account.id),
            score: self.answer.score,
            reason: self.answer.reason.as_deref(),
            comment: self.answer.comment.as_deref(),
            contact_ok: self.answer.contact_ok,
            locale: &self.locale,
            answered_at: self.at,
            updated_at: self.at,
            analyzed_with: Some(&self.fingerprint),
        }
    }

    /// `response.created` for the answer as stored.
    fn event(&self, response: &Response) -> ResponseCreated {
        let link = &self.link;
        ResponseCreated {
            response_id: response.id,
            survey: SurveyRef { id: link.survey.id, name: link.survey.name.clone(), kind: link.survey.kind().as_str().to_owned() },
            score: response.score,
            reason: response.reason.clone(),
            comment: response.comment.clone(),
            contact_ok: response.contact_ok,
            account: link.account.as_ref().map(|account| AccountRef {
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
        }
    }
}
