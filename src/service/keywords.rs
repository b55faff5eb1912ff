//! Keyword reports: what a survey's answers talk about, what sets one group apart, and
//! where a keyword is used.

use super::report::{before, check, page, ReportParams};
use crate::db::keywords::{self, CoOccurrence, GroupSize, Mention, MonthCount};
use crate::db::organization;
use crate::domain::fields;
use crate::domain::ids::SurveyId;
use crate::domain::keywords::distinctive;
use crate::domain::period::Period;
use crate::error::AppError;
use crate::text::snippet::{snippet, Snippet};
use chrono::{DateTime, Utc};
use diesel::prelude::*;

/// Graphemes of context either side of a keyword in a snippet.
const SNIPPET_CONTEXT: usize = 40;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The group's most mentioned terms.
    Top,
    /// The terms the group uses more than the rest of the answers.
    Distinctive,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Top => "top",
            Mode::Distinctive => "distinctive",
        }
    }
}

/// One keyword of a report.
#[derive(Debug, Clone)]
pub struct KeywordRow {
    pub term: String,
    /// Answers of the group mentioning the term.
    pub responses: i64,
    /// Of the group's answers with analysable comments, the share mentioning the term.
    pub share: f64,
    /// Distinctive mode: the rest of the answers mentioning the term, the log-odds and its z-score.
    pub responses_rest: Option<i64>,
    pub log_odds: Option<f64>,
    pub z: Option<f64>,
}

#[derive(Debug, Clone)]
pub struct KeywordReport {
    pub survey_id: SurveyId,
    pub mode: Mode,
    pub category: Option<String>,
    pub period: Period,
    pub group: GroupSize,
    pub keywords: Vec<KeywordRow>,
}

pub fn report(conn: &mut PgConnection, survey_id: SurveyId, params: &ReportParams, now: DateTime<Utc>) -> Result<KeywordReport, AppError> {
    let checked = check(conn, survey_id, params, now)?;
    let mode = match params.mode.as_deref().map(str::trim) {
        None | Some("") | Some("top") => Mode::Top,
        Some("distinctive") => Mode::Distinctive,
        Some(_) => return Err(AppError::invalid("invalid_mode", "mode", "mode must be top or distinctive")),
    };
    if mode == Mode::Distinctive && checked.category.is_none() {
        return Err(AppError::invalid(
            "missing_category",
            "category",
            "distinctive keywords compare a category with the rest: give a category",
        ));
    }
    let scope = checked.scope();
    let months = checked.month_range();
    let group = match &months {
        Some(months) => keywords::group_size_by_month(conn, months)?,
        None => keywords::group_size(conn, &scope)?,
    };
    let share = |responses: i64| if group.with_terms > 0 { responses as f64 / group.with_terms as f64 } else { 0.0 };
    let keywords = match mode {
        Mode::Top => match &months {
            Some(months) => keywords::top_terms_by_month(conn, months, checked.limit)?,
            None => keywords::top_terms(conn, &scope, checked.limit)?,
        }
        .into_iter()
            .map(|count| KeywordRow {
                share: share(count.in_group),
                term: count.term,
                responses: count.in_group,
                responses_rest: None,
                log_odds: None,
                z: None,
            })
            .collect(),
        Mode::Distinctive => distinctive(&match &months {
            Some(months) => keywords::term_counts_by_month(conn, months)?,
            None => keywords::term_counts(conn, &scope)?,
        })
            .into_iter()
            .take(usize::try_from(checked.limit).unwrap_or(usize::MAX))
            .map(|term| KeywordRow {
                share: share(term.in_group),
                term: term.term,
                responses: term.in_group,
                responses_rest: Some(term.in_rest),
                log_odds: Some(term.log_odds),
                z: Some(term.z),
            })
            .collect(),
    };
    Ok(KeywordReport {
        survey_id,
        mode,
        category: checked.category.as_ref().map(|category| category.name().to_owned()),
        period: checked.period,
        group,
        keywords,
    })
}

fn check_term(term: &str) -> Result<&str, AppError> {
    fields::required("term", term, 100)
}

/// A keyword's story: its monthly trend and the keywords said with it.
#[derive(Debug, Clone)]
pub struct KeywordDetail {
    pub term: String,
    pub category: Option<String>,
    pub period: Period,
    pub responses: i64,
    /// Every month of the period, including those without mentions.
    pub trend: Vec<MonthCount>,
    pub co_occurring: Vec<CoOccurrenceRow>,
}

#[derive(Debug, Clone)]
pub struct CoOccurrenceRow {
    pub term: String,
    /// Answers mentioning both.
    pub together: i64,
    /// Of the answers mentioning the keyword, the share that also mention this term.
    pub share: f64,
    /// How much more often the two meet than if they were unrelated (1 = by chance).
    pub lift: f64,
}

pub fn detail(
    conn: &mut PgConnection,
    survey_id: SurveyId,
    term: &str,
    params: &ReportParams,
    now: DateTime<Utc>,
) -> Result<KeywordDetail, AppError> {
    let term = check_term(term)?;
    let checked = check(conn, survey_id, params, now)?;
    let scope = checked.scope();
    let zone = organization::zone(conn)?;
    let counted = keywords::monthly(conn, &scope, term, zone.name())?;
    let trend: Vec<MonthCount> = checked
        .period
        .month_starts(zone)
        .into_iter()
        .map(|month| {
            counted.iter().find(|count| count.month == month).copied().unwrap_or(MonthCount { month, mentions: 0, with_terms: 0 })
        })
        .collect();
    let responses: i64 = trend.iter().map(|month| month.mentions).sum();
    let answers: i64 = trend.iter().map(|month| month.with_terms).sum();
    let co_occurring = keywords::co_occurring(conn, &scope, term, checked.limit)?
        .into_iter()
        .map(|CoOccurrence { term, together, overall }| CoOccurrenceRow {
            share: if responses > 0 { together as f64 / responses as f64 } else { 0.0 },
            lift: if responses > 0 && overall > 0 { (together * answers) as f64 / (responses * overall) as f64 } else { 0.0 },
            term,
            together,
        })
        .collect();
    Ok(KeywordDetail {
        term: term.to_owned(),
        category: checked.category.as_ref().map(|category| category.name().to_owned()),
        period: checked.period,
        responses,
        trend,
        co_occurring,
    })
}

/// One answer that uses a keyword.
#[derive(Debug, Clone)]
pub struct MentionRow {
    pub mention: Mention,
    pub snippet: Snippet,
}

#[derive(Debug, Clone)]
pub struct Mentions {
    pub term: String,
    pub mentions: Vec<MentionRow>,
    /// Pass as `before` for the next page; `None` on the last page.
    pub next: Option<String>,
}

pub fn mentions(
    conn: &mut PgConnection,
    survey_id: SurveyId,
    term: &str,
    params: &ReportParams,
    now: DateTime<Utc>,
) -> Result<Mentions, AppError> {
    let term = check_term(term)?;
    let checked = check(conn, survey_id, params, now)?;
    // One more than asked tells whether there is a next page.
    let found = keywords::mentions(conn, &checked.scope(), term, before(params)?, checked.limit + 1)?;
    let (found, next) = page(found, checked.limit, |mention| (mention.answered_at, mention.response_id));
    let mentions = found
        .into_iter()
        .map(|mention| MentionRow { snippet: snippet(&mention.comment, term, SNIPPET_CONTEXT), mention })
        .collect();
    Ok(Mentions { term: term.to_owned(), mentions, next })
}
