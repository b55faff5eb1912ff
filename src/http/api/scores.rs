//! `GET /api/v1/surveys/{id}/summary` and `…/trend`: NPS, CSAT and exit figures with their
//! sample sizes and margins (any token may read them).

use super::auth::ApiClient;
use super::survey_report;
use crate::http::errors::ApiError;
use crate::http::AppState;
use crate::service::scores::{self, Figures, ResponseRate};
use crate::service::report::ReportParams;
use actix_web::{web, HttpResponse};
use serde_json::{json, Map, Value};

fn with_response_rate(mut fields: Map<String, Value>, rate: &ResponseRate) -> Map<String, Value> {
    fields.insert("invitations_sent".into(), json!(rate.sent));
    fields.insert("invitations_answered".into(), json!(rate.answered));
    fields.insert("response_rate".into(), json!(rate.rate()));
    fields
}

/// The figures as JSON fields, named as the public contract has them.
fn figures_json(figures: &Figures) -> Map<String, Value> {
    let value = match figures {
        Figures::Nps { counts, figures } => json!({
            "n": figures.n,
            "promoters": counts.promoters,
            "passives": counts.passives,
            "detractors": counts.detractors,
            "nps": figures.nps,
            "nps_margin_of_error": figures.margin_of_error,
            "nps_ci_low": figures.ci_low,
            "nps_ci_high": figures.ci_high,
            "small_sample": figures.small_sample,
        }),
        Figures::Csat { counts, figures } => json!({
            "n": figures.n,
            "by_score": counts.by_score,
            "csat": figures.top2_box,
            "csat_mean": figures.mean,
            "small_sample": figures.small_sample,
        }),
        Figures::Exit { answers, reasons } => json!({
            "n": answers,
            "reasons": reasons.iter().map(|reason| json!({
                "code": reason.reason.code,
                "label": reason.reason.ja,
                "label_en": reason.reason.en,
                "responses": reason.answers,
                "share": reason.share,
                "mrr_lost": reason.mrr_lost,
            })).collect::<Vec<_>>(),
        }),
    };
    match value {
        Value::Object(fields) => fields,
        _ => Map::new(),
    }
}

pub async fn summary(
    state: web::Data<AppState>,
    _client: ApiClient,
    survey_id: web::Path<i64>,
    params: web::Query<ReportParams>,
) -> Result<HttpResponse, ApiError> {
    let summary = survey_report(&state, survey_id.into_inner(), params.into_inner(), scores::summary).await?;
    let mut body = with_response_rate(figures_json(&summary.figures), &summary.response_rate);
    body.insert("survey_id".into(), json!(summary.survey.id));
    body.insert("kind".into(), json!(summary.survey.kind));
    body.insert("period".into(), json!({ "from": summary.period.from, "to": summary.period.to }));
    if let Some((period, figures)) = &summary.previous {
        let mut previous = figures_json(figures);
        previous.insert("period".into(), json!({ "from": period.from, "to": period.to }));
        body.insert("previous".into(), Value::Object(previous));
    }
    body.insert(
        "change".into(),
        json!(summary.change.map(|change| json!({
            "points": change.points,
            "margin_of_error": change.margin_of_error,
            "significant": change.significant,
        }))),
    );
    Ok(HttpResponse::Ok().json(body))
}

pub async fn trend(
    state: web::Data<AppState>,
    _client: ApiClient,
    survey_id: web::Path<i64>,
    params: web::Query<ReportParams>,
) -> Result<HttpResponse, ApiError> {
    let trend = survey_report(&state, survey_id.into_inner(), params.into_inner(), scores::trend).await?;
    let periods: Vec<Value> = trend
        .periods
        .iter()
        .map(|period| {
            let mut fields = with_response_rate(figures_json(&period.figures), &period.response_rate);
            fields.insert("start".into(), json!(period.start));
            Value::Object(fields)
        })
        .collect();
    Ok(HttpResponse::Ok().json(json!({
        "survey_id": trend.survey.id,
        "kind": trend.survey.kind,
        "interval": trend.interval.as_str(),
        "period": { "from": trend.period.from, "to": trend.period.to },
        "periods": periods,
    })))
}
