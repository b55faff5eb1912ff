//! Rules of the outbox: the kinds of job, and when a failed one is tried again.

use std::time::Duration;

/// What a job does once a worker claims it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobKind {
    /// Tell a follow-up's owner (or, for the shared queue, the managers) about a new case.
    FollowUpEmail,
    /// Call a webhook endpoint with an event.
    Webhook,
    /// Email a contact their invitation.
    InvitationEmail,
    /// Email the one reminder, unless the contact has answered (or left) by then.
    InvitationReminder,
    /// Invite the next batch of a mailing's addresses.
    Mailing,
}

impl JobKind {
    pub fn as_str(self) -> &'static str {
        match self {
            JobKind::FollowUpEmail => "follow_up_email",
            JobKind::Webhook => "webhook",
            JobKind::InvitationEmail => "invitation_email",
            JobKind::InvitationReminder => "invitation_reminder",
            JobKind::Mailing => "mailing",
        }
    }

    pub fn parse(text: &str) -> Option<JobKind> {
        match text {
            "follow_up_email" => Some(JobKind::FollowUpEmail),
            "webhook" => Some(JobKind::Webhook),
            "invitation_email" => Some(JobKind::InvitationEmail),
            "invitation_reminder" => Some(JobKind::InvitationReminder),
            "mailing" => Some(JobKind::Mailing),
            _ => None,
        }
    }
}

/// A job is tried this many times in all before koe gives up on it (about 4 hours of retries).
pub const MAX_ATTEMPTS: i32 = 10;

const FIRST_RETRY: Duration = Duration::from_secs(30);
const LONGEST_WAIT: Duration = Duration::from_secs(60 * 60);

/// How a delivery attempt ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Delivered,
    /// Worth trying again later: the server was down, busy or said "try later".
    Failed(String),
    /// Trying again cannot help: the address or endpoint refused the message for good.
    Refused(String),
    /// Not needed any more (the reminder of an answered invitation); nothing was sent.
    Skipped(String),
    /// Part of the work is done and more is left: due again at once (a mailing's next batch).
    Continues,
}

/// When to try a job again after its `attempts`-th attempt failed, or `None` to give up:
/// 30 s, 1 min, 2 min… doubling up to an hour.
pub fn retry_delay(attempts: i32) -> Option<Duration> {
    if attempts >= MAX_ATTEMPTS {
        return None;
    }
    let doublings = attempts.saturating_sub(1).clamp(0, 16) as u32;
    Some(FIRST_RETRY.saturating_mul(1 << doublings).min(LONGEST_WAIT))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_double_from_thirty_seconds_up_to_an_hour() {
        assert_eq!(retry_delay(1), Some(Duration::from_secs(30)));
        assert_eq!(retry_delay(2), Some(Duration::from_secs(60)));
        assert_eq!(retry_delay(3), Some(Duration::from_secs(120)));
        assert_eq!(retry_delay(8), Some(Duration::from_secs(3600)));
        assert_eq!(retry_delay(9), Some(Duration::from_secs(3600)));
    }

    #[test]
    fn koe_gives_up_after_the_last_attempt() {
        assert_eq!(retry_delay(MAX_ATTEMPTS), None);
        assert_eq!(retry_delay(MAX_ATTEMPTS + 5), None);
    }

    #[test]
    fn a_job_never_tried_waits_the_first_delay() {
        // A claim increments attempts first, so 0 only appears for a job that was never claimed.
        assert_eq!(retry_delay(0), Some(FIRST_RETRY));
    }

    #[test]
    fn kinds_round_trip_through_their_stored_names() {
        for kind in [JobKind::FollowUpEmail, JobKind::Webhook, JobKind::InvitationEmail, JobKind::InvitationReminder, JobKind::Mailing] {
            assert_eq!(JobKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(JobKind::parse("fax"), None);
    }
}
