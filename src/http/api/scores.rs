//! `GET /api/v1/surveys/{id}/summary` and `…/trend`: NPS, CSAT and exit figures with their
//! sample sizes and margins (any token may read them).

use super::auth::ApiClient;
use super::{survey_report, PeriodBody};
use crate::http::errors::ApiError;
use crate::http::AppState;
use crate::db::scores::Interval;
use crate::service::report::ReportParams;
use crate::service::scores::{self, Figures, ResponseRate};
use actix_web::{web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

/// NPS figures, in points (−100..100); null without answers.
#[derive(Debug, Serialize, ToSchema)]
pub struct NpsFigures {
    /// Answers with a score.
    n: i64,
    promoters: i64,
    passives: i64,
    detractors: i64,
    nps: Option<f64>,
    /// 95 % margin of error (Wald).
    nps_margin_of_error: Option<f64>,
    /// 95 % interval, adjusted Wald (Rocks 2016).
    nps_ci_low: Option<f64>,
    nps_ci_high: Option<f64>,
    /// Fewer than 30 answers: read with care.
    small_sample: bool,
}

/// CSAT figures.
#[derive(Debug, Serialize, ToSchema)]
pub struct CsatFigures {
    n: i64,
    /// Answers per score, 1 to 5.
    by_score: [i64; 5],
    /// Share of 4 and 5, in per cent.
    csat: Option<f64>,
    csat_mean: Option<f64>,
    small_sample: bool,
}

/// An exit reason's answers and the revenue they took.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExitReasonFigures {
    code: String,
    label: String,
    label_en: String,
    responses: i64,
    /// Of the exit answers, in per cent.
    share: Option<f64>,
    /// Monthly recurring revenue of the accounts that gave this reason.
    mrr_lost: i64,
}

/// Exit survey figures.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExitFigures {
    n: i64,
    reasons: Vec<ExitReasonFigures>,
}

/// The figures of the survey's kind, named as the public contract has them.
#[derive(Debug, Serialize, ToSchema)]
#[serde(untagged)]
pub enum KindFigures {
    Nps(NpsFigures),
    Csat(CsatFigures),
    Exit(ExitFigures),
}

impl From<&Figures> for KindFigures {
    fn from(figures: &Figures) -> KindFigures {
        match figures {
            Figures::Nps { counts, figures } => KindFigures::Nps(NpsFigures {
                n: figures.n,
                promoters: counts.promoters,
                passives: counts.passives,
                detractors: counts.detractors,
                nps: figures.nps,
                nps_margin_of_error: figures.margin_of_error,
                nps_ci_low: figures.ci_low,
                nps_ci_high: figures.ci_high,
                small_sample: figures.small_sample,
            }),
            Figures::Csat { counts, figures } => KindFigures::Csat(CsatFigures {
                n: figures.n,
                by_score: counts.by_score,
                csat: figures.top2_box,
                csat_mean: figures.mean,
                small_sample: figures.small_sample,
            }),
            Figures::Exit { answers, reasons } => KindFigures::Exit(ExitFigures {
                n: *answers,
                reasons: reasons
                    .iter()
                    .map(|reason| ExitReasonFigures {
                        code: reason.reason.code.clone(),
                        label: reason.reason.ja.clone(),
                        label_en: reason.reason.en.clone(),
                        responses: reason.answers,
                        share: reason.share,
                        mrr_lost: reason.mrr_lost,
                    })
                    .collect(),
            }),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ResponseRateFigures {
    invitations_sent: i64,
    invitations_answered: i64,
    /// In per cent; null when nothing was sent.
    response_rate: Option<f64>,
}

impl From<&ResponseRate> for ResponseRateFigures {
    fn from(rate: &ResponseRate) -> ResponseRateFigures {
        ResponseRateFigures { invitations_sent: rate.sent, invitations_answered: rate.answered, response_rate: rate.rate() }
    }
}

/// The period before, of the same length.
#[derive(Debug, Serialize, ToSchema)]
pub struct PreviousFigures {
    #[serde(flatten)]
    figures: KindFigures,
    period: PeriodBody,
}

/// The move since the period before.
#[derive(Debug, Serialize, ToSchema)]
pub struct Change {
    /// Current minus previous, in points (NPS) or percentage points (CSAT).
    points: f64,
    margin_of_error: f64,
    /// The move is larger than its margin: unlikely to be chance alone.
    significant: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Summary {
    survey_id: i64,
    #[schema(schema_with = crate::service::schema::survey_kind)]
    kind: String,
    period: PeriodBody,
    #[serde(flatten)]
    figures: KindFigures,
    #[serde(flatten)]
    response_rate: ResponseRateFigures,
    #[serde(skip_serializing_if = "Option::is_none")]
    previous: Option<PreviousFigures>,
    /// Null when either period has no figure to compare.
    change: Option<Change>,
}

/// NPS / CSAT / exit figures over a period, with n, margin of error, interval and the change
/// since the period before.
#[utoipa::path(get, path = "/surveys/{id}/summary", params(("id" = i64, Path, description = "The survey"), ReportParams), responses(
    (status = 200, description = "The figures of the survey's kind", body = Summary),
))]
pub async fn summary(
    state: web::Data<AppState>,
    _client: ApiClient,
    survey_id: web::Path<i64>,
    params: web::Query<ReportParams>,
) -> Result<HttpResponse, ApiError> {
    let summary = survey_report(&state, survey_id.into_inner(), params.into_inner(), scores::summary).await?;
    Ok(HttpResponse::Ok().json(Summary {
        survey_id: summary.survey.id.0,
        kind: summary.survey.kind.clone(),
        period: PeriodBody::from(&summary.period),
        figures: KindFigures::from(&summary.figures),
        response_rate: ResponseRateFigures::from(&summary.response_rate),
        previous: summary
            .previous
            .as_ref()
            .map(|(period, figures)| PreviousFigures { figures: KindFigures::from(figures), period: PeriodBody::from(period) }),
        change: summary.change.map(|change| Change {
            points: change.points,
            margin_of_error: change.margin_of_error,
            significant: change.significant,
        }),
    }))
}

/// One week or month of a trend.
#[derive(Debug, Serialize, ToSchema)]
pub struct TrendPeriod {
    start: DateTime<Utc>,
    #[serde(flatten)]
    figures: KindFigures,
    #[serde(flatten)]
    response_rate: ResponseRateFigures,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Trend {
    survey_id: i64,
    #[schema(schema_with = crate::service::schema::survey_kind)]
    kind: String,
    #[schema(schema_with = crate::service::schema::trend_interval)]
    interval: &'static str,
    period: PeriodBody,
    /// Every week or month of the period, those without answers included.
    periods: Vec<TrendPeriod>,
}

/// The figures per week or month.
#[utoipa::path(get, path = "/surveys/{id}/trend", params(("id" = i64, Path, description = "The survey"), ReportParams, ("interval" = Option<Interval>, Query)), responses(
    (status = 200, description = "The periods", body = Trend),
))]
pub async fn trend(
    state: web::Data<AppState>,
    _client: ApiClient,
    survey_id: web::Path<i64>,
    params: web::Query<ReportParams>,
) -> Result<HttpResponse, ApiError> {
    let trend = survey_report(&state, survey_id.into_inner(), params.into_inner(), scores::trend).await?;
    Ok(HttpResponse::Ok().json(Trend {
        survey_id: trend.survey.id.0,
        kind: trend.survey.kind.clone(),
        interval: trend.interval.as_str(),
        period: PeriodBody::from(&trend.period),
        periods: trend
            .periods
            .iter()
            .map(|period| TrendPeriod {
                start: period.start,
                figures: KindFigures::from(&period.figures),
                response_rate: ResponseRateFigures::from(&period.response_rate),
            })
            .collect(),
    }))
}
