//! The managers' dashboard: the chosen survey's summary and trend, churn, and the values the
//! filter menus offer, read on one connection.

use super::churn::{self, Churn};
use super::report::ReportParams;
use super::scores::{self, Summary, Trend};
use crate::db::organization;
use crate::db::report_filters::{self, FilterValues};
use crate::db::surveys::{self, Survey};
use crate::domain::survey::SurveyKind;
use crate::error::AppError;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use diesel::prelude::*;

#[derive(Debug, Clone)]
pub struct Dashboard {
    pub surveys: Vec<Survey>,
    pub zone: Tz,
    pub options: FilterValues,
    /// The survey asked for, else the first NPS survey, else the first survey.
    pub survey: Option<Survey>,
    pub figures: Option<SurveyFigures>,
    /// The filter that could not be used (`survey`, `from`, `interval`…): no figures then.
    pub refused: Option<&'static str>,
}

#[derive(Debug, Clone)]
pub struct SurveyFigures {
    pub summary: Summary,
    pub trend: Trend,
    pub churn: Churn,
}

pub fn load(conn: &mut PgConnection, wanted: Option<&str>, params: &ReportParams, now: DateTime<Utc>) -> Result<Dashboard, AppError> {
    let surveys = surveys::all(conn)?;
    let zone = organization::zone(conn)?;
    let options = report_filters::values(conn)?;
    let chosen = match wanted.map(str::trim).filter(|text| !text.is_empty()) {
        None => Ok(surveys.iter().find(|survey| survey.kind() == SurveyKind::Nps).or(surveys.first()).cloned()),
        Some(text) => text
            .parse::<i64>()
            .ok()
            .and_then(|id| surveys.iter().find(|survey| survey.id.0 == id))
            .cloned()
            .map(Some)
            .ok_or("survey"),
    };
    let mut dashboard = Dashboard { surveys, zone, options, survey: None, figures: None, refused: None };
    match chosen {
        Err(field) => dashboard.refused = Some(field),
        Ok(None) => {}
        Ok(Some(survey)) => {
            match figures(conn, &survey, params, now) {
                Ok(figures) => dashboard.figures = Some(figures),
                Err(AppError::Invalid { field, .. }) => dashboard.refused = Some(field),
                Err(other) => return Err(other),
            }
            dashboard.survey = Some(survey);
        }
    }
    Ok(dashboard)
}

fn figures(conn: &mut PgConnection, survey: &Survey, params: &ReportParams, now: DateTime<Utc>) -> Result<SurveyFigures, AppError> {
    // The trend first: it is the one that reads `interval`.
    let trend = scores::trend(conn, survey.id, params, now)?;
    let summary = scores::summary(conn, survey.id, params, now)?;
    let churn = churn::monthly(conn, params, now)?;
    Ok(SurveyFigures { summary, trend, churn })
}
