//! `/staff/keywords`: what customers talk about, and where each keyword is used.

use super::session::Staff;
use crate::db::surveys::{self, Survey};
use crate::domain::ids::SurveyId;
use crate::domain::survey::{ExitReason, SurveyKind};
use crate::error::AppError;
use crate::http::errors::PageError;
use crate::http::AppState;
use crate::service::keywords::{self, KeywordDetail, KeywordReport, Mentions, Mode};
use crate::service::report::ReportParams;
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use koe_views::staff::{
    keyword_detail_page, keywords_page, CategoryChoice, CoOccurrenceView, KeywordDetailPage, KeywordMode, KeywordRowView,
    KeywordsPage, MentionView, MonthBar, NavItem, SurveyChoice,
};
use koe_views::Lang;
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
pub struct PageQuery {
    survey: Option<String>,
    category: Option<String>,
    mode: Option<String>,
    from: Option<String>,
    to: Option<String>,
    before: Option<String>,
}

impl PageQuery {
    fn params(&self) -> ReportParams {
        ReportParams {
            category: self.category.clone(),
            mode: self.mode.clone(),
            from: self.from.clone(),
            to: self.to.clone(),
            before: self.before.clone(),
            ..ReportParams::default()
        }
    }
}

/// The query string that keeps the page's filters on links.
fn filters_query(survey: SurveyId, category: &str, from: &str, to: &str) -> String {
    serde_urlencoded::to_string([("survey", survey.0.to_string().as_str()), ("category", category), ("from", from), ("to", to)])
        .unwrap_or_default()
}

pub(super) fn date_in(zone: Tz, at: DateTime<Utc>) -> String {
    at.with_timezone(&zone).format("%Y-%m-%d").to_string()
}

/// The last day of a half-open period, as a date the form shows.
pub(super) fn last_day_in(zone: Tz, to: DateTime<Utc>) -> String {
    date_in(zone, to - chrono::Duration::seconds(1))
}

pub(super) fn categories(survey: &Survey, lang: Lang) -> Vec<CategoryChoice> {
    let labels = &koe_views::i18n::strings(lang).staff.keywords.categories;
    let mut choices = vec![CategoryChoice { value: String::new(), label: labels.all.to_owned() }];
    let fixed: &[(&str, &str)] = match survey.kind() {
        SurveyKind::Nps => &[("detractor", labels.detractor), ("passive", labels.passive), ("promoter", labels.promoter)],
        SurveyKind::Csat => &[("dissatisfied", labels.dissatisfied), ("neutral", labels.neutral), ("satisfied", labels.satisfied)],
        SurveyKind::Exit => &[],
    };
    choices.extend(fixed.iter().map(|(value, label)| CategoryChoice { value: (*value).to_owned(), label: (*label).to_owned() }));
    choices.extend(survey.exit_reasons().into_iter().map(|reason| CategoryChoice {
        label: if lang == Lang::En { reason.en } else { reason.ja },
        value: reason.code,
    }));
    choices
}

/// `GET /staff/keywords`.
pub async fn page(state: web::Data<AppState>, staff: Staff, query: web::Query<PageQuery>) -> Result<HttpResponse, PageError> {
    let lang = staff.lang;
    let query = query.into_inner();
    let now = Utc::now();
    let wanted = query.survey.as_deref().and_then(|id| id.trim().parse::<i64>().ok());
    let params = query.params();
    let loaded = state
        .db(move |conn| {
            let all = surveys::all(conn)?;
            let zone = crate::db::organization::zone(conn)?;
            let chosen = wanted
                .and_then(|id| all.iter().find(|survey| survey.id.0 == id))
                .or_else(|| all.iter().find(|survey| survey.kind() == SurveyKind::Nps))
                .or(all.first())
                .cloned();
            let report = match &chosen {
                None => None,
                Some(survey) => Some(match keywords::report(conn, survey.id, &params, now) {
                    Ok(report) => (report, false),
                    // A filter that does not fit (a category of another survey, a reversed period):
                    // show the survey's default report and say so, rather than an error page.
                    Err(AppError::Invalid { .. }) => (keywords::report(conn, survey.id, &ReportParams::default(), now)?, true),
                    Err(other) => return Err(other),
                }),
            };
            Ok((all, chosen, zone, report))
        })
        .await
        .map_err(|error| PageError::new(error, lang))?;
    let (all, chosen, zone, report) = loaded;
    let strings = koe_views::i18n::strings(lang);
    let surveys: Vec<SurveyChoice> =
        all.iter().map(|survey| SurveyChoice { id: survey.id.0, name: survey.name.clone(), kind: survey.kind.clone() }).collect();
    let view = match (chosen, report) {
        (Some(survey), Some((report, fell_back))) => report_view(&staff, surveys, &survey, &report, zone, fell_back.then(|| strings.staff.keywords.invalid_filters.to_owned())),
        _ => KeywordsPage {
            frame: staff.frame(NavItem::Keywords),
            surveys,
            survey_id: 0,
            categories: Vec::new(),
            category: String::new(),
            mode: KeywordMode::Top,
            from: String::new(),
            to: String::new(),
            answers: 0,
            answers_with_terms: 0,
            rows: Vec::new(),
            notice: None,
        },
    };
    Ok(html(keywords_page(&view)))
}

fn report_view(staff: &Staff, surveys: Vec<SurveyChoice>, survey: &Survey, report: &KeywordReport, zone: Tz, notice: Option<String>) -> KeywordsPage {
    let category = report.category.clone().unwrap_or_default();
    let (from, to) = (date_in(zone, report.period.from), last_day_in(zone, report.period.to));
    let filters = filters_query(survey.id, &category, &from, &to);
    let rows = report
        .keywords
        .iter()
        .map(|row| KeywordRowView {
            term: row.term.clone(),
            responses: row.responses,
            share: row.share,
            z: row.z,
            href: format!("/staff/keywords/{}/{}?{filters}", survey.id.0, encode_segment(&row.term)),
        })
        .collect();
    KeywordsPage {
        frame: staff.frame(NavItem::Keywords),
        surveys,
        survey_id: survey.id.0,
        categories: categories(survey, staff.lang),
        category,
        mode: match report.mode {
            Mode::Top => KeywordMode::Top,
            Mode::Distinctive => KeywordMode::Distinctive,
        },
        from,
        to,
        answers: report.group.answers,
        answers_with_terms: report.group.with_terms,
        rows,
        notice,
    }
}

fn encode_segment(term: &str) -> String {
    percent_encoding::utf8_percent_encode(term, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// `GET /staff/keywords/{survey}/{term}`: trend, companions and every comment using the keyword.
pub async fn detail(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<(i64, String)>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, PageError> {
    let lang = staff.lang;
    let (survey_id, term) = path.into_inner();
    let survey_id = SurveyId(survey_id);
    let query = query.into_inner();
    let params = query.params();
    let now = Utc::now();
    let lookup_term = term.clone();
    let (survey, zone, detail, mentions) = state
        .db(move |conn| {
            let survey = surveys::find(conn, survey_id)?;
            let zone = crate::db::organization::zone(conn)?;
            let detail = keywords::detail(conn, survey_id, &lookup_term, &params, now)?;
            let mentions = keywords::mentions(conn, survey_id, &lookup_term, &params, now)?;
            Ok((survey, zone, detail, mentions))
        })
        .await
        .map_err(|error| PageError::new(error, lang))?;
    Ok(html(keyword_detail_page(&detail_view(&staff, &survey, zone, &term, &detail, &mentions))))
}

fn detail_view(staff: &Staff, survey: &Survey, zone: Tz, term: &str, detail: &KeywordDetail, found: &Mentions) -> KeywordDetailPage {
    let lang = staff.lang;
    let category = detail.category.clone().unwrap_or_default();
    let category_label = categories(survey, lang)
        .into_iter()
        .find(|choice| choice.value == category)
        .map(|choice| choice.label)
        .unwrap_or_default();
    let (from, to) = (date_in(zone, detail.period.from), last_day_in(zone, detail.period.to));
    let filters = filters_query(survey.id, &category, &from, &to);
    let reasons = survey.exit_reasons();
    KeywordDetailPage {
        frame: staff.frame(NavItem::Keywords),
        survey_name: survey.name.clone(),
        term: term.to_owned(),
        category_label,
        period_label: format!("{from} – {to}"),
        responses: detail.responses,
        back_href: format!("/staff/keywords?{filters}"),
        trend: detail
            .trend
            .iter()
            .map(|month| MonthBar {
                label: month.month.with_timezone(&zone).format("%Y-%m").to_string(),
                responses: month.mentions,
                share: if month.with_terms > 0 { month.mentions as f64 / month.with_terms as f64 } else { 0.0 },
            })
            .collect(),
        co_occurring: detail
            .co_occurring
            .iter()
            .map(|row| CoOccurrenceView {
                term: row.term.clone(),
                responses: row.together,
                lift: row.lift,
                href: format!("/staff/keywords/{}/{}?{filters}", survey.id.0, encode_segment(&row.term)),
            })
            .collect(),
        mentions: found
            .mentions
            .iter()
            .map(|row| MentionView {
                answered_at: row.mention.answered_at.with_timezone(&zone).format("%Y-%m-%d %H:%M").to_string(),
                score_label: answer_label(survey, &reasons, row.mention.score, row.mention.reason.as_deref(), lang),
                before: row.snippet.before.clone(),
                matched: row.snippet.matched.clone(),
                after: row.snippet.after.clone(),
                cut_before: row.snippet.cut_before,
                cut_after: row.snippet.cut_after,
                href: Some(format!("/staff/responses/{}", row.mention.response_id)),
            })
            .collect(),
        next_href: found.next.as_ref().map(|next| {
            let more = serde_urlencoded::to_string([("before", next.as_str())]).unwrap_or_default();
            format!("/staff/keywords/{}/{}?{filters}&{more}", survey.id.0, encode_segment(term))
        }),
    }
}

pub(super) fn html(page: koe_views::Markup) -> HttpResponse {
    HttpResponse::build(StatusCode::OK)
        .content_type("text/html; charset=utf-8")
        .insert_header(("Cache-Control", "no-store"))
        .body(page.into_string())
}

/// "NPS 3", or an exit answer's reason in the reader's language (its code when the survey no
/// longer lists it). `reasons` are the survey's, read once per page.
pub(super) fn answer_label(survey: &Survey, reasons: &[ExitReason], score: Option<i16>, reason: Option<&str>, lang: Lang) -> String {
    match (score, reason) {
        (Some(score), _) => format!("{} {score}", survey.kind().as_str().to_uppercase()),
        (None, Some(code)) => reasons
            .iter()
            .find(|reason| reason.code == code)
            .map_or_else(|| code.to_owned(), |reason| if lang == Lang::En { reason.en.clone() } else { reason.ja.clone() }),
        (None, None) => String::new(),
    }
}
