//! When an answer needs a call back, and by when.

use super::ids::UserId;
use super::role::Role;
use super::survey::SurveyKind;
use chrono::{DateTime, Datelike, Days, TimeZone, Utc, Weekday};
use chrono_tz::Tz;
use jpholiday::jpholiday::JPHoliday;

/// Business days a new follow-up is given before it is overdue.
pub const DUE_BUSINESS_DAYS: u64 = 2;

/// A drop of this many NPS points from the same contact's previous answer is an early warning.
pub const SCORE_DROP_ALERT: i16 = 3;

/// Why an answer became a follow-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    /// NPS 0–6.
    Detractor,
    /// CSAT 1–2.
    LowCsat,
    /// Every exit-survey answer: someone should hear why they left.
    Exit,
    /// Not a detractor, but SCORE_DROP_ALERT or more points below the contact's previous NPS.
    ScoreDrop,
}

impl Trigger {
    pub fn as_str(self) -> &'static str {
        match self {
            Trigger::Detractor => "detractor",
            Trigger::LowCsat => "low_csat",
            Trigger::Exit => "exit",
            Trigger::ScoreDrop => "score_drop",
        }
    }

    /// The follow-up an answer calls for, if any. `previous_score` is the same contact's last
    /// earlier score on a survey of the same kind.
    pub fn for_answer(kind: SurveyKind, score: Option<i16>, previous_score: Option<i16>) -> Option<Trigger> {
        match (kind, score) {
            (SurveyKind::Exit, _) => Some(Trigger::Exit),
            (SurveyKind::Nps, Some(0..=6)) => Some(Trigger::Detractor),
            (SurveyKind::Nps, Some(score)) => {
                previous_score.filter(|previous| previous - score >= SCORE_DROP_ALERT).map(|_| Trigger::ScoreDrop)
            }
            (SurveyKind::Csat, Some(1..=2)) => Some(Trigger::LowCsat),
            _ => None,
        }
    }
}

/// The due time of a follow-up created at `created`: the same local time DUE_BUSINESS_DAYS
/// business days later in the organisation's time zone, weekends and Japan's public holidays
/// (振替休日 and 国民の休日 included) skipped.
pub fn due_at(created: DateTime<Utc>, zone: Tz) -> DateTime<Utc> {
    let local = created.with_timezone(&zone);
    let holidays = JPHoliday::new();
    let mut day = local.date_naive();
    let mut remaining = DUE_BUSINESS_DAYS;
    while remaining > 0 {
        day = day.checked_add_days(Days::new(1)).unwrap_or(day);
        if !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) && !holidays.is_holiday(&day) {
            remaining -= 1;
        }
    }
    zone.from_local_datetime(&day.and_time(local.time()))
        .earliest()
        .map(|due| due.with_timezone(&Utc))
        // A local time skipped by a clock change: fall back to whole days in UTC.
        .unwrap_or(created + chrono::Duration::days(DUE_BUSINESS_DAYS as i64))
}


/// Where a follow-up stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    Open,
    Contacted,
    Resolved,
    WontFix,
}

/// Why a status change is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransitionError {
    /// The case is already in that status.
    Unchanged,
    /// Not a move of the workflow (e.g. open -> resolved without a call).
    NotAllowed,
    /// Closing a case as "won't fix" needs a note saying why.
    NoteRequired,
}

impl Status {
    /// Every status, in workflow order.
    pub const ALL: [Status; 4] = [Status::Open, Status::Contacted, Status::Resolved, Status::WontFix];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Contacted => "contacted",
            Status::Resolved => "resolved",
            Status::WontFix => "wont_fix",
        }
    }

    pub fn parse(text: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|status| status.as_str() == text)
    }

    /// Still someone's work: open or contacted.
    pub fn is_active(self) -> bool {
        matches!(self, Status::Open | Status::Contacted)
    }

    /// The workflow: open -> contacted -> resolved | won't fix; a contacted case may also be
    /// closed from open when the customer cannot be reached (won't fix), and any closed or
    /// contacted case may be reopened. A note is required for won't fix.
    pub fn check_move(self, to: Status, note: Option<&str>) -> Result<(), TransitionError> {
        use Status::*;
        if self == to {
            return Err(TransitionError::Unchanged);
        }
        let allowed = matches!(
            (self, to),
            (Open, Contacted) | (Open, WontFix) | (Contacted, Resolved) | (Contacted, WontFix) | (_, Open)
        );
        if !allowed {
            return Err(TransitionError::NotAllowed);
        }
        if to == WontFix && note.is_none_or(|note| note.trim().is_empty()) {
            return Err(TransitionError::NoteRequired);
        }
        Ok(())
    }

    /// The moves open to a case in this status: forward in workflow order, reopening last
    /// (so that a form's first choice is the next step, not a step back).
    pub fn next(self) -> Vec<Status> {
        [Status::Contacted, Status::Resolved, Status::WontFix, Status::Open]
            .into_iter()
            .filter(|to| !matches!(self.check_move(*to, Some("x")), Err(TransitionError::NotAllowed | TransitionError::Unchanged)))
            .collect()
    }

    /// Past its due time without a first contact: only an open case can be overdue, since
    /// the due time is a promise to call back.
    pub fn is_overdue(self, due_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
        self == Status::Open && due_at < now
    }
}

/// Whether `user` (with `role`) may change a case owned by `owner` (`None`: the shared queue).
/// Admins and managers act on any case; CS staff act on their own cases only (taking an
/// unowned one is a reassignment to themselves, see [`may_reassign`]).
pub fn may_act(role: Role, user: UserId, owner: Option<UserId>) -> bool {
    match role {
        Role::Admin | Role::Manager => true,
        Role::Cs => owner == Some(user),
    }
}

/// Whether `user` may give a case owned by `owner` to `to`. Admins and managers reassign
/// anything; CS staff may only take an unowned case for themselves.
pub fn may_reassign(role: Role, user: UserId, owner: Option<UserId>, to: Option<UserId>) -> bool {
    match role {
        Role::Admin | Role::Manager => true,
        Role::Cs => owner.is_none() && to == Some(user),
    }
}

/// The closed-loop rate, in per cent: of the cases that were contacted or are past their due
/// time, the share contacted in time. `None` before any case is due.
pub fn closed_loop_rate(contacted_in_time: i64, due_or_contacted: i64) -> Option<f64> {
    (due_or_contacted > 0).then(|| 100.0 * contacted_in_time as f64 / due_or_contacted as f64)
}

/// Notes and outcomes are a few sentences; longer text is a paste gone wrong.
pub const MAX_NOTE_GRAPHEMES: usize = 2000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_closed_loop_rate_counts_cases_due_or_contacted() {
        assert_eq!(closed_loop_rate(3, 4), Some(75.0));
        assert_eq!(closed_loop_rate(0, 0), None);
    }

    #[test]
    fn statuses_round_trip_through_their_names() {
        for status in Status::ALL {
            assert_eq!(Status::parse(status.as_str()), Some(status));
        }
        assert_eq!(Status::parse("closed"), None);
    }

    #[test]
    fn the_workflow_goes_open_contacted_then_resolved_or_wont_fix() {
        use Status::*;
        assert_eq!(Open.check_move(Contacted, None), Ok(()));
        assert_eq!(Contacted.check_move(Resolved, None), Ok(()));
        assert_eq!(Contacted.check_move(WontFix, Some("顧客都合")), Ok(()));
        assert_eq!(Open.check_move(Resolved, None), Err(TransitionError::NotAllowed));
        assert_eq!(Resolved.check_move(WontFix, Some("x")), Err(TransitionError::NotAllowed));
        assert_eq!(Open.check_move(Open, None), Err(TransitionError::Unchanged));
        assert_eq!(Open.next(), vec![Contacted, WontFix]);
        assert_eq!(Contacted.next(), vec![Resolved, WontFix, Open]);
        assert_eq!(Resolved.next(), vec![Open]);
    }

    #[test]
    fn only_an_open_case_past_its_due_time_is_overdue() {
        let due = Utc::now();
        let later = due + chrono::Duration::minutes(1);
        assert!(Status::Open.is_overdue(due, later));
        assert!(!Status::Open.is_overdue(due, due));
        assert!(!Status::Contacted.is_overdue(due, later));
    }

    #[test]
    fn a_closed_case_may_be_reopened() {
        for from in [Status::Contacted, Status::Resolved, Status::WontFix] {
            assert_eq!(from.check_move(Status::Open, None), Ok(()));
        }
    }

    #[test]
    fn wont_fix_needs_a_note() {
        assert_eq!(Status::Contacted.check_move(Status::WontFix, None), Err(TransitionError::NoteRequired));
        assert_eq!(Status::Open.check_move(Status::WontFix, Some(" \u{3000}")), Err(TransitionError::NoteRequired));
    }

    #[test]
    fn cs_staff_act_on_their_own_cases_and_may_only_take_unowned_ones() {
        let (me, other) = (UserId(1), UserId(2));
        assert!(may_act(Role::Cs, me, Some(me)));
        assert!(!may_act(Role::Cs, me, Some(other)));
        assert!(!may_act(Role::Cs, me, None));
        assert!(may_reassign(Role::Cs, me, None, Some(me)));
        assert!(!may_reassign(Role::Cs, me, None, Some(other)));
        assert!(!may_reassign(Role::Cs, me, Some(other), Some(me)));
        assert!(!may_reassign(Role::Cs, me, Some(me), Some(other)));
        for role in [Role::Admin, Role::Manager] {
            assert!(may_act(role, me, Some(other)) && may_act(role, me, None));
            assert!(may_reassign(role, me, Some(other), None));
        }
    }

    #[test]
    fn low_scores_and_every_exit_answer_need_a_follow_up() {
        assert_eq!(Trigger::for_answer(SurveyKind::Nps, Some(6), None), Some(Trigger::Detractor));
        assert_eq!(Trigger::for_answer(SurveyKind::Nps, Some(0), None), Some(Trigger::Detractor));
        assert_eq!(Trigger::for_answer(SurveyKind::Nps, Some(7), None), None);
        assert_eq!(Trigger::for_answer(SurveyKind::Csat, Some(2), None), Some(Trigger::LowCsat));
        assert_eq!(Trigger::for_answer(SurveyKind::Csat, Some(3), None), None);
        assert_eq!(Trigger::for_answer(SurveyKind::Exit, None, None), Some(Trigger::Exit));
    }

    #[test]
    fn a_drop_of_three_points_is_an_early_warning_even_for_a_passive() {
        assert_eq!(Trigger::for_answer(SurveyKind::Nps, Some(7), Some(10)), Some(Trigger::ScoreDrop));
        assert_eq!(Trigger::for_answer(SurveyKind::Nps, Some(8), Some(10)), None);
        assert_eq!(Trigger::for_answer(SurveyKind::Nps, Some(10), Some(4)), None);
        // A detractor is a detractor, whatever came before.
        assert_eq!(Trigger::for_answer(SurveyKind::Nps, Some(3), Some(9)), Some(Trigger::Detractor));
    }

    #[test]
    fn due_times_skip_the_weekend_in_tokyo() {
        let zone: Tz = chrono_tz::Asia::Tokyo;
        // Thursday 10:00 JST -> Monday 10:00 JST.
        assert_eq!(Ok(due_at(tokyo("2026-12-03T10:00:00+09:00"), zone)), at("2026-12-07T10:00:00+09:00"));
        // Friday 23:30 JST (still Friday in Tokyo, Friday 14:30 UTC) -> Tuesday 23:30 JST.
        assert_eq!(Ok(due_at(tokyo("2026-12-04T23:30:00+09:00"), zone)), at("2026-12-08T23:30:00+09:00"));
        // Saturday -> Tuesday.
        assert_eq!(Ok(due_at(tokyo("2026-12-05T09:00:00+09:00"), zone)), at("2026-12-08T09:00:00+09:00"));
    }

    #[test]
    fn due_times_skip_japanese_public_holidays() {
        let zone: Tz = chrono_tz::Asia::Tokyo;
        // Monday 2026-11-23 is 勤労感謝の日: Thursday -> Friday, (holiday), Tuesday.
        assert_eq!(Ok(due_at(tokyo("2026-11-19T10:00:00+09:00"), zone)), at("2026-11-24T10:00:00+09:00"));
        // Golden Week 2026: 5/4 みどりの日, 5/5 こどもの日, 5/6 振替休日 (5/3 was a Sunday).
        assert_eq!(Ok(due_at(tokyo("2026-05-01T15:00:00+09:00"), zone)), at("2026-05-08T15:00:00+09:00"));
        // New Year's Day 2027 is a Friday.
        assert_eq!(Ok(due_at(tokyo("2026-12-31T09:00:00+09:00"), zone)), at("2027-01-05T09:00:00+09:00"));
    }

    fn at(text: &str) -> Result<DateTime<Utc>, chrono::ParseError> {
        DateTime::parse_from_rfc3339(text).map(|t| t.with_timezone(&Utc))
    }

    fn tokyo(text: &str) -> DateTime<Utc> {
        at(text).unwrap()
    }

}
