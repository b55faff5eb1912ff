//! The keyword report and one keyword's page (trend, co-occurring keywords, comments).
//!
//! The report's filter form sends GET to [`KEYWORDS_PATH`] with `survey`, `category`
//! (`""` = all), `mode` (`top` | `distinctive`), `from` and `to` (`YYYY-MM-DD`), so it works
//! without JavaScript and every view has a URL that can be shared.

use maud::{html, Markup};

use super::{clamp_share, percent, staff_page, StaffFrame, KEYWORDS_PATH};
use crate::i18n::{strings, KeywordDetailStrings, KeywordsStrings};

/// |z| at or above this is significant at the 5 % level (two-sided normal quantile).
const Z_SIGNIFICANT: f64 = 1.96;

/// The keyword report: filters, a summary line and the ranked keywords.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct KeywordsPage {
    pub frame: StaffFrame,
    /// Options of `<select name="survey">`.
    pub surveys: Vec<SurveyChoice>,
    /// The selected survey.
    pub survey_id: i64,
    /// Options of `<select name="category">`; the first is "all" with value `""`.
    pub categories: Vec<CategoryChoice>,
    /// The selected category value (`""` = all).
    pub category: String,
    pub mode: KeywordMode,
    /// Period start, `YYYY-MM-DD` (as typed when it failed validation).
    pub from: String,
    /// Period end, `YYYY-MM-DD`.
    pub to: String,
    /// Answers in the period (and category).
    pub answers: i64,
    /// Of those, answers whose comment yielded at least one term.
    pub answers_with_terms: i64,
    /// Best first.
    pub rows: Vec<KeywordRowView>,
    /// A message from the server above the results, already localised (e.g. a bad date).
    pub notice: Option<String>,
}

/// A survey in the filter menu.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct SurveyChoice {
    pub id: i64,
    pub name: String,
    /// `nps`, `csat` or `exit`; shown beside the name.
    pub kind: String,
}

/// A category in the filter menu.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct CategoryChoice {
    /// The query value (`""` = all, `promoter`, `detractor`…).
    pub value: String,
    /// What the person reads, already localised.
    pub label: String,
}

/// How keywords are ranked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Hash)]
pub enum KeywordMode {
    /// The most mentioned, by answers mentioning them.
    #[default]
    Top,
    /// Those a category uses more than the rest (needs a category), with a z-score.
    Distinctive,
}

impl KeywordMode {
    /// The query value: `top` or `distinctive`.
    pub fn value(self) -> &'static str {
        match self {
            KeywordMode::Top => "top",
            KeywordMode::Distinctive => "distinctive",
        }
    }

    fn label(self, s: &KeywordsStrings) -> &'static str {
        match self {
            KeywordMode::Top => s.mode_top,
            KeywordMode::Distinctive => s.mode_distinctive,
        }
    }
}

/// One ranked keyword.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct KeywordRowView {
    pub term: String,
    /// Answers mentioning the term.
    pub responses: i64,
    /// Of the answers with a comment, the share mentioning the term (0..=1).
    pub share: f64,
    /// Distinctive mode: the z-score of the difference from the rest.
    pub z: Option<f64>,
    /// The keyword's page.
    pub href: String,
}

/// One keyword's page.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct KeywordDetailPage {
    pub frame: StaffFrame,
    pub survey_name: String,
    pub term: String,
    /// The category, already localised ("すべて" when none).
    pub category_label: String,
    /// The period, already formatted ("2026-01-01〜2026-03-31").
    pub period_label: String,
    /// Answers mentioning the term in the period.
    pub responses: i64,
    /// The keyword report with the same filters.
    pub back_href: String,
    /// Every month of the period, oldest first.
    pub trend: Vec<MonthBar>,
    pub co_occurring: Vec<CoOccurrenceView>,
    /// Newest first.
    pub mentions: Vec<MentionView>,
    /// The next page of mentions, if any.
    pub next_href: Option<String>,
}

/// One month of the trend chart.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct MonthBar {
    /// e.g. `2026-03`.
    pub label: String,
    /// Answers that month mentioning the term.
    pub responses: i64,
    /// Of that month's answers with a comment, the share mentioning the term (0..=1).
    pub share: f64,
}

/// A keyword often used in the same comment.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct CoOccurrenceView {
    pub term: String,
    /// Answers mentioning both.
    pub responses: i64,
    /// How many times more often the two meet than by chance (1 = chance).
    pub lift: f64,
    /// That keyword's page.
    pub href: String,
}

/// One comment that uses the keyword, cut around the match.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct MentionView {
    /// Already formatted in the organisation's time zone.
    pub answered_at: String,
    /// e.g. "NPS 3", or an exit reason.
    pub score_label: String,
    pub before: String,
    pub matched: String,
    pub after: String,
    /// Text was cut before `before` (draw an ellipsis).
    pub cut_before: bool,
    /// Text was cut after `after`.
    pub cut_after: bool,
    /// The answer's own page, if the viewer may open it.
    pub href: Option<String>,
}

pub(super) fn kind_label<'a>(kind: &'a str, s: &KeywordsStrings) -> &'a str {
    match kind {
        "nps" => s.kind_nps,
        "csat" => s.kind_csat,
        "exit" => s.kind_exit,
        other => other,
    }
}

/// A z-score with its sign and two decimals, a real minus sign for negatives.
fn format_z(z: f64) -> String {
    format!("{z:+.2}").replace('-', "\u{2212}")
}

/// A horizontal bar `share / widest` of 100 units long (decorative: the number is beside it).
/// An SVG with attributes, because the CSP forbids inline `style`.
fn share_bar(share: f64, widest: f64) -> Markup {
    let length = if widest > 0.0 {
        clamp_share(share) / widest * 100.0
    } else {
        0.0
    };
    html! {
        svg.bar viewBox="0 0 100 10" width="100" height="10" preserveAspectRatio="none"
            aria-hidden="true" focusable="false" {
            rect.bar-fill width=(format!("{length:.1}")) height="10" rx="2" {}
        }
    }
}

/// The keyword report: a GET filter form, the answer counts, then the ranked keywords.
pub fn keywords_page(p: &KeywordsPage) -> Markup {
    let s = &strings(p.frame.lang).staff.keywords;
    let distinctive = p.mode == KeywordMode::Distinctive;
    let widest = p
        .rows
        .iter()
        .map(|row| clamp_share(row.share))
        .fold(0.0, f64::max);
    let body = html! {
        h1 { (s.title) }
        p.muted { (s.lead) }
        @if p.surveys.is_empty() {
            p.empty { (s.no_surveys) }
        } @else {
            form.filters method="get" action=(KEYWORDS_PATH) aria-label=(s.filters_label) {
                div.control.wide {
                    label for="f-survey" { (s.survey) }
                    select.input #f-survey name="survey" {
                        @for survey in &p.surveys {
                            option value=(survey.id) selected[survey.id == p.survey_id] {
                                ((s.survey_option)(&survey.name, kind_label(&survey.kind, s)))
                            }
                        }
                    }
                }
                div.control {
                    label for="f-category" { (s.category) }
                    select.input #f-category name="category" {
                        @for c in &p.categories {
                            option value=(c.value) selected[c.value == p.category] { (c.label) }
                        }
                    }
                }
                div.control {
                    label for="f-mode" { (s.mode) }
                    select.input #f-mode name="mode" aria-describedby="mode-hint" {
                        @for mode in [KeywordMode::Top, KeywordMode::Distinctive] {
                            option value=(mode.value()) selected[mode == p.mode] { (mode.label(s)) }
                        }
                    }
                }
                // Under the row that holds the mode menu, on a phone and on a laptop alike.
                p.hint #mode-hint { (s.mode_hint) }
                div.control {
                    label for="f-from" { (s.from) }
                    input.input #f-from type="date" name="from" value=(p.from);
                }
                div.control {
                    label for="f-to" { (s.to) }
                    input.input #f-to type="date" name="to" value=(p.to);
                }
                div.control {
                    button.button.button-small type="submit" { (s.submit) }
                }
            }
            @if let Some(notice) = &p.notice {
                p.notice { (notice) }
            } @else if distinctive && p.category.is_empty() {
                p.notice { (s.distinctive_needs_category) }
            }
            p.summary { ((s.summary)(p.answers, p.answers_with_terms)) }
            @if p.rows.is_empty() {
                p.empty {
                    (if p.answers == 0 { s.no_answers } else { s.no_keywords })
                }
            } @else {
                // Scrolls sideways on a narrow phone; focusable so the keyboard can scroll it.
                div.table-wrap role="region" aria-labelledby="kw-caption" tabindex="0" {
                    table.data {
                        caption.vh #kw-caption { (s.table_caption) }
                        thead {
                            tr {
                                th.num scope="col" { (s.col_rank) }
                                th scope="col" { (s.col_term) }
                                th.num scope="col" { (s.col_responses) }
                                th scope="col" { (s.col_share) }
                                @if distinctive {
                                    th.num scope="col" { (s.col_z) }
                                }
                            }
                        }
                        tbody {
                            @for (i, row) in p.rows.iter().enumerate() {
                                tr {
                                    td.num { (i + 1) }
                                    th scope="row" { a href=(row.href) { (row.term) } }
                                    td.num { ((s.count)(row.responses)) }
                                    td {
                                        span.share {
                                            (share_bar(row.share, widest))
                                            span.num { (percent(row.share)) }
                                        }
                                    }
                                    @if distinctive {
                                        td.num { (z_cell(row.z, s)) }
                                    }
                                }
                            }
                        }
                    }
                }
                p.note { (s.share_note) }
                @if distinctive {
                    p.note { (s.significance_note) }
                }
            }
        }
    };
    staff_page(&p.frame, s.title, body)
}

fn z_cell(z: Option<f64>, s: &KeywordsStrings) -> Markup {
    html! {
        @match z.filter(|z| z.is_finite()) {
            Some(z) => {
                (format_z(z))
                @if z.abs() >= Z_SIGNIFICANT {
                    " "
                    span.sig { (s.significant) }
                }
            }
            None => span.muted { (s.not_available) },
        }
    }
}

/// Geometry of the trend chart, in SVG user units (drawn at 1:1, scrolls on a phone).
const SLOT: usize = 48;
const BAR: usize = 30;
const TOP: f64 = 20.0;
const PLOT: f64 = 120.0;
const HEIGHT: usize = 164;

/// Monthly bars (height = share), each with its percentage above and its month below; the
/// `<title>` summarises the chart for screen readers, and the numbers follow as a table.
fn trend_chart(trend: &[MonthBar], s: &KeywordDetailStrings) -> Markup {
    let tallest = trend
        .iter()
        .map(|m| clamp_share(m.share))
        .fold(0.0, f64::max);
    // The first month with the highest share.
    let peak = trend.iter().fold(None::<&MonthBar>, |best, m| match best {
        Some(b) if clamp_share(b.share) >= clamp_share(m.share) => Some(b),
        _ => Some(m),
    });
    let summary = match (trend.first(), trend.last(), peak) {
        (Some(first), Some(last), Some(peak)) => (s.trend_summary)(
            &first.label,
            &last.label,
            &peak.label,
            &percent(peak.share),
            peak.responses,
        ),
        _ => String::new(),
    };
    let width = trend.len() * SLOT;
    let base = TOP + PLOT;
    html! {
        svg.chart role="img" aria-labelledby="trend-t" viewBox={ "0 0 " (width) " " (HEIGHT) }
            width=(width) height=(HEIGHT) focusable="false" {
            title #trend-t { (summary) }
            @for (i, m) in trend.iter().enumerate() {
                @let centre = i * SLOT + SLOT / 2;
                @let h = if tallest > 0.0 { clamp_share(m.share) / tallest * PLOT } else { 0.0 };
                rect.chart-bar x=(centre - BAR / 2) y=(format!("{:.1}", base - h)) width=(BAR)
                    height=(format!("{h:.1}")) {}
                text.chart-value x=(centre) y=(format!("{:.1}", base - h - 5.0)) text-anchor="middle" {
                    (percent(m.share))
                }
                text x=(centre) y=(HEIGHT - 6) text-anchor="middle" { (m.label) }
            }
            line.chart-axis x1="0" y1=(base) x2=(width) y2=(base) {}
        }
    }
}

/// One keyword's page: where it stands, its monthly trend, the words said with it, and the
/// comments that use it (newest first, the match marked, everything escaped).
pub fn keyword_detail_page(p: &KeywordDetailPage) -> Markup {
    let s = &strings(p.frame.lang).staff.keyword_detail;
    let heading = (s.heading)(&p.term);
    let body = html! {
        p.back {
            a href=(p.back_href) { span aria-hidden="true" { "← " } (s.back) }
        }
        h1 { (heading) }
        dl.facts {
            div { dt { (s.survey) } dd { (p.survey_name) } }
            div { dt { (s.category) } dd { (p.category_label) } }
            div { dt { (s.period) } dd { (p.period_label) } }
            div { dt { (s.responses) } dd { ((s.responses_count)(p.responses)) } }
        }
        section.block aria-labelledby="trend-h" {
            h2 #trend-h { (s.trend_title) }
            @if p.trend.is_empty() {
                p.empty { (s.trend_empty) }
            } @else {
                p.note { (s.trend_note) }
                div.table-wrap role="region" aria-labelledby="trend-h" tabindex="0" {
                    (trend_chart(&p.trend, s))
                }
                details.numbers {
                    summary { (s.trend_table) }
                    table.data {
                        thead {
                            tr {
                                th scope="col" { (s.col_month) }
                                th.num scope="col" { (s.col_responses) }
                                th.num scope="col" { (s.col_share) }
                            }
                        }
                        tbody {
                            @for m in &p.trend {
                                tr {
                                    th scope="row" { (m.label) }
                                    td.num { ((s.responses_count)(m.responses)) }
                                    td.num { (percent(m.share)) }
                                }
                            }
                        }
                    }
                }
            }
        }
        section.block aria-labelledby="co-h" {
            h2 #co-h { (s.co_title) }
            @if p.co_occurring.is_empty() {
                p.empty { (s.co_empty) }
            } @else {
                p.note { (s.co_note) }
                ul.chips {
                    @for co in &p.co_occurring {
                        li {
                            a href=(co.href) { (co.term) }
                            " "
                            span.muted { ((s.co_numbers)(co.responses, co.lift)) }
                        }
                    }
                }
            }
        }
        section.block aria-labelledby="mentions-h" {
            h2 #mentions-h { (s.mentions_title) }
            @if p.mentions.is_empty() {
                p.empty { (s.mentions_empty) }
            } @else {
                ul.mentions {
                    @for m in &p.mentions {
                        li {
                            p.mention-meta {
                                span { (m.answered_at) }
                                @if !m.score_label.trim().is_empty() {
                                    " "
                                    span.role { (m.score_label) }
                                }
                                @if let Some(href) = &m.href {
                                    " "
                                    a href=(href) { (s.open_response) }
                                }
                            }
                            p.quote {
                                @if m.cut_before { "…" }
                                (m.before)
                                mark { (m.matched) }
                                (m.after)
                                @if m.cut_after { "…" }
                            }
                        }
                    }
                }
                @if let Some(next) = &p.next_href {
                    p { a.secondary-link href=(next) { (s.more) } }
                }
            }
        }
    };
    staff_page(&p.frame, &heading, body)
}

#[cfg(test)]
mod tests {
    use super::super::{assert_language, test_frame};
    use super::*;
    use crate::test_support::{assert_csp_clean, HOSTILE, HOSTILE_ESCAPED};
    use crate::Lang;

    fn row(term: &str, responses: i64, share: f64, z: Option<f64>) -> KeywordRowView {
        KeywordRowView {
            term: term.into(),
            responses,
            share,
            z,
            href: format!("/staff/keywords/{term}?survey=1"),
        }
    }

    fn report(lang: Lang) -> KeywordsPage {
        KeywordsPage {
            frame: test_frame(lang),
            surveys: vec![
                SurveyChoice {
                    id: 1,
                    name: "2026年 顧客満足度調査".into(),
                    kind: "nps".into(),
                },
                SurveyChoice {
                    id: 2,
                    name: "解約時アンケート".into(),
                    kind: "exit".into(),
                },
            ],
            survey_id: 2,
            categories: vec![
                CategoryChoice {
                    value: String::new(),
                    label: "すべて".into(),
                },
                CategoryChoice {
                    value: "detractor".into(),
                    label: "批判者（0〜6）".into(),
                },
            ],
            category: "detractor".into(),
            mode: KeywordMode::Top,
            from: "2026-01-01".into(),
            to: "2026-03-31".into(),
            answers: 1234,
            answers_with_terms: 567,
            rows: vec![
                row("サポート", 40, 0.2, None),
                row("管理画面", 20, 0.1, None),
                row("使いやすい", 12, 0.05, None),
            ],
            notice: None,
        }
    }

    fn distinctive(lang: Lang) -> KeywordsPage {
        KeywordsPage {
            mode: KeywordMode::Distinctive,
            rows: vec![
                row("サポート", 40, 0.2, Some(2.1)),
                row("価格", 30, 0.15, Some(1.96)),
                row("動作", 20, 0.1, Some(1.2)),
                row("連携", 10, 0.05, Some(-2.5)),
                row("画面", 5, 0.02, None),
            ],
            ..report(lang)
        }
    }

    fn detail(lang: Lang) -> KeywordDetailPage {
        KeywordDetailPage {
            frame: test_frame(lang),
            survey_name: "2026年 顧客満足度調査".into(),
            term: "サポート".into(),
            category_label: "批判者（0〜6）".into(),
            period_label: "2026-01-01〜2026-03-31".into(),
            responses: 1500,
            back_href: "/staff/keywords?survey=1&category=detractor".into(),
            trend: vec![
                MonthBar {
                    label: "2026-01".into(),
                    responses: 10,
                    share: 0.1,
                },
                MonthBar {
                    label: "2026-02".into(),
                    responses: 30,
                    share: 0.25,
                },
                MonthBar {
                    label: "2026-03".into(),
                    responses: 0,
                    share: 0.0,
                },
            ],
            co_occurring: vec![CoOccurrenceView {
                term: "返信".into(),
                responses: 12,
                lift: 2.345,
                href: "/staff/keywords/返信?survey=1".into(),
            }],
            mentions: vec![
                MentionView {
                    answered_at: "2026-03-30 14:05".into(),
                    score_label: "NPS 3".into(),
                    before: "問い合わせへの".into(),
                    matched: "サポート".into(),
                    after: "の返信が遅い".into(),
                    cut_before: true,
                    cut_after: false,
                    href: Some("/staff/responses/42".into()),
                },
                MentionView {
                    answered_at: "2026-02-01 09:00".into(),
                    score_label: "NPS 5".into(),
                    before: String::new(),
                    matched: "サポート".into(),
                    after: "に何度も電話した".into(),
                    cut_before: false,
                    cut_after: true,
                    href: None,
                },
            ],
            next_href: Some("/staff/keywords/サポート?survey=1&before=abc".into()),
        }
    }

    fn render(p: &KeywordsPage) -> String {
        keywords_page(p).into_string()
    }

    fn render_detail(p: &KeywordDetailPage) -> String {
        keyword_detail_page(p).into_string()
    }

    #[test]
    fn filter_form_is_a_get_form_with_a_label_for_every_control() {
        let out = render(&report(Lang::Ja));
        assert!(out.contains(
            "<form class=\"filters\" method=\"get\" action=\"/staff/keywords\" aria-label=\"表示条件\">"
        ));
        for (id, name, label) in [
            ("f-survey", "survey", "アンケート"),
            ("f-category", "category", "回答者の区分"),
            ("f-mode", "mode", "集計方法"),
            ("f-from", "from", "開始日"),
            ("f-to", "to", "終了日"),
        ] {
            assert!(out.contains(&format!("<label for=\"{id}\">{label}</label>")));
            assert!(out.contains(&format!("id=\"{id}\"")));
            assert!(out.contains(&format!("name=\"{name}\"")));
        }
        assert!(out.contains("<option value=\"1\">2026年 顧客満足度調査（NPS）</option>"));
        assert!(out.contains("<option value=\"2\" selected>解約時アンケート（解約）</option>"));
        assert!(out.contains("<option value=\"\">すべて</option>"));
        assert!(out.contains("<option value=\"detractor\" selected>批判者（0〜6）</option>"));
        assert!(out.contains("<option value=\"top\" selected>よく出てくる語</option>"));
        assert!(out.contains("<option value=\"distinctive\">特徴的な語</option>"));
        assert!(out.contains("type=\"date\" name=\"from\" value=\"2026-01-01\""));
        assert!(out.contains("type=\"date\" name=\"to\" value=\"2026-03-31\""));
        assert!(out.contains("aria-describedby=\"mode-hint\""));
        assert!(out.contains("id=\"mode-hint\""));
        assert!(out.contains("<button class=\"button button-small\" type=\"submit\">表示</button>"));
        assert!(!out.contains("method=\"post\" action=\"/staff/keywords"));
        assert_eq!(out.matches(" selected").count(), 3);
    }

    #[test]
    fn summary_line_counts_answers_and_those_with_comments() {
        let out = render(&report(Lang::Ja));
        assert!(out.contains("<p class=\"summary\">回答 1,234 件のうち、コメントあり 567 件</p>"));
        let en = render(&report(Lang::En));
        assert!(en.contains("1,234 answers, 567 with a comment"));
    }

    #[test]
    fn top_keywords_are_a_table_with_rank_link_count_and_share_bar() {
        let out = render(&report(Lang::Ja));
        assert!(out.contains("<caption class=\"vh\" id=\"kw-caption\">キーワード一覧</caption>"));
        assert_eq!(out.matches("<th class=\"num\" scope=\"col\">").count(), 2);
        assert_eq!(out.matches("scope=\"col\"").count(), 4);
        assert!(out.contains(
            "<td class=\"num\">1</td><th scope=\"row\"><a href=\"/staff/keywords/サポート?survey=1\">サポート</a></th><td class=\"num\">40件</td>"
        ));
        assert!(out.contains("<td class=\"num\">3</td><th scope=\"row\">"));
        assert!(out.contains("<span class=\"num\">20.0%</span>"));
        // bars are relative to the most mentioned keyword, drawn by attributes, not style
        assert!(out.contains("<rect class=\"bar-fill\" width=\"100.0\""));
        assert!(out.contains("<rect class=\"bar-fill\" width=\"50.0\""));
        assert!(out.contains("<rect class=\"bar-fill\" width=\"25.0\""));
        assert!(out.contains("aria-hidden=\"true\""));
        assert!(!out.contains("特徴度"));
        assert!(!out.contains("class=\"sig\""));
        assert!(out.contains("tabindex=\"0\""));
        assert_csp_clean(&out);
    }

    #[test]
    fn distinctive_mode_shows_z_and_marks_the_significant_ones() {
        let out = render(&distinctive(Lang::Ja));
        assert!(out.contains("<th class=\"num\" scope=\"col\">特徴度（z値）</th>"));
        assert!(out.contains("<td class=\"num\">+2.10 <span class=\"sig\">有意</span></td>"));
        assert!(out.contains("<td class=\"num\">+1.96 <span class=\"sig\">有意</span></td>"));
        assert!(out.contains("<td class=\"num\">+1.20</td>"));
        assert!(out.contains("<td class=\"num\">\u{2212}2.50 <span class=\"sig\">有意</span></td>"));
        assert!(out.contains("<span class=\"muted\">算出なし</span>"));
        assert_eq!(out.matches("class=\"sig\"").count(), 3);
        assert!(out.contains(strings(Lang::Ja).staff.keywords.significance_note));
        let bad = render(&KeywordsPage {
            rows: vec![row("x", 1, f64::NAN, Some(f64::NAN))],
            ..distinctive(Lang::En)
        });
        assert!(bad.contains("n/a"));
        assert!(!bad.contains("NaN"));
    }

    #[test]
    fn distinctive_without_a_category_says_to_choose_one_unless_the_server_did() {
        let hint = strings(Lang::Ja).staff.keywords.distinctive_needs_category;
        let out = render(&KeywordsPage {
            category: String::new(),
            rows: Vec::new(),
            ..distinctive(Lang::Ja)
        });
        assert!(out.contains(&format!("<p class=\"notice\">{hint}</p>")));
        let out = render(&KeywordsPage {
            category: String::new(),
            notice: Some("区分を選んでください。".into()),
            ..distinctive(Lang::Ja)
        });
        assert!(out.contains("<p class=\"notice\">区分を選んでください。</p>"));
        assert!(!out.contains(hint));
        assert!(!render(&report(Lang::Ja)).contains("class=\"notice\""));
    }

    #[test]
    fn empty_states_say_what_to_do() {
        let s = &strings(Lang::Ja).staff.keywords;
        let none = render(&KeywordsPage {
            answers: 0,
            answers_with_terms: 0,
            rows: Vec::new(),
            ..report(Lang::Ja)
        });
        assert!(none.contains(&format!("<p class=\"empty\">{}</p>", s.no_answers)));
        assert!(!none.contains("<table"));
        let quiet = render(&KeywordsPage {
            rows: Vec::new(),
            ..report(Lang::Ja)
        });
        assert!(quiet.contains(&format!("<p class=\"empty\">{}</p>", s.no_keywords)));
        let nothing = render(&KeywordsPage {
            surveys: Vec::new(),
            ..report(Lang::Ja)
        });
        assert!(nothing.contains(&format!("<p class=\"empty\">{}</p>", s.no_surveys)));
        assert!(!nothing.contains("<form class=\"filters\""));
    }

    #[test]
    fn keyword_report_escapes_everything_it_is_given() {
        let p = KeywordsPage {
            surveys: vec![SurveyChoice {
                id: 1,
                name: HOSTILE.into(),
                kind: HOSTILE.into(),
            }],
            categories: vec![CategoryChoice {
                value: HOSTILE.into(),
                label: HOSTILE.into(),
            }],
            category: HOSTILE.into(),
            from: HOSTILE.into(),
            to: HOSTILE.into(),
            rows: vec![KeywordRowView {
                term: HOSTILE.into(),
                href: HOSTILE.into(),
                ..row("a", 1, 0.1, Some(3.0))
            }],
            notice: Some(HOSTILE.into()),
            ..distinctive(Lang::Ja)
        };
        let out = render(&p);
        assert_csp_clean(&out);
        assert!(!out.contains(HOSTILE));
        assert!(out.contains(&format!("<option value=\"{HOSTILE_ESCAPED}\" selected>")));
        assert!(out.contains(&format!("href=\"{HOSTILE_ESCAPED}\">{HOSTILE_ESCAPED}</a>")));
        assert!(out.contains(&format!("<p class=\"notice\">{HOSTILE_ESCAPED}</p>")));
    }

    #[test]
    fn keyword_report_speaks_each_language_only() {
        for lang in Lang::ALL {
            for p in [report(lang), distinctive(lang)] {
                let out = render(&p);
                assert!(out.contains(&format!("<html lang=\"{}\">", lang.code())));
                // survey names and category labels are data, not interface text
                // "z値" is the statistician's word in Japanese too
                let data: Vec<&str> = vec!["NPS", "CSAT", "hanako@example.co.jp", "z値"];
                assert_language(
                    lang,
                    &out,
                    &data,
                    &[
                        "2026年 顧客満足度調査",
                        "解約時アンケート",
                        "批判者（0〜6）",
                        "すべて",
                        "サポート",
                        "管理画面",
                        "使いやすい",
                        "価格",
                        "動作",
                        "連携",
                        "画面",
                        "山田 花子",
                    ],
                );
            }
        }
        let en = render(&distinctive(Lang::En));
        assert!(en.contains("<h1>Keywords</h1>"));
        assert!(en.contains("<option value=\"distinctive\" selected>Distinctive</option>"));
        assert!(en.contains("+2.10 <span class=\"sig\">significant</span>"));
        assert!(en.contains(">Show</button>"));
    }

    #[test]
    fn detail_page_heads_with_the_keyword_and_its_context() {
        let out = render_detail(&detail(Lang::Ja));
        assert!(out.contains("<title>「サポート」を含むコメント｜koe</title>"));
        assert!(out.contains("<h1>「サポート」を含むコメント</h1>"));
        assert!(out.contains(
            "<a href=\"/staff/keywords?survey=1&amp;category=detractor\"><span aria-hidden=\"true\">← </span>キーワード一覧に戻る</a>"
        ));
        assert!(out.contains("<dt>アンケート</dt><dd>2026年 顧客満足度調査</dd>"));
        assert!(out.contains("<dt>区分</dt><dd>批判者（0〜6）</dd>"));
        assert!(out.contains("<dt>期間</dt><dd>2026-01-01〜2026-03-31</dd>"));
        assert!(out.contains("<dt>この語を含む回答</dt><dd>1,500件</dd>"));
        assert!(out.contains("aria-current=\"page\""));
        let en = render_detail(&detail(Lang::En));
        assert!(en.contains("<h1>Comments mentioning \u{201c}サポート\u{201d}</h1>"));
        assert!(en.contains("<dd>1,500 answers</dd>"));
    }

    #[test]
    fn trend_is_an_svg_bar_chart_with_a_summary_and_a_table_of_its_numbers() {
        let out = render_detail(&detail(Lang::Ja));
        assert!(out.contains(
            "<svg class=\"chart\" role=\"img\" aria-labelledby=\"trend-t\" viewBox=\"0 0 144 164\" width=\"144\" height=\"164\""
        ));
        assert!(out.contains(
            "<title id=\"trend-t\">2026-01から2026-03までの月別の推移。最も割合が高いのは2026-02で、25.0%（30件）です。</title>"
        ));
        assert_eq!(out.matches("<rect class=\"chart-bar\"").count(), 3);
        // the tallest month fills the plot; the others are in proportion
        assert!(out.contains("x=\"57\" y=\"20.0\" width=\"30\" height=\"120.0\""));
        assert!(out.contains("x=\"9\" y=\"92.0\" width=\"30\" height=\"48.0\""));
        assert!(out.contains("x=\"105\" y=\"140.0\" width=\"30\" height=\"0.0\""));
        assert!(out.contains(">2026-03</text>"));
        assert!(out.contains(">25.0%</text>"));
        assert!(out.contains("<details class=\"numbers\"><summary>数値を表で見る</summary>"));
        assert!(out.contains(
            "<tr><th scope=\"row\">2026-02</th><td class=\"num\">30件</td><td class=\"num\">25.0%</td></tr>"
        ));
        let flat = render_detail(&KeywordDetailPage {
            trend: vec![MonthBar {
                label: "2026-01".into(),
                responses: 0,
                share: 0.0,
            }],
            ..detail(Lang::En)
        });
        assert!(!flat.contains("NaN"));
        assert!(flat.contains("height=\"0.0\""));
        let none = render_detail(&KeywordDetailPage {
            trend: Vec::new(),
            ..detail(Lang::Ja)
        });
        assert!(!none.contains("<svg class=\"chart\""));
        assert!(none.contains(strings(Lang::Ja).staff.keyword_detail.trend_empty));
    }

    #[test]
    fn co_occurring_keywords_link_to_their_own_pages() {
        let out = render_detail(&detail(Lang::Ja));
        assert!(out.contains(
            "<li><a href=\"/staff/keywords/返信?survey=1\">返信</a> <span class=\"muted\">12件・2.3倍</span></li>"
        ));
        let en = render_detail(&detail(Lang::En));
        assert!(en.contains("12 answers, lift 2.3"));
        let none = render_detail(&KeywordDetailPage {
            co_occurring: Vec::new(),
            ..detail(Lang::Ja)
        });
        assert!(!none.contains("class=\"chips\""));
        assert!(none.contains(strings(Lang::Ja).staff.keyword_detail.co_empty));
    }

    #[test]
    fn mentions_mark_the_match_show_cuts_and_keep_their_order() {
        let out = render_detail(&detail(Lang::Ja));
        assert!(
            out.contains("<p class=\"quote\">…問い合わせへの<mark>サポート</mark>の返信が遅い</p>")
        );
        assert!(out.contains("<p class=\"quote\"><mark>サポート</mark>に何度も電話した…</p>"));
        assert!(out.contains(
            "<span>2026-03-30 14:05</span> <span class=\"role\">NPS 3</span> <a href=\"/staff/responses/42\">回答の詳細</a>"
        ));
        let first = out.find("2026-03-30 14:05").unwrap_or(usize::MAX);
        let second = out.find("2026-02-01 09:00").unwrap_or(0);
        assert!(first < second);
        assert_eq!(out.matches(">回答の詳細</a>").count(), 1);
        assert!(out.contains(
            "<a class=\"secondary-link\" href=\"/staff/keywords/サポート?survey=1&amp;before=abc\">さらに表示する</a>"
        ));
        let last = render_detail(&KeywordDetailPage {
            next_href: None,
            mentions: Vec::new(),
            ..detail(Lang::Ja)
        });
        assert!(!last.contains("さらに表示する"));
        assert!(last.contains(strings(Lang::Ja).staff.keyword_detail.mentions_empty));
    }

    #[test]
    fn comments_and_every_other_value_are_escaped_on_the_detail_page() {
        let hostile = MentionView {
            answered_at: HOSTILE.into(),
            score_label: HOSTILE.into(),
            before: HOSTILE.into(),
            matched: HOSTILE.into(),
            after: HOSTILE.into(),
            cut_before: true,
            cut_after: true,
            href: Some(HOSTILE.into()),
        };
        let p = KeywordDetailPage {
            survey_name: HOSTILE.into(),
            term: HOSTILE.into(),
            category_label: HOSTILE.into(),
            period_label: HOSTILE.into(),
            back_href: HOSTILE.into(),
            trend: vec![MonthBar {
                label: HOSTILE.into(),
                responses: 1,
                share: 0.5,
            }],
            co_occurring: vec![CoOccurrenceView {
                term: HOSTILE.into(),
                responses: 1,
                lift: 1.0,
                href: HOSTILE.into(),
            }],
            mentions: vec![hostile],
            next_href: Some(HOSTILE.into()),
            ..detail(Lang::Ja)
        };
        let out = render_detail(&p);
        assert_csp_clean(&out);
        assert!(!out.contains(HOSTILE));
        assert!(out.contains(&format!(
            "…{HOSTILE_ESCAPED}<mark>{HOSTILE_ESCAPED}</mark>{HOSTILE_ESCAPED}…"
        )));
        assert!(out.contains(&format!("<h1>「{HOSTILE_ESCAPED}」を含むコメント</h1>")));
    }

    #[test]
    fn detail_page_speaks_each_language_only() {
        for lang in Lang::ALL {
            let out = render_detail(&detail(lang));
            assert_language(
                lang,
                &out,
                &["NPS", "hanako@example.co.jp"],
                &[
                    "2026年 顧客満足度調査",
                    "批判者（0〜6）",
                    "サポート",
                    "問い合わせへの",
                    "の返信が遅い",
                    "に何度も電話した",
                    "返信",
                    "山田 花子",
                ],
            );
        }
    }

    #[test]
    fn busy_pages_stay_reasonably_small() {
        // Staff pages are read on a laptop over a compressed connection; this guards against
        // markup that grows per row by accident, not a strict budget.
        let rows: Vec<KeywordRowView> = (0..50)
            .map(|i| row(&format!("キーワード{i}"), 100 - i, 0.3, Some(2.0)))
            .collect();
        let out = render(&KeywordsPage {
            rows,
            ..distinctive(Lang::Ja)
        });
        assert!(
            out.len() < 32 * 1024,
            "keywords page is {} bytes",
            out.len()
        );
        let mut p = detail(Lang::Ja);
        p.trend = (1..=24)
            .map(|m| MonthBar {
                label: format!("2025-{m:02}"),
                responses: m,
                share: 0.01 * m as f64,
            })
            .collect();
        p.mentions = std::iter::repeat_n(p.mentions[0].clone(), 20).collect();
        let out = render_detail(&p);
        assert!(out.len() < 32 * 1024, "detail page is {} bytes", out.len());
        assert!(out.contains("width=\"1152\""));
    }
}
