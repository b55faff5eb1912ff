//! Invitation emails and their one reminder, checked against the database when their time
//! comes: nobody is emailed after unsubscribing, after the link expired, or (for the reminder)
//! after answering.

use super::Mailer;
use crate::db::outbox::Claimed;
use crate::db::{invitations, organization, responses};
use crate::domain::outbox::{JobKind, Outcome};
use crate::domain::survey::SurveyKind;
use crate::error::AppError;
use crate::service::invitations::InvitationJob;
use chrono::Utc;
use diesel::PgConnection;
use koe_views::mail::{invitation_email, InvitationNotice, InvitationScale};
use koe_views::Lang;

/// Sends the invitation (or, with `reminder`, its reminder) of `job`.
pub fn send(mailer: &Mailer, conn: &mut PgConnection, job: &Claimed, reminder: bool, base_url: &str) -> Outcome {
    match compose(conn, job, reminder, base_url) {
        Ok(Ok(notice)) => mailer.deliver(job, invitation_email(&notice), Some(&notice.unsubscribe_url)),
        Ok(Err(skip)) => skip,
        Err(error) => Outcome::Failed(error.to_string()),
    }
}

/// The email to send, or why none is needed any more.
fn compose(conn: &mut PgConnection, job: &Claimed, reminder: bool, base_url: &str) -> Result<Result<InvitationNotice, Outcome>, AppError> {
    let Ok(InvitationJob { invitation_id }) = serde_json::from_value(job.payload.clone()) else {
        return Ok(Err(Outcome::Refused("unreadable job".into())));
    };
    let Some((invitation, survey, contact)) = invitations::find(conn, invitation_id)? else {
        return Ok(Err(Outcome::Skipped("the invitation no longer exists".into())));
    };
    let now = Utc::now();
    let skip = |reason: &str| Ok(Err(Outcome::Skipped(reason.to_owned())));
    if contact.unsubscribed_at.is_some() {
        return skip("the contact unsubscribed");
    }
    if invitation.is_expired(now) {
        return skip("the link expired");
    }
    if survey.is_closed() {
        return skip("the survey is closed");
    }
    if reminder {
        if invitation.sent_at.is_none() {
            return skip("the invitation itself was never delivered");
        }
        if invitation.reminded_at.is_some() {
            return skip("already reminded");
        }
        if responses::find_by_invitation(conn, invitation.id)?.is_some() {
            return skip("already answered");
        }
    }
    let organization = organization::get(conn)?;
    let zone = organization.as_ref().map_or(organization::DEFAULT_ZONE, |org| org.zone());
    Ok(Ok(InvitationNotice {
        lang: Lang::from_code(&contact.locale).unwrap_or_default(),
        reminder,
        scale: match survey.kind() {
            SurveyKind::Nps => InvitationScale::Nps,
            SurveyKind::Csat => InvitationScale::Csat,
            SurveyKind::Exit => InvitationScale::Exit,
        },
        subject: survey.subject.clone(),
        question: survey.question.clone(),
        contact_name: contact.name.clone(),
        organization: organization.map(|org| org.name).unwrap_or_else(|| survey.subject.clone()),
        survey_url: format!("{base_url}/s/{}", invitation.token),
        // The last moment the link works, as a local date and time.
        expires: invitation.expires_at.with_timezone(&zone).format("%Y-%m-%d %H:%M").to_string(),
        unsubscribe_url: format!("{base_url}/u/{}", invitation.token),
    }))
}

/// After a delivery: the invitation's sent or reminded time (the first one stays).
pub fn record_delivery(conn: &mut PgConnection, job: &Claimed) -> Result<(), AppError> {
    let reminder = match JobKind::parse(&job.kind) {
        Some(JobKind::InvitationEmail) => false,
        Some(JobKind::InvitationReminder) => true,
        _ => return Ok(()),
    };
    if let Ok(InvitationJob { invitation_id }) = serde_json::from_value(job.payload.clone()) {
        let now = Utc::now();
        match reminder {
            false => invitations::mark_sent(conn, invitation_id, now)?,
            true => invitations::mark_reminded(conn, invitation_id, now)?,
        };
    }
    Ok(())
}
