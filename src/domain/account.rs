//! Rules of the accounts pages: lifecycle stages, when an account is dormant, which way its NPS moved.

use chrono::{DateTime, Duration, Utc};

/// The lifecycle stages `accounts.stage` may hold, in the order a customer goes through them.
pub const STAGES: [&str; 7] = ["lead", "prospect", "customer", "repeater", "fan", "ambassador", "alumni"];

/// Days without activity after which an account counts as dormant (`KOE_DORMANT_DAYS`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DormantThreshold(pub u32);

impl DormantThreshold {
    /// Activity before this instant is too old: the account is dormant.
    pub fn cutoff(self, now: DateTime<Utc>) -> DateTime<Utc> {
        now - Duration::days(i64::from(self.0))
    }

    /// An account that never had any activity is measured from its creation, so that a new
    /// account is not dormant on its first day and a forgotten one becomes dormant in time.
    pub fn is_dormant(self, last_activity: DateTime<Utc>, now: DateTime<Utc>) -> bool {
        last_activity < self.cutoff(now)
    }
}

/// Whole days from `last_activity` to `now` (never negative: clocks of other systems may run ahead).
pub fn days_since(last_activity: DateTime<Utc>, now: DateTime<Utc>) -> i64 {
    (now - last_activity).num_days().max(0)
}

/// How an account's latest NPS answer compares with the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Up,
    Down,
    Same,
    /// The first NPS answer of the account: nothing to compare with.
    First,
}

impl Direction {
    pub fn between(previous: Option<i16>, last: i16) -> Direction {
        match previous {
            None => Direction::First,
            Some(previous) if last > previous => Direction::Up,
            Some(previous) if last < previous => Direction::Down,
            Some(_) => Direction::Same,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(day: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, day, 12, 0, 0).single().unwrap_or_default()
    }

    #[test]
    fn an_account_is_dormant_only_once_the_threshold_has_fully_passed() {
        let threshold = DormantThreshold(10);
        assert!(!threshold.is_dormant(at(11), at(21)), "exactly ten days is not yet dormant");
        assert!(threshold.is_dormant(at(10), at(21)));
        assert!(!threshold.is_dormant(at(20), at(21)));
        assert_eq!(threshold.cutoff(at(21)), at(11));
    }

    #[test]
    fn days_since_counts_whole_days_and_never_goes_negative() {
        assert_eq!(days_since(at(1), at(21)), 20);
        assert_eq!(days_since(at(21) - Duration::hours(23), at(21)), 0);
        assert_eq!(days_since(at(22), at(21)), 0);
    }

    #[test]
    fn the_direction_compares_with_the_previous_answer() {
        assert_eq!(Direction::between(Some(6), 9), Direction::Up);
        assert_eq!(Direction::between(Some(9), 6), Direction::Down);
        assert_eq!(Direction::between(Some(7), 7), Direction::Same);
        assert_eq!(Direction::between(None, 7), Direction::First);
    }
}
