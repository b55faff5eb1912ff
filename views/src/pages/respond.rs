//! The respondent's pages: the survey form behind a link, and the thank-you page.
//!
//! Form field names are a contract with the server: `score` (0..=10 or 1..=5), `comment`,
//! `reason` (exit surveys) and `contact_ok` (checkbox, value `1`).

use maud::{html, Markup};

use crate::components::{
    card, check_icon, checkbox, choice_list, error_summary, field_error, scale, submit_button,
    Choice, ErrorItem, Scale,
};
use crate::i18n::{strings, Strings};
use crate::layout::page;
use crate::{default_exit_reasons, Lang};

/// Default comment limit, in grapheme clusters (the server counts; this only shapes the hint).
pub const COMMENT_MAX: usize = 2000;

/// Everything the survey form shows; built by the server from the link, the survey and
/// (after a failed POST) what the person sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SurveyForm {
    pub lang: Lang,
    /// Form POST target, e.g. `/s/AbC…`.
    pub action: String,
    /// Company or product name put in the question, e.g. "デモ株式会社".
    pub subject: String,
    /// The survey's name, shown small above the question (may be empty).
    pub title: String,
    /// Override of the main question (`None` = default wording for the kind).
    pub question: Option<String>,
    /// Override of the comment prompt.
    pub comment_prompt: Option<String>,
    pub kind: FormKind,
    /// Pre-selected score (from `?score=N` or from what was posted).
    pub score: Option<i16>,
    /// What the person typed, kept on validation errors.
    pub comment: String,
    /// Exit survey: state of the "you may contact me" checkbox.
    pub contact_ok: bool,
    pub errors: Vec<FormError>,
    /// Comment limit in grapheme clusters, for the hint and the error message.
    pub comment_max: usize,
    /// An earlier answer exists on this link: say the new one replaces it.
    pub updating: bool,
}

impl Default for SurveyForm {
    fn default() -> Self {
        SurveyForm {
            lang: Lang::default(),
            action: String::new(),
            subject: String::new(),
            title: String::new(),
            question: None,
            comment_prompt: None,
            kind: FormKind::default(),
            score: None,
            comment: String::new(),
            contact_ok: false,
            errors: Vec::new(),
            comment_max: COMMENT_MAX,
            updating: false,
        }
    }
}

/// What the survey asks.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum FormKind {
    /// Net Promoter Score, 0–10.
    #[default]
    Nps,
    /// Customer satisfaction, 1–5.
    Csat,
    /// Exit survey: one required reason from a list.
    Exit {
        reasons: Vec<ReasonOption>,
        /// Code of the chosen reason (from what was posted).
        selected: Option<String>,
    },
}

impl FormKind {
    /// The inclusive score range of the kind; `None` for the exit survey, which has no score.
    pub fn score_range(&self) -> Option<(i16, i16)> {
        match self {
            FormKind::Nps => Some((0, 10)),
            FormKind::Csat => Some((1, 5)),
            FormKind::Exit { .. } => None,
        }
    }
}

/// One reason on an exit survey: the stored code and the label shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReasonOption {
    pub code: String,
    pub label: String,
}

impl ReasonOption {
    /// The default reasons ([`default_exit_reasons`]) as options.
    pub fn defaults(lang: Lang) -> Vec<ReasonOption> {
        default_exit_reasons(lang)
            .into_iter()
            .map(|(code, label)| ReasonOption {
                code: code.to_owned(),
                label: label.to_owned(),
            })
            .collect()
    }
}

/// Why a POST was refused; each is shown in the summary and beside its field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormError {
    ScoreMissing,
    ScoreOutOfRange,
    CommentTooLong {
        max: usize,
        actual: usize,
    },
    /// The comment holds characters koe refuses (control characters, bidi overrides).
    CommentInvalidCharacters,
    ReasonMissing,
    ReasonUnknown,
    /// Nothing was wrong with the answer, but koe could not store it now: send it again.
    Busy,
}

/// The form fields errors can point at; `id` is the element the summary links to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    Score,
    Comment,
    Reason,
}

impl Field {
    fn id(self) -> &'static str {
        match self {
            Field::Score => "score",
            Field::Comment => "comment",
            Field::Reason => "reason",
        }
    }

    fn error_id(self) -> &'static str {
        match self {
            Field::Score => "score-error",
            Field::Comment => "comment-error",
            Field::Reason => "reason-error",
        }
    }
}

impl FormError {
    fn field(self) -> Field {
        match self {
            FormError::ScoreMissing | FormError::ScoreOutOfRange => Field::Score,
            // Shown beside the comment, which is what a person would most hate to type again.
            FormError::CommentTooLong { .. }
            | FormError::CommentInvalidCharacters
            | FormError::Busy => Field::Comment,
            FormError::ReasonMissing | FormError::ReasonUnknown => Field::Reason,
        }
    }

    fn message(self, s: &Strings, kind: &FormKind) -> String {
        let e = &s.form_errors;
        match self {
            FormError::ScoreMissing => e.score_missing.to_owned(),
            FormError::ScoreOutOfRange => {
                let (min, max) = kind.score_range().unwrap_or((0, 10));
                (e.score_out_of_range)(min, max)
            }
            FormError::CommentTooLong { max, actual } => (e.comment_too_long)(max, actual),
            FormError::CommentInvalidCharacters => e.comment_invalid_characters.to_owned(),
            FormError::ReasonMissing => e.reason_missing.to_owned(),
            FormError::ReasonUnknown => e.reason_unknown.to_owned(),
            FormError::Busy => e.busy.to_owned(),
        }
    }
}

/// The page after an answer was stored.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct ThankYou {
    pub lang: Lang,
    /// Link back to the form to change the answer.
    pub edit_url: Option<String>,
}

/// The survey form: one question, an optional comment, one button; fits a phone screen.
pub fn survey_form(form: &SurveyForm) -> Markup {
    let s = strings(form.lang);
    let subject = if form.subject.trim().is_empty() {
        s.common.subject_fallback
    } else {
        form.subject.as_str()
    };
    let messages = |field: Field| -> Vec<String> {
        form.errors
            .iter()
            .filter(|e| e.field() == field)
            .map(|e| e.message(s, &form.kind))
            .collect()
    };
    let summary: Vec<ErrorItem> = form
        .errors
        .iter()
        .map(|e| ErrorItem {
            field_id: e.field().id(),
            message: e.message(s, &form.kind),
        })
        .collect();
    let override_or = |text: &Option<String>, default: String| -> String {
        match text.as_deref().map(str::trim) {
            Some(t) if !t.is_empty() => t.to_owned(),
            _ => default,
        }
    };

    let (question, default_prompt) = match &form.kind {
        FormKind::Nps => ((s.form.nps_question)(subject), s.form.nps_comment),
        FormKind::Csat => ((s.form.csat_question)(subject), s.form.csat_comment),
        FormKind::Exit { .. } => (s.form.exit_question.to_owned(), s.form.exit_comment),
    };
    let question = override_or(&form.question, question);
    let prompt = override_or(&form.comment_prompt, default_prompt.to_owned());

    let main_field = match &form.kind {
        FormKind::Exit { .. } => Field::Reason,
        FormKind::Nps | FormKind::Csat => Field::Score,
    };
    let main_errors = messages(main_field);
    let comment_errors = messages(Field::Comment);

    let main_input = match &form.kind {
        FormKind::Nps => scale(&Scale {
            name: "score",
            min: 0,
            max: 10,
            selected: form.score,
            low: s.form.nps_low,
            high: s.form.nps_high,
            point_names: &[],
        }),
        FormKind::Csat => scale(&Scale {
            name: "score",
            min: 1,
            max: 5,
            selected: form.score,
            low: s.form.csat_points[0],
            high: s.form.csat_points[4],
            point_names: &s.form.csat_points,
        }),
        FormKind::Exit { reasons, selected } => {
            let choices: Vec<Choice> = reasons
                .iter()
                .map(|r| Choice {
                    value: &r.code,
                    label: &r.label,
                })
                .collect();
            choice_list("reason", &choices, selected.as_deref())
        }
    };

    let comment_described_by = if comment_errors.is_empty() {
        "comment-hint"
    } else {
        "comment-hint comment-error"
    };

    let body = card(html! {
        (error_summary(s.common.error_summary_title, &summary))
        @if !form.title.trim().is_empty() {
            p.eyebrow { (form.title) }
        }
        @if form.updating {
            p.notice { (s.form.updating) }
        }
        form.survey method="post" action=(form.action) accept-charset="UTF-8" {
            fieldset.question id=(main_field.id())
                aria-describedby=[(!main_errors.is_empty()).then_some(main_field.error_id())] {
                legend { h1 { (question) } }
                (field_error(main_field.error_id(), &main_errors))
                (main_input)
            }
            div.field {
                label.field-label for="comment" {
                    (prompt)
                    " "
                    span.optional { (s.common.optional) }
                }
                (field_error(Field::Comment.error_id(), &comment_errors))
                textarea #comment name="comment" rows="4"
                    aria-describedby=(comment_described_by)
                    aria-invalid=[(!comment_errors.is_empty()).then_some("true")] {
                    // The HTML parser drops one newline right after <textarea>; this one,
                    // so that a comment that starts with a blank line comes back whole.
                    "\n"
                    (form.comment)
                }
                p.hint #comment-hint { ((s.form.comment_limit)(form.comment_max)) }
            }
            @if matches!(form.kind, FormKind::Exit { .. }) {
                (checkbox("contact_ok", "1", s.form.exit_contact_ok, form.contact_ok))
            }
            (submit_button(s.form.submit))
        }
    });

    let base_title = if form.title.trim().is_empty() {
        s.common.survey_fallback_title
    } else {
        form.title.trim()
    };
    let title = if form.errors.is_empty() {
        base_title.to_owned()
    } else {
        format!("{}{}", s.common.error_title_prefix, base_title)
    };
    page(form.lang, &title, body)
}

/// An answer koe could not take now, before it could even read the survey (503): what was
/// posted, to send again with one tap, so that nothing typed is lost.
pub struct Resend {
    pub lang: Lang,
    pub action: String,
    /// The posted fields, as (name, value).
    pub fields: Vec<(String, String)>,
}

/// The page for [`Resend`]: the busy message and the answer in hidden fields behind one button.
pub fn resend(model: &Resend) -> Markup {
    let s = strings(model.lang);
    let body = card(html! {
        h1 { (s.form_errors.busy_title) }
        p { (s.form_errors.busy) }
        // What they typed, where they can see it is kept (the fields below are hidden).
        @if let Some((_, comment)) = model.fields.iter().find(|(name, value)| name == "comment" && !value.trim().is_empty()) {
            p.notice.kept { (comment) }
        }
        form method="post" action=(model.action) accept-charset="UTF-8" {
            @for (name, value) in &model.fields {
                input type="hidden" name=(name) value=(value);
            }
            (submit_button(s.form_errors.send_again))
        }
    });
    page(model.lang, s.form_errors.busy_title, body)
}

/// The thank-you page: short and warm, with a link to change the answer when allowed.
pub fn thank_you(page_model: &ThankYou) -> Markup {
    let s = strings(page_model.lang);
    let body = card(html! {
        div.done {
            (check_icon())
            h1 { (s.thanks.title) }
            p { (s.thanks.body) }
            p.muted { (s.thanks.close_hint) }
            @if let Some(url) = &page_model.edit_url {
                p { a.secondary-link href=(url) { (s.thanks.edit) } }
            }
        }
    });
    page(page_model.lang, s.thanks.title, body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{
        assert_csp_clean, assert_small, visible_text, HOSTILE, HOSTILE_ESCAPED,
    };

    #[test]
    fn the_resend_page_keeps_every_posted_field_escaped_behind_one_button() {
        let model = Resend {
            lang: Lang::Ja,
            action: "/s/AbCdEf0123456789".into(),
            fields: vec![("score".into(), "3".into()), ("comment".into(), HOSTILE.into())],
        };
        let html = resend(&model).into_string();
        assert!(html.contains(r#"<input type="hidden" name="score" value="3">"#), "{html}");
        assert!(html.contains(HOSTILE_ESCAPED), "{html}");
        assert!(!html.contains(HOSTILE));
        assert!(html.contains(r#"action="/s/AbCdEf0123456789""#));
        assert!(visible_text(&html).contains("もう一度送信する"));
        assert_eq!(html.matches(HOSTILE_ESCAPED).count(), 2, "the kept comment is sent again and shown: {html}");
        assert_csp_clean(&html);
    }

    fn form(lang: Lang, kind: FormKind) -> SurveyForm {
        SurveyForm {
            lang,
            action: "/s/AbCdEf0123456789".into(),
            subject: match lang {
                Lang::Ja => "デモ株式会社".into(),
                Lang::En => "Demo Inc.".into(),
            },
            kind,
            ..SurveyForm::default()
        }
    }

    fn exit_kind(lang: Lang, selected: Option<&str>) -> FormKind {
        FormKind::Exit {
            reasons: ReasonOption::defaults(lang),
            selected: selected.map(str::to_owned),
        }
    }

    fn all_kinds(lang: Lang) -> Vec<FormKind> {
        vec![FormKind::Nps, FormKind::Csat, exit_kind(lang, None)]
    }

    fn all_errors() -> Vec<FormError> {
        vec![
            FormError::ScoreMissing,
            FormError::ScoreOutOfRange,
            FormError::CommentTooLong {
                max: 2000,
                actual: 2345,
            },
            FormError::CommentInvalidCharacters,
            FormError::ReasonMissing,
            FormError::ReasonUnknown,
            FormError::Busy,
        ]
    }

    fn render(f: &SurveyForm) -> String {
        survey_form(f).into_string()
    }

    fn score_radio(value: i16) -> String {
        format!("type=\"radio\" name=\"score\" value=\"{value}\" id=\"score-{value}\"")
    }

    #[test]
    fn nps_form_offers_eleven_score_radios_from_0_to_10() {
        for lang in Lang::ALL {
            let out = render(&form(lang, FormKind::Nps));
            assert_eq!(out.matches("type=\"radio\"").count(), 11);
            for v in 0..=10 {
                assert!(out.contains(&score_radio(v)), "missing score {v}");
            }
            assert!(!out.contains(&score_radio(11)));
            assert!(out.contains("class=\"scale scale-11\""));
            assert!(!out.contains(" checked"));
        }
    }

    #[test]
    fn csat_form_offers_five_score_radios_from_1_to_5_with_named_points() {
        for lang in Lang::ALL {
            let out = render(&form(lang, FormKind::Csat));
            assert_eq!(out.matches("type=\"radio\"").count(), 5);
            for v in 1..=5 {
                assert!(out.contains(&score_radio(v)));
            }
            assert!(!out.contains(&score_radio(0)));
            for name in strings(lang).form.csat_points {
                assert!(out.contains(name), "missing CSAT point name {name}");
            }
        }
        let ja = render(&form(Lang::Ja, FormKind::Csat));
        assert!(ja.contains("非常に不満"));
        assert!(ja.contains("非常に満足"));
    }

    #[test]
    fn nps_form_asks_the_default_question_with_labelled_ends() {
        let out = render(&form(Lang::Ja, FormKind::Nps));
        assert!(out.contains("デモ株式会社を友人や同僚に薦める可能性は、どのくらいありますか？"));
        assert!(out.contains("まったく薦めない"));
        assert!(out.contains("ぜひ薦めたい"));
        assert!(out.contains("そのスコアを付けた最も大きな理由は何ですか？"));
        assert!(out.contains("（任意）"));
        assert!(out.contains("2000文字以内"));
        assert!(out.contains(">送信する</button>"));
        let en = render(&form(Lang::En, FormKind::Nps));
        assert!(en.contains("How likely are you to recommend Demo Inc. to a friend or colleague?"));
        assert!(en.contains("Up to 2,000 characters"));
    }

    #[test]
    fn score_scale_is_a_fieldset_whose_legend_is_the_question() {
        let out = render(&form(Lang::Ja, FormKind::Nps));
        let fieldset = out.find("<fieldset").unwrap_or(usize::MAX);
        let legend = out.find("<legend><h1>").unwrap_or(usize::MAX);
        let radio = out.find("type=\"radio\"").unwrap_or(usize::MAX);
        let end = out.find("</fieldset>").unwrap_or(0);
        assert!(fieldset < legend && legend < radio && radio < end);
        // every radio sits inside its own label
        assert_eq!(
            out.matches("<label class=\"scale-point\"><input").count(),
            11
        );
        assert!(out.contains("<html lang=\"ja\">"));
    }

    #[test]
    fn preselected_score_is_checked_and_only_that_one() {
        for (kind, score) in [(FormKind::Nps, 9), (FormKind::Nps, 0), (FormKind::Csat, 4)] {
            let f = SurveyForm {
                score: Some(score),
                ..form(Lang::Ja, kind)
            };
            let out = render(&f);
            assert!(out.contains(&format!("{} checked>", score_radio(score))));
            assert_eq!(out.matches(" checked").count(), 1);
        }
    }

    #[test]
    fn score_off_the_scale_checks_nothing() {
        let f = SurveyForm {
            score: Some(11),
            ..form(Lang::Ja, FormKind::Nps)
        };
        assert!(!render(&f).contains(" checked"));
        let f = SurveyForm {
            score: Some(0),
            ..form(Lang::Ja, FormKind::Csat)
        };
        assert!(!render(&f).contains(" checked"));
    }

    #[test]
    fn comment_is_a_textarea_that_keeps_what_was_typed() {
        let typed = "\n1行目は空行です。\n管理画面が使いやすい 😀👍🏽";
        let f = SurveyForm {
            comment: typed.into(),
            ..form(Lang::Ja, FormKind::Nps)
        };
        let out = render(&f);
        assert!(out.contains(&format!(
            "<textarea id=\"comment\" name=\"comment\" rows=\"4\" aria-describedby=\"comment-hint\">\n{typed}</textarea>"
        )));
        assert!(out.contains("<label class=\"field-label\" for=\"comment\">"));
        // The browser must not cut text that the server would accept (and could lose a paste).
        assert!(!out.contains("maxlength"));
    }

    #[test]
    fn form_posts_to_the_action_with_the_contract_field_names() {
        for lang in Lang::ALL {
            for kind in all_kinds(lang) {
                let out = render(&form(lang, kind.clone()));
                assert!(out.contains(
                    "<form class=\"survey\" method=\"post\" action=\"/s/AbCdEf0123456789\" accept-charset=\"UTF-8\">"
                ));
                assert!(out.contains("name=\"comment\""));
                assert!(out.contains("<button class=\"button\" type=\"submit\">"));
                match kind {
                    FormKind::Exit { .. } => {
                        assert!(out.contains("name=\"reason\""));
                        assert!(out.contains("name=\"contact_ok\""));
                        assert!(!out.contains("name=\"score\""));
                    }
                    FormKind::Nps | FormKind::Csat => {
                        assert!(out.contains("name=\"score\""));
                        assert!(!out.contains("name=\"reason\""));
                        assert!(!out.contains("name=\"contact_ok\""));
                    }
                }
            }
        }
    }

    #[test]
    fn exit_form_lists_the_reasons_and_keeps_the_choice() {
        let f = form(Lang::Ja, exit_kind(Lang::Ja, Some("missing_feature")));
        let out = render(&f);
        assert!(out.contains("ご解約の主な理由をお選びください"));
        assert!(out.contains("私たちが改善すべきだった点があれば、お聞かせください"));
        assert_eq!(out.matches("type=\"radio\" name=\"reason\"").count(), 7);
        for (code, label) in default_exit_reasons(Lang::Ja) {
            assert!(out.contains(&format!("value=\"{code}\"")));
            assert!(out.contains(&format!("<span>{label}</span>")));
        }
        assert!(out.contains("value=\"missing_feature\" id=\"reason-3\" checked>"));
        assert_eq!(out.matches(" checked").count(), 1);
    }

    #[test]
    fn exit_contact_checkbox_is_opt_in() {
        let f = form(Lang::Ja, exit_kind(Lang::Ja, None));
        let out = render(&f);
        assert!(out.contains(
            "<input type=\"checkbox\" name=\"contact_ok\" id=\"contact_ok\" value=\"1\">"
        ));
        assert!(out.contains("今後、担当者から連絡を受けてもよい"));
        let f = SurveyForm {
            contact_ok: true,
            ..f
        };
        assert!(render(&f).contains("id=\"contact_ok\" value=\"1\" checked>"));
    }

    #[test]
    fn errors_show_in_an_alert_summary_and_beside_their_field() {
        let f = SurveyForm {
            score: None,
            comment: "長すぎるコメント".into(),
            errors: vec![
                FormError::ScoreMissing,
                FormError::CommentTooLong {
                    max: 2000,
                    actual: 2345,
                },
            ],
            ..form(Lang::Ja, FormKind::Nps)
        };
        let out = render(&f);
        assert!(out.contains("<div class=\"error-summary\" role=\"alert\""));
        assert!(out.contains("入力内容をご確認ください"));
        assert!(out.contains("<a href=\"#score\">いずれかの数字をお選びください。</a>"));
        assert!(out.contains(
            "<a href=\"#comment\">コメントは2000文字以内でご入力ください（現在2345文字）。</a>"
        ));
        assert!(out.contains(
            "<fieldset class=\"question\" id=\"score\" aria-describedby=\"score-error\">"
        ));
        assert!(out.contains("<div class=\"field-error\" id=\"score-error\"><p>いずれかの数字をお選びください。</p></div>"));
        assert!(out.contains("aria-describedby=\"comment-hint comment-error\" aria-invalid=\"true\">\n長すぎるコメント</textarea>"));
        assert!(out.contains("id=\"comment-error\""));
        assert!(out.contains("<title>入力エラー：アンケートのお願い</title>"));
        // The summary comes before the form.
        assert!(out.find("role=\"alert\"") < out.find("<form"));
    }

    #[test]
    fn two_comment_errors_share_one_described_message_block() {
        let f = SurveyForm {
            comment: "a\u{202E}b".into(),
            errors: vec![
                FormError::CommentTooLong {
                    max: 2000,
                    actual: 2001,
                },
                FormError::CommentInvalidCharacters,
            ],
            ..form(Lang::Ja, FormKind::Nps)
        };
        let out = render(&f);
        assert_eq!(out.matches("id=\"comment-error\"").count(), 1);
        assert!(
            out.contains("<a href=\"#comment\">コメントに使用できない特殊な文字が含まれています。")
        );
        assert!(out.contains("（現在2001文字）。</p><p>コメントに使用できない"));
        assert!(out.contains(">\na\u{202E}b</textarea>"));
    }

    #[test]
    fn every_error_has_a_message_in_both_languages() {
        for lang in Lang::ALL {
            for kind in all_kinds(lang) {
                for error in all_errors() {
                    let f = SurveyForm {
                        errors: vec![error],
                        ..form(lang, kind.clone())
                    };
                    let out = render(&f);
                    let message = error.message(strings(lang), &kind);
                    assert!(!message.is_empty());
                    assert!(
                        out.contains(&format!(">{message}</a>")),
                        "{error:?} {kind:?}"
                    );
                }
            }
        }
        let csat = FormError::ScoreOutOfRange.message(strings(Lang::Ja), &FormKind::Csat);
        assert_eq!(csat, "1〜5の中からお選びください。");
    }

    #[test]
    fn exit_reason_errors_point_at_the_reason_list() {
        let f = SurveyForm {
            errors: vec![FormError::ReasonMissing],
            contact_ok: true,
            comment: "残したい文章".into(),
            ..form(Lang::Ja, exit_kind(Lang::Ja, None))
        };
        let out = render(&f);
        assert!(out.contains("<a href=\"#reason\">ご解約の理由を1つお選びください。</a>"));
        assert!(out.contains(
            "<fieldset class=\"question\" id=\"reason\" aria-describedby=\"reason-error\">"
        ));
        assert!(out.contains(">\n残したい文章</textarea>"));
        assert!(out.contains("value=\"1\" checked>"));
    }

    #[test]
    fn no_errors_means_no_alert_and_no_invalid_marks() {
        let out = render(&form(Lang::Ja, FormKind::Nps));
        assert!(!out.contains("role=\"alert\""));
        assert!(!out.contains("aria-invalid"));
        assert!(!out.contains("field-error"));
        assert!(!out.contains("aria-describedby=\"score-error\""));
    }

    #[test]
    fn updating_says_the_new_answer_replaces_the_old_one() {
        let f = SurveyForm {
            updating: true,
            ..form(Lang::Ja, FormKind::Nps)
        };
        assert!(render(&f).contains(strings(Lang::Ja).form.updating));
        assert!(!render(&form(Lang::Ja, FormKind::Nps)).contains(strings(Lang::Ja).form.updating));
    }

    #[test]
    fn survey_overrides_replace_the_default_wording() {
        let f = SurveyForm {
            title: "2025年春 満足度調査".into(),
            question: Some("サポート窓口の対応はいかがでしたか？".into()),
            comment_prompt: Some("ご意見をお聞かせください".into()),
            ..form(Lang::Ja, FormKind::Csat)
        };
        let out = render(&f);
        assert!(out.contains("<p class=\"eyebrow\">2025年春 満足度調査</p>"));
        assert!(out.contains("<h1>サポート窓口の対応はいかがでしたか？</h1>"));
        assert!(out.contains("ご意見をお聞かせください"));
        assert!(!out.contains("満足されましたか"));
        assert!(out.contains("<title>2025年春 満足度調査</title>"));
    }

    #[test]
    fn blank_overrides_and_subject_fall_back_to_defaults() {
        let f = SurveyForm {
            subject: "  ".into(),
            question: Some(" ".into()),
            comment_prompt: Some(String::new()),
            ..form(Lang::Ja, FormKind::Nps)
        };
        let out = render(&f);
        assert!(out.contains("<h1>当社を友人や同僚に薦める可能性は、どのくらいありますか？</h1>"));
        assert!(out.contains("そのスコアを付けた最も大きな理由は何ですか？"));
        assert!(!out.contains("class=\"eyebrow\""));
    }

    #[test]
    fn hostile_text_is_escaped_everywhere() {
        for lang in Lang::ALL {
            let kinds = vec![
                FormKind::Nps,
                FormKind::Csat,
                FormKind::Exit {
                    reasons: vec![ReasonOption {
                        code: HOSTILE.into(),
                        label: HOSTILE.into(),
                    }],
                    selected: Some(HOSTILE.into()),
                },
            ];
            for kind in kinds {
                for question in [None, Some(HOSTILE.to_owned())] {
                    let f = SurveyForm {
                        lang,
                        action: HOSTILE.into(),
                        subject: HOSTILE.into(),
                        title: HOSTILE.into(),
                        question: question.clone(),
                        comment_prompt: Some(HOSTILE.into()),
                        kind: kind.clone(),
                        comment: HOSTILE.into(),
                        errors: all_errors(),
                        ..SurveyForm::default()
                    };
                    let out = render(&f);
                    assert_csp_clean(&out);
                    assert!(!out.contains(HOSTILE));
                    assert!(out.contains(HOSTILE_ESCAPED));
                    assert!(out.contains(&format!(
                        "<title>{}",
                        strings(lang).common.error_title_prefix
                    )));
                }
            }
        }
        let out = thank_you(&ThankYou {
            lang: Lang::Ja,
            edit_url: Some(HOSTILE.into()),
        })
        .into_string();
        assert_csp_clean(&out);
        assert!(out.contains(&format!("href=\"{HOSTILE_ESCAPED}\"")));
    }

    #[test]
    fn japanese_pages_show_no_english() {
        let mut pages: Vec<String> = all_kinds(Lang::Ja)
            .into_iter()
            .map(|kind| {
                render(&SurveyForm {
                    title: "顧客満足度調査".into(),
                    updating: true,
                    errors: all_errors(),
                    ..form(Lang::Ja, kind)
                })
            })
            .collect();
        pages.push(
            thank_you(&ThankYou {
                lang: Lang::Ja,
                edit_url: Some("/s/abc".into()),
            })
            .into_string(),
        );
        for out in pages {
            let text = visible_text(&out);
            let latin: String = text.chars().filter(|c| c.is_ascii_alphabetic()).collect();
            assert!(
                latin.is_empty(),
                "English in Japanese page: {latin:?} in {text}"
            );
        }
    }

    #[test]
    fn pages_have_no_inline_style_or_script_and_stay_small() {
        for lang in Lang::ALL {
            for kind in all_kinds(lang) {
                let f = SurveyForm {
                    title: "顧客満足度調査 2025".into(),
                    updating: true,
                    errors: all_errors(),
                    score: Some(3),
                    comment: "とても良かったです。".repeat(10),
                    ..form(lang, kind)
                };
                let out = render(&f);
                assert_csp_clean(&out);
                assert_small(&out);
                assert!(out.contains("<link rel=\"stylesheet\" href=\"/assets/koe.css\">"));
            }
            for edit_url in [None, Some("/s/abc".to_owned())] {
                let out = thank_you(&ThankYou { lang, edit_url }).into_string();
                assert_csp_clean(&out);
                assert_small(&out);
            }
        }
    }

    #[test]
    fn thank_you_is_short_and_links_back_only_when_editing_is_allowed() {
        let out = thank_you(&ThankYou {
            lang: Lang::Ja,
            edit_url: Some("/s/AbC?edit=1&x=2".into()),
        })
        .into_string();
        assert!(out.contains("<h1>ご回答ありがとうございました</h1>"));
        assert!(out.contains(
            "<a class=\"secondary-link\" href=\"/s/AbC?edit=1&amp;x=2\">回答を修正する</a>"
        ));
        assert!(out.contains("<title>ご回答ありがとうございました</title>"));
        let out = thank_you(&ThankYou {
            lang: Lang::En,
            edit_url: None,
        })
        .into_string();
        assert!(out.contains("<html lang=\"en\">"));
        assert!(out.contains("Thank you for your answer"));
        assert!(!out.contains("<a "));
    }

    #[test]
    fn english_contacts_get_english_pages() {
        let out = render(&SurveyForm {
            errors: vec![FormError::ScoreMissing],
            ..form(Lang::En, FormKind::Csat)
        });
        assert!(out.contains("<html lang=\"en\">"));
        assert!(out.contains("How satisfied were you with your recent experience with Demo Inc.?"));
        assert!(out.contains("Very dissatisfied"));
        assert!(out.contains("Please choose a number."));
        assert!(out.contains(">Send</button>"));
        assert!(!out.chars().any(|c| ('\u{3040}'..='\u{30ff}').contains(&c)));
    }
}
