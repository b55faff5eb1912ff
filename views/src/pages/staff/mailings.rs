//! Admins send a survey to a segment or to the addresses of a file, and watch it go.
//!
//! Form contract: a `multipart/form-data` POST to [`MAILINGS_PATH`] with the CSRF field,
//! `survey` (its id), `audience` ([`AUDIENCE_SEGMENT`] with `segment`, or [`AUDIENCE_FILE`]
//! with `file`, a CSV with an `email` column).

use maud::{html, Markup};

use super::frame::{staff_page, StaffFrame};
use super::{SurveyChoice, CSRF_FIELD, MAILINGS_PATH};
use crate::components::{error_summary, ErrorItem};
use crate::i18n::{strings, MailingStrings};

pub const AUDIENCE_SEGMENT: &str = "segment";
pub const AUDIENCE_FILE: &str = "file";

/// Who a mailing went to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MailingAudience {
    Segment(String),
    /// A file, by its name.
    File(String),
}

impl Default for MailingAudience {
    fn default() -> Self {
        MailingAudience::Segment(String::new())
    }
}

impl MailingAudience {
    fn text(&self, s: &MailingStrings) -> String {
        match self {
            MailingAudience::Segment(name) => (s.segment_named)(name),
            MailingAudience::File(name) => (s.file_named)(name),
        }
    }
}

/// A mailing as lists and its page show it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MailingRow {
    pub id: i64,
    pub survey_name: String,
    pub audience: MailingAudience,
    pub created_at: String,
    pub total: usize,
    pub processed: usize,
    pub invited: usize,
    pub refused: usize,
    pub finished: bool,
}

/// Why a mailing could not start, or an address was not invited.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum MailingProblem {
    #[default]
    NoSurvey,
    NoSegment,
    NoFile,
    TooLarge,
    Encoding,
    NoEmailColumn,
    UnreadableFile,
    NoRecipients,
    TooManyRecipients,
    SurveyClosed,
}

impl MailingProblem {
    fn text(&self, s: &MailingStrings, max_megabytes: usize) -> String {
        match self {
            MailingProblem::NoSurvey => s.error_no_survey.to_owned(),
            MailingProblem::NoSegment => s.error_no_segment.to_owned(),
            MailingProblem::NoFile => s.error_no_file.to_owned(),
            MailingProblem::TooLarge => (s.error_too_large)(max_megabytes),
            MailingProblem::Encoding => s.error_encoding.to_owned(),
            MailingProblem::NoEmailColumn => s.error_no_email_column.to_owned(),
            MailingProblem::UnreadableFile => s.error_unreadable.to_owned(),
            MailingProblem::NoRecipients => s.error_no_recipients.to_owned(),
            MailingProblem::TooManyRecipients => s.error_too_many.to_owned(),
            MailingProblem::SurveyClosed => s.error_survey_closed.to_owned(),
        }
    }
}

/// `GET /staff/mailings`: the form and the recent mailings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MailingsPage {
    pub frame: StaffFrame,
    pub surveys: Vec<SurveyChoice>,
    pub segments: Vec<String>,
    pub recent: Vec<MailingRow>,
    pub max_megabytes: usize,
    pub problem: Option<MailingProblem>,
}

/// An address that was not invited.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RefusalRow {
    pub email: String,
    /// The stable code (`unsubscribed`, `throttled_contact`…), shown as words.
    pub code: String,
    /// When the address may be asked again, for a throttled one (a local date and time).
    pub available_at: Option<String>,
}

/// `GET /staff/mailings/{id}`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MailingPage {
    pub frame: StaffFrame,
    pub mailing: MailingRow,
    pub refusals: Vec<RefusalRow>,
}

fn reason(s: &MailingStrings, code: &str) -> &'static str {
    match code {
        "unsubscribed" => s.reason_unsubscribed,
        "throttled_contact" => s.reason_throttled_contact,
        "throttled_account" => s.reason_throttled_account,
        "already_invited" => s.reason_already_invited,
        "unknown_contact" => s.reason_unknown_contact,
        "invalid_email" => s.reason_invalid_email,
        "survey_closed" => s.error_survey_closed,
        _ => s.reason_other,
    }
}

fn progress(s: &MailingStrings, row: &MailingRow) -> Markup {
    html! {
        progress max=(row.total.max(1)) value=(row.processed) { ((s.progress)(row.processed, row.total)) }
        " " ((s.progress)(row.processed, row.total))
        @if row.finished { " · " (s.finished) } @else { " · " (s.running) }
    }
}

pub fn mailings_page(p: &MailingsPage) -> Markup {
    let s = &strings(p.frame.lang).staff.mailings;
    let body = html! {
        h1 { (s.title) }
        p.muted { (s.lead) }
        @if let Some(problem) = &p.problem {
            (error_summary(s.error_title, &[ErrorItem { field_id: "m-survey", message: problem.text(s, p.max_megabytes) }]))
        }
        form.block method="post" action=(MAILINGS_PATH) enctype="multipart/form-data" {
            input type="hidden" name=(CSRF_FIELD) value=(p.frame.csrf_token);
            div.field {
                label.field-label for="m-survey" { (s.survey) }
                select.input #m-survey name="survey" required {
                    @for survey in &p.surveys { option value=(survey.id) { (survey.name) } }
                }
            }
            fieldset.spaced {
                legend.field-label { (s.audience) }
                label.check {
                    input type="radio" name="audience" value=(AUDIENCE_SEGMENT) checked;
                    span { (s.audience_segment) }
                }
                div.field {
                    label.vh for="m-segment" { (s.audience_segment) }
                    select.input #m-segment name="segment" {
                        @for segment in &p.segments { option value=(segment) { (segment) } }
                    }
                }
                label.check {
                    input type="radio" name="audience" value=(AUDIENCE_FILE);
                    span { (s.audience_file) }
                }
                div.field {
                    label.vh for="m-file" { (s.audience_file) }
                    p.note #m-file-hint { ((s.file_hint)(p.max_megabytes)) }
                    input #m-file type="file" name="file" accept=".csv,text/csv" aria-describedby="m-file-hint";
                }
            }
            div.actions.spaced { button.button type="submit" { (s.send) } }
        }
        h2 { (s.recent_title) }
        @if p.recent.is_empty() {
            p.muted { (s.none) }
        } @else {
            div.table-wrap role="region" aria-labelledby="m-recent" tabindex="0" {
                table.data {
                    caption.vh #m-recent { (s.recent_title) }
                    thead { tr {
                        th scope="col" { (s.col_created) } th scope="col" { (s.survey) } th scope="col" { (s.audience) }
                        th scope="col" { (s.col_progress) } th.num scope="col" { (s.col_invited) } th.num scope="col" { (s.col_refused) }
                    } }
                    tbody {
                        @for row in &p.recent {
                            tr {
                                td { a href=(format!("{MAILINGS_PATH}/{}", row.id)) { (row.created_at) } }
                                td.wrap { (row.survey_name) } td.wrap { (row.audience.text(s)) }
                                td { (progress(s, row)) }
                                td.num { (row.invited) } td.num { (row.refused) }
                            }
                        }
                    }
                }
            }
        }
    };
    staff_page(&p.frame, s.title, body)
}

pub fn mailing_page(p: &MailingPage) -> Markup {
    let s = &strings(p.frame.lang).staff.mailings;
    let m = &p.mailing;
    let body = html! {
        p { a href=(MAILINGS_PATH) { (s.back) } }
        h1 { (s.title) ": " (m.survey_name) }
        p { (m.audience.text(s)) " · " (m.created_at) }
        p role="status" { (progress(s, m)) }
        p { ((s.summary)(m.invited, m.refused)) }
        @if !m.finished { p.note { (s.refreshes) } }
        @if !p.refusals.is_empty() {
            h2 { (s.refused_title) }
            div.table-wrap role="region" aria-labelledby="m-refused" tabindex="0" {
                table.data {
                    caption.vh #m-refused { (s.refused_title) }
                    thead { tr { th scope="col" { (s.col_email) } th scope="col" { (s.col_reason) } } }
                    tbody {
                        @for refusal in &p.refusals {
                            tr {
                                td.wrap { (refusal.email) }
                                td.wrap {
                                    (reason(s, &refusal.code))
                                    @if let Some(at) = &refusal.available_at { " " ((s.available_from)(at)) }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    staff_page(&p.frame, s.title, body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::staff::{assert_language, test_frame};
    use crate::test_support::assert_csp_clean;
    use crate::Lang;

    fn row(finished: bool) -> MailingRow {
        MailingRow {
            id: 7,
            survey_name: "NPS".into(),
            audience: MailingAudience::Segment("smb".into()),
            created_at: "2026-11-23 10:00".into(),
            total: 10,
            processed: 4,
            invited: 3,
            refused: 1,
            finished,
        }
    }

    #[test]
    fn the_form_posts_multipart_with_the_csrf_field_and_lists_mailings_with_their_progress() {
        let page = MailingsPage {
            frame: test_frame(Lang::Ja),
            surveys: vec![SurveyChoice { id: 3, name: "四半期NPS".into(), kind: "nps".into() }],
            segments: vec!["smb".into()],
            recent: vec![row(false)],
            max_megabytes: 5,
            problem: None,
        };
        let out = mailings_page(&page).into_string();
        assert_csp_clean(&out);
        assert!(out.contains("enctype=\"multipart/form-data\""));
        assert!(out.contains("<input type=\"hidden\" name=\"csrf_token\" value=\"tok-123\">"));
        assert!(out.contains("<option value=\"3\">四半期NPS</option>"));
        assert!(out.contains("href=\"/staff/mailings/7\""));
        assert!(out.contains("<progress max=\"10\" value=\"4\">"));
    }

    #[test]
    fn refusals_are_named_in_the_readers_language_with_their_date() {
        for lang in Lang::ALL {
            let page = MailingPage {
                frame: test_frame(lang),
                mailing: row(true),
                refusals: vec![RefusalRow { email: "a@example.jp".into(), code: "throttled_contact".into(), available_at: Some("2027-02-21".into()) }],
            };
            let out = mailing_page(&page).into_string();
            let s = &strings(lang).staff.mailings;
            assert!(out.contains(s.reason_throttled_contact) && out.contains(&(s.available_from)("2027-02-21")));
            assert!(!out.contains(s.refreshes), "a finished mailing does not refresh");
            assert_language(lang, &out, &["NPS", "smb", "a@example.jp", "hanako@example.co.jp"], &["山田 花子"]);
        }
    }
}
