//! What a respondent may send on a survey link, checked before anything is stored.

use super::fields::is_forbidden_in_text;
use super::survey::{ExitReason, SurveyKind};
use unicode_segmentation::UnicodeSegmentation;

/// Longest comment, counted in grapheme clusters (what a person sees as characters).
pub const COMMENT_MAX_GRAPHEMES: usize = 2000;

/// The raw fields of a posted answer, as text.
#[derive(Debug, Default, Clone)]
pub struct AnswerForm {
    pub score: Option<String>,
    pub comment: Option<String>,
    pub reason: Option<String>,
    pub contact_ok: bool,
}

/// A valid answer for one survey kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub score: Option<i16>,
    /// Stored exactly as typed; `None` when empty or only white space.
    pub comment: Option<String>,
    pub reason: Option<String>,
    pub contact_ok: bool,
}

/// Why an answer was refused; each names the field to fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnswerError {
    ScoreMissing,
    ScoreOutOfRange,
    CommentTooLong { max: usize, actual: usize },
    /// NUL, control characters other than tab and line breaks, or bidirectional overrides.
    CommentHasForbiddenCharacters,
    ReasonMissing,
    ReasonUnknown,
}

impl Answer {
    /// Checks a posted form against a survey; all problems are reported at once.
    pub fn parse(kind: SurveyKind, reasons: &[ExitReason], form: &AnswerForm) -> Result<Answer, Vec<AnswerError>> {
        let mut errors = Vec::new();

        let score = match (kind.score_range(), form.score.as_deref().map(str::trim)) {
            (None, _) => None,
            (Some(_), None | Some("")) => {
                errors.push(AnswerError::ScoreMissing);
                None
            }
            (Some(_), Some(text)) => {
                let parsed = kind.parse_score(text);
                if parsed.is_none() {
                    errors.push(AnswerError::ScoreOutOfRange);
                }
                parsed
            }
        };

        let reason = match (kind, form.reason.as_deref().map(str::trim)) {
            (SurveyKind::Exit, None | Some("")) => {
                errors.push(AnswerError::ReasonMissing);
                None
            }
            (SurveyKind::Exit, Some(code)) => {
                let known = reasons.iter().any(|reason| reason.code == code);
                if !known {
                    errors.push(AnswerError::ReasonUnknown);
                }
                known.then(|| code.to_owned())
            }
            _ => None,
        };

        let comment = form.comment.as_deref().filter(|text| !text.trim().is_empty());
        if let Some(text) = comment {
            let actual = text.graphemes(true).count();
            if actual > COMMENT_MAX_GRAPHEMES {
                errors.push(AnswerError::CommentTooLong { max: COMMENT_MAX_GRAPHEMES, actual });
            }
            if text.chars().any(is_forbidden_in_text) {
                errors.push(AnswerError::CommentHasForbiddenCharacters);
            }
        }

        if errors.is_empty() {
            Ok(Answer {
                score,
                comment: comment.map(str::to_owned),
                reason,
                contact_ok: kind == SurveyKind::Exit && form.contact_ok,
            })
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::survey::default_exit_reasons;

    fn form(score: Option<&str>, comment: Option<&str>, reason: Option<&str>) -> AnswerForm {
        AnswerForm {
            score: score.map(str::to_owned),
            comment: comment.map(str::to_owned),
            reason: reason.map(str::to_owned),
            contact_ok: true,
        }
    }

    #[test]
    fn an_nps_answer_keeps_the_comment_exactly_as_typed() {
        let answer = Answer::parse(SurveyKind::Nps, &[], &form(Some("9"), Some("  とても使いやすい！ \n"), None));
        assert_eq!(
            answer,
            Ok(Answer { score: Some(9), comment: Some("  とても使いやすい！ \n".into()), reason: None, contact_ok: false })
        );
    }

    #[test]
    fn a_blank_comment_is_no_comment() {
        let answer = Answer::parse(SurveyKind::Csat, &[], &form(Some("4"), Some(" \n\u{3000}"), None)).map(|a| a.comment);
        assert_eq!(answer, Ok(None));
    }

    #[test]
    fn a_missing_or_bad_score_is_reported_with_the_comment_problems() {
        let long = "あ".repeat(COMMENT_MAX_GRAPHEMES + 1);
        let errors = Answer::parse(SurveyKind::Nps, &[], &form(None, Some(&long), None));
        assert_eq!(
            errors,
            Err(vec![AnswerError::ScoreMissing, AnswerError::CommentTooLong { max: 2000, actual: 2001 }])
        );
        let errors = Answer::parse(SurveyKind::Nps, &[], &form(Some("11"), None, None));
        assert_eq!(errors, Err(vec![AnswerError::ScoreOutOfRange]));
    }

    #[test]
    fn comment_length_counts_graphemes_not_bytes_or_code_points() {
        // A family emoji is 7 code points and 25 bytes but one grapheme.
        let family = "👨\u{200D}👩\u{200D}👧\u{200D}👦";
        let comment = family.repeat(COMMENT_MAX_GRAPHEMES);
        assert!(Answer::parse(SurveyKind::Nps, &[], &form(Some("5"), Some(&comment), None)).is_ok());
        let comment = format!("{comment}x");
        assert!(Answer::parse(SurveyKind::Nps, &[], &form(Some("5"), Some(&comment), None)).is_err());
    }

    #[test]
    fn nul_controls_and_bidi_overrides_are_refused_but_line_breaks_are_fine() {
        for bad in ["a\0b", "a\u{7}b", "abc\u{202E}cba", "\u{2066}x"] {
            let errors = Answer::parse(SurveyKind::Nps, &[], &form(Some("5"), Some(bad), None));
            assert_eq!(errors, Err(vec![AnswerError::CommentHasForbiddenCharacters]), "{bad:?}");
        }
        assert!(Answer::parse(SurveyKind::Nps, &[], &form(Some("5"), Some("一行目\r\n二行目\tタブ"), None)).is_ok());
    }

    #[test]
    fn an_exit_answer_needs_a_known_reason_and_keeps_the_opt_in() {
        let reasons = default_exit_reasons();
        let answer = Answer::parse(SurveyKind::Exit, &reasons, &form(Some("3"), None, Some("price"))).map(|a| (a.score, a.reason, a.contact_ok));
        assert_eq!(answer, Ok((None, Some("price".into()), true)));
        assert_eq!(Answer::parse(SurveyKind::Exit, &reasons, &form(None, None, None)), Err(vec![AnswerError::ReasonMissing]));
        assert_eq!(
            Answer::parse(SurveyKind::Exit, &reasons, &form(None, None, Some("'; DROP TABLE responses; --"))),
            Err(vec![AnswerError::ReasonUnknown])
        );
    }

    #[test]
    fn the_contact_opt_in_only_exists_on_exit_surveys() {
        let answer = Answer::parse(SurveyKind::Nps, &[], &form(Some("3"), None, None)).map(|a| a.contact_ok);
        assert_eq!(answer, Ok(false));
    }
}
