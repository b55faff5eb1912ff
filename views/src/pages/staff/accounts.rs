//! The accounts list and one account's page (its scores over time, comments, follow-ups).
//!
//! Filter contract: the list's form sends GET `q`, `owner` (an email, or [`NO_OWNER`]),
//! `segment`, `plan`, `stage`, `dormant=1` and `page`.

use chrono::{Datelike, NaiveDate};
use maud::{html, Markup, PreEscaped};
use plotters::prelude::*;

use super::follow_ups::{StatusKind, TriggerKind};
use super::frame::{staff_page, NavItem, StaffFrame};
use super::{ACCOUNTS_PATH, IMPORT_PATH, MAILINGS_PATH};
use crate::i18n::{strings, AccountsStrings, FollowUpStrings};

/// The owner filter's value for accounts without an owner.
pub const NO_OWNER: &str = "none";

/// How an account's latest NPS compares with its previous one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum NpsDirection {
    Up,
    Down,
    Same,
    #[default]
    First,
}

impl NpsDirection {
    /// The glyph, always shown with its words (a glyph alone says nothing to a screen reader).
    fn glyph(self) -> &'static str {
        match self {
            NpsDirection::Up => "↑",
            NpsDirection::Down => "↓",
            NpsDirection::Same => "→",
            NpsDirection::First => "",
        }
    }

    fn label(self, s: &AccountsStrings) -> &'static str {
        match self {
            NpsDirection::Up => s.direction_up,
            NpsDirection::Down => s.direction_down,
            NpsDirection::Same => s.direction_same,
            NpsDirection::First => s.direction_first,
        }
    }

    fn class(self) -> &'static str {
        match self {
            NpsDirection::Up => "trend up",
            NpsDirection::Down => "trend down",
            NpsDirection::Same | NpsDirection::First => "trend",
        }
    }
}

/// The label of a lifecycle stage code; an unknown code is shown as it is.
fn stage_label<'a>(code: &'a str, s: &AccountsStrings) -> &'a str {
    let l = &s.stages;
    match code {
        "lead" => l.lead,
        "prospect" => l.prospect,
        "customer" => l.customer,
        "repeater" => l.repeater,
        "fan" => l.fan,
        "ambassador" => l.ambassador,
        "alumni" => l.alumni,
        other => other,
    }
}

/// One account of the list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AccountRow {
    pub href: String,
    pub name: String,
    pub external_id: String,
    /// `None`: no owner.
    pub owner: Option<String>,
    pub segment: Option<String>,
    /// The latest NPS and how it moved.
    pub last_nps: Option<(i16, NpsDirection)>,
    pub unfinished_follow_ups: i64,
    pub days_since_activity: i64,
    pub dormant: bool,
}

/// The filters as the person set them (echoed into the form).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AccountFilters {
    pub search: String,
    /// Empty: any owner; [`NO_OWNER`]: none; else an email.
    pub owner: String,
    pub segment: String,
    pub plan: String,
    pub stage: String,
    pub dormant: bool,
}

/// `GET /staff/accounts`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AccountsPage {
    pub frame: StaffFrame,
    pub filters: AccountFilters,
    pub owner_emails: Vec<String>,
    pub segments: Vec<String>,
    pub plans: Vec<String>,
    /// Lifecycle stage codes, in order.
    pub stages: Vec<&'static str>,
    pub rows: Vec<AccountRow>,
    /// Accounts matching the filters, on all pages.
    pub total: i64,
    pub page: i64,
    pub pages: i64,
    pub previous_href: Option<String>,
    pub next_href: Option<String>,
    pub dormant_days: u32,
    /// Admins get links to the CSV import and to mailings.
    pub may_import: bool,
}

fn select(id: &str, name: &str, label: &str, chosen: &str, any: &str, options: &[(String, String)]) -> Markup {
    html! {
        div.control {
            label for=(id) { (label) }
            select.input #(id) name=(name) {
                option value="" selected[chosen.is_empty()] { (any) }
                @for (value, text) in options {
                    option value=(value) selected[*value == chosen] { (text) }
                }
            }
        }
    }
}

fn same(values: &[String]) -> Vec<(String, String)> {
    values.iter().map(|value| (value.clone(), value.clone())).collect()
}

pub fn accounts_page(p: &AccountsPage) -> Markup {
    let s = &strings(p.frame.lang).staff.accounts;
    let f = &p.filters;
    let mut owners = vec![(NO_OWNER.to_owned(), s.no_owner.to_owned())];
    owners.extend(same(&p.owner_emails));
    let stages: Vec<(String, String)> =
        p.stages.iter().map(|code| ((*code).to_owned(), stage_label(code, s).to_owned())).collect();
    let body = html! {
        h1 { (s.title) }
        p.muted { (s.lead) " " (((s.dormant_note)(p.dormant_days))) }
        @if p.may_import {
            p { a href=(IMPORT_PATH) { (s.import_link) } " · " a href=(MAILINGS_PATH) { (strings(p.frame.lang).staff.mailings.link) } }
        }
        form.filters method="get" action=(ACCOUNTS_PATH) aria-label=(s.filters_label) {
            div.control.wide {
                label for="a-q" { (s.search) }
                input.input #a-q type="search" name="q" value=(f.search);
            }
            (select("a-owner", "owner", s.owner, &f.owner, s.any, &owners))
            (select("a-segment", "segment", s.segment, &f.segment, s.any, &same(&p.segments)))
            (select("a-plan", "plan", s.plan, &f.plan, s.any, &same(&p.plans)))
            (select("a-stage", "stage", s.stage, &f.stage, s.any, &stages))
            label.check {
                input type="checkbox" name="dormant" value="1" checked[f.dormant];
                span { (s.dormant_only) }
            }
            div { button.button.button-small type="submit" { (s.show) } }
        }
        @if p.rows.is_empty() {
            p.empty { (s.none) }
        } @else {
            p.summary { ((s.count)(p.total)) }
            div.table-wrap role="region" aria-labelledby="ac-caption" tabindex="0" {
                table.data.cases.accounts {
                    caption.vh #ac-caption { (s.title) }
                    thead { tr {
                        th scope="col" { (s.col_name) }
                        th scope="col" { (s.owner) }
                        th scope="col" { (s.segment) }
                        th scope="col" { (s.col_nps) }
                        th scope="col" { (s.col_follow_ups) }
                        th scope="col" { (s.col_activity) }
                    } }
                    tbody {
                        @for row in &p.rows {
                            tr {
                                th.wrap scope="row" {
                                    a href=(row.href) { (row.name) }
                                    " " span.muted { (row.external_id) }
                                }
                                td { (row.owner.as_deref().unwrap_or(s.no_owner)) }
                                td { (row.segment.as_deref().unwrap_or("—")) }
                                td {
                                    @match row.last_nps {
                                        Some((score, direction)) => {
                                            "NPS " (score) " "
                                            span class=(direction.class()) {
                                                @if !direction.glyph().is_empty() {
                                                    span aria-hidden="true" { (direction.glyph()) } " "
                                                }
                                                (direction.label(s))
                                            }
                                        },
                                        None => span.muted { (s.no_nps) },
                                    }
                                }
                                td.num { span.cell-label { (s.col_follow_ups) " " } (row.unfinished_follow_ups) }
                                td {
                                    ((s.days_ago)(row.days_since_activity))
                                    @if row.dormant { " " span.overdue { (s.dormant) } }
                                }
                            }
                        }
                    }
                }
            }
            @if p.pages > 1 {
                nav.pager aria-label=((s.page_of)(p.page, p.pages)) {
                    @if let Some(href) = &p.previous_href { a href=(href) rel="prev" { (s.previous_page) } }
                    span { ((s.page_of)(p.page, p.pages)) }
                    @if let Some(href) = &p.next_href { a href=(href) rel="next" { (s.next_page) } }
                }
            }
        }
    };
    staff_page(&p.frame, s.title, body)
}

/// The survey kind of a scored answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ScoreKind {
    #[default]
    Nps,
    Csat,
}

impl ScoreKind {
    fn name(self) -> &'static str {
        match self {
            ScoreKind::Nps => "NPS",
            ScoreKind::Csat => "CSAT",
        }
    }

    fn range(self) -> (i32, i32) {
        match self {
            ScoreKind::Nps => (0, 10),
            ScoreKind::Csat => (1, 5),
        }
    }
}

/// An NPS or CSAT answer of the account's contacts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ScoredAnswer {
    pub href: String,
    /// The day it was answered, in the organisation's zone (the chart's x).
    pub day: NaiveDate,
    /// Already formatted in the organisation's zone.
    pub answered_at: String,
    pub kind: ScoreKind,
    pub score: i16,
    pub survey: String,
    pub contact: Option<String>,
}

/// A comment of the account's contacts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CommentView {
    pub href: String,
    pub answered_at: String,
    /// e.g. "NPS 3"; empty for exit answers.
    pub score_label: String,
    pub comment: String,
    pub contact: Option<String>,
}

/// One of the account's follow-ups.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AccountFollowUp {
    pub href: String,
    pub status: StatusKind,
    pub trigger: TriggerKind,
    pub created_at: String,
    pub due_at: String,
    pub overdue: bool,
}

/// The account's exit-survey answer.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExitAnswer {
    pub href: String,
    pub answered_at: String,
    pub reason: Option<String>,
    pub comment: Option<String>,
}

/// `GET /staff/accounts/{id}`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AccountPage {
    pub frame: StaffFrame,
    pub name: String,
    pub external_id: String,
    pub owner: Option<String>,
    pub segment: Option<String>,
    pub plan: Option<String>,
    pub mrr: i64,
    pub stage: String,
    /// Already formatted in the organisation's zone.
    pub last_activity: String,
    pub days_since_activity: i64,
    pub dormant: bool,
    pub dormant_days: u32,
    /// Oldest first.
    pub scores: Vec<ScoredAnswer>,
    /// Newest first.
    pub comments: Vec<CommentView>,
    /// Newest first.
    pub follow_ups: Vec<AccountFollowUp>,
    pub exit: Option<ExitAnswer>,
}

/// Size of one chart, in SVG user units; CSS scales it down on a phone.
const CHART_WIDTH: u32 = 720;
const CHART_HEIGHT: u32 = 220;

/// One kind's scores over time as SVG (plotters), or `None` if plotters fails: the table
/// below the chart holds the same numbers.
fn score_chart(kind: ScoreKind, answers: &[&ScoredAnswer]) -> Option<String> {
    let days: Vec<i32> = answers.iter().map(|answer| answer.day.num_days_from_ce()).collect();
    let first = *days.iter().min()?;
    // A single day still gets a width, so that its points are not on the edge.
    let last = (*days.iter().max()?).max(first + 1);
    let (low, high) = kind.range();
    let accent = RGBColor(0x33, 0x46, 0xc4);
    let muted = RGBColor(0x5a, 0x62, 0x72);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (CHART_WIDTH, CHART_HEIGHT)).into_drawing_area();
        let mut chart = ChartBuilder::on(&root)
            .margin(12)
            .x_label_area_size(28)
            .y_label_area_size(32)
            .build_cartesian_2d(first..last, low..high)
            .ok()?;
        let label_style = ("sans-serif", 13).into_font().color(&muted);
        chart
            .configure_mesh()
            .light_line_style(WHITE)
            .bold_line_style(RGBColor(0xe3, 0xe6, 0xeb))
            .axis_style(RGBColor(0x8a, 0x92, 0xa0))
            .x_labels(5)
            .y_labels(usize::try_from(high - low + 1).unwrap_or(6).min(6))
            .x_label_formatter(&|day| {
                NaiveDate::from_num_days_from_ce_opt(*day).map(|date| date.format("%Y-%m").to_string()).unwrap_or_default()
            })
            .label_style(label_style)
            .draw()
            .ok()?;
        let points: Vec<(i32, i32)> = answers.iter().zip(&days).map(|(answer, day)| (*day, i32::from(answer.score))).collect();
        chart.draw_series(LineSeries::new(points.clone(), accent.mix(0.4).stroke_width(2))).ok()?;
        chart.draw_series(points.into_iter().map(|point| Circle::new(point, 4, accent.filled()))).ok()?;
        root.present().ok()?;
    }
    Some(svg)
}

fn chart_block(kind: ScoreKind, answers: &[&ScoredAnswer], s: &AccountsStrings) -> Markup {
    let (Some(first), Some(last)) = (answers.first(), answers.last()) else { return html! {} };
    let summary = format!("{} — {}", kind.name(), (s.chart_summary)(answers.len(), &first.answered_at, &last.answered_at));
    html! {
        @if let Some(svg) = score_chart(kind, answers) {
            h3 { (kind.name()) }
            figure.plot {
                div role="img" aria-label=(summary) { (PreEscaped(svg)) }
                figcaption.note { (summary) }
            }
        }
    }
}

pub fn account_page(p: &AccountPage) -> Markup {
    let strings = strings(p.frame.lang);
    let s = &strings.staff.accounts;
    let fs: &FollowUpStrings = &strings.staff.follow_ups;
    let by_kind = |kind: ScoreKind| p.scores.iter().filter(|answer| answer.kind == kind).collect::<Vec<_>>();
    let body = html! {
        p.back { a href=(ACCOUNTS_PATH) { span aria-hidden="true" { "← " } (s.back) } }
        h1 { (p.name) }
        dl.facts {
            div { dt { (s.external_id) } dd { (p.external_id) } }
            div { dt { (s.owner) } dd { (p.owner.as_deref().unwrap_or(s.no_owner)) } }
            div { dt { (s.segment) } dd { (p.segment.as_deref().unwrap_or("—")) } }
            div { dt { (s.plan) } dd { (p.plan.as_deref().unwrap_or("—")) } }
            div { dt { (s.mrr) } dd { ((s.yen)(p.mrr)) } }
            div { dt { (s.stage) } dd { (stage_label(&p.stage, s)) } }
            div {
                dt { (s.last_activity) }
                dd {
                    (p.last_activity) " (" ((s.days_ago)(p.days_since_activity)) ") "
                    @if p.dormant { span.overdue { (s.dormant) } } @else { span.muted { (s.active) } }
                }
            }
        }
        section.block aria-labelledby="scores-h" {
            h2 #scores-h { (s.chart_title) }
            @if p.scores.is_empty() {
                p.muted { (s.chart_empty) }
            } @else {
                (chart_block(ScoreKind::Nps, &by_kind(ScoreKind::Nps), s))
                (chart_block(ScoreKind::Csat, &by_kind(ScoreKind::Csat), s))
                details.numbers {
                    summary { (s.chart_table) }
                    div.table-wrap role="region" aria-labelledby="scores-caption" tabindex="0" {
                        table.data {
                            caption.vh #scores-caption { (s.chart_title) }
                            thead { tr {
                                th scope="col" { (s.col_answered_at) }
                                th scope="col" { (s.col_survey) }
                                th scope="col" { (s.col_score) }
                                th scope="col" { (s.col_contact) }
                            } }
                            tbody {
                                @for answer in &p.scores {
                                    tr {
                                        th scope="row" { a href=(answer.href) { (answer.answered_at) } }
                                        td { (answer.survey) }
                                        td { (answer.kind.name()) " " (answer.score) }
                                        td { (answer.contact.as_deref().unwrap_or("—")) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        @if let Some(exit) = &p.exit {
            section.block aria-labelledby="exit-h" {
                h2 #exit-h { (s.exit_title) }
                dl.facts {
                    div { dt { (s.col_answered_at) } dd { a href=(exit.href) { (exit.answered_at) } } }
                    @if let Some(reason) = &exit.reason { div { dt { (s.exit_reason) } dd { (reason) } } }
                }
                @if let Some(comment) = &exit.comment { p.quote.spaced { (comment) } }
            }
        }
        section.block aria-labelledby="comments-h" {
            h2 #comments-h { (s.comments_title) }
            @if p.comments.is_empty() {
                p.muted { (s.comments_none) }
            } @else {
                ul.mentions {
                    @for comment in &p.comments {
                        li {
                            p.mention-meta {
                                span { (comment.answered_at) }
                                @if !comment.score_label.is_empty() { span { (comment.score_label) } }
                                @if let Some(contact) = &comment.contact { span { (contact) } }
                            }
                            p.quote { (comment.comment) }
                            a href=(comment.href) { (s.open_answer) }
                        }
                    }
                }
            }
        }
        section.block aria-labelledby="fu-h" {
            h2 #fu-h { (s.follow_ups_title) }
            @if p.follow_ups.is_empty() {
                p.muted { (s.follow_ups_none) }
            } @else {
                div.table-wrap role="region" aria-labelledby="fu-caption" tabindex="0" {
                    table.data {
                        caption.vh #fu-caption { (s.follow_ups_title) }
                        thead { tr {
                            th scope="col" { (s.col_created_at) }
                            th scope="col" { (s.col_status) }
                            th scope="col" { (s.col_trigger) }
                            th scope="col" { (s.col_due_at) }
                        } }
                        tbody {
                            @for case in &p.follow_ups {
                                tr {
                                    th scope="row" { a href=(case.href) { (case.created_at) } }
                                    td { (case.status.label(fs)) }
                                    td { (case.trigger.label(fs)) }
                                    td {
                                        (case.due_at)
                                        @if case.overdue { " " span.overdue { (fs.overdue) } }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    staff_page(&StaffFrame { current: Some(NavItem::Accounts), ..p.frame.clone() }, &p.name, body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::staff::{assert_language, test_frame};
    use crate::test_support::{assert_csp_clean, HOSTILE, HOSTILE_ESCAPED};
    use crate::Lang;

    fn row() -> AccountRow {
        AccountRow {
            href: "/staff/accounts/7".into(),
            name: "株式会社あおば".into(),
            external_id: "A-7".into(),
            owner: None,
            segment: Some("smb".into()),
            last_nps: Some((4, NpsDirection::Down)),
            unfinished_follow_ups: 2,
            days_since_activity: 120,
            dormant: true,
        }
    }

    fn list(lang: Lang) -> AccountsPage {
        AccountsPage {
            frame: test_frame(lang),
            stages: vec!["customer", "alumni"],
            rows: vec![row()],
            total: 1,
            page: 1,
            pages: 1,
            dormant_days: 90,
            ..AccountsPage::default()
        }
    }

    #[test]
    fn a_row_says_the_direction_in_words_and_flags_dormancy() {
        let out = accounts_page(&list(Lang::Ja)).into_string();
        assert!(out.contains("NPS 4"));
        assert!(out.contains("<span aria-hidden=\"true\">↓</span> 前回より低下"), "{out}");
        assert!(out.contains("120日前") && out.contains(">休眠<"));
        assert!(out.contains(">担当者なし<"));
        let en = accounts_page(&list(Lang::En)).into_string();
        assert!(en.contains("down from the previous answer") && en.contains("120 days ago"));
    }

    #[test]
    fn the_filters_keep_what_was_chosen_and_the_list_speaks_one_language() {
        for lang in Lang::ALL {
            let mut page = list(lang);
            page.filters = AccountFilters { search: "あお".into(), stage: "alumni".into(), dormant: true, ..AccountFilters::default() };
            let out = accounts_page(&page).into_string();
            assert!(out.contains("value=\"あお\""));
            assert!(out.contains("<option value=\"alumni\" selected>"));
            assert!(out.contains("name=\"dormant\" value=\"1\" checked"));
            assert_language(lang, &out, &["NPS", "A-7", "smb", "hanako@example.co.jp", "ID"], &["株式会社あおば", "あお", "山田 花子"]);
        }
    }

    #[test]
    fn pagination_links_appear_only_with_more_than_one_page() {
        let mut page = list(Lang::Ja);
        assert!(!accounts_page(&page).into_string().contains("rel=\"next\""));
        page.pages = 3;
        page.page = 2;
        page.next_href = Some("/staff/accounts?page=3".into());
        page.previous_href = Some("/staff/accounts?page=1".into());
        let out = accounts_page(&page).into_string();
        assert!(out.contains("href=\"/staff/accounts?page=3\" rel=\"next\"") && out.contains("2 / 3 ページ"));
    }

    fn account(lang: Lang) -> AccountPage {
        let answer = |day: u32, kind, score| ScoredAnswer {
            href: format!("/staff/responses/{day}"),
            day: NaiveDate::from_ymd_opt(2026, 3, day).unwrap(),
            answered_at: format!("2026-03-{day:02} 10:00"),
            kind,
            score,
            survey: "調査".into(),
            contact: Some("yamada@example.com".into()),
        };
        AccountPage {
            frame: test_frame(lang),
            name: HOSTILE.into(),
            external_id: "A-7".into(),
            mrr: 120_000,
            stage: "customer".into(),
            last_activity: "2026-03-20 10:00".into(),
            days_since_activity: 3,
            dormant_days: 90,
            scores: vec![answer(1, ScoreKind::Nps, 9), answer(10, ScoreKind::Nps, 3), answer(12, ScoreKind::Csat, 2)],
            comments: vec![CommentView {
                href: "/staff/responses/10".into(),
                answered_at: "2026-03-10 10:00".into(),
                score_label: "NPS 3".into(),
                comment: "<b>遅い</b>".into(),
                contact: None,
            }],
            follow_ups: vec![AccountFollowUp { href: "/staff/follow-ups/5".into(), overdue: true, ..AccountFollowUp::default() }],
            exit: None,
            ..AccountPage::default()
        }
    }

    #[test]
    fn the_account_page_draws_a_chart_per_kind_with_a_table_beside_it() {
        let out = account_page(&account(Lang::Ja)).into_string();
        assert_csp_clean(&out);
        assert_eq!(out.matches("<svg").count(), 2, "one NPS chart, one CSAT chart");
        assert!(out.contains("<circle"), "every answer is a point");
        assert!(out.contains("href=\"/staff/responses/10\""));
        assert!(out.contains("href=\"/staff/follow-ups/5\""));
        assert!(out.contains("120,000円"));
        assert!(out.contains("&lt;b&gt;遅い&lt;/b&gt;"));
        assert!(out.contains(HOSTILE_ESCAPED) && !out.contains(HOSTILE));
        assert!(out.contains("aria-current=\"page\">取引先<"));
    }

    #[test]
    fn an_account_without_answers_says_so() {
        for lang in Lang::ALL {
            let out = account_page(&AccountPage { scores: Vec::new(), ..account(lang) }).into_string();
            assert!(!out.contains("<svg"));
            assert!(out.contains(strings(lang).staff.accounts.chart_empty));
        }
    }
}
