//! The period a report covers, cut in the organisation's time zone.

use chrono::{DateTime, Datelike, Days, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;

/// Longest period a report may span; beyond it a mistyped year would scan everything.
const MAX_DAYS: i64 = 10 * 366;

/// A half-open interval of instants: `from <= t < to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    #[error("{0} must be a date (YYYY-MM-DD) or an RFC 3339 time")]
    Unreadable(&'static str),
    #[error("from must be before to")]
    Reversed,
    #[error("a period may span at most ten years")]
    TooLong,
}

impl Period {
    /// Reads `from` and `to` as given in a query. A date means that whole day in `zone`, so
    /// `to=2026-03-31` includes the 31st. Without `to` the period ends now; without `from` it
    /// starts on the 1st of the month eleven months before `to`'s: twelve calendar months.
    pub fn parse(from: Option<&str>, to: Option<&str>, zone: Tz, now: DateTime<Utc>) -> Result<Period, PeriodError> {
        let to = match to.map(str::trim).filter(|text| !text.is_empty()) {
            None => now,
            Some(text) => instant(text, zone, Bound::End).ok_or(PeriodError::Unreadable("to"))?,
        };
        let from = match from.map(str::trim).filter(|text| !text.is_empty()) {
            None => twelve_months_before(to, zone).ok_or(PeriodError::Unreadable("to"))?,
            Some(text) => instant(text, zone, Bound::Start).ok_or(PeriodError::Unreadable("from"))?,
        };
        if from >= to {
            return Err(PeriodError::Reversed);
        }
        if (to - from).num_days() > MAX_DAYS {
            return Err(PeriodError::TooLong);
        }
        Ok(Period { from, to })
    }

    /// The period as whole months `[from, to)` (each the 1st, in `zone`), when it is one: it
    /// starts on a month's first instant and ends on one, or at `now` or later (nothing is
    /// answered after now, so the month in progress counts whole).
    pub fn whole_months(&self, zone: Tz, now: DateTime<Utc>) -> Option<(NaiveDate, NaiveDate)> {
        let from = month_of(self.from, zone);
        if start_of_day(from, zone) != Some(self.from) {
            return None;
        }
        let last = month_of(self.to - chrono::Duration::nanoseconds(1), zone);
        let to = last.checked_add_months(chrono::Months::new(1))?;
        let ends_on_month = start_of_day(to, zone) == Some(self.to);
        (ends_on_month || self.to >= now).then_some((from, to))
    }

    /// The period as whole days `[from, to)` in `zone`, when it is one: it starts at a midnight
    /// and ends at one, or at `now` or later (the day in progress then counts whole).
    pub fn whole_days(&self, zone: Tz, now: DateTime<Utc>) -> Option<(NaiveDate, NaiveDate)> {
        let from = self.from.with_timezone(&zone).date_naive();
        if start_of_day(from, zone) != Some(self.from) {
            return None;
        }
        let last = (self.to - chrono::Duration::nanoseconds(1)).with_timezone(&zone).date_naive();
        let to = last.checked_add_days(Days::new(1))?;
        (start_of_day(to, zone) == Some(self.to) || self.to >= now).then_some((from, to))
    }

    /// The period of the same length just before this one: the same number of whole days when
    /// this one is whole days (its last day possibly still in progress), else the same duration.
    pub fn previous(&self, zone: Tz, now: DateTime<Utc>) -> Option<Period> {
        match self.whole_days(zone, now) {
            Some((from, to)) => {
                let days = u64::try_from((to - from).num_days()).ok()?;
                let start = start_of_day(from.checked_sub_days(Days::new(days))?, zone)?;
                Some(Period { from: start, to: self.from })
            }
            None => Some(Period { from: self.from - (self.to - self.from), to: self.from }),
        }
    }

    /// The first instant of each week (from Monday, in `zone`) that the period touches.
    pub fn week_starts(&self, zone: Tz) -> Vec<DateTime<Utc>> {
        let first = self.from.with_timezone(&zone).date_naive();
        let monday = first - Days::new(u64::from(first.weekday().num_days_from_monday()));
        self.starts(zone, monday, |day| day.checked_add_days(Days::new(7)))
    }

    /// The first instant of each calendar month (in `zone`) that the period touches.
    pub fn month_starts(&self, zone: Tz) -> Vec<DateTime<Utc>> {
        self.starts(zone, month_of(self.from, zone), |day| day.checked_add_months(chrono::Months::new(1)))
    }

    /// Midnight (in `zone`) of `first` and of each day `next` gives, while before the period's end.
    fn starts(&self, zone: Tz, first: NaiveDate, next: impl Fn(NaiveDate) -> Option<NaiveDate>) -> Vec<DateTime<Utc>> {
        let mut starts = Vec::new();
        let mut day = Some(first);
        while let Some(start) = day.and_then(|date| start_of_day(date, zone)).filter(|start| *start < self.to) {
            starts.push(start);
            day = day.and_then(&next);
        }
        starts
    }
}

/// The 1st of the month of `at`, in `zone`.
fn month_of(at: DateTime<Utc>, zone: Tz) -> NaiveDate {
    let day = at.with_timezone(&zone).date_naive();
    NaiveDate::from_ymd_opt(day.year(), day.month(), 1).unwrap_or(day)
}

fn twelve_months_before(to: DateTime<Utc>, zone: Tz) -> Option<DateTime<Utc>> {
    let last = month_of(to - chrono::Duration::nanoseconds(1), zone);
    start_of_day(last.checked_sub_months(chrono::Months::new(11))?, zone)
}

enum Bound {
    Start,
    End,
}

fn instant(text: &str, zone: Tz, bound: Bound) -> Option<DateTime<Utc>> {
    if let Ok(time) = DateTime::parse_from_rfc3339(text) {
        return Some(time.with_timezone(&Utc));
    }
    let date = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()?;
    let day = match bound {
        Bound::Start => date,
        Bound::End => date.checked_add_days(Days::new(1))?,
    };
    start_of_day(day, zone)
}

/// Midnight in `zone` (or the first instant of the day where a DST change skips midnight).
pub fn start_of_day(date: NaiveDate, zone: Tz) -> Option<DateTime<Utc>> {
    let midnight = date.and_hms_opt(0, 0, 0)?;
    zone.from_local_datetime(&midnight).earliest().map(|time| time.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Asia::Tokyo;

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).map(|time| time.with_timezone(&Utc)).unwrap()
    }

    #[test]
    fn dates_are_whole_days_in_the_organisations_zone() {
        let period = Period::parse(Some("2026-01-01"), Some("2026-03-31"), Tokyo, utc("2026-11-01T00:00:00Z")).unwrap();
        assert_eq!(period.from, utc("2025-12-31T15:00:00Z"));
        assert_eq!(period.to, utc("2026-03-31T15:00:00Z"));
    }

    #[test]
    fn defaults_are_twelve_calendar_months_up_to_now() {
        let now = utc("2026-11-22T12:00:00Z");
        let period = Period::parse(None, None, Tokyo, now).unwrap();
        assert_eq!(period.to, now);
        assert_eq!(period.from, utc("2025-11-30T15:00:00Z"), "1 December 2025 in Tokyo");
        assert_eq!(period.month_starts(Tokyo).len(), 12);
    }

    #[test]
    fn whole_months_are_recognised_in_the_zone() {
        let now = utc("2026-11-22T12:00:00Z");
        let month = |y, m| NaiveDate::from_ymd_opt(y, m, 1).unwrap();
        let default = Period::parse(None, None, Tokyo, now).unwrap();
        assert_eq!(default.whole_months(Tokyo, now), Some((month(2025, 12), month(2026, 12))));
        let quarter = Period::parse(Some("2026-01-01"), Some("2026-03-31"), Tokyo, now).unwrap();
        assert_eq!(quarter.whole_months(Tokyo, now), Some((month(2026, 1), month(2026, 4))));
        let mid_month = Period::parse(Some("2026-01-15"), Some("2026-03-31"), Tokyo, now).unwrap();
        assert_eq!(mid_month.whole_months(Tokyo, now), None);
        let ends_mid_month = Period::parse(Some("2026-01-01"), Some("2026-03-15"), Tokyo, now).unwrap();
        assert_eq!(ends_mid_month.whole_months(Tokyo, now), None);
        let utc_midnight = Period::parse(Some("2026-01-01T00:00:00Z"), None, Tokyo, now).unwrap();
        assert_eq!(utc_midnight.whole_months(Tokyo, now), None, "midnight UTC is 9:00 in Tokyo");
    }

    #[test]
    fn bad_periods_are_refused() {
        let now = utc("2026-11-22T12:00:00Z");
        assert_eq!(Period::parse(Some("2026-13-01"), None, Tokyo, now), Err(PeriodError::Unreadable("from")));
        assert_eq!(Period::parse(None, Some("yesterday"), Tokyo, now), Err(PeriodError::Unreadable("to")));
        assert_eq!(Period::parse(Some("2026-05-01"), Some("2026-04-01"), Tokyo, now), Err(PeriodError::Reversed));
        assert_eq!(Period::parse(Some("1900-01-01"), Some("2026-01-01"), Tokyo, now), Err(PeriodError::TooLong));
    }

    #[test]
    fn whole_days_are_recognised_in_the_zone() {
        let now = utc("2026-11-22T12:00:00Z");
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let dates = Period::parse(Some("2026-01-15"), Some("2026-03-31"), Tokyo, now).unwrap();
        assert_eq!(dates.whole_days(Tokyo, now), Some((day(2026, 1, 15), day(2026, 4, 1))));
        let up_to_now = Period::parse(Some("2026-11-01"), None, Tokyo, now).unwrap();
        assert_eq!(up_to_now.whole_days(Tokyo, now), Some((day(2026, 11, 1), day(2026, 11, 23))));
        let times = Period::parse(Some("2026-01-15T10:00:00+09:00"), Some("2026-03-31"), Tokyo, now).unwrap();
        assert_eq!(times.whole_days(Tokyo, now), None);
    }

    #[test]
    fn the_previous_period_has_the_same_length_and_ends_where_this_one_starts() {
        let now = utc("2026-11-22T12:00:00Z");
        let march = Period::parse(Some("2026-03-01"), Some("2026-03-31"), Tokyo, now).unwrap();
        let before = march.previous(Tokyo, now).unwrap();
        assert_eq!((before.from, before.to), (utc("2026-01-28T15:00:00Z"), march.from), "31 days back: 29 January in Tokyo");
        let this_month = Period::parse(Some("2026-11-01"), None, Tokyo, now).unwrap();
        let before = this_month.previous(Tokyo, now).unwrap();
        assert_eq!(before.from, utc("2026-10-09T15:00:00Z"), "22 whole days, today included");
        assert!(before.whole_days(Tokyo, now).is_some());
    }

    #[test]
    fn weeks_start_on_monday_in_the_zone() {
        // 2026-01-15 is a Thursday; its week began on Monday the 12th, 00:00 in Tokyo.
        let period = Period::parse(Some("2026-01-15"), Some("2026-01-26"), Tokyo, utc("2026-11-01T00:00:00Z")).unwrap();
        assert_eq!(
            period.week_starts(Tokyo),
            vec![utc("2026-01-11T15:00:00Z"), utc("2026-01-18T15:00:00Z"), utc("2026-01-25T15:00:00Z")]
        );
    }

    #[test]
    fn months_are_cut_in_the_zone() {
        let period = Period::parse(Some("2026-01-15"), Some("2026-03-02"), Tokyo, utc("2026-11-01T00:00:00Z")).unwrap();
        assert_eq!(
            period.month_starts(Tokyo),
            vec![utc("2025-12-31T15:00:00Z"), utc("2026-01-31T15:00:00Z"), utc("2026-02-28T15:00:00Z")]
        );
    }
}
