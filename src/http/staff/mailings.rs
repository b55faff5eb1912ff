//! `/staff/mailings`: admins send a survey to a segment or to the addresses of a CSV file, and
//! watch the mailing go (the worker does it in batches; the page refreshes itself meanwhile).

use super::follow_ups::html;
use super::session::Staff;
use super::upload::{read_upload, MAX_FILE_BYTES};
use crate::db::accounts;
use crate::db::mailings::Mailing;
use crate::db::surveys::{self, Survey};
use crate::domain::ids::MailingId;
use crate::error::AppError;
use crate::http::errors::PageError;
use crate::http::AppState;
use crate::service::import;
use crate::service::mailings::{self, Audience, FILE_PREFIX, SEGMENT_PREFIX};
use actix_multipart::Multipart;
use actix_web::http::header::LOCATION;
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use koe_views::staff::{
    mailing_page, mailings_page, MailingAudience, MailingPage, MailingProblem, MailingRow, MailingsPage, NavItem, RefusalRow, SurveyChoice,
    AUDIENCE_FILE, AUDIENCE_SEGMENT, CSRF_FIELD, MAILINGS_PATH,
};

/// Seconds between refreshes of a running mailing's page.
const REFRESH_SECONDS: &str = "3";

/// `GET /staff/mailings` (admins).
pub async fn list(state: web::Data<AppState>, staff: Staff) -> Result<HttpResponse, PageError> {
    staff.require_admin()?;
    form_page(&state, &staff, StatusCode::OK, None).await
}

async fn form_page(state: &AppState, staff: &Staff, status: StatusCode, problem: Option<MailingProblem>) -> Result<HttpResponse, PageError> {
    let (surveys, segments, recent, zone) = state
        .db(|conn| {
            let surveys = surveys::all(conn)?;
            let segments = accounts::filter_options(conn)?.segments;
            let recent = mailings::recent(conn)?;
            Ok((surveys, segments, recent, crate::db::organization::zone(conn)?))
        })
        .await
        .map_err(|error| PageError::new(error, staff.lang))?;
    let view = MailingsPage {
        frame: staff.frame(NavItem::Accounts),
        surveys: surveys.iter().filter(|survey| !survey.is_closed()).map(choice).collect(),
        recent: recent.iter().map(|mailing| row(mailing, &surveys, zone)).collect(),
        segments,
        max_megabytes: MAX_FILE_BYTES / (1024 * 1024),
        problem,
    };
    Ok(html(status, mailings_page(&view).into_string()))
}

/// `POST /staff/mailings` (admins, multipart): starts the mailing and shows its page.
pub async fn start(state: web::Data<AppState>, staff: Staff, payload: Multipart) -> Result<HttpResponse, PageError> {
    staff.require_admin()?;
    let lang = staff.lang;
    let upload = read_upload(payload, lang).await?;
    staff.check_csrf(upload.field(CSRF_FIELD))?;
    let refuse = |problem| async { form_page(&state, &staff, StatusCode::UNPROCESSABLE_ENTITY, Some(problem)).await };
    let Ok(survey_id) = upload.field("survey").parse::<i64>() else {
        return refuse(MailingProblem::NoSurvey).await;
    };
    let audience = match upload.field("audience") {
        AUDIENCE_SEGMENT if upload.field("segment").is_empty() => return refuse(MailingProblem::NoSegment).await,
        AUDIENCE_SEGMENT => Audience::Segment(upload.field("segment").to_owned()),
        AUDIENCE_FILE if upload.too_large => {
            return form_page(&state, &staff, StatusCode::PAYLOAD_TOO_LARGE, Some(MailingProblem::TooLarge)).await;
        }
        AUDIENCE_FILE if upload.file.is_empty() => return refuse(MailingProblem::NoFile).await,
        AUDIENCE_FILE => {
            let Ok(text) = import::decode(&upload.file) else {
                return refuse(MailingProblem::Encoding).await;
            };
            match mailings::emails_from_csv(&text) {
                Ok(emails) => Audience::Emails { file: upload.file_name.clone(), emails },
                Err(AppError::Invalid { code: "no_email_column", .. }) => return refuse(MailingProblem::NoEmailColumn).await,
                Err(_) => return refuse(MailingProblem::UnreadableFile).await,
            }
        }
        _ => return Err(PageError::bad_request(lang, "unknown audience")),
    };
    let by = Some(staff.user.id);
    let started = state.db(move |conn| mailings::start(conn, crate::domain::ids::SurveyId(survey_id), &audience, by, Utc::now())).await;
    match started {
        Ok(mailing) => Ok(HttpResponse::SeeOther().insert_header((LOCATION, format!("{MAILINGS_PATH}/{}", mailing.id))).finish()),
        Err(AppError::NotFound) => refuse(MailingProblem::NoSurvey).await,
        Err(AppError::Conflict { code: "survey_closed", .. }) => refuse(MailingProblem::SurveyClosed).await,
        Err(AppError::Invalid { code: "no_recipients", .. }) => refuse(MailingProblem::NoRecipients).await,
        Err(AppError::Invalid { code: "too_many_recipients", .. }) => refuse(MailingProblem::TooManyRecipients).await,
        Err(error) => Err(PageError::new(error, lang)),
    }
}

/// `GET /staff/mailings/{id}` (admins): progress and the addresses not invited.
pub async fn show(state: web::Data<AppState>, staff: Staff, id: web::Path<i64>) -> Result<HttpResponse, PageError> {
    staff.require_admin()?;
    let id = MailingId(id.into_inner());
    let (mailing, surveys, zone) = state
        .db(move |conn| Ok((mailings::find(conn, id)?, surveys::all(conn)?, crate::db::organization::zone(conn)?)))
        .await
        .map_err(|error| PageError::new(error, staff.lang))?;
    let refusals = mailings::refusals(&mailing)
        .into_iter()
        .map(|refusal| RefusalRow { email: refusal.email, code: refusal.code, available_at: refusal.available_at.map(|at| local(at, zone)) })
        .collect();
    let view = MailingPage { frame: staff.frame(NavItem::Accounts), mailing: row(&mailing, &surveys, zone), refusals };
    let mut response = html(StatusCode::OK, mailing_page(&view).into_string());
    if mailing.finished_at.is_none() {
        // Without scripts, the browser reloads the page itself until the mailing is done.
        response.headers_mut().insert(
            actix_web::http::header::HeaderName::from_static("refresh"),
            actix_web::http::header::HeaderValue::from_static(REFRESH_SECONDS),
        );
    }
    Ok(response)
}

fn choice(survey: &Survey) -> SurveyChoice {
    SurveyChoice { id: survey.id.0, name: survey.name.clone(), kind: survey.kind.clone() }
}

fn row(mailing: &Mailing, surveys: &[Survey], zone: Tz) -> MailingRow {
    let audience = match mailing.audience.strip_prefix(FILE_PREFIX) {
        Some(file) => MailingAudience::File(file.to_owned()),
        None => MailingAudience::Segment(mailing.audience.strip_prefix(SEGMENT_PREFIX).unwrap_or(&mailing.audience).to_owned()),
    };
    MailingRow {
        id: mailing.id.0,
        survey_name: surveys.iter().find(|survey| survey.id == mailing.survey_id).map(|survey| survey.name.clone()).unwrap_or_default(),
        audience,
        created_at: local(mailing.created_at, zone),
        total: mailing.emails.len(),
        processed: usize::try_from(mailing.processed).unwrap_or(0),
        invited: usize::try_from(mailing.invited).unwrap_or(0),
        refused: mailings::refusals(mailing).len(),
        finished: mailing.finished_at.is_some(),
    }
}

fn local(at: DateTime<Utc>, zone: Tz) -> String {
    at.with_timezone(&zone).format("%Y-%m-%d %H:%M").to_string()
}
