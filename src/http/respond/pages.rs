//! Survey links' pages: database rows to view models.

use crate::db::responses::Response;
use crate::domain::answer::{AnswerError, AnswerForm, COMMENT_MAX_GRAPHEMES};
use crate::domain::survey::SurveyKind;
use crate::service::answers::SurveyLink;
use actix_web::http::StatusCode;
use actix_web::HttpResponse;
use koe_views::respond::{survey_form, FormError, FormKind, ReasonOption, SurveyForm};
use koe_views::{Lang, Markup};

/// What the form shows as already chosen or typed.
#[derive(Debug, Default)]
pub struct Filled {
    score: Option<i16>,
    comment: String,
    reason: Option<String>,
    contact_ok: bool,
    updating: bool,
}

impl Filled {
    /// An earlier answer on the link, with a score from the link (`?score=N`) taking precedence.
    pub fn from_previous(previous: Option<&Response>, linked_score: Option<i16>) -> Filled {
        let mut filled = previous
            .map(|answer| Filled {
                score: answer.score,
                comment: answer.comment.clone().unwrap_or_default(),
                reason: answer.reason.clone(),
                contact_ok: answer.contact_ok,
                updating: true,
            })
            .unwrap_or_default();
        if linked_score.is_some() {
            filled.score = linked_score;
        }
        filled
    }

    /// What was just posted and refused: everything typed stays.
    pub fn from_form(form: &AnswerForm, kind: SurveyKind) -> Filled {
        Filled {
            score: form.score.as_deref().and_then(|text| kind.parse_score(text)),
            comment: form.comment.clone().unwrap_or_default(),
            reason: form.reason.clone(),
            contact_ok: form.contact_ok,
            updating: false,
        }
    }
}

pub fn form_page(link: &SurveyLink, lang: Lang, filled: Filled, errors: Vec<AnswerError>) -> Markup {
    form(link, lang, filled, errors.into_iter().map(form_error).collect())
}

/// The form again with what was typed, when the answer was fine but could not be stored now.
pub fn busy_page(link: &SurveyLink, lang: Lang, filled: Filled) -> Markup {
    form(link, lang, filled, vec![FormError::Busy])
}

fn form(link: &SurveyLink, lang: Lang, filled: Filled, errors: Vec<FormError>) -> Markup {
    let survey = &link.survey;
    let kind = match survey.kind() {
        SurveyKind::Nps => FormKind::Nps,
        SurveyKind::Csat => FormKind::Csat,
        SurveyKind::Exit => FormKind::Exit {
            reasons: survey
                .exit_reasons()
                .into_iter()
                .map(|reason| ReasonOption {
                    label: if lang == Lang::En { reason.en } else { reason.ja },
                    code: reason.code,
                })
                .collect(),
            selected: filled.reason,
        },
    };
    let token = link
        .invitation
        .as_ref()
        .map(|invitation| invitation.token.as_str())
        .or(survey.public_token.as_deref())
        .unwrap_or_default();
    survey_form(&SurveyForm {
        lang,
        action: format!("/s/{token}"),
        subject: survey.subject.clone(),
        title: survey.name.clone(),
        question: survey.question.clone(),
        comment_prompt: survey.comment_prompt.clone(),
        kind,
        score: filled.score,
        comment: filled.comment,
        contact_ok: filled.contact_ok,
        errors,
        comment_max: COMMENT_MAX_GRAPHEMES,
        updating: filled.updating,
    })
}

fn form_error(error: AnswerError) -> FormError {
    match error {
        AnswerError::ScoreMissing => FormError::ScoreMissing,
        AnswerError::ScoreOutOfRange => FormError::ScoreOutOfRange,
        AnswerError::CommentTooLong { max, actual } => FormError::CommentTooLong { max, actual },
        AnswerError::CommentHasForbiddenCharacters => FormError::CommentInvalidCharacters,
        AnswerError::ReasonMissing => FormError::ReasonMissing,
        AnswerError::ReasonUnknown => FormError::ReasonUnknown,
    }
}

/// A page that must not be cached: it may show what a customer typed.
pub fn html(status: StatusCode, page: Markup) -> HttpResponse {
    HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .insert_header(("Cache-Control", "no-store"))
        .body(page.into_string())
}
