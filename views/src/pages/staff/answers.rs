//! The answers behind a number on the dashboard: the same survey, period, filters and group,
//! newest first, each linked to its own page.

use maud::{html, Markup};

use super::{staff_page, StaffFrame};
use crate::i18n::strings;

/// Where the list is served; it takes the dashboard's query plus `category` and `before`.
pub const ANSWERS_PATH: &str = "/staff/responses";

/// One page of the list.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct AnswersPage {
    pub frame: StaffFrame,
    pub survey_name: String,
    pub period_label: String,
    /// The group (promoters, a reason…), already localised; `None` for every answer.
    pub group_label: Option<String>,
    /// Account filters in force, as `(label, value)`, already localised.
    pub filters: Vec<(String, String)>,
    /// Every answer behind the number, across pages.
    pub total: i64,
    pub rows: Vec<AnswerRow>,
    pub next_href: Option<String>,
    /// The dashboard with the same filters.
    pub back_href: String,
    pub csv_href: String,
    pub excel_href: String,
}

/// One answer.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct AnswerRow {
    /// In the organisation's time zone.
    pub answered_at: String,
    /// e.g. "NPS 3", or the exit reason.
    pub score_label: String,
    pub comment: Option<String>,
    /// `None`: an anonymous answer on a public link.
    pub account: Option<String>,
    /// The answer's own page.
    pub href: String,
}

pub fn answers_page(p: &AnswersPage) -> Markup {
    let s = &strings(p.frame.lang).staff.answers;
    let body = html! {
        p.back { a href=(p.back_href) { span aria-hidden="true" { "← " } (s.back) } }
        h1 { (s.title) }
        dl.facts {
            div { dt { (s.survey) } dd { (p.survey_name) } }
            div { dt { (s.period) } dd { (p.period_label) } }
            div { dt { (s.group) } dd { (p.group_label.as_deref().unwrap_or(s.all)) } }
            @for (label, value) in &p.filters {
                div { dt { (label) } dd { (value) } }
            }
        }
        p.summary { ((s.total)(p.total)) }
        @if p.rows.is_empty() {
            p.empty { (s.none) }
        } @else {
            div.table-wrap role="region" aria-labelledby="answers-c" tabindex="0" {
                table.data.cases {
                    caption.vh #answers-c { (s.title) }
                    thead {
                        tr {
                            th scope="col" { (s.col_answered_at) }
                            th scope="col" { (s.col_score) }
                            th scope="col" { (s.col_comment) }
                            th scope="col" { (s.col_account) }
                        }
                    }
                    tbody {
                        @for row in &p.rows {
                            tr {
                                td { a href=(row.href) { (row.answered_at) } }
                                td { span.role { (row.score_label) } }
                                td.wrap {
                                    @match &row.comment {
                                        Some(comment) if !comment.trim().is_empty() => (comment),
                                        _ => span.muted { (s.no_comment) },
                                    }
                                }
                                td { (row.account.as_deref().unwrap_or(s.anonymous)) }
                            }
                        }
                    }
                }
            }
            @if let Some(next) = &p.next_href {
                p { a.secondary-link href=(next) { (s.more) } }
            }
        }
        p {
            a.secondary-link href=(p.csv_href) download { (s.export_csv) }
            " "
            a.secondary-link href=(p.excel_href) download { (s.export_excel) }
        }
    };
    staff_page(&p.frame, s.title, body)
}

#[cfg(test)]
mod tests {
    use super::super::test_frame as frame;
    use super::*;
    use crate::test_support::{assert_csp_clean, HOSTILE, HOSTILE_ESCAPED};
    use crate::Lang;

    fn page(lang: Lang) -> AnswersPage {
        AnswersPage {
            frame: frame(lang),
            survey_name: "NPS 2026".into(),
            period_label: "2026-01-01〜2026-03-31".into(),
            group_label: Some("批判者（0〜6）".into()),
            filters: vec![("セグメント".into(), "smb".into())],
            total: 2,
            rows: vec![
                AnswerRow {
                    answered_at: "2026-03-02 10:00".into(),
                    score_label: "NPS 3".into(),
                    comment: Some("遅い".into()),
                    account: Some("株式会社テスト".into()),
                    href: "/staff/responses/7".into(),
                },
                AnswerRow { answered_at: "2026-03-01 10:00".into(), score_label: "NPS 5".into(), href: "/staff/responses/6".into(), ..AnswerRow::default() },
            ],
            next_href: Some("/staff/responses?survey=1&before=x".into()),
            back_href: "/staff/dashboard?survey=1".into(),
            csv_href: "/staff/responses.csv?survey=1".into(),
            excel_href: "/staff/responses.csv?survey=1&excel=1".into(),
        }
    }

    #[test]
    fn each_answer_links_to_its_page_and_the_list_says_how_many() {
        let out = answers_page(&page(Lang::Ja)).into_string();
        assert!(out.contains("<a href=\"/staff/responses/7\">2026-03-02 10:00</a>"));
        assert!(out.contains("<a href=\"/staff/responses/6\">"));
        assert!(out.contains("<dd>批判者（0〜6）</dd>"));
        assert!(out.contains("<dt>セグメント</dt><dd>smb</dd>"));
        assert!(out.contains(&(strings(Lang::Ja).staff.answers.total)(2)));
        assert!(out.contains(strings(Lang::Ja).staff.answers.anonymous));
        assert!(out.contains("href=\"/staff/responses?survey=1&amp;before=x\""));
        assert!(out.contains("href=\"/staff/responses.csv?survey=1&amp;excel=1\" download"));
    }

    #[test]
    fn comments_are_escaped() {
        let mut p = page(Lang::En);
        p.rows[0].comment = Some(HOSTILE.into());
        p.survey_name = HOSTILE.into();
        let out = answers_page(&p).into_string();
        assert_csp_clean(&out);
        assert!(!out.contains(HOSTILE));
        assert!(out.contains(HOSTILE_ESCAPED));
    }
}
