//! What koe tells the outside world when something happens: the JSON of webhook deliveries
//! and the snapshot that notification emails are written from. Part of the public contract.

use super::ids::{AccountId, ContactId, FollowUpId, ResponseId, SurveyId, UserId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A delivery body: `{"event": "follow_up.created", "occurred_at": …, "data": {…}}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Envelope<T> {
    pub event: String,
    pub occurred_at: DateTime<Utc>,
    pub data: T,
}

/// The survey an answer belongs to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SurveyRef {
    pub id: SurveyId,
    pub name: String,
    /// `nps`, `csat` or `exit`.
    pub kind: String,
}

/// The customer company behind an answer on a personal link.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountRef {
    pub id: AccountId,
    /// The CRM's id.
    pub external_id: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContactRef {
    pub id: ContactId,
    pub email: String,
    pub name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserRef {
    pub id: UserId,
    pub email: String,
    pub name: String,
}

/// `response.created`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResponseCreated {
    pub response_id: ResponseId,
    pub survey: SurveyRef,
    pub score: Option<i16>,
    /// The exit survey's reason code.
    pub reason: Option<String>,
    pub comment: Option<String>,
    pub contact_ok: bool,
    pub account: Option<AccountRef>,
    pub contact: Option<ContactRef>,
    pub answered_at: DateTime<Utc>,
}

/// `follow_up.created`, and what the owner's email says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FollowUpCreated {
    pub follow_up_id: FollowUpId,
    /// `detractor`, `low_csat`, `exit` or `score_drop`.
    pub trigger: String,
    /// None: the shared queue, which managers see.
    pub owner: Option<UserRef>,
    pub due_at: DateTime<Utc>,
    /// The contact's previous score on this kind of survey, for a score drop.
    pub previous_score: Option<i16>,
    pub response: ResponseCreated,
}
