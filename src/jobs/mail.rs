//! Email over SMTP (lettre).

use super::WorkerError;
use crate::db::outbox::Claimed;
use crate::domain::events::FollowUpCreated;
use crate::domain::outbox::Outcome;
use crate::domain::survey::SurveyKind;
use chrono_tz::Tz;
use koe_views::mail::{follow_up_email, FollowUpNotice, Mail, NoticeAnswer};
use koe_views::staff::TriggerKind;
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::{Message, SmtpTransport, Transport};
use std::time::Duration;

/// An SMTP server that does not answer within this is taken as down for this attempt.
const SMTP_TIMEOUT: Duration = Duration::from_secs(30);

/// Sends koe's emails through one SMTP server.
pub struct Mailer {
    transport: SmtpTransport,
    from: Mailbox,
    /// The domain in Message-IDs, so that they are unique beyond this installation.
    domain: String,
    base_url: String,
}

impl Mailer {
    pub fn new(smtp_url: &str, from: &str, base_url: &str) -> Result<Mailer, WorkerError> {
        let transport = SmtpTransport::from_url(smtp_url)
            .map_err(|error| WorkerError::Smtp(error.to_string()))?
            .timeout(Some(SMTP_TIMEOUT))
            .build();
        let from: Mailbox = from.parse().map_err(|error: lettre::address::AddressError| WorkerError::From(error.to_string()))?;
        let domain = from.email.domain().to_owned();
        Ok(Mailer { transport, from, domain, base_url: base_url.to_owned() })
    }

    /// The new-case email of a `follow_up_email` job.
    pub fn send_follow_up(&self, job: &Claimed, zone: Tz) -> Outcome {
        let event: FollowUpCreated = match serde_json::from_value(job.payload.clone()) {
            Ok(event) => event,
            Err(error) => return Outcome::Refused(format!("unreadable job: {error}")),
        };
        self.deliver(job, follow_up_email(&notice(&event, &self.base_url, zone)), None)
    }

    /// Sends `mail` for `job` to its recipient. Every attempt of a job carries the same
    /// Message-ID, so that a repeat after a crash is recognisable as one. `unsubscribe` adds
    /// List-Unsubscribe with one-click (RFC 8058).
    pub fn deliver(&self, job: &Claimed, mail: Mail, unsubscribe: Option<&str>) -> Outcome {
        let to: Mailbox = match job.recipient.parse() {
            Ok(to) => to,
            Err(error) => return Outcome::Refused(format!("bad recipient {:?}: {error}", job.recipient)),
        };
        let mut builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(mail.subject)
            .message_id(Some(format!("<koe-outbox-{}@{}>", job.id, self.domain)))
            .date(job.created_at.into());
        if let Some(url) = unsubscribe {
            builder = builder
                .raw_header(HeaderValue::new(HeaderName::new_from_ascii_str("List-Unsubscribe"), format!("<{url}>")))
                .raw_header(HeaderValue::new(HeaderName::new_from_ascii_str("List-Unsubscribe-Post"), "List-Unsubscribe=One-Click".into()));
        }
        let message = match mail.html {
            Some(html) => builder.multipart(MultiPart::alternative_plain_html(mail.text, html)),
            None => builder.header(ContentType::TEXT_PLAIN).body(mail.text),
        };
        match message {
            Ok(message) => self.send(&message),
            Err(error) => Outcome::Refused(format!("cannot build the email: {error}")),
        }
    }

    fn send(&self, message: &Message) -> Outcome {
        match self.transport.send(message) {
            Ok(_) => Outcome::Delivered,
            Err(error) if error.is_permanent() => Outcome::Refused(error.to_string()),
            Err(error) => Outcome::Failed(error.to_string()),
        }
    }
}

/// The email's view of a new case.
pub(crate) fn notice(event: &FollowUpCreated, base_url: &str, zone: Tz) -> FollowUpNotice {
    let response = &event.response;
    let answer = match (SurveyKind::parse(&response.survey.kind), response.score, &response.reason) {
        (Some(SurveyKind::Exit), _, Some(reason)) => NoticeAnswer::ExitReason(reason.clone()),
        (Some(SurveyKind::Csat), Some(score), _) => NoticeAnswer::Score { scale: "CSAT", score },
        (Some(SurveyKind::Nps), Some(score), _) => NoticeAnswer::Score { scale: "NPS", score },
        _ => NoticeAnswer::Nothing,
    };
    FollowUpNotice {
        trigger: TriggerKind::from_code(&event.trigger),
        owner_name: event.owner.as_ref().map(|owner| if owner.name.trim().is_empty() { owner.email.clone() } else { owner.name.clone() }),
        survey_name: response.survey.name.clone(),
        answer,
        previous_score: event.previous_score,
        comment: response.comment.clone(),
        account: response.account.as_ref().map(|account| format!("{} ({})", account.name, account.external_id)),
        contact: response.contact.as_ref().map(|contact| match &contact.name {
            Some(name) if !name.trim().is_empty() => format!("{name} <{}>", contact.email),
            _ => contact.email.clone(),
        }),
        due: event.due_at.with_timezone(&zone).format("%Y-%m-%d %H:%M").to_string(),
        case_url: format!("{base_url}/staff/follow-ups/{}", event.follow_up_id),
    }
}
