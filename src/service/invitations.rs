//! Inviting a contact to answer a survey: by a link handed to the caller, or by an email koe
//! sends (with one reminder). Either way the contact is asked, so either way the throttle holds.

use crate::db::outbox::{self, NewJob};
use crate::db::{accounts, contacts, invitations, organization, surveys};
use crate::db::contacts::Contact;
use crate::db::invitations::{Invitation, NewInvitation};
use crate::domain::email::Email;
use crate::domain::ids::SurveyId;
use crate::domain::outbox::JobKind;
use crate::domain::throttle::{self, History, Throttled, ACCOUNT_WINDOW_DAYS};
use crate::domain::token::{looks_like_link_token, new_link_token};
use crate::error::AppError;
use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use serde::Deserialize;

/// `POST /api/v1/surveys/{id}/invitations`: a personal link for one contact.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InvitationInput {
    /// The `email` of a contact koe has.
    pub contact_email: String,
    /// Overrides the survey's invitation lifetime.
    #[schema(minimum = 1, maximum = 365)]
    pub expires_in_days: Option<i32>,
    /// koe emails the invitation (and one reminder) instead of only returning the link.
    #[serde(default)]
    pub send_email: bool,
}

/// What the worker needs to send an invitation email or its reminder.
#[derive(Debug, Clone, serde::Serialize, Deserialize)]
pub struct InvitationJob {
    pub invitation_id: crate::domain::ids::InvitationId,
}

pub fn create(conn: &mut PgConnection, survey_id: SurveyId, input: &InvitationInput, now: DateTime<Utc>) -> Result<Invitation, AppError> {
    let email = Email::parse(&input.contact_email)
        .ok_or_else(|| AppError::invalid("invalid_email", "contact_email", "contact_email is not an email address"))?;
    conn.transaction(|conn| {
        let survey = surveys::find(conn, survey_id)?;
        if survey.is_closed() {
            return Err(AppError::Conflict { code: "survey_closed", message: "the survey is closed".into() });
        }
        let contact = contacts::find_by_email(conn, email.as_str())?.ok_or_else(|| {
            AppError::invalid("unknown_contact", "contact_email", format!("no contact has the email {email}"))
        })?;
        if contact.unsubscribed_at.is_some() {
            return Err(AppError::Conflict { code: "unsubscribed", message: format!("{email} has unsubscribed from surveys") });
        }
        let days = input.expires_in_days.unwrap_or(survey.invitation_ttl_days);
        if !(1..=365).contains(&days) {
            return Err(AppError::invalid("out_of_range", "expires_in_days", "expires_in_days must be from 1 to 365"));
        }
        check_throttle(conn, &contact, survey.contact_cooldown_days, now)?;
        let token = new_link_token();
        let invitation = invitations::insert(
            conn,
            &NewInvitation {
                survey_id: survey.id,
                contact_id: contact.id,
                token: &token,
                created_at: now,
                expires_at: now + Duration::days(i64::from(days)),
                by_email: input.send_email,
            },
        )?;
        if input.send_email {
            queue_emails(conn, &invitation, &contact, survey.reminder_days, now)?;
        }
        Ok(invitation)
    })
}

/// Refuses an invitation that would ask the contact, or their account, too often. Locks the
/// account's row first, so that two invitations made at once cannot both pass.
fn check_throttle(conn: &mut PgConnection, contact: &Contact, cooldown_days: i32, now: DateTime<Utc>) -> Result<(), AppError> {
    accounts::lock(conn, contact.account_id)?;
    let history = History {
        contact_last_invited: invitations::contact_last_invited(conn, contact.id)?,
        account_recent: invitations::account_invited_since(conn, contact.account_id, now - Duration::days(ACCOUNT_WINDOW_DAYS))?,
    };
    let account_limit = organization::account_invitations_per_month(conn)?;
    throttle::check(&history, cooldown_days, account_limit, now).map_err(|throttled| {
        let available_at = throttled.available_at();
        let day = available_at.format("%Y-%m-%d %H:%M UTC");
        let (code, message) = match throttled {
            Throttled::Contact { .. } => ("throttled_contact", format!("{} was invited recently; possible again from {day}", contact.email)),
            Throttled::Account { .. } => (
                "throttled_account",
                format!("this account's contacts have had {account_limit} invitations in {ACCOUNT_WINDOW_DAYS} days; possible again from {day}"),
            ),
        };
        AppError::Throttled { code, message, available_at }
    })
}

/// The invitation email now and, if the survey has one, its reminder after `reminder_days`
/// (the worker skips it if the contact has answered by then).
fn queue_emails(conn: &mut PgConnection, invitation: &Invitation, contact: &Contact, reminder_days: i32, now: DateTime<Utc>) -> Result<(), AppError> {
    let payload = serde_json::to_value(InvitationJob { invitation_id: invitation.id })
        .map_err(|error| AppError::Internal(format!("cannot encode a job: {error}")))?;
    let mut jobs = vec![NewJob {
        kind: JobKind::InvitationEmail.as_str(),
        payload: payload.clone(),
        recipient: &contact.email,
        endpoint_id: None,
        run_after: now,
        created_at: now,
    }];
    let remind_at = now + Duration::days(i64::from(reminder_days));
    if reminder_days > 0 && remind_at < invitation.expires_at {
        jobs.push(NewJob {
            kind: JobKind::InvitationReminder.as_str(),
            payload,
            recipient: &contact.email,
            endpoint_id: None,
            run_after: remind_at,
            created_at: now,
        });
    }
    outbox::enqueue(conn, &jobs)?;
    Ok(())
}

/// The contact behind an invitation link, for the unsubscribe page. Works after the link
/// has expired: leaving must stay possible.
pub fn contact_of_link(conn: &mut PgConnection, token: &str) -> Result<Contact, AppError> {
    if !looks_like_link_token(token) {
        return Err(AppError::NotFound);
    }
    let (_, _, contact, _, _) = invitations::find_by_token(conn, token)?.ok_or(AppError::NotFound)?;
    Ok(contact)
}

/// Stops every future invitation to the link's contact.
pub fn unsubscribe(conn: &mut PgConnection, token: &str, now: DateTime<Utc>) -> Result<Contact, AppError> {
    let contact = contact_of_link(conn, token)?;
    contacts::unsubscribe(conn, contact.id, now)?;
    Ok(contact)
}
