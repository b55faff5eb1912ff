//! Mailings: one survey emailed to a segment's contacts or to the addresses of a file, with
//! progress. The work is an outbox job done in batches; each batch and the progress it makes
//! commit together, so a crash loses nothing and repeats nothing, and a contact who already
//! holds an open invitation to the survey is reported rather than invited twice.

use crate::db::mailings::{self as rows, Mailing, NewMailing, Progress};
use crate::db::outbox::{self, NewJob};
use crate::db::{contacts, invitations, surveys};
use crate::domain::ids::{MailingId, SurveyId, UserId};
use crate::domain::outbox::JobKind;
use crate::error::AppError;
use crate::service::invitations::{create, InvitationInput};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

/// Who a mailing goes to.
#[derive(Debug, Clone)]
pub enum Audience {
    /// Every contact of the accounts in a segment.
    Segment(String),
    /// These addresses (the `email` column of a CSV file), and the file's name.
    Emails { file: String, emails: Vec<String> },
}

/// How `mailings.audience` names a segment and a file.
pub const SEGMENT_PREFIX: &str = "segment:";
pub const FILE_PREFIX: &str = "file:";

/// Addresses per transaction.
const BATCH: usize = 200;
/// The most addresses one mailing takes.
pub const MAX_RECIPIENTS: usize = 100_000;

/// What the outbox job names.
#[derive(Debug, Serialize, Deserialize)]
pub struct MailingJob {
    pub mailing_id: MailingId,
}

/// One address that was not invited, and why (kept on the mailing for its page).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Refusal {
    pub email: String,
    pub code: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub available_at: Option<DateTime<Utc>>,
}

impl Refusal {
    fn new(email: &str, error: &AppError) -> Refusal {
        let (code, available_at) = match error {
            AppError::Invalid { code, .. } | AppError::Conflict { code, .. } => (*code, None),
            AppError::Throttled { code, available_at, .. } => (*code, Some(*available_at)),
            _ => ("refused", None),
        };
        Refusal { email: email.to_owned(), code: code.to_owned(), message: error.to_string(), available_at }
    }
}

/// Starts a mailing: the addresses are fixed now, and the worker takes it from here.
pub fn start(
    conn: &mut PgConnection,
    survey_id: SurveyId,
    audience: &Audience,
    by: Option<UserId>,
    now: DateTime<Utc>,
) -> Result<Mailing, AppError> {
    conn.transaction(|conn| {
        let survey = surveys::find(conn, survey_id)?;
        if survey.is_closed() {
            return Err(AppError::Conflict { code: "survey_closed", message: "the survey is closed".into() });
        }
        let (label, mut emails) = match audience {
            Audience::Segment(segment) => (format!("{SEGMENT_PREFIX}{segment}"), contacts::emails_in_segment(conn, segment)?),
            Audience::Emails { file, emails } => (
                format!("{FILE_PREFIX}{file}"),
                emails.iter().map(|email| email.trim().to_lowercase()).filter(|email| !email.is_empty()).collect(),
            ),
        };
        let mut seen = std::collections::HashSet::new();
        emails.retain(|email| seen.insert(email.clone()));
        if emails.is_empty() {
            return Err(AppError::invalid("no_recipients", "audience", "nobody to send to: the segment has no contacts, or the file no addresses"));
        }
        if emails.len() > MAX_RECIPIENTS {
            return Err(AppError::invalid("too_many_recipients", "audience", format!("a mailing goes to at most {MAX_RECIPIENTS} addresses")));
        }
        let mailing = rows::insert(conn, &NewMailing { survey_id, audience: &label, emails: &emails, created_by: by, created_at: now })?;
        let payload = serde_json::to_value(MailingJob { mailing_id: mailing.id })
            .map_err(|error| AppError::Internal(format!("cannot encode a job: {error}")))?;
        let job = NewJob { kind: JobKind::Mailing.as_str(), payload, recipient: &label, endpoint_id: None, run_after: now, created_at: now };
        outbox::enqueue(conn, &[job])?;
        Ok(mailing)
    })
}

/// Invites the next batch of addresses, if any are left; returns the mailing as it now stands
/// (`finished_at` set once every address has been handled).
pub fn advance(conn: &mut PgConnection, id: MailingId, now: DateTime<Utc>) -> Result<Mailing, AppError> {
    conn.transaction(|conn| {
        let mailing = rows::lock(conn, id)?.ok_or(AppError::NotFound)?;
        if mailing.finished_at.is_some() {
            return Ok(mailing);
        }
        let done = usize::try_from(mailing.processed).unwrap_or(0).min(mailing.emails.len());
        let batch = &mailing.emails[done..(done + BATCH).min(mailing.emails.len())];
        let mut refused: Vec<Refusal> = serde_json::from_value(mailing.refused.clone()).unwrap_or_default();
        let mut invited = mailing.invited;
        for email in batch {
            match invite_one(conn, mailing.survey_id, email, now)? {
                Ok(()) => invited += 1,
                Err(refusal) => refused.push(refusal),
            }
        }
        let processed = done + batch.len();
        let progress = Progress {
            processed: i32::try_from(processed).unwrap_or(i32::MAX),
            invited,
            refused: serde_json::to_value(&refused).map_err(|error| AppError::Internal(error.to_string()))?,
            finished_at: (processed >= mailing.emails.len()).then_some(now),
        };
        rows::record(conn, id, &progress)?;
        Ok(Mailing { processed: progress.processed, invited, refused: progress.refused, finished_at: progress.finished_at, ..mailing })
    })
}

/// Invites one address, in a savepoint of its own: a refusal (unknown, unsubscribed, throttled,
/// already invited) is reported and leaves the batch whole.
fn invite_one(conn: &mut PgConnection, survey_id: SurveyId, email: &str, now: DateTime<Utc>) -> Result<Result<(), Refusal>, AppError> {
    if let Some(contact) = contacts::find_by_email(conn, email)? {
        if invitations::has_open(conn, survey_id, contact.id, now)? {
            let error = AppError::Conflict { code: "already_invited", message: format!("{email} already has an open invitation to this survey") };
            return Ok(Err(Refusal::new(email, &error)));
        }
    }
    let input = InvitationInput { contact_email: email.to_owned(), send_email: true, ..InvitationInput::default() };
    match create(conn, survey_id, &input, now) {
        Ok(_) => Ok(Ok(())),
        Err(error @ (AppError::Invalid { .. } | AppError::Conflict { .. } | AppError::Throttled { .. })) => Ok(Err(Refusal::new(email, &error))),
        Err(other) => Err(other),
    }
}

pub fn find(conn: &mut PgConnection, id: MailingId) -> Result<Mailing, AppError> {
    rows::find(conn, id)?.ok_or(AppError::NotFound)
}

pub fn recent(conn: &mut PgConnection) -> Result<Vec<Mailing>, AppError> {
    Ok(rows::recent(conn, 20)?)
}

/// The refusals stored on a mailing.
pub fn refusals(mailing: &Mailing) -> Vec<Refusal> {
    serde_json::from_value(mailing.refused.clone()).unwrap_or_default()
}

/// The `email` column of a CSV file (UTF-8 or Shift_JIS, already decoded).
pub fn emails_from_csv(text: &str) -> Result<Vec<String>, AppError> {
    let unreadable = |error: csv::Error| AppError::invalid("unreadable_file", "file", format!("the file is not CSV: {error}"));
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let column = reader
        .headers()
        .map_err(unreadable)?
        .iter()
        .position(|name| name.trim().trim_start_matches('\u{feff}').eq_ignore_ascii_case("email"))
        .ok_or_else(|| AppError::invalid("no_email_column", "file", "the file has no email column"))?;
    let mut emails = Vec::new();
    for record in reader.records() {
        if let Some(email) = record.map_err(unreadable)?.get(column) {
            emails.push(email.to_owned());
        }
    }
    Ok(emails)
}
