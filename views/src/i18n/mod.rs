//! Every user-facing text, one `Strings` constant per language ([`ja::STRINGS`], [`en::STRINGS`]).
//!
//! Page code never holds a literal that a person reads; it asks `strings(lang)`. Texts that
//! embed a value (a company name, a number) are plain `fn`s so that word order can differ
//! between languages.

pub mod en;
pub mod ja;

use crate::Lang;

/// The texts for one language.
pub struct Strings {
    /// Shared bits: optional marker, page-title prefix, reference-number label…
    pub common: CommonStrings,
    /// The survey form a customer answers.
    pub form: FormStrings,
    /// Validation messages on the survey form.
    pub form_errors: FormErrorStrings,
    /// The page after a successful answer.
    pub thanks: ThanksStrings,
    /// Labels of the default exit-survey reasons (codes in [`crate::EXIT_REASON_CODES`]).
    pub exit_reasons: ExitReasonLabels,
    /// Error pages, one text per [`crate::errors::ErrorKind`].
    pub errors: ErrorStrings,
}

/// Texts used on several pages.
pub struct CommonStrings {
    /// Marks an optional field, e.g. "（任意）".
    pub optional: &'static str,
    /// Put before the page `<title>` when the form has validation errors.
    pub error_title_prefix: &'static str,
    /// Heading of the error summary above a form.
    pub error_summary_title: &'static str,
    /// Stands in for an empty subject in questions (e.g. "当社").
    pub subject_fallback: &'static str,
    /// Page title when a survey has no name.
    pub survey_fallback_title: &'static str,
}

/// Texts of the survey form.
pub struct FormStrings {
    /// Default NPS question for a subject (company or product name).
    pub nps_question: fn(&str) -> String,
    /// End label of the NPS scale at 0.
    pub nps_low: &'static str,
    /// End label of the NPS scale at 10.
    pub nps_high: &'static str,
    /// Default comment prompt after an NPS score.
    pub nps_comment: &'static str,
    /// Default CSAT question for a subject.
    pub csat_question: fn(&str) -> String,
    /// Names of the CSAT points 1..=5 (the ends are shown, all five are read by screen readers).
    pub csat_points: [&'static str; 5],
    /// Default comment prompt after a CSAT score.
    pub csat_comment: &'static str,
    /// Default exit-survey question (one reason, required).
    pub exit_question: &'static str,
    /// Default comment prompt on the exit survey.
    pub exit_comment: &'static str,
    /// Opt-in checkbox on the exit survey: the person may be contacted again.
    pub exit_contact_ok: &'static str,
    /// Length hint under the comment box, e.g. "2000文字以内".
    pub comment_limit: fn(usize) -> String,
    /// Notice shown when this link already has an answer that a new one replaces.
    pub updating: &'static str,
    /// The submit button.
    pub submit: &'static str,
}

/// Validation messages on the survey form.
pub struct FormErrorStrings {
    /// No score chosen.
    pub score_missing: &'static str,
    /// A score outside the scale (`min`, `max`).
    pub score_out_of_range: fn(i16, i16) -> String,
    /// Comment longer than `max` characters (`max`, `actual`).
    pub comment_too_long: fn(usize, usize) -> String,
    /// Comment holds characters koe refuses (control characters, bidi overrides).
    pub comment_invalid_characters: &'static str,
    /// No exit reason chosen.
    pub reason_missing: &'static str,
    /// An exit reason that is not on the list.
    pub reason_unknown: &'static str,
}

/// The thank-you page.
pub struct ThanksStrings {
    /// Page title and heading.
    pub title: &'static str,
    /// One warm sentence under the heading.
    pub body: &'static str,
    /// Tells the person they are done.
    pub close_hint: &'static str,
    /// Link back to the form to change the answer.
    pub edit: &'static str,
}

/// Labels of the default exit reasons, one field per code.
pub struct ExitReasonLabels {
    pub price: &'static str,
    pub support_quality: &'static str,
    pub could_not_use: &'static str,
    pub missing_feature: &'static str,
    pub switched_competitor: &'static str,
    pub budget: &'static str,
    pub other: &'static str,
}

/// What an error page says: what happened, and what to do next.
pub struct ErrorText {
    /// Page title and heading.
    pub title: &'static str,
    /// What happened, in plain words.
    pub body: &'static str,
    /// What the person can do now.
    pub action: &'static str,
}

/// Error pages, one per kind, plus the reference-number line.
pub struct ErrorStrings {
    pub bad_request: ErrorText,
    pub unauthorized: ErrorText,
    pub forbidden: ErrorText,
    pub not_found: ErrorText,
    pub link_expired: ErrorText,
    pub survey_closed: ErrorText,
    pub payload_too_large: ErrorText,
    pub too_many_requests: ErrorText,
    pub unavailable: ErrorText,
    pub internal: ErrorText,
    /// Label before the request id, e.g. "お問い合わせ番号".
    pub request_id: &'static str,
    /// Asks the person to quote the request id when they get in touch.
    pub request_id_hint: &'static str,
}

/// The texts for `lang`.
pub fn strings(lang: Lang) -> &'static Strings {
    match lang {
        Lang::Ja => &ja::STRINGS,
        Lang::En => &en::STRINGS,
    }
}

/// Formats `n` with a comma every three digits (`2000` -> `"2,000"`), for English texts.
pub(crate) fn group_thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(group_thousands(0), "0");
        assert_eq!(group_thousands(999), "999");
        assert_eq!(group_thousands(2000), "2,000");
        assert_eq!(group_thousands(1234567), "1,234,567");
    }

    #[test]
    fn japanese_texts_hold_no_latin_letters() {
        let s = strings(Lang::Ja);
        let mut texts: Vec<String> = vec![
            s.common.optional.into(),
            s.common.error_title_prefix.into(),
            s.common.error_summary_title.into(),
            s.common.subject_fallback.into(),
            s.common.survey_fallback_title.into(),
            (s.form.nps_question)("当社"),
            s.form.nps_low.into(),
            s.form.nps_high.into(),
            s.form.nps_comment.into(),
            (s.form.csat_question)("当社"),
            s.form.csat_comment.into(),
            s.form.exit_question.into(),
            s.form.exit_comment.into(),
            s.form.exit_contact_ok.into(),
            (s.form.comment_limit)(2000),
            s.form.updating.into(),
            s.form.submit.into(),
            s.form_errors.score_missing.into(),
            (s.form_errors.score_out_of_range)(0, 10),
            (s.form_errors.comment_too_long)(2000, 2001),
            s.form_errors.comment_invalid_characters.into(),
            s.form_errors.reason_missing.into(),
            s.form_errors.reason_unknown.into(),
            s.thanks.title.into(),
            s.thanks.body.into(),
            s.thanks.close_hint.into(),
            s.thanks.edit.into(),
            s.errors.request_id.into(),
            s.errors.request_id_hint.into(),
        ];
        texts.extend(s.form.csat_points.iter().map(|t| t.to_string()));
        let e = &s.errors;
        for t in [
            &e.bad_request,
            &e.unauthorized,
            &e.forbidden,
            &e.not_found,
            &e.link_expired,
            &e.survey_closed,
            &e.payload_too_large,
            &e.too_many_requests,
            &e.unavailable,
            &e.internal,
        ] {
            texts.extend([t.title.to_string(), t.body.into(), t.action.into()]);
        }
        for t in &texts {
            assert!(!t.is_empty());
            assert!(
                !t.chars().any(|c| c.is_ascii_alphabetic()),
                "Latin letters in Japanese text: {t}"
            );
        }
    }

    #[test]
    fn texts_with_numbers_use_them() {
        let ja = strings(Lang::Ja);
        assert_eq!((ja.form.comment_limit)(2000), "2000文字以内");
        assert!((ja.form_errors.comment_too_long)(2000, 2150).contains("2150"));
        let en = strings(Lang::En);
        assert!((en.form.comment_limit)(2000).contains("2,000"));
        assert!((en.form_errors.comment_too_long)(2000, 2150).contains("2,150"));
        assert!((en.form.nps_question)("Demo Inc.").contains("Demo Inc."));
    }
}
