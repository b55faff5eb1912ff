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
    /// `to=2026-03-31` includes the 31st. Without `from` the period is the year before `to`;
    /// without `to` it ends now.
    pub fn parse(from: Option<&str>, to: Option<&str>, zone: Tz, now: DateTime<Utc>) -> Result<Period, PeriodError> {
        let to = match to.map(str::trim).filter(|text| !text.is_empty()) {
            None => now,
            Some(text) => instant(text, zone, Bound::End).ok_or(PeriodError::Unreadable("to"))?,
        };
        let from = match from.map(str::trim).filter(|text| !text.is_empty()) {
            None => to - chrono::Duration::days(365),
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

    /// The first instant of each calendar month (in `zone`) that the period touches.
    pub fn month_starts(&self, zone: Tz) -> Vec<DateTime<Utc>> {
        let first = self.from.with_timezone(&zone).date_naive();
        let mut month = NaiveDate::from_ymd_opt(first.year(), first.month(), 1).unwrap_or(first);
        let mut starts = Vec::new();
        while let Some(start) = start_of_day(month, zone) {
            if start >= self.to {
                break;
            }
            starts.push(start);
            match month.checked_add_months(chrono::Months::new(1)) {
                Some(next) => month = next,
                None => break,
            }
        }
        starts
    }
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
fn start_of_day(date: NaiveDate, zone: Tz) -> Option<DateTime<Utc>> {
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
    fn defaults_are_the_year_up_to_now() {
        let now = utc("2026-11-22T12:00:00Z");
        let period = Period::parse(None, None, Tokyo, now).unwrap();
        assert_eq!(period.to, now);
        assert_eq!(period.from, utc("2025-11-22T12:00:00Z"));
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
    fn months_are_cut_in_the_zone() {
        let period = Period::parse(Some("2026-01-15"), Some("2026-03-02"), Tokyo, utc("2026-11-01T00:00:00Z")).unwrap();
        assert_eq!(
            period.month_starts(Tokyo),
            vec![utc("2025-12-31T15:00:00Z"), utc("2026-01-31T15:00:00Z"), utc("2026-02-28T15:00:00Z")]
        );
    }
}
