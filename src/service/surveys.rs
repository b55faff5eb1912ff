//! Creating surveys.

use crate::db::organization;
use crate::db::surveys::{self, NewSurvey, Survey};
use crate::domain::fields;
use crate::domain::survey::{default_exit_reasons, ExitReason, SurveyKind};
use crate::domain::token::new_link_token;
use crate::error::AppError;
use diesel::prelude::*;
use serde::Deserialize;

const DEFAULT_INVITATION_TTL_DAYS: i32 = 30;
const DEFAULT_CONTACT_COOLDOWN_DAYS: i32 = 90;
const DEFAULT_REMINDER_DAYS: i32 = 3;

/// `POST /api/v1/surveys`: a new survey.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct SurveyInput {
    #[schema(schema_with = super::schema::survey_kind)]
    pub kind: String,
    pub name: String,
    /// The company or product asked about; defaults to the organisation's name.
    pub subject: Option<String>,
    pub question: Option<String>,
    pub comment_prompt: Option<String>,
    /// Exit surveys only; defaults to koe's seven reasons.
    pub reasons: Option<Vec<ExitReasonInput>>,
    /// Also give the survey one public link for anonymous answers.
    #[serde(default)]
    pub public_link: bool,
    /// Days an invitation link stays valid.
    #[schema(minimum = 1, maximum = 365)]
    pub invitation_ttl_days: Option<i32>,
    /// Days after any invitation before the contact may be invited to this survey (default 90; 0: no limit).
    #[schema(minimum = 0, maximum = 3650)]
    pub contact_cooldown_days: Option<i32>,
    /// Days after the email before the one reminder (default 3; 0: no reminder).
    #[schema(minimum = 0, maximum = 60)]
    pub reminder_days: Option<i32>,
}

/// One answer an exit survey offers: a stable code and its labels.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct ExitReasonInput {
    pub code: String,
    pub ja: String,
    pub en: Option<String>,
}

pub fn create(conn: &mut PgConnection, input: &SurveyInput) -> Result<Survey, AppError> {
    let kind = SurveyKind::parse(input.kind.trim())
        .ok_or_else(|| AppError::invalid("invalid_kind", "kind", "kind must be nps, csat or exit"))?;
    let name = fields::required("name", &input.name, 200)?;
    let subject = fields::optional("subject", input.subject.as_deref(), 100)?;
    let question = fields::optional("question", input.question.as_deref(), 500)?;
    let comment_prompt = fields::optional("comment_prompt", input.comment_prompt.as_deref(), 500)?;
    let ttl = input.invitation_ttl_days.unwrap_or(DEFAULT_INVITATION_TTL_DAYS);
    if !(1..=365).contains(&ttl) {
        return Err(AppError::invalid("out_of_range", "invitation_ttl_days", "invitation_ttl_days must be from 1 to 365"));
    }
    let cooldown = input.contact_cooldown_days.unwrap_or(DEFAULT_CONTACT_COOLDOWN_DAYS);
    if !(0..=3650).contains(&cooldown) {
        return Err(AppError::invalid("out_of_range", "contact_cooldown_days", "contact_cooldown_days must be from 0 to 3650"));
    }
    let reminder = input.reminder_days.unwrap_or(DEFAULT_REMINDER_DAYS);
    if !(0..=60).contains(&reminder) {
        return Err(AppError::invalid("out_of_range", "reminder_days", "reminder_days must be from 0 to 60"));
    }
    let reasons = match (kind, &input.reasons) {
        (SurveyKind::Exit, None) => default_exit_reasons(),
        (SurveyKind::Exit, Some(reasons)) => exit_reasons(reasons)?,
        (_, None) => Vec::new(),
        (_, Some(_)) => return Err(AppError::invalid("not_applicable", "reasons", "only exit surveys have reasons")),
    };
    let reasons = serde_json::to_value(reasons).map_err(|error| AppError::Internal(error.to_string()))?;
    let public_token = input.public_link.then(new_link_token);
    conn.transaction(|conn| {
        let organization_name = organization::get(conn)?.map(|org| org.name);
        let subject = subject
            .or(organization_name.as_deref())
            .unwrap_or(koe_views::i18n::strings(koe_views::Lang::Ja).common.subject_fallback);
        let survey = NewSurvey {
            kind: kind.as_str(),
            name,
            subject,
            question,
            comment_prompt,
            reasons,
            invitation_ttl_days: ttl,
            public_token: public_token.as_deref(),
            contact_cooldown_days: cooldown,
            reminder_days: reminder,
        };
        Ok(surveys::insert(conn, &survey)?)
    })
}

fn exit_reasons(input: &[ExitReasonInput]) -> Result<Vec<ExitReason>, AppError> {
    if input.is_empty() || input.len() > 20 {
        return Err(AppError::invalid("out_of_range", "reasons", "an exit survey needs from 1 to 20 reasons"));
    }
    let mut reasons: Vec<ExitReason> = Vec::with_capacity(input.len());
    for reason in input {
        let code = fields::required("reasons", &reason.code, 50)?;
        if !code.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_') {
            return Err(AppError::invalid("invalid_code", "reasons", "reason codes use a-z, 0-9 and _"));
        }
        if reasons.iter().any(|known| known.code == code) {
            return Err(AppError::invalid("duplicate_code", "reasons", format!("the reason code {code} appears twice")));
        }
        let ja = fields::required("reasons", &reason.ja, 100)?;
        let en = fields::optional("reasons", reason.en.as_deref(), 100)?.unwrap_or(ja);
        reasons.push(ExitReason { code: code.to_owned(), ja: ja.to_owned(), en: en.to_owned() });
    }
    Ok(reasons)
}
