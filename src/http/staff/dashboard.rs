//! `/staff/dashboard`: the managers' view of NPS, CSAT, response rates, exit reasons and churn,
//! with its charts as SVG and CSV downloads (`/staff/dashboard/charts/{name}.svg|csv`).

use super::keywords::{date_in, html, last_day_in};
use super::session::Staff;
use crate::db::report_filters::FilterValues;
use crate::db::surveys::Survey;
use crate::domain::stats::{Change, CsatCounts, CsatFigures, NpsCounts, NpsFigures};
use crate::error::AppError;
use crate::http::csv_export;
use crate::http::errors::PageError;
use crate::http::AppState;
use crate::service::dashboard::{self, Dashboard, SurveyFigures};
use crate::service::report::ReportParams;
use crate::service::scores::{Figures, ResponseRate};
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use chrono::{DateTime, Datelike, Days, Months, NaiveDate, Utc};
use chrono_tz::Tz;
use koe_views::staff::{
    charts, dashboard_page, Chart, ChangeView, ChurnMonth, CsatFiguresView, CsatPeriod, CsatReport, DashboardFilters,
    DashboardPage, DashboardReport, ExitReport, FilterField, FilterOptions, Interval, Linked, NavItem, NpsFiguresView,
    NpsPeriod, NpsReport, QuickRange, RangeLink, RateView, ReasonView, ReportCommon, SurveyChoice, ANSWERS_PATH,
    DASHBOARD_PATH,
};
use koe_views::Lang;
use serde::Deserialize;

/// The dashboard's query, also read by the answer list and its export.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct DashboardQuery {
    pub survey: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub interval: Option<String>,
    pub segment: Option<String>,
    pub plan: Option<String>,
    pub owner_email: Option<String>,
    pub stage: Option<String>,
    /// Answer lists: the group behind the number.
    pub category: Option<String>,
    /// Answer lists: the next page.
    pub before: Option<String>,
    /// CSV downloads: `1` for Excel.
    pub excel: Option<String>,
}

impl DashboardQuery {
    pub(super) fn params(&self) -> ReportParams {
        ReportParams {
            category: self.category.clone(),
            from: self.from.clone(),
            to: self.to.clone(),
            segment: self.segment.clone(),
            plan: self.plan.clone(),
            owner_email: self.owner_email.clone(),
            stage: self.stage.clone(),
            before: self.before.clone(),
            interval: self.interval.clone(),
            ..ReportParams::default()
        }
    }

    fn text(value: &Option<String>) -> String {
        value.as_deref().map(str::trim).unwrap_or_default().to_owned()
    }
}

/// The filters in force, in the order links carry them.
#[derive(Debug, Clone)]
pub(super) struct Filters {
    pairs: Vec<(&'static str, String)>,
}

impl Filters {
    pub(super) fn new(survey: i64, from: &str, to: &str, interval: &str, query: &DashboardQuery) -> Filters {
        let text = DashboardQuery::text;
        Filters {
            pairs: vec![
                ("survey", survey.to_string()),
                ("from", from.to_owned()),
                ("to", to.to_owned()),
                ("interval", interval.to_owned()),
                ("segment", text(&query.segment)),
                ("plan", text(&query.plan)),
                ("owner_email", text(&query.owner_email)),
                ("stage", text(&query.stage)),
            ],
        }
    }

    /// `path` with the filters, `changes` replacing or adding values; empty values are left out.
    pub(super) fn href(&self, path: &str, changes: &[(&'static str, &str)]) -> String {
        let mut pairs: Vec<(&str, &str)> = self
            .pairs
            .iter()
            .map(|(key, value)| (*key, changes.iter().find(|(changed, _)| changed == key).map_or(value.as_str(), |(_, new)| *new)))
            .collect();
        pairs.extend(changes.iter().filter(|(key, _)| !self.pairs.iter().any(|(known, _)| known == key)).copied());
        pairs.retain(|(_, value)| !value.is_empty());
        format!("{path}?{}", serde_urlencoded::to_string(&pairs).unwrap_or_default())
    }
}

/// The first and last day of a quick period ending today.
fn quick_range(range: QuickRange, today: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    let first_of_month = today.with_day(1)?;
    let from = match range {
        QuickRange::Last30Days => today.checked_sub_days(Days::new(29))?,
        QuickRange::Last3Months => first_of_month.checked_sub_months(Months::new(2))?,
        QuickRange::Last12Months => first_of_month.checked_sub_months(Months::new(11))?,
        QuickRange::ThisYear => NaiveDate::from_ymd_opt(today.year(), 1, 1)?,
    };
    Some((from, today))
}

fn problem_field(field: &str) -> FilterField {
    match field {
        "survey" => FilterField::Survey,
        "interval" => FilterField::Interval,
        "segment" => FilterField::Segment,
        "plan" => FilterField::Plan,
        "owner_email" => FilterField::Owner,
        "stage" => FilterField::Stage,
        _ => FilterField::Period,
    }
}

async fn load(state: &AppState, query: &DashboardQuery, now: DateTime<Utc>) -> Result<Dashboard, AppError> {
    let wanted = query.survey.clone();
    let params = query.params();
    state.db(move |conn| dashboard::load(conn, wanted.as_deref(), &params, now)).await
}

/// `GET /staff/dashboard`: a refused filter gives the form back with a 422 and says which.
pub async fn page(state: web::Data<AppState>, staff: Staff, query: web::Query<DashboardQuery>) -> Result<HttpResponse, PageError> {
    let query = query.into_inner();
    let now = Utc::now();
    let loaded = load(&state, &query, now).await.map_err(|error| PageError::new(error, staff.lang))?;
    let view = view(&staff, &query, &loaded, now);
    let mut response = html(dashboard_page(&view));
    if view.problem.is_some() {
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

/// `GET /staff/dashboard/charts/{name}.svg` and `….csv`, with the dashboard's filters.
pub async fn chart(
    state: web::Data<AppState>,
    staff: Staff,
    file: web::Path<String>,
    query: web::Query<DashboardQuery>,
) -> Result<HttpResponse, PageError> {
    let lang = staff.lang;
    let not_found = || PageError::new(AppError::NotFound, lang);
    let file = file.into_inner();
    let (name, extension) = file.rsplit_once('.').ok_or_else(not_found)?;
    let chart = Chart::from_name(name).ok_or_else(not_found)?;
    if !matches!(extension, "svg" | "csv") {
        return Err(not_found());
    }
    let query = query.into_inner();
    let now = Utc::now();
    let loaded = load(&state, &query, now).await.map_err(|error| PageError::new(error, lang))?;
    if let Some(field) = loaded.refused {
        return Err(PageError::new(AppError::invalid("invalid_filter", field, format!("{field} cannot be used")), lang));
    }
    let report = view(&staff, &query, &loaded, now).report.filter(|report| chart.fits(report)).ok_or_else(not_found)?;
    let strings = &koe_views::i18n::strings(lang).staff.dashboard;
    if extension == "csv" {
        let rows = charts::data(chart, &report).ok_or_else(not_found)?;
        return Ok(csv_export::table(&format!("koe-{name}.csv"), csv_export::wants_excel(query.excel.as_deref()), &rows));
    }
    let svg = charts::svg(chart, &report, strings)
        .map_err(|error| PageError::new(AppError::Internal(error.to_string()), lang))?
        .ok_or_else(not_found)?;
    Ok(HttpResponse::Ok()
        .content_type("image/svg+xml; charset=utf-8")
        .insert_header(("Content-Disposition", format!("attachment; filename=\"koe-{name}.svg\"")))
        .insert_header(("Cache-Control", "no-store"))
        .body(svg))
}

fn view(staff: &Staff, query: &DashboardQuery, loaded: &Dashboard, now: DateTime<Utc>) -> DashboardPage {
    let zone = loaded.zone;
    let text = DashboardQuery::text;
    let survey_id = loaded.survey.as_ref().map_or(0, |survey| survey.id.0);
    // The form shows the period and interval in force, or what was typed when it was refused.
    let (from, to, interval) = match &loaded.figures {
        Some(figures) => (
            date_in(zone, figures.summary.period.from),
            last_day_in(zone, figures.summary.period.to),
            figures.trend.interval.as_str().to_owned(),
        ),
        None => (text(&query.from), text(&query.to), text(&query.interval)),
    };
    let filters = Filters::new(survey_id, &from, &to, &interval, query);
    let today = now.with_timezone(&zone).date_naive();
    let ranges = QuickRange::ALL
        .into_iter()
        .filter_map(|range| {
            let (first, last) = quick_range(range, today)?;
            let (first, last) = (first.format("%Y-%m-%d").to_string(), last.format("%Y-%m-%d").to_string());
            Some(RangeLink {
                range,
                href: filters.href(DASHBOARD_PATH, &[("from", &first), ("to", &last)]),
                current: first == from && last == to,
            })
        })
        .collect();
    DashboardPage {
        frame: staff.frame(NavItem::Dashboard),
        surveys: loaded.surveys.iter().map(|survey| SurveyChoice { id: survey.id.0, name: survey.name.clone(), kind: survey.kind.clone() }).collect(),
        filters: DashboardFilters {
            survey_id,
            from,
            to,
            interval: if interval == "week" { Interval::Week } else { Interval::Month },
            segment: text(&query.segment),
            plan: text(&query.plan),
            owner_email: text(&query.owner_email),
            stage: text(&query.stage),
        },
        options: options(&loaded.options),
        ranges,
        problem: loaded.refused.map(problem_field),
        report: match (&loaded.survey, &loaded.figures) {
            (Some(survey), Some(figures)) => Some(report(survey, figures, zone, &filters, staff.lang)),
            _ => None,
        },
        churn: loaded.figures.as_ref().map(|figures| churn(figures, zone)).unwrap_or_default(),
    }
}

fn options(values: &FilterValues) -> FilterOptions {
    FilterOptions {
        segments: values.segments.clone(),
        plans: values.plans.clone(),
        owners: values.owners.clone(),
        stages: values.stages.clone(),
    }
}

fn churn(figures: &SurveyFigures, zone: Tz) -> Vec<ChurnMonth> {
    figures
        .churn
        .months
        .iter()
        .map(|(start, counts)| ChurnMonth {
            label: start.with_timezone(&zone).format("%Y-%m").to_string(),
            accounts_at_start: counts.accounts_at_start,
            churned: counts.churned,
            customer_rate: counts.customer_churn_rate(),
            mrr_at_start: counts.mrr_at_start,
            mrr_lost: counts.mrr_lost,
            revenue_rate: counts.revenue_churn_rate(),
        })
        .collect()
}

fn rate(rate: &ResponseRate) -> RateView {
    RateView { sent: rate.sent, answered: rate.answered, rate: rate.rate() }
}

fn change(change: Option<Change>) -> Option<ChangeView> {
    change.map(|change| ChangeView { points: change.points, margin: change.margin_of_error, significant: change.significant })
}

/// The answer list of one group over `[from, to]` (dates), with the page's other filters.
struct Drill<'a> {
    filters: &'a Filters,
    from: String,
    to: String,
}

impl Drill<'_> {
    fn linked(&self, count: i64, category: &str) -> Linked {
        Linked { count, href: self.filters.href(ANSWERS_PATH, &[("from", &self.from), ("to", &self.to), ("category", category)]) }
    }

    fn nps(&self, counts: &NpsCounts, figures: &NpsFigures) -> NpsFiguresView {
        NpsFiguresView {
            nps: figures.nps,
            margin: figures.margin_of_error,
            ci_low: figures.ci_low,
            ci_high: figures.ci_high,
            n: self.linked(figures.n, ""),
            promoters: self.linked(counts.promoters, "promoter"),
            passives: self.linked(counts.passives, "passive"),
            detractors: self.linked(counts.detractors, "detractor"),
            small_sample: figures.small_sample,
        }
    }

    fn csat(&self, counts: &CsatCounts, figures: &CsatFigures) -> CsatFiguresView {
        CsatFiguresView {
            top2: figures.top2_box,
            mean: figures.mean,
            n: self.linked(figures.n, ""),
            satisfied: self.linked(counts.by_score[3] + counts.by_score[4], "satisfied"),
            small_sample: figures.small_sample,
        }
    }
}

fn report(survey: &Survey, figures: &SurveyFigures, zone: Tz, filters: &Filters, lang: Lang) -> DashboardReport {
    let summary = &figures.summary;
    let trend = &figures.trend;
    let period = summary.period;
    let whole = Drill { filters, from: date_in(zone, period.from), to: last_day_in(zone, period.to) };
    // Each week or month, cut to the report's period (the first week may start before it).
    let drills: Vec<(String, Drill)> = trend
        .periods
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let end = trend.periods.get(i + 1).map_or(period.to, |next| next.start).min(period.to);
            let label = match trend.interval {
                crate::db::scores::Interval::Month => p.start.with_timezone(&zone).format("%Y-%m").to_string(),
                crate::db::scores::Interval::Week => p.start.with_timezone(&zone).format("%Y-%m-%d").to_string(),
            };
            (label, Drill { filters, from: date_in(zone, p.start.max(period.from)), to: last_day_in(zone, end) })
        })
        .collect();
    let answers = match &summary.figures {
        Figures::Nps { figures, .. } => figures.n,
        Figures::Csat { figures, .. } => figures.n,
        Figures::Exit { answers, .. } => *answers,
    };
    let common = ReportCommon {
        survey_name: survey.name.clone(),
        period_label: format!("{} – {}", whole.from, whole.to),
        previous_label: summary.previous.as_ref().map(|(before, _)| format!("{} – {}", date_in(zone, before.from), last_day_in(zone, before.to))),
        answers: whole.linked(answers, ""),
        response_rate: rate(&summary.response_rate),
        csv_href: filters.href("/staff/responses.csv", &[]),
        excel_href: filters.href("/staff/responses.csv", &[("excel", "1")]),
        downloads: Chart::ALL
            .into_iter()
            .map(|chart| {
                let path = |extension: &str| format!("{DASHBOARD_PATH}/charts/{}.{extension}", chart.name());
                (chart, filters.href(&path("svg"), &[]), filters.href(&path("csv"), &[]))
            })
            .collect(),
    };
    let previous = summary.previous.as_ref().map(|(_, figures)| figures);
    match &summary.figures {
        Figures::Nps { counts, figures } => DashboardReport::Nps(NpsReport {
            common,
            headline: whole.nps(counts, figures),
            previous_nps: match previous {
                Some(Figures::Nps { figures, .. }) => figures.nps,
                _ => None,
            },
            change: change(summary.change),
            periods: trend
                .periods
                .iter()
                .zip(&drills)
                .filter_map(|(p, (label, drill))| match &p.figures {
                    Figures::Nps { counts, figures } => {
                        Some(NpsPeriod { label: label.clone(), figures: drill.nps(counts, figures), rate: rate(&p.response_rate) })
                    }
                    _ => None,
                })
                .collect(),
        }),
        Figures::Csat { counts, figures } => DashboardReport::Csat(CsatReport {
            common,
            headline: whole.csat(counts, figures),
            previous_top2: match previous {
                Some(Figures::Csat { figures, .. }) => figures.top2_box,
                _ => None,
            },
            change: change(summary.change),
            periods: trend
                .periods
                .iter()
                .zip(&drills)
                .filter_map(|(p, (label, drill))| match &p.figures {
                    Figures::Csat { counts, figures } => {
                        Some(CsatPeriod { label: label.clone(), figures: drill.csat(counts, figures), rate: rate(&p.response_rate) })
                    }
                    _ => None,
                })
                .collect(),
        }),
        Figures::Exit { reasons, .. } => DashboardReport::Exit(ExitReport {
            common,
            reasons: reasons
                .iter()
                .map(|reason| ReasonView {
                    label: if lang == Lang::En { reason.reason.en.clone() } else { reason.reason.ja.clone() },
                    answers: whole.linked(reason.answers, &reason.reason.code),
                    share: reason.share,
                    mrr_lost: reason.mrr_lost,
                })
                .collect(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or_default()
    }

    #[test]
    fn quick_ranges_end_today_and_start_on_whole_months_or_days() {
        let today = date("2026-03-15");
        assert_eq!(quick_range(QuickRange::Last30Days, today), Some((date("2026-02-14"), today)));
        assert_eq!(quick_range(QuickRange::Last3Months, today), Some((date("2026-01-01"), today)));
        assert_eq!(quick_range(QuickRange::Last12Months, today), Some((date("2025-04-01"), today)));
        assert_eq!(quick_range(QuickRange::ThisYear, today), Some((date("2026-01-01"), today)));
    }

    #[test]
    fn links_keep_the_filters_replace_what_changes_and_drop_what_is_empty() {
        let query = DashboardQuery { segment: Some(" smb ".into()), stage: Some(String::new()), ..DashboardQuery::default() };
        let filters = Filters::new(7, "2026-01-01", "2026-03-31", "week", &query);
        assert_eq!(filters.href("/x", &[]), "/x?survey=7&from=2026-01-01&to=2026-03-31&interval=week&segment=smb");
        assert_eq!(
            filters.href("/x", &[("to", "2026-01-31"), ("category", "promoter")]),
            "/x?survey=7&from=2026-01-01&to=2026-01-31&interval=week&segment=smb&category=promoter"
        );
        assert_eq!(filters.href("/x", &[("category", "")]), filters.href("/x", &[]));
    }
}
