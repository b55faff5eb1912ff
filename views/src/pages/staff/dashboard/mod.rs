//! The managers' dashboard: NPS or CSAT with its sample size and margin of error, the trend
//! with its 95 % interval, the mix of promoters, passives and detractors, the response rate,
//! exit reasons and churn. Every count links to the answers behind it.
//!
//! The filter form sends GET to [`DASHBOARD_PATH`] with `survey`, `from`, `to` (`YYYY-MM-DD`),
//! `interval` (`week` | `month`), `segment`, `plan`, `owner_email` and `stage`; every link on
//! the page carries the same filters, so any view can be shared as a URL.

pub mod charts;

use maud::{html, Markup, PreEscaped};

use super::keywords::SurveyChoice;
use super::{staff_page, StaffFrame};
use crate::i18n::{strings, CategoryLabels, DashboardStrings};

/// The dashboard; its filter form sends GET here.
pub const DASHBOARD_PATH: &str = "/staff/dashboard";

/// The dashboard page.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct DashboardPage {
    pub frame: StaffFrame,
    /// Options of `<select name="survey">`.
    pub surveys: Vec<SurveyChoice>,
    pub filters: DashboardFilters,
    /// The values each account filter can take, for its menu.
    pub options: FilterOptions,
    /// Quick periods ("last 30 days"…), each a link keeping the other filters.
    pub ranges: Vec<RangeLink>,
    /// A filter that could not be read: the page shows the form and says which.
    pub problem: Option<FilterField>,
    /// The chosen survey's figures; `None` without surveys or with a problem.
    pub report: Option<DashboardReport>,
    /// Customer and revenue churn by month (oldest first).
    pub churn: Vec<ChurnMonth>,
}

/// The filters as the form shows them (as typed, when one was refused).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct DashboardFilters {
    pub survey_id: i64,
    pub from: String,
    pub to: String,
    pub interval: Interval,
    pub segment: String,
    pub plan: String,
    pub owner_email: String,
    pub stage: String,
}

/// Weeks (from Monday) or calendar months.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Hash)]
pub enum Interval {
    Week,
    #[default]
    Month,
}

impl Interval {
    /// The query value.
    pub fn value(self) -> &'static str {
        match self {
            Interval::Week => "week",
            Interval::Month => "month",
        }
    }
}

/// Values found in the accounts, for the filter menus.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct FilterOptions {
    pub segments: Vec<String>,
    pub plans: Vec<String>,
    pub owners: Vec<String>,
    pub stages: Vec<String>,
}

/// A filter field, to name the one that was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FilterField {
    Survey,
    Period,
    Interval,
    Segment,
    Plan,
    Owner,
    Stage,
}

impl FilterField {
    fn label(self, s: &DashboardStrings) -> &'static str {
        match self {
            FilterField::Survey => s.survey,
            FilterField::Period => s.period,
            FilterField::Interval => s.interval,
            FilterField::Segment => s.segment,
            FilterField::Plan => s.plan,
            FilterField::Owner => s.owner,
            FilterField::Stage => s.stage,
        }
    }
}

/// A quick period.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum QuickRange {
    Last30Days,
    Last3Months,
    Last12Months,
    ThisYear,
}

impl QuickRange {
    /// Every quick period, in menu order.
    pub const ALL: [QuickRange; 4] = [QuickRange::Last30Days, QuickRange::Last3Months, QuickRange::Last12Months, QuickRange::ThisYear];

    fn label(self, s: &DashboardStrings) -> &'static str {
        match self {
            QuickRange::Last30Days => s.range_30_days,
            QuickRange::Last3Months => s.range_3_months,
            QuickRange::Last12Months => s.range_12_months,
            QuickRange::ThisYear => s.range_this_year,
        }
    }
}

/// A quick period's link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RangeLink {
    pub range: QuickRange,
    pub href: String,
    /// The page shows exactly this period.
    pub current: bool,
}

/// A count and the list of the answers behind it.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Linked {
    pub count: i64,
    pub href: String,
}

/// What every survey kind shows.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ReportCommon {
    pub survey_name: String,
    /// e.g. `2026-01-01〜2026-03-31`.
    pub period_label: String,
    /// The period of the same length just before, same format.
    pub previous_label: Option<String>,
    /// Every answer in the period with the filters.
    pub answers: Linked,
    pub response_rate: RateView,
    /// The answers as CSV, plain and for Excel.
    pub csv_href: String,
    pub excel_href: String,
    /// Chart downloads: `(chart, svg href, csv href)`.
    pub downloads: Vec<(charts::Chart, String, String)>,
}

/// Invitations sent and answered.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct RateView {
    pub sent: i64,
    pub answered: i64,
    /// Per cent; `None` when nothing was sent.
    pub rate: Option<f64>,
}

/// The chosen survey's figures, by its kind.
#[derive(Clone, Debug, PartialEq)]
pub enum DashboardReport {
    Nps(NpsReport),
    Csat(CsatReport),
    Exit(ExitReport),
}

impl DashboardReport {
    fn common(&self) -> &ReportCommon {
        match self {
            DashboardReport::Nps(report) => &report.common,
            DashboardReport::Csat(report) => &report.common,
            DashboardReport::Exit(report) => &report.common,
        }
    }
}

/// NPS with its uncertainty, in points.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct NpsFiguresView {
    pub nps: Option<f64>,
    /// Wald 95 % margin of error, the figure quoted beside the NPS.
    pub margin: Option<f64>,
    /// Adjusted-Wald 95 % interval, drawn on the chart.
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
    pub n: Linked,
    pub promoters: Linked,
    pub passives: Linked,
    pub detractors: Linked,
    /// n < 30.
    pub small_sample: bool,
}

/// The move since the previous period, in points.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct ChangeView {
    pub points: f64,
    pub margin: f64,
    pub significant: bool,
}

/// An NPS survey.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct NpsReport {
    pub common: ReportCommon,
    pub headline: NpsFiguresView,
    /// The previous period's NPS, when it had answers.
    pub previous_nps: Option<f64>,
    pub change: Option<ChangeView>,
    /// Every week or month of the period, oldest first.
    pub periods: Vec<NpsPeriod>,
}

/// One week or month of an NPS survey.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct NpsPeriod {
    /// e.g. `2026-03` or `2026-03-02` (the Monday).
    pub label: String,
    pub figures: NpsFiguresView,
    pub rate: RateView,
}

/// CSAT (1–5) figures.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct CsatFiguresView {
    /// Top-2-box share (4 and 5), per cent.
    pub top2: Option<f64>,
    pub mean: Option<f64>,
    pub n: Linked,
    /// The answers giving 4 or 5.
    pub satisfied: Linked,
    pub small_sample: bool,
}

/// A CSAT survey.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct CsatReport {
    pub common: ReportCommon,
    pub headline: CsatFiguresView,
    pub previous_top2: Option<f64>,
    pub change: Option<ChangeView>,
    pub periods: Vec<CsatPeriod>,
}

/// One week or month of a CSAT survey.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct CsatPeriod {
    pub label: String,
    pub figures: CsatFiguresView,
    pub rate: RateView,
}

/// An exit survey.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ExitReport {
    pub common: ReportCommon,
    pub reasons: Vec<ReasonView>,
}

/// One exit reason.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ReasonView {
    /// Already localised.
    pub label: String,
    /// The answers giving it (their comments are on the linked list).
    pub answers: Linked,
    /// Of the exit answers, per cent.
    pub share: Option<f64>,
    /// Yen a month.
    pub mrr_lost: i64,
}

/// One month of churn.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ChurnMonth {
    /// e.g. `2026-03`.
    pub label: String,
    pub accounts_at_start: i64,
    pub churned: i64,
    pub customer_rate: Option<f64>,
    pub mrr_at_start: i64,
    pub mrr_lost: i64,
    pub revenue_rate: Option<f64>,
}

/// A number with one decimal and a real minus sign (`-3.25` -> `−3.3`).
fn one_decimal(value: f64) -> String {
    format!("{value:.1}").replace('-', "\u{2212}")
}

/// A signed number with one decimal (`+5.0`, `−3.3`).
fn signed(value: f64) -> String {
    format!("{value:+.1}").replace('-', "\u{2212}")
}

/// Per cent with one decimal, or a dash.
fn percent_or_dash(value: Option<f64>) -> String {
    value.filter(|v| v.is_finite()).map_or_else(|| "–".to_owned(), |v| format!("{}%", one_decimal(v)))
}

fn nps_or_dash(value: Option<f64>) -> String {
    value.filter(|v| v.is_finite()).map_or_else(|| "–".to_owned(), one_decimal)
}

fn count_link(linked: &Linked, text: String) -> Markup {
    html! { a href=(linked.href) { (text) } }
}

/// The dashboard: filters, then the survey's figures, then churn.
pub fn dashboard_page(p: &DashboardPage) -> Markup {
    let s = &strings(p.frame.lang).staff.dashboard;
    let categories = &strings(p.frame.lang).staff.keywords.categories;
    let body = html! {
        h1 { (s.title) }
        p.muted { (s.lead) }
        @if p.surveys.is_empty() {
            p.empty { (s.no_surveys) }
        } @else {
            (filters_form(p, s))
            @if let Some(field) = p.problem {
                div.error-summary role="alert" {
                    p { ((s.invalid_filter)(field.label(s))) }
                }
            }
            @match &p.report {
                Some(DashboardReport::Nps(report)) => (nps_sections(report, s, categories)),
                Some(DashboardReport::Csat(report)) => (csat_sections(report, s)),
                Some(DashboardReport::Exit(report)) => (exit_sections(report, s)),
                None => {},
            }
            @if let Some(report) = &p.report {
                (rate_section(report, s))
                (exports(report.common(), s))
            }
            @if p.problem.is_none() {
                (churn_section(&p.churn, s))
            }
        }
    };
    staff_page(&p.frame, s.title, body)
}

fn select(id: &str, name: &str, label: &str, any: &str, values: &[String], chosen: &str) -> Markup {
    html! {
        div.control {
            label for=(id) { (label) }
            select.input id=(id) name=(name) {
                option value="" selected[chosen.is_empty()] { (any) }
                @for value in values {
                    option value=(value) selected[value == chosen] { (value) }
                }
                // A value typed into the URL that no account has: keep it visible and chosen.
                @if !chosen.is_empty() && !values.iter().any(|value| value == chosen) {
                    option value=(chosen) selected { (chosen) }
                }
            }
        }
    }
}

fn filters_form(p: &DashboardPage, s: &DashboardStrings) -> Markup {
    let f = &p.filters;
    let o = &p.options;
    let kinds = &strings(p.frame.lang).staff.keywords;
    html! {
        form.filters method="get" action=(DASHBOARD_PATH) aria-label=(s.filters_label) {
            div.control.wide {
                label for="d-survey" { (s.survey) }
                select.input #d-survey name="survey" {
                    @for survey in &p.surveys {
                        option value=(survey.id) selected[survey.id == f.survey_id] {
                            ((kinds.survey_option)(&survey.name, super::keywords::kind_label(&survey.kind, kinds)))
                        }
                    }
                }
            }
            div.control {
                label for="d-from" { (s.from) }
                input.input #d-from type="date" name="from" value=(f.from);
            }
            div.control {
                label for="d-to" { (s.to) }
                input.input #d-to type="date" name="to" value=(f.to);
            }
            div.control {
                label for="d-interval" { (s.interval) }
                select.input #d-interval name="interval" {
                    @for (interval, label) in [(Interval::Month, s.interval_month), (Interval::Week, s.interval_week)] {
                        option value=(interval.value()) selected[interval == f.interval] { (label) }
                    }
                }
            }
            (select("d-segment", "segment", s.segment, s.any, &o.segments, &f.segment))
            (select("d-plan", "plan", s.plan, s.any, &o.plans, &f.plan))
            (select("d-owner", "owner_email", s.owner, s.any, &o.owners, &f.owner_email))
            (select("d-stage", "stage", s.stage, s.any, &o.stages, &f.stage))
            div.control {
                button.button.button-small type="submit" { (s.submit) }
            }
            @if !p.ranges.is_empty() {
                p.ranges {
                    span.muted { (s.quick_ranges) }
                    @for range in &p.ranges {
                        " "
                        a.chip href=(range.href) aria-current=[range.current.then_some("true")] { (range.range.label(s)) }
                    }
                }
            }
        }
    }
}

fn period_facts(common: &ReportCommon, s: &DashboardStrings) -> Markup {
    html! {
        dl.facts {
            div { dt { (s.survey) } dd { (common.survey_name) } }
            div { dt { (s.period) } dd { (common.period_label) } }
            @if let Some(previous) = &common.previous_label {
                div { dt { (s.compared_with) } dd { (previous) } }
            }
        }
    }
}

fn change_line(change: Option<ChangeView>, previous: Option<f64>, unit: &str, s: &DashboardStrings) -> Markup {
    html! {
        @match (change, previous) {
            (Some(change), Some(previous)) => {
                p.change.significant[change.significant] {
                    strong { ((s.change)(&signed(change.points), unit)) }
                    " "
                    span.muted { ((s.previous_value)(&one_decimal(previous))) }
                    br;
                    ((if change.significant { s.change_significant } else { s.change_not_significant })(&one_decimal(change.margin)))
                }
            }
            _ => p.change.muted { (s.change_unavailable) },
        }
    }
}

fn small_sample_badge(small: bool, s: &DashboardStrings) -> Markup {
    html! { @if small { " " span.small-n { (s.small_sample) } } }
}

/// The chart as drawn by [`charts::svg`], its caption, its data table and its downloads.
fn chart_figure(report: &DashboardReport, chart: charts::Chart, s: &DashboardStrings, table: Markup) -> Markup {
    let common = report.common();
    let download = common.downloads.iter().find(|(c, _, _)| *c == chart);
    let id = chart.name();
    html! {
        figure.block.chart-card aria-labelledby={ "chart-" (id) "-h" } {
            h2 #{ "chart-" (id) "-h" } { (chart.title(s)) }
            @match charts::svg(chart, report, s) {
                Ok(Some(svg)) => {
                    div.plot-wrap {
                        // Drawn by koe itself from escaped values: see `charts::svg`.
                        (PreEscaped(svg))
                    }
                },
                _ => p.empty { (s.chart_unavailable) },
            }
            (table)
            @if let Some((_, svg_href, csv_href)) = download {
                p.downloads {
                    span.muted { (s.download) }
                    " "
                    a href=(svg_href) download { (s.download_svg) }
                    " "
                    a href=(csv_href) download { (s.download_csv) }
                }
            }
        }
    }
}

fn nps_sections(report: &NpsReport, s: &DashboardStrings, categories: &CategoryLabels) -> Markup {
    let h = &report.headline;
    let whole = DashboardReport::Nps(report.clone());
    let share = |part: &Linked| if h.n.count > 0 { Some(100.0 * part.count as f64 / h.n.count as f64) } else { None };
    html! {
        (period_facts(&report.common, s))
        section.block.headline aria-labelledby="nps-h" {
            h2 #nps-h { (s.nps) }
            @match h.nps {
                Some(nps) => {
                    p.figure {
                        a.big href=(h.n.href) { (one_decimal(nps)) }
                        @if let Some(margin) = h.margin {
                            " "
                            span.margin title=(s.margin_title) { "±" (one_decimal(margin)) }
                        }
                        (small_sample_badge(h.small_sample, s))
                    }
                    p.n { (count_link(&h.n, (s.answers)(h.n.count))) }
                    @if let (Some(low), Some(high)) = (h.ci_low, h.ci_high) {
                        p.muted { ((s.interval_line)(&one_decimal(low), &one_decimal(high))) }
                    }
                    (change_line(report.change, report.previous_nps, s.points, s))
                    ul.mix {
                        li.promoters { span { (categories.promoter) } " " (count_link(&h.promoters, (s.answers)(h.promoters.count))) " " span.muted { (percent_or_dash(share(&h.promoters))) } }
                        li.passives { span { (categories.passive) } " " (count_link(&h.passives, (s.answers)(h.passives.count))) " " span.muted { (percent_or_dash(share(&h.passives))) } }
                        li.detractors { span { (categories.detractor) } " " (count_link(&h.detractors, (s.answers)(h.detractors.count))) " " span.muted { (percent_or_dash(share(&h.detractors))) } }
                    }
                },
                None => p.empty { (s.no_answers) },
            }
            p.note { (s.margin_note) }
        }
        (chart_figure(&whole, charts::Chart::Nps, s, nps_table(report, s, categories)))
        (chart_figure(&whole, charts::Chart::Mix, s, html! {}))
    }
}

fn nps_table(report: &NpsReport, s: &DashboardStrings, categories: &CategoryLabels) -> Markup {
    html! {
        div.table-wrap role="region" aria-labelledby="nps-table-c" tabindex="0" {
            table.data {
                caption.vh #nps-table-c { (s.nps_table) }
                thead {
                    tr {
                        th scope="col" { (s.col_period) }
                        th.num scope="col" { (s.col_n) }
                        th.num scope="col" { (s.nps) }
                        th.num scope="col" { (s.col_margin) }
                        th.num scope="col" { (s.col_interval) }
                        th.num scope="col" { (categories.promoter) }
                        th.num scope="col" { (categories.passive) }
                        th.num scope="col" { (categories.detractor) }
                    }
                }
                tbody {
                    @for period in &report.periods {
                        @let f = &period.figures;
                        tr.small-row[f.small_sample && f.n.count > 0] {
                            th.period scope="row" { (period.label) }
                            td.num { (count_link(&f.n, f.n.count.to_string())) @if f.small_sample && f.n.count > 0 { " " span.small-n title=(s.small_sample) { (s.small_sample_short) } } }
                            td.num { (nps_or_dash(f.nps)) }
                            td.num { @if let Some(m) = f.margin { "±" (one_decimal(m)) } @else { "–" } }
                            td.num {
                                @if let (Some(low), Some(high)) = (f.ci_low, f.ci_high) { (one_decimal(low)) "〜" (one_decimal(high)) } @else { "–" }
                            }
                            td.num { (count_link(&f.promoters, f.promoters.count.to_string())) }
                            td.num { (count_link(&f.passives, f.passives.count.to_string())) }
                            td.num { (count_link(&f.detractors, f.detractors.count.to_string())) }
                        }
                    }
                }
            }
        }
    }
}

fn csat_sections(report: &CsatReport, s: &DashboardStrings) -> Markup {
    let h = &report.headline;
    let whole = DashboardReport::Csat(report.clone());
    html! {
        (period_facts(&report.common, s))
        section.block.headline aria-labelledby="csat-h" {
            h2 #csat-h { (s.csat) }
            @match h.top2 {
                Some(top2) => {
                    p.figure {
                        a.big href=(h.satisfied.href) { (one_decimal(top2)) "%" }
                        (small_sample_badge(h.small_sample, s))
                    }
                    p.n {
                        (count_link(&h.satisfied, (s.satisfied_of)(h.satisfied.count)))
                        " / "
                        (count_link(&h.n, (s.answers)(h.n.count)))
                    }
                    @if let Some(mean) = h.mean {
                        p.muted { ((s.mean_line)(&format!("{mean:.2}"))) }
                    }
                    (change_line(report.change, report.previous_top2, s.percentage_points, s))
                },
                None => p.empty { (s.no_answers) },
            }
        }
        (chart_figure(&whole, charts::Chart::Csat, s, html! {
            div.table-wrap role="region" aria-labelledby="csat-table-c" tabindex="0" {
                table.data {
                    caption.vh #csat-table-c { (s.csat_table) }
                    thead {
                        tr {
                            th scope="col" { (s.col_period) }
                            th.num scope="col" { (s.col_n) }
                            th.num scope="col" { (s.col_top2) }
                            th.num scope="col" { (s.col_mean) }
                        }
                    }
                    tbody {
                        @for period in &report.periods {
                            @let f = &period.figures;
                            tr {
                                th.period scope="row" { (period.label) }
                                td.num { (count_link(&f.n, f.n.count.to_string())) @if f.small_sample && f.n.count > 0 { " " span.small-n title=(s.small_sample) { (s.small_sample_short) } } }
                                td.num { @if f.top2.is_some() { (count_link(&f.satisfied, percent_or_dash(f.top2))) } @else { "–" } }
                                td.num { @if let Some(mean) = f.mean { (format!("{mean:.2}")) } @else { "–" } }
                            }
                        }
                    }
                }
            }
        }))
    }
}

fn exit_sections(report: &ExitReport, s: &DashboardStrings) -> Markup {
    html! {
        (period_facts(&report.common, s))
        section.block aria-labelledby="exit-h" {
            h2 #exit-h { (s.exit_reasons) }
            p.n { (count_link(&report.common.answers, (s.answers)(report.common.answers.count))) }
            div.table-wrap role="region" aria-labelledby="exit-h" tabindex="0" {
                table.data {
                    thead {
                        tr {
                            th scope="col" { (s.col_reason) }
                            th.num scope="col" { (s.col_answers) }
                            th.num scope="col" { (s.col_share) }
                            th.num scope="col" { (s.col_mrr_lost) }
                            th scope="col" { span.vh { (s.comments) } }
                        }
                    }
                    tbody {
                        @for reason in &report.reasons {
                            tr {
                                th scope="row" { (reason.label) }
                                td.num { (count_link(&reason.answers, reason.answers.count.to_string())) }
                                td.num { (percent_or_dash(reason.share)) }
                                td.num { ((s.yen)(reason.mrr_lost)) }
                                td { a href=(reason.answers.href) { (s.comments) } }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn rate_section(report: &DashboardReport, s: &DashboardStrings) -> Markup {
    let total = report.common().response_rate;
    let periods: Vec<(&str, RateView)> = match report {
        DashboardReport::Nps(r) => r.periods.iter().map(|p| (p.label.as_str(), p.rate)).collect(),
        DashboardReport::Csat(r) => r.periods.iter().map(|p| (p.label.as_str(), p.rate)).collect(),
        DashboardReport::Exit(_) => Vec::new(),
    };
    html! {
        section.block aria-labelledby="rate-h" {
            h2 #rate-h { (s.response_rate) }
            p.summary { ((s.rate_line)(total.sent, total.answered, &percent_or_dash(total.rate))) }
            @if !periods.is_empty() {
                details.numbers {
                    summary { (s.by_period) }
                    div.table-wrap {
                        table.data {
                            thead {
                                tr {
                                    th scope="col" { (s.col_period) }
                                    th.num scope="col" { (s.col_sent) }
                                    th.num scope="col" { (s.col_answered) }
                                    th.num scope="col" { (s.col_rate) }
                                }
                            }
                            tbody {
                                @for (label, rate) in &periods {
                                    tr {
                                        th.period scope="row" { (label) }
                                        td.num { (rate.sent) }
                                        td.num { (rate.answered) }
                                        td.num { (percent_or_dash(rate.rate)) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            p.note { (s.rate_note) }
        }
    }
}

fn exports(common: &ReportCommon, s: &DashboardStrings) -> Markup {
    html! {
        section.block aria-labelledby="export-h" {
            h2 #export-h { (s.export) }
            p {
                a.secondary-link href=(common.answers.href) { (s.open_answers) }
                " "
                a.secondary-link href=(common.csv_href) download { (s.export_csv) }
                " "
                a.secondary-link href=(common.excel_href) download { (s.export_excel) }
            }
        }
    }
}

fn churn_section(months: &[ChurnMonth], s: &DashboardStrings) -> Markup {
    html! {
        section.block aria-labelledby="churn-h" {
            h2 #churn-h { (s.churn) }
            div.table-wrap role="region" aria-labelledby="churn-h" tabindex="0" {
                table.data {
                    thead {
                        tr {
                            th scope="col" { (s.col_month) }
                            th.num scope="col" { (s.col_accounts) }
                            th.num scope="col" { (s.col_churned) }
                            th.num scope="col" { (s.col_customer_churn) }
                            th.num scope="col" { (s.col_mrr_start) }
                            th.num scope="col" { (s.col_mrr_lost) }
                            th.num scope="col" { (s.col_revenue_churn) }
                        }
                    }
                    tbody {
                        @for month in months {
                            tr {
                                th.period scope="row" { (month.label) }
                                td.num { (month.accounts_at_start) }
                                td.num { (month.churned) }
                                td.num { (percent_or_dash(month.customer_rate)) }
                                td.num { ((s.yen)(month.mrr_at_start)) }
                                td.num { ((s.yen)(month.mrr_lost)) }
                                td.num { (percent_or_dash(month.revenue_rate)) }
                            }
                        }
                    }
                }
            }
            p.note { (s.churn_note) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_frame as frame;
    use super::*;
    use crate::test_support::{assert_csp_clean, HOSTILE, HOSTILE_ESCAPED};
    use crate::Lang;

    fn linked(count: i64, href: &str) -> Linked {
        Linked { count, href: href.into() }
    }

    fn page(lang: Lang) -> DashboardPage {
        let figures = NpsFiguresView {
            nps: Some(30.0),
            margin: Some(48.4),
            ci_low: Some(-5.0),
            ci_high: Some(55.0),
            n: linked(10, "/staff/responses?survey=1"),
            promoters: linked(5, "/staff/responses?survey=1&category=promoter"),
            passives: linked(3, "/staff/responses?survey=1&category=passive"),
            detractors: linked(2, "/staff/responses?survey=1&category=detractor"),
            small_sample: true,
        };
        DashboardPage {
            frame: StaffFrame { current: Some(super::super::NavItem::Dashboard), ..frame(lang) },
            surveys: vec![SurveyChoice { id: 1, name: "NPS 2026".into(), kind: "nps".into() }],
            filters: DashboardFilters { survey_id: 1, segment: "smb".into(), ..DashboardFilters::default() },
            options: FilterOptions { segments: vec!["smb".into()], ..FilterOptions::default() },
            report: Some(DashboardReport::Nps(NpsReport {
                common: ReportCommon { survey_name: "NPS 2026".into(), period_label: "2026-03-01 – 2026-03-31".into(), answers: figures.n.clone(), ..ReportCommon::default() },
                headline: figures.clone(),
                previous_nps: Some(10.0),
                change: Some(ChangeView { points: 20.0, margin: 22.3, significant: false }),
                periods: vec![NpsPeriod { label: "2026-03".into(), figures, rate: RateView::default() }],
            })),
            ..DashboardPage::default()
        }
    }

    #[test]
    fn the_headline_quotes_n_and_the_margin_and_says_whether_the_change_counts() {
        let out = dashboard_page(&page(Lang::Ja)).into_string();
        assert!(out.contains("<a class=\"big\" href=\"/staff/responses?survey=1\">30.0</a>"));
        assert!(out.contains("±48.4"));
        assert!(out.contains(">回答 10 件</a>"));
        assert!(out.contains("前の期間から +20.0 ポイント"));
        assert!(out.contains("誤差（±22.3）の範囲内"));
        assert!(out.contains("<span class=\"small-n\">回答30件未満</span>"));
        assert!(out.contains("<option value=\"smb\" selected>smb</option>"));
        assert!(out.contains("<svg width=\"720\" height=\"320\""), "the chart is inline");
        assert!(out.contains("aria-labelledby=\"chart-nps-t chart-nps-d\""));
        assert_csp_clean(&out);
        let en = dashboard_page(&page(Lang::En)).into_string();
        assert!(en.contains("+20.0 points since the previous period"));
        assert!(en.contains("within its margin of error (\u{b1}22.3)"));
    }

    #[test]
    fn a_refused_filter_is_named_and_hostile_values_are_escaped() {
        let mut p = page(Lang::Ja);
        p.problem = Some(FilterField::Period);
        p.report = None;
        p.filters.from = HOSTILE.into();
        p.surveys[0].name = HOSTILE.into();
        let out = dashboard_page(&p).into_string();
        assert!(out.contains("「期間」の指定を読み取れませんでした"));
        assert!(!out.contains(HOSTILE));
        assert!(out.contains(&format!("value=\"{HOSTILE_ESCAPED}\"")));
        assert_csp_clean(&out);
    }
}
