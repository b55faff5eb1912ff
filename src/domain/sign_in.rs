//! Rules of staff sign-in: how long a session lasts and when attempts are throttled.

use chrono::{DateTime, Duration, Utc};

/// A session ends after this long without a request…
pub const SESSION_IDLE: Duration = Duration::hours(12);
/// …and in any case this long after sign-in.
pub const SESSION_MAX: Duration = Duration::days(7);

/// Failed attempts are counted over this window.
pub const ATTEMPT_WINDOW: Duration = Duration::minutes(15);
/// Failures on one account before it is locked for the rest of the window: slows password
/// guessing on one account from many addresses.
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
/// Failures from one address: slows one address trying many accounts.
pub const MAX_FAILURES_PER_ADDRESS: i64 = 20;

/// When a session seen at `last_seen` and created at `created` stops being valid.
pub fn session_expiry(created: DateTime<Utc>, last_seen: DateTime<Utc>) -> DateTime<Utc> {
    (last_seen + SESSION_IDLE).min(created + SESSION_MAX)
}

/// Recent failures, and the oldest of them, for one account or one address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecentFailures {
    pub count: i64,
    pub oldest: Option<DateTime<Utc>>,
}

/// `Err(minutes)` to wait when either limit is reached, else `Ok`.
pub fn throttle(account: RecentFailures, address: RecentFailures, now: DateTime<Utc>) -> Result<(), u32> {
    let wait = |failures: RecentFailures, limit: i64| -> Option<u32> {
        if failures.count < limit {
            return None;
        }
        let free_at = failures.oldest.unwrap_or(now) + ATTEMPT_WINDOW;
        let seconds = (free_at - now).num_seconds().max(0);
        let minutes = ((seconds + 59) / 60).max(1);
        Some(u32::try_from(minutes).unwrap_or(u32::MAX))
    };
    match (wait(account, MAX_FAILURES_PER_ACCOUNT), wait(address, MAX_FAILURES_PER_ADDRESS)) {
        (None, None) => Ok(()),
        (a, b) => Err(a.max(b).unwrap_or(1)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minute: i64) -> DateTime<Utc> {
        DateTime::<Utc>::UNIX_EPOCH + Duration::minutes(minute)
    }

    fn failures(count: i64, oldest_minute: i64) -> RecentFailures {
        RecentFailures { count, oldest: Some(at(oldest_minute)) }
    }

    #[test]
    fn sessions_end_when_idle_or_too_old() {
        assert_eq!(session_expiry(at(0), at(60)), at(60 + 12 * 60));
        let a_week = 7 * 24 * 60;
        assert_eq!(session_expiry(at(0), at(a_week - 10)), at(a_week));
    }

    #[test]
    fn throttling_starts_at_the_limit_and_says_how_long_to_wait() {
        let none = RecentFailures { count: 0, oldest: None };
        assert_eq!(throttle(failures(4, 0), none, at(5)), Ok(()));
        assert_eq!(throttle(failures(5, 0), none, at(5)), Err(10));
        assert_eq!(throttle(none, failures(19, 0), at(1)), Ok(()));
        assert_eq!(throttle(none, failures(20, 3), at(4)), Err(14));
        // Never "wait 0 minutes".
        assert_eq!(throttle(failures(5, 0), none, at(15)), Err(1));
    }
}
