//! How often people may be asked: a contact at most once per a survey's cooldown (across all
//! surveys), and an account's contacts at most so many times in 30 days.

use chrono::{DateTime, Duration, Utc};

/// The window of the per-account limit.
pub const ACCOUNT_WINDOW_DAYS: i64 = 30;

/// What the throttle knows of the past.
#[derive(Debug, Clone, Default)]
pub struct History {
    /// When the contact was last invited, to any survey.
    pub contact_last_invited: Option<DateTime<Utc>>,
    /// Invitations to the account's contacts in the last [`ACCOUNT_WINDOW_DAYS`], newest first.
    pub account_recent: Vec<DateTime<Utc>>,
}

/// Why an invitation must wait, and until when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Throttled {
    /// The contact was invited less than the survey's cooldown ago.
    Contact { available_at: DateTime<Utc> },
    /// The account's contacts have had their invitations for the month.
    Account { available_at: DateTime<Utc> },
}

impl Throttled {
    pub fn available_at(self) -> DateTime<Utc> {
        match self {
            Throttled::Contact { available_at } | Throttled::Account { available_at } => available_at,
        }
    }
}

/// Whether a new invitation may go out at `now`. `cooldown_days` and `account_limit` of 0 mean
/// no limit. When both limits apply, the later date is the one that matters.
pub fn check(history: &History, cooldown_days: i32, account_limit: i32, now: DateTime<Utc>) -> Result<(), Throttled> {
    let contact = history
        .contact_last_invited
        .filter(|_| cooldown_days > 0)
        .map(|last| last + Duration::days(i64::from(cooldown_days)))
        .filter(|available_at| *available_at > now)
        .map(|available_at| Throttled::Contact { available_at });
    let window_start = now - Duration::days(ACCOUNT_WINDOW_DAYS);
    let in_window: Vec<_> = history.account_recent.iter().filter(|at| **at > window_start).collect();
    let account = usize::try_from(account_limit)
        .ok()
        .filter(|limit| *limit > 0 && in_window.len() >= *limit)
        // The invitation that must leave the window first is the limit-th newest.
        .and_then(|limit| in_window.get(limit - 1))
        .map(|oldest_counted| Throttled::Account { available_at: **oldest_counted + Duration::days(ACCOUNT_WINDOW_DAYS) });
    match (contact, account) {
        (None, None) => Ok(()),
        (Some(one), None) | (None, Some(one)) => Err(one),
        (Some(contact), Some(account)) => Err(if account.available_at() > contact.available_at() { account } else { contact }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(n: i64) -> DateTime<Utc> {
        DateTime::UNIX_EPOCH + Duration::days(20_000 + n)
    }

    #[test]
    fn a_contact_never_invited_may_be_invited() {
        assert_eq!(check(&History::default(), 90, 10, day(0)), Ok(()));
    }

    #[test]
    fn a_contact_waits_out_the_cooldown_from_the_last_invitation() {
        let history = History { contact_last_invited: Some(day(-10)), ..History::default() };
        assert_eq!(check(&history, 90, 10, day(0)), Err(Throttled::Contact { available_at: day(80) }));
        assert_eq!(check(&history, 10, 10, day(0)), Ok(()), "exactly the cooldown later is allowed");
        assert_eq!(check(&history, 0, 10, day(0)), Ok(()), "0 days: no cooldown");
    }

    #[test]
    fn an_account_gets_at_most_the_limit_in_thirty_days() {
        let recent = vec![day(-1), day(-5), day(-20)];
        let history = History { account_recent: recent, ..History::default() };
        assert_eq!(check(&history, 90, 4, day(0)), Ok(()));
        // The third newest leaves the window on day 10.
        assert_eq!(check(&history, 90, 3, day(0)), Err(Throttled::Account { available_at: day(10) }));
        // With a limit of 2 the second newest (day -5) must leave: day 25.
        assert_eq!(check(&history, 90, 2, day(0)), Err(Throttled::Account { available_at: day(25) }));
        assert_eq!(check(&history, 90, 0, day(0)), Ok(()), "0: no limit");
    }

    #[test]
    fn invitations_older_than_the_window_do_not_count() {
        let history = History { account_recent: vec![day(-31), day(-40)], ..History::default() };
        assert_eq!(check(&history, 90, 1, day(0)), Ok(()));
    }

    #[test]
    fn when_both_limits_apply_the_later_date_is_given() {
        let history = History { contact_last_invited: Some(day(-1)), account_recent: vec![day(-1)] };
        assert_eq!(check(&history, 5, 1, day(0)), Err(Throttled::Account { available_at: day(29) }));
        assert_eq!(check(&history, 60, 1, day(0)), Err(Throttled::Contact { available_at: day(59) }));
    }
}
