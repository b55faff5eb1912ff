//! The detractor report: per month and owner, how the loop was closed.
//!
//! Filter contract: the form sends GET `month=YYYY-MM` (empty: the last twelve months).

use maud::{html, Markup};

use super::frame::{staff_page, StaffFrame};
use super::{FOLLOW_UPS_PATH, REPORT_PATH};
use crate::i18n::strings;

/// One owner's cases opened in one month.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReportRow {
    /// e.g. "2026-03".
    pub month: String,
    /// `None`: the shared queue.
    pub owner: Option<String>,
    pub cases: i64,
    pub unfinished: i64,
    pub overdue: i64,
    pub median_hours_to_first_contact: Option<f64>,
    /// In per cent; `None` before any case is due.
    pub closed_loop_rate: Option<f64>,
}

/// `GET /staff/follow-ups/report`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReportPage {
    pub frame: StaffFrame,
    /// `YYYY-MM` values offered, newest first.
    pub months: Vec<String>,
    /// The chosen month; empty: the last twelve months.
    pub month: String,
    pub rows: Vec<ReportRow>,
}

pub fn report_page(p: &ReportPage) -> Markup {
    let st = &strings(p.frame.lang).staff;
    let s = &st.report;
    let body = html! {
        p.back { a href=(FOLLOW_UPS_PATH) { span aria-hidden="true" { "← " } (st.follow_ups.back) } }
        h1 { (s.title) }
        p.muted { (s.lead) }
        form.filters method="get" action=(REPORT_PATH) aria-label=(s.filters_label) {
            div.control {
                label for="r-month" { (s.month) }
                select.input #r-month name="month" {
                    option value="" selected[p.month.is_empty()] { (s.last_twelve_months) }
                    @for month in &p.months {
                        option value=(month) selected[*month == p.month] { (month) }
                    }
                }
            }
            div { button.button.button-small type="submit" { (s.show) } }
        }
        @if p.rows.is_empty() {
            p.empty { (s.none) }
        } @else {
            div.table-wrap role="region" aria-labelledby="rp-caption" tabindex="0" {
                table.data {
                    caption.vh #rp-caption { (s.title) }
                    thead { tr {
                        th scope="col" { (s.col_month) }
                        th scope="col" { (s.col_owner) }
                        th.num scope="col" { (s.col_cases) }
                        th.num scope="col" { (s.col_unfinished) }
                        th.num scope="col" { (s.col_overdue) }
                        th.num scope="col" { (s.col_median) }
                        th.num scope="col" { (s.col_rate) }
                    } }
                    tbody {
                        @for row in &p.rows {
                            tr {
                                td { (row.month) }
                                th scope="row" { (row.owner.as_deref().unwrap_or(s.shared_queue)) }
                                td.num { (row.cases) }
                                td.num { (row.unfinished) }
                                td.num { (row.overdue) }
                                td.num {
                                    @match row.median_hours_to_first_contact {
                                        Some(hours) => ((s.hours)(hours)),
                                        None => (s.not_available),
                                    }
                                }
                                td.num {
                                    @match row.closed_loop_rate {
                                        Some(rate) => (format!("{rate:.0}%")),
                                        None => (s.not_available),
                                    }
                                }
                            }
                        }
                    }
                }
            }
            p.note { (s.rate_note) }
        }
    };
    staff_page(&p.frame, s.title, body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::staff::{assert_language, test_frame};
    use crate::Lang;

    fn page(lang: Lang) -> ReportPage {
        ReportPage {
            frame: test_frame(lang),
            months: vec!["2026-03".into(), "2026-02".into()],
            month: "2026-02".into(),
            rows: vec![
                ReportRow {
                    month: "2026-02".into(),
                    owner: Some("sato@example.com".into()),
                    cases: 4,
                    unfinished: 1,
                    overdue: 1,
                    median_hours_to_first_contact: Some(5.25),
                    closed_loop_rate: Some(75.0),
                },
                ReportRow { month: "2026-02".into(), owner: None, cases: 1, unfinished: 1, ..ReportRow::default() },
            ],
        }
    }

    #[test]
    fn the_figures_are_shown_with_the_shared_queue_named() {
        let out = report_page(&page(Lang::Ja)).into_string();
        assert!(out.contains("5.2時間") || out.contains("5.3時間"), "{out}");
        assert!(out.contains(">75%<"));
        assert!(out.contains(">共有キュー<"));
        assert!(out.contains("<option value=\"2026-02\" selected>"));
        for lang in Lang::ALL {
            let out = report_page(&page(lang)).into_string();
            assert_language(lang, &out, &["sato@example.com", "hanako@example.co.jp"], &["山田 花子"]);
        }
    }
}
