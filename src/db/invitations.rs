//! Invitations: one survey, one contact, one unguessable link.

use super::contacts::Contact;
use super::schema::{contacts, invitations, surveys};
use super::surveys::Survey;
use crate::domain::ids::{ContactId, InvitationId, SurveyId};
use chrono::{DateTime, Utc};
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = invitations)]
pub struct Invitation {
    pub id: InvitationId,
    pub survey_id: SurveyId,
    pub contact_id: ContactId,
    pub token: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    pub opened_at: Option<DateTime<Utc>>,
}

impl Invitation {
    pub fn is_expired(&self, now: DateTime<Utc>) -> bool {
        self.expires_at <= now
    }
}

#[derive(Debug, Insertable)]
#[diesel(table_name = invitations)]
pub struct NewInvitation<'a> {
    pub survey_id: SurveyId,
    pub contact_id: ContactId,
    pub token: &'a str,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

pub fn insert(conn: &mut PgConnection, invitation: &NewInvitation) -> QueryResult<Invitation> {
    diesel::insert_into(invitations::table)
        .values(invitation)
        .returning(Invitation::as_returning())
        .get_result(conn)
}

/// The invitation behind a link, with its survey and contact.
pub fn find_by_token(conn: &mut PgConnection, token: &str) -> QueryResult<Option<(Invitation, Survey, Contact)>> {
    invitations::table
        .inner_join(surveys::table)
        .inner_join(contacts::table)
        .filter(invitations::token.eq(token))
        .select((Invitation::as_select(), Survey::as_select(), Contact::as_select()))
        .first(conn)
        .optional()
}
