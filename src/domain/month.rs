//! Calendar months as report filters name them (`2026-03`), in the organisation's zone.

use chrono::{Datelike, Months, NaiveDate};

/// A calendar month: its first and last day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Month {
    pub first: NaiveDate,
    pub last: NaiveDate,
}

impl Month {
    /// Reads `YYYY-MM`; `None` for anything else.
    pub fn parse(text: &str) -> Option<Month> {
        let (year, month) = text.trim().split_once('-')?;
        if year.len() != 4 || month.len() != 2 {
            return None;
        }
        let first = NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, 1)?;
        let last = first.checked_add_months(Months::new(1))?.pred_opt()?;
        Some(Month { first, last })
    }

    /// The month holding `day`.
    pub fn of(day: NaiveDate) -> Option<Month> {
        Month::parse(&day.format("%Y-%m").to_string())
    }

    pub fn label(&self) -> String {
        self.first.format("%Y-%m").to_string()
    }

    /// `count` months ending with the one holding `today`, newest first.
    pub fn recent(today: NaiveDate, count: u32) -> Vec<Month> {
        (0..count)
            .filter_map(|back| today.with_day(1)?.checked_sub_months(Months::new(back)))
            .filter_map(Month::of)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn a_month_runs_from_its_first_to_its_last_day() {
        assert_eq!(Month::parse("2028-02"), Some(Month { first: day(2028, 2, 1), last: day(2028, 2, 29) }));
        assert_eq!(Month::parse("2026-12").map(|m| m.last), Some(day(2026, 12, 31)));
        for bad in ["2026-13", "2026-3", "26-03", "2026/03", "", "march"] {
            assert_eq!(Month::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn recent_months_go_back_across_a_year_newest_first() {
        let labels: Vec<String> = Month::recent(day(2026, 2, 28), 3).iter().map(Month::label).collect();
        assert_eq!(labels, ["2026-02", "2026-01", "2025-12"]);
    }
}
