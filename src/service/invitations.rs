//! Inviting a contact to answer a survey.

use crate::db::contacts;
use crate::db::invitations::{self, Invitation, NewInvitation};
use crate::db::surveys;
use crate::domain::email::Email;
use crate::domain::ids::SurveyId;
use crate::domain::token::new_link_token;
use crate::error::AppError;
use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
pub struct InvitationInput {
    pub contact_email: String,
    /// Overrides the survey's invitation lifetime.
    pub expires_in_days: Option<i32>,
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
        let token = new_link_token();
        let invitation = NewInvitation {
            survey_id: survey.id,
            contact_id: contact.id,
            token: &token,
            created_at: now,
            expires_at: now + Duration::days(i64::from(days)),
        };
        Ok(invitations::insert(conn, &invitation)?)
    })
}
