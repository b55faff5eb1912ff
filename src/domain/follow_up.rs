//! When an answer needs a call back, and by when.

use super::survey::SurveyKind;
use chrono::{DateTime, Datelike, Days, TimeZone, Utc, Weekday};
use chrono_tz::Tz;

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
/// business days later in the organisation's time zone, weekends skipped.
pub fn due_at(created: DateTime<Utc>, zone: Tz) -> DateTime<Utc> {
    let local = created.with_timezone(&zone);
    let mut day = local.date_naive();
    let mut remaining = DUE_BUSINESS_DAYS;
    while remaining > 0 {
        day = day.checked_add_days(Days::new(1)).unwrap_or(day);
        if !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
            remaining -= 1;
        }
    }
    zone.from_local_datetime(&day.and_time(local.time()))
        .earliest()
        .map(|due| due.with_timezone(&Utc))
        // A local time skipped by a clock change: fall back to whole days in UTC.
        .unwrap_or(created + chrono::Duration::days(DUE_BUSINESS_DAYS as i64))
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let at = |text: &str| DateTime::parse_from_rfc3339(text).map(|t| t.with_timezone(&Utc));
        // Thursday 10:00 JST -> Monday 10:00 JST.
        assert_eq!(Ok(due_at(at("2026-11-19T10:00:00+09:00").unwrap(), zone)), at("2026-11-23T10:00:00+09:00"));
        // Friday 23:30 JST (still Friday in Tokyo, Friday 14:30 UTC) -> Tuesday 23:30 JST.
        assert_eq!(Ok(due_at(at("2026-11-20T23:30:00+09:00").unwrap(), zone)), at("2026-11-24T23:30:00+09:00"));
        // Saturday -> Tuesday.
        assert_eq!(Ok(due_at(at("2026-11-21T09:00:00+09:00").unwrap(), zone)), at("2026-11-24T09:00:00+09:00"));
    }
}
