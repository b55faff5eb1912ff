//! Score reports: NPS, CSAT and exit reasons over a period, and their trend.

use super::report::{check, Checked, ReportParams};
use crate::db::invitations;
use crate::db::scores::{self, Interval, ScoreCount};
use crate::db::surveys::Survey;
use crate::domain::ids::SurveyId;
use crate::domain::period::{start_of_day, Period};
use crate::domain::stats::{Change, CsatCounts, CsatFigures, NpsCounts, NpsFigures};
use crate::domain::survey::{ExitReason, NpsCategory, SurveyKind};
use crate::error::AppError;
use chrono::{DateTime, Utc};
use diesel::prelude::*;

/// The figures of one survey kind over some answers.
#[derive(Debug, Clone)]
pub enum Figures {
    Nps { counts: NpsCounts, figures: NpsFigures },
    Csat { counts: CsatCounts, figures: CsatFigures },
    Exit { answers: i64, reasons: Vec<ReasonFigures> },
}

#[derive(Debug, Clone)]
pub struct ReasonFigures {
    pub reason: ExitReason,
    pub answers: i64,
    /// Of the exit answers, in per cent.
    pub share: Option<f64>,
    /// The monthly recurring revenue of the accounts that gave this reason.
    pub mrr_lost: i64,
}

fn figures(survey: &Survey, rows: &[&ScoreCount]) -> Figures {
    match survey.kind() {
        SurveyKind::Nps => {
            let mut counts = NpsCounts::default();
            for row in rows {
                match row.score.map(NpsCategory::of) {
                    Some(NpsCategory::Promoter) => counts.promoters += row.answers,
                    Some(NpsCategory::Passive) => counts.passives += row.answers,
                    Some(NpsCategory::Detractor) => counts.detractors += row.answers,
                    None => {}
                }
            }
            Figures::Nps { counts, figures: counts.figures() }
        }
        SurveyKind::Csat => {
            let mut counts = CsatCounts::default();
            for row in rows {
                if let Some(slot) = row.score.and_then(|score| usize::try_from(score - 1).ok()).and_then(|i| counts.by_score.get_mut(i)) {
                    *slot += row.answers;
                }
            }
            Figures::Csat { counts, figures: counts.figures() }
        }
        SurveyKind::Exit => {
            let answers: i64 = rows.iter().map(|row| row.answers).sum();
            let reasons = survey
                .exit_reasons()
                .into_iter()
                .map(|reason| {
                    let given = rows.iter().filter(|row| row.reason.as_deref() == Some(reason.code.as_str()));
                    let (count, mrr) = given.fold((0, 0), |(count, mrr), row| (count + row.answers, mrr + row.mrr));
                    ReasonFigures {
                        share: (answers > 0).then(|| 100.0 * count as f64 / answers as f64),
                        answers: count,
                        mrr_lost: mrr,
                        reason,
                    }
                })
                .collect();
            Figures::Exit { answers, reasons }
        }
    }
}

/// Answers by score and reason, from the daily counts when they can answer (whole days, no
/// account filter, not an exit survey, whose MRR lost depends on the accounts as they are now).
fn counts(conn: &mut PgConnection, checked: &Checked, interval: Option<Interval>) -> Result<Vec<ScoreCount>, AppError> {
    let days = checked.day_range().filter(|_| checked.survey.kind() != SurveyKind::Exit);
    let Some(days) = days else {
        return Ok(scores::score_counts(conn, &checked.scope(), interval, checked.zone.name())?);
    };
    let rows = scores::score_counts_by_day(conn, checked.survey.id.0, days, interval)?;
    Ok(rows
        .into_iter()
        .map(|row| ScoreCount {
            period: row.period.and_then(|day| start_of_day(day, checked.zone)),
            score: row.score,
            reason: row.reason,
            answers: row.answers,
            mrr: 0,
        })
        .collect())
}

/// Invitations sent in a period and how many were answered.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ResponseRate {
    pub sent: i64,
    pub answered: i64,
}

impl ResponseRate {
    /// In per cent; `None` when nothing was sent.
    pub fn rate(&self) -> Option<f64> {
        (self.sent > 0).then(|| 100.0 * self.answered as f64 / self.sent as f64)
    }
}

/// Response rates by the start of their week or month (`None`: over the whole period).
type RatesByPeriod = Vec<(Option<DateTime<Utc>>, ResponseRate)>;

/// From the daily counts when they can answer (whole days, no account filter), else from the
/// invitations themselves.
fn response_rates(conn: &mut PgConnection, checked: &Checked, interval: Option<Interval>) -> Result<RatesByPeriod, AppError> {
    let rate = |sent, answered| ResponseRate { sent, answered };
    match checked.day_range() {
        Some(days) => Ok(invitations::counts_by_day(conn, checked.survey.id, days, interval)?
            .into_iter()
            .map(|count| (count.period.and_then(|day| start_of_day(day, checked.zone)), rate(count.sent, count.answered)))
            .collect()),
        None => Ok(invitations::counts(conn, &checked.scope(), interval, checked.zone.name())?
            .into_iter()
            .map(|count| (count.period, rate(count.sent, count.answered)))
            .collect()),
    }
}

#[derive(Debug, Clone)]
pub struct Summary {
    pub survey: Survey,
    pub period: Period,
    pub figures: Figures,
    pub response_rate: ResponseRate,
    /// The period of the same length just before, with the same filters.
    pub previous: Option<(Period, Figures)>,
    /// NPS or CSAT (top-2 box) now against the previous period.
    pub change: Option<Change>,
}

/// The survey's figures over the period, with the report filters, and against the period before.
pub fn summary(conn: &mut PgConnection, survey_id: SurveyId, params: &ReportParams, now: DateTime<Utc>) -> Result<Summary, AppError> {
    let checked = check(conn, survey_id, params, now)?;
    let figures_over = |conn: &mut PgConnection, checked: &Checked| -> Result<Figures, AppError> {
        let rows = counts(conn, checked, None)?;
        Ok(figures(&checked.survey, &rows.iter().collect::<Vec<_>>()))
    };
    let current = figures_over(conn, &checked)?;
    let previous = match checked.period.previous(checked.zone, now) {
        Some(period) => Some((period, figures_over(conn, &checked.with_period(period))?)),
        None => None,
    };
    let change = match (&current, previous.as_ref().map(|(_, figures)| figures)) {
        (Figures::Nps { counts, .. }, Some(Figures::Nps { counts: before, .. })) => counts.change_since(before),
        (Figures::Csat { counts, .. }, Some(Figures::Csat { counts: before, .. })) => counts.change_since(before),
        _ => None,
    };
    let response_rate = response_rates(conn, &checked, None)?.into_iter().map(|(_, rate)| rate).next().unwrap_or_default();
    Ok(Summary { survey: checked.survey, period: checked.period, figures: current, response_rate, previous, change })
}

#[derive(Debug, Clone)]
pub struct TrendPeriod {
    pub start: DateTime<Utc>,
    pub figures: Figures,
    pub response_rate: ResponseRate,
}

#[derive(Debug, Clone)]
pub struct Trend {
    pub survey: Survey,
    pub interval: Interval,
    pub period: Period,
    /// Every week or month of the period, those without answers included.
    pub periods: Vec<TrendPeriod>,
}

pub fn trend(conn: &mut PgConnection, survey_id: SurveyId, params: &ReportParams, now: DateTime<Utc>) -> Result<Trend, AppError> {
    let interval = match params.interval.as_deref().map(str::trim) {
        None | Some("") | Some("month") => Interval::Month,
        Some("week") => Interval::Week,
        Some(_) => return Err(AppError::invalid("invalid_interval", "interval", "interval must be week or month")),
    };
    let checked = check(conn, survey_id, params, now)?;
    let rows = counts(conn, &checked, Some(interval))?;
    let rates = response_rates(conn, &checked, Some(interval))?;
    let starts = match interval {
        Interval::Week => checked.period.week_starts(checked.zone),
        Interval::Month => checked.period.month_starts(checked.zone),
    };
    let periods = starts
        .into_iter()
        .map(|start| {
            let in_period: Vec<&ScoreCount> = rows.iter().filter(|row| row.period == Some(start)).collect();
            let response_rate = rates.iter().find(|(period, _)| *period == Some(start)).map(|(_, rate)| *rate).unwrap_or_default();
            TrendPeriod { start, figures: figures(&checked.survey, &in_period), response_rate }
        })
        .collect();
    Ok(Trend { survey: checked.survey, interval, period: checked.period, periods })
}
