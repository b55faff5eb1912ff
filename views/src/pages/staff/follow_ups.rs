//! "My follow-ups" (the inbox) and one follow-up case with its forms.
//!
//! Form contract: the status form POSTs `status`, `note`, `outcome` and the CSRF field to
//! [`FollowUpPage::status_action`]; the owner form POSTs `owner_email` (blank: shared queue) to
//! [`FollowUpPage::owner_action`]. The inbox filter sends GET `scope=mine|all|shared`.

use maud::{html, Markup};

use super::frame::{staff_page, StaffFrame};
use super::{CSRF_FIELD, FOLLOW_UPS_PATH};
use crate::components::{error_summary, field_error, ErrorItem};
use crate::i18n::{strings, FollowUpStrings};

/// The status form's `status` value that keeps the status and only adds the note.
pub const NOTE_ONLY: &str = "note";

/// Why the answer became a case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum TriggerKind {
    #[default]
    Detractor,
    LowCsat,
    Exit,
    ScoreDrop,
}

impl TriggerKind {
    /// The kind stored as `code` in `follow_ups.trigger` (an unknown code reads as a detractor).
    pub fn from_code(code: &str) -> TriggerKind {
        match code {
            "low_csat" => TriggerKind::LowCsat,
            "exit" => TriggerKind::Exit,
            "score_drop" => TriggerKind::ScoreDrop,
            _ => TriggerKind::Detractor,
        }
    }

    pub(crate) fn label(self, s: &FollowUpStrings) -> &'static str {
        match self {
            TriggerKind::Detractor => s.trigger_detractor,
            TriggerKind::LowCsat => s.trigger_low_csat,
            TriggerKind::Exit => s.trigger_exit,
            TriggerKind::ScoreDrop => s.trigger_score_drop,
        }
    }
}

/// Where a case stands; the value is the form's `status` field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum StatusKind {
    #[default]
    Open,
    Contacted,
    Resolved,
    WontFix,
}

impl StatusKind {
    pub fn value(self) -> &'static str {
        match self {
            StatusKind::Open => "open",
            StatusKind::Contacted => "contacted",
            StatusKind::Resolved => "resolved",
            StatusKind::WontFix => "wont_fix",
        }
    }

    pub(crate) fn label(self, s: &FollowUpStrings) -> &'static str {
        match self {
            StatusKind::Open => s.status_open,
            StatusKind::Contacted => s.status_contacted,
            StatusKind::Resolved => s.status_resolved,
            StatusKind::WontFix => s.status_wont_fix,
        }
    }
}

/// Whose cases the inbox lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Scope {
    #[default]
    Mine,
    All,
    /// Cases whose account has no owner.
    Shared,
}

impl Scope {
    pub const ALL: [Scope; 3] = [Scope::Mine, Scope::All, Scope::Shared];

    pub fn value(self) -> &'static str {
        match self {
            Scope::Mine => "mine",
            Scope::All => "all",
            Scope::Shared => "shared",
        }
    }

    fn label(self, s: &FollowUpStrings) -> &'static str {
        match self {
            Scope::Mine => s.scope_mine,
            Scope::All => s.scope_all,
            Scope::Shared => s.scope_shared,
        }
    }
}

/// One case in the inbox.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FollowUpRow {
    pub href: String,
    /// Already formatted in the organisation's zone.
    pub due_at: String,
    pub overdue: bool,
    pub status: StatusKind,
    pub trigger: TriggerKind,
    /// e.g. "NPS 3"; empty for exit answers.
    pub score_label: String,
    /// Already shortened (on grapheme boundaries).
    pub comment: Option<String>,
    pub account: Option<String>,
    pub contact: Option<String>,
    /// `None`: the shared queue.
    pub owner: Option<String>,
}

/// `GET /staff/follow-ups`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FollowUpsPage {
    pub frame: StaffFrame,
    /// Managers and admins choose whose cases to list; CS staff see their own.
    pub scope_choice: bool,
    pub scope: Scope,
    /// Open and contacted cases, soonest due first (overdue first).
    pub rows: Vec<FollowUpRow>,
}

pub fn follow_ups_page(p: &FollowUpsPage) -> Markup {
    let s = &strings(p.frame.lang).staff.follow_ups;
    let overdue = p.rows.iter().filter(|row| row.overdue).count();
    let body = html! {
        h1 { (s.title) }
        p.muted {
            (match p.scope {
                Scope::Mine => s.lead_mine,
                Scope::All => s.lead_all,
                Scope::Shared => s.lead_shared,
            })
        }
        p { a href=(super::REPORT_PATH) { (strings(p.frame.lang).staff.report.report_link) } }
        @if p.scope_choice {
            form.filters method="get" action=(FOLLOW_UPS_PATH) aria-label=(s.filters_label) {
                div.control.wide {
                    label for="f-scope" { (s.scope) }
                    select.input #f-scope name="scope" {
                        @for scope in Scope::ALL {
                            option value=(scope.value()) selected[scope == p.scope] { (scope.label(s)) }
                        }
                    }
                }
                div { button.button.button-small type="submit" { (s.show) } }
            }
        }
        @if p.rows.is_empty() {
            p.empty { (s.none) }
        } @else {
            p.summary { ((s.count)(p.rows.len(), overdue)) }
            div.table-wrap role="region" aria-labelledby="fu-caption" tabindex="0" {
                table.data.cases {
                    caption.vh #fu-caption { (s.title) }
                    thead { tr {
                        th scope="col" { (s.due_at) }
                        th scope="col" { (s.status) }
                        th scope="col" { (s.trigger) }
                        th scope="col" { (s.score) }
                        th scope="col" { (s.comment) }
                        th scope="col" { (s.account) }
                        th scope="col" { (s.contact) }
                        @if p.scope != Scope::Mine { th scope="col" { (s.owner) } }
                    } }
                    tbody {
                        @for row in &p.rows {
                            tr {
                                td {
                                    (row.due_at)
                                    @if row.overdue { " " span.overdue { (s.overdue) } }
                                }
                                td { (row.status.label(s)) }
                                td { (row.trigger.label(s)) }
                                td { (row.score_label) }
                                th.wrap scope="row" {
                                    a href=(row.href) {
                                        @match &row.comment {
                                            Some(comment) => (comment),
                                            None => (s.no_comment),
                                        }
                                    }
                                }
                                td.wrap { (row.account.as_deref().unwrap_or("—")) }
                                td.break { (row.contact.as_deref().unwrap_or("—")) }
                                @if p.scope != Scope::Mine { td { (row.owner.as_deref().unwrap_or(s.shared_queue)) } }
                            }
                        }
                    }
                }
            }
        }
    };
    staff_page(&p.frame, s.title, body)
}

/// What an event of the history says happened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EventKind {
    Created,
    Status { from: StatusKind, to: StatusKind },
    Note,
    /// `None`: the shared queue.
    Reassigned { from: Option<String>, to: Option<String> },
}

/// One line of a case's history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventView {
    pub at: String,
    /// `None`: koe itself.
    pub actor: Option<String>,
    pub kind: EventKind,
    pub note: Option<String>,
}

/// One earlier (or later) answer of the same account.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RecentAnswer {
    pub href: String,
    pub answered_at: String,
    pub score_label: String,
    /// Already shortened.
    pub comment: Option<String>,
    pub contact: Option<String>,
}

/// What went wrong with a form, in words chosen by the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CaseProblem {
    NoteRequired,
    /// "Note only" with an empty note.
    NoteEmpty,
    NotAllowed,
    Unchanged,
    TooLong,
    /// Control characters or bidirectional overrides in a note or outcome.
    InvalidCharacters,
    UnknownUser,
    OwnerUnchanged,
}

impl CaseProblem {
    /// The field the message is about.
    pub fn field_id(self) -> &'static str {
        match self {
            CaseProblem::NoteRequired | CaseProblem::NoteEmpty | CaseProblem::TooLong | CaseProblem::InvalidCharacters => "f-note",
            CaseProblem::NotAllowed | CaseProblem::Unchanged => "f-status",
            CaseProblem::UnknownUser | CaseProblem::OwnerUnchanged => "f-owner",
        }
    }

    fn message(self, s: &FollowUpStrings) -> &'static str {
        match self {
            CaseProblem::NoteRequired => s.error_note_required,
            CaseProblem::NoteEmpty => s.error_note_empty,
            CaseProblem::NotAllowed => s.error_not_allowed,
            CaseProblem::Unchanged => s.error_unchanged,
            CaseProblem::TooLong => s.error_too_long,
            CaseProblem::InvalidCharacters => s.error_invalid_characters,
            CaseProblem::UnknownUser => s.error_unknown_user,
            CaseProblem::OwnerUnchanged => s.error_owner_unchanged,
        }
    }
}

/// `GET /staff/follow-ups/{id}`, and the same page again when a form failed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FollowUpPage {
    pub frame: StaffFrame,
    pub status_action: String,
    pub owner_action: String,
    pub status: StatusKind,
    pub trigger: TriggerKind,
    pub due_at: String,
    pub overdue: bool,
    pub answered_at: String,
    pub score_label: String,
    pub comment: Option<String>,
    pub account: Option<String>,
    pub contact_name: Option<String>,
    pub contact_email: Option<String>,
    /// `None`: the shared queue.
    pub owner: Option<String>,
    pub outcome: Option<String>,
    pub response_href: String,
    /// The statuses the case may move to; empty when the user may not act on it.
    pub next_statuses: Vec<StatusKind>,
    /// A CS member may take a case of the shared queue.
    pub may_take: bool,
    /// Managers and admins may give the case to anyone.
    pub may_reassign: bool,
    pub recent: Vec<RecentAnswer>,
    pub history: Vec<EventView>,
    /// As typed, when a form came back; `None`: "note only".
    pub form_status: Option<StatusKind>,
    pub form_note: String,
    pub form_outcome: String,
    pub form_owner_email: String,
    /// The user's own address, sent by the "take it" form.
    pub my_email: String,
    pub problems: Vec<CaseProblem>,
}

fn event_text(event: &EventView, s: &FollowUpStrings) -> String {
    match &event.kind {
        EventKind::Created => s.event_created.to_owned(),
        EventKind::Status { from, to } => (s.event_status)(from.label(s), to.label(s)),
        EventKind::Note => s.event_note.to_owned(),
        EventKind::Reassigned { from, to } => {
            (s.event_reassigned)(from.as_deref().unwrap_or(s.shared_queue), to.as_deref().unwrap_or(s.shared_queue))
        }
    }
}

pub fn follow_up_page(p: &FollowUpPage) -> Markup {
    let s = &strings(p.frame.lang).staff.follow_ups;
    let items: Vec<ErrorItem> =
        p.problems.iter().map(|problem| ErrorItem { field_id: problem.field_id(), message: problem.message(s).to_owned() }).collect();
    let messages_for = |field: &str| -> Vec<String> {
        p.problems.iter().filter(|problem| problem.field_id() == field).map(|problem| problem.message(s).to_owned()).collect()
    };
    let (note_errors, status_errors, owner_errors) = (messages_for("f-note"), messages_for("f-status"), messages_for("f-owner"));
    let body = html! {
        p.back { a href=(FOLLOW_UPS_PATH) { span aria-hidden="true" { "← " } (s.back) } }
        h1 { (s.case_title) }
        (error_summary(s.error_title, &items))
        dl.facts {
            div { dt { (s.status) } dd { (p.status.label(s)) } }
            div { dt { (s.due_at) } dd { (p.due_at) @if p.overdue { " " span.overdue { (s.overdue) } } } }
            div { dt { (s.trigger) } dd { (p.trigger.label(s)) } }
            @if !p.score_label.is_empty() { div { dt { (s.score) } dd { (p.score_label) } } }
            div { dt { (s.owner) } dd { (p.owner.as_deref().unwrap_or(s.shared_queue)) } }
        }
        section.block aria-labelledby="customer-h" {
            h2 #customer-h { (s.customer) }
            dl.facts {
                div { dt { (s.account) } dd { (p.account.as_deref().unwrap_or("—")) } }
                @if let Some(name) = &p.contact_name { div { dt { (s.contact) } dd { (name) } } }
                @if let Some(email) = &p.contact_email {
                    div { dt { (s.email) } dd { a href={ "mailto:" (email) } { (email) } } }
                }
                div { dt { (s.answered_at) } dd { a href=(p.response_href) { (p.answered_at) } } }
            }
            h2.spaced { (s.comment) }
            @match &p.comment {
                Some(comment) => p.quote { (comment) },
                None => p.muted { (s.no_comment) },
            }
            @if let Some(outcome) = &p.outcome {
                h2.spaced { (s.outcome) }
                p.quote { (outcome) }
            }
        }
        @if !p.next_statuses.is_empty() {
            section.block aria-labelledby="update-h" {
                h2 #update-h { (s.update_title) }
                form method="post" action=(p.status_action) novalidate {
                    input type="hidden" name=(CSRF_FIELD) value=(p.frame.csrf_token);
                    div.field {
                        label.field-label for="f-status" { (s.new_status) }
                        (field_error("f-status-error", &status_errors))
                        select.input #f-status name="status" aria-describedby=[(!status_errors.is_empty()).then_some("f-status-error")] {
                            @for status in &p.next_statuses {
                                option value=(status.value()) selected[p.form_status == Some(*status)] { (status.label(s)) }
                            }
                            option value=(NOTE_ONLY) selected[p.form_status.is_none()] { (s.note_only) }
                        }
                    }
                    div.field {
                        label.field-label for="f-note" { (s.note) " " span.optional { (s.note_hint) } }
                        (field_error("f-note-error", &note_errors))
                        textarea #f-note name="note" rows="3"
                            aria-invalid=[(!note_errors.is_empty()).then_some("true")]
                            aria-describedby=[(!note_errors.is_empty()).then_some("f-note-error")] { (p.form_note) }
                    }
                    div.field {
                        label.field-label for="f-outcome" { (s.outcome) " " span.optional { (s.optional) } }
                        textarea #f-outcome name="outcome" rows="2" { (p.form_outcome) }
                    }
                    button.button.button-small type="submit" { (s.update) }
                }
            }
        }
        @if p.may_take {
            section.block aria-labelledby="take-h" {
                h2 #take-h { (s.take_title) }
                p.muted { (s.take_lead) }
                form method="post" action=(p.owner_action) {
                    input type="hidden" name=(CSRF_FIELD) value=(p.frame.csrf_token);
                    input type="hidden" name="owner_email" value=(p.my_email);
                    button.button.button-small type="submit" { (s.take) }
                }
            }
        }
        @if p.may_reassign {
            section.block aria-labelledby="owner-h" {
                h2 #owner-h { (s.reassign_title) }
                form method="post" action=(p.owner_action) novalidate {
                    input type="hidden" name=(CSRF_FIELD) value=(p.frame.csrf_token);
                    div.field {
                        label.field-label for="f-owner" { (s.owner_email) " " span.optional { (s.owner_email_hint) } }
                        (field_error("f-owner-error", &owner_errors))
                        input.input #f-owner type="email" name="owner_email" value=(p.form_owner_email) autocomplete="off"
                            aria-invalid=[(!owner_errors.is_empty()).then_some("true")]
                            aria-describedby=[(!owner_errors.is_empty()).then_some("f-owner-error")];
                    }
                    button.button.button-small type="submit" { (s.reassign) }
                }
            }
        }
        section.block aria-labelledby="recent-h" {
            h2 #recent-h { (s.recent_title) }
            @if p.recent.is_empty() {
                p.muted { (s.recent_none) }
            } @else {
                ul.mentions {
                    @for answer in &p.recent {
                        li {
                            p.mention-meta {
                                a href=(answer.href) { (answer.answered_at) }
                                @if !answer.score_label.is_empty() { span { (answer.score_label) } }
                                @if let Some(contact) = &answer.contact { span { (contact) } }
                            }
                            @match &answer.comment {
                                Some(comment) => p.quote { (comment) },
                                None => p.muted { (s.no_comment) },
                            }
                        }
                    }
                }
            }
        }
        section.block aria-labelledby="history-h" {
            h2 #history-h { (s.history_title) }
            ol.mentions {
                @for event in &p.history {
                    li {
                        p.mention-meta {
                            span { (event.at) }
                            span { (event.actor.as_deref().unwrap_or(s.system)) }
                        }
                        p { (event_text(event, s)) }
                        @if let Some(note) = &event.note { p.quote { (note) } }
                    }
                }
            }
        }
    };
    staff_page(&p.frame, s.case_title, body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::staff::{assert_language, test_frame};
    use crate::test_support::{HOSTILE, HOSTILE_ESCAPED};
    use crate::Lang;

    fn row(overdue: bool) -> FollowUpRow {
        FollowUpRow {
            href: "/staff/follow-ups/7".into(),
            due_at: "2026-11-20 10:00".into(),
            overdue,
            status: StatusKind::Open,
            trigger: TriggerKind::Detractor,
            score_label: "NPS 3".into(),
            comment: Some(HOSTILE.into()),
            account: Some("株式会社テスト".into()),
            contact: Some("yamada@example.co.jp".into()),
            owner: None,
        }
    }

    fn case(lang: Lang) -> FollowUpPage {
        FollowUpPage {
            frame: test_frame(lang),
            status_action: "/staff/follow-ups/7/status".into(),
            owner_action: "/staff/follow-ups/7/owner".into(),
            due_at: "2026-11-20 10:00".into(),
            overdue: true,
            answered_at: "2026-11-18 10:00".into(),
            score_label: "NPS 3".into(),
            comment: Some(HOSTILE.into()),
            account: Some("株式会社テスト".into()),
            contact_email: Some("yamada@example.co.jp".into()),
            response_href: "/staff/responses/3".into(),
            next_statuses: vec![StatusKind::Contacted, StatusKind::WontFix],
            may_reassign: true,
            history: vec![EventView { at: "2026-11-18 10:00".into(), actor: None, kind: EventKind::Created, note: None }],
            ..FollowUpPage::default()
        }
    }

    #[test]
    fn the_inbox_flags_overdue_cases_and_escapes_comments() {
        let page = FollowUpsPage { frame: test_frame(Lang::Ja), rows: vec![row(true), row(false)], ..FollowUpsPage::default() };
        let out = follow_ups_page(&page).into_string();
        assert_eq!(out.matches("<span class=\"overdue\">期限切れ</span>").count(), 1);
        assert!(out.contains(HOSTILE_ESCAPED) && !out.contains(HOSTILE));
        assert!(out.contains("<a href=\"/staff/follow-ups/7\">"));
        assert!(!out.contains("name=\"scope\""), "CS staff see their own cases without a filter");
    }

    #[test]
    fn managers_choose_whose_cases_and_see_the_owner_column() {
        for lang in Lang::ALL {
            let page = FollowUpsPage { frame: test_frame(lang), scope_choice: true, scope: Scope::Shared, rows: vec![row(false)] };
            let out = follow_ups_page(&page).into_string();
            assert!(out.contains("<option value=\"shared\" selected>"));
            assert!(out.contains(strings(lang).staff.follow_ups.shared_queue));
        }
    }

    #[test]
    fn an_empty_inbox_says_so() {
        let out = follow_ups_page(&FollowUpsPage { frame: test_frame(Lang::En), ..FollowUpsPage::default() }).into_string();
        assert!(out.contains(strings(Lang::En).staff.follow_ups.none));
    }

    #[test]
    fn the_case_page_has_a_csrf_status_form_and_a_reassign_form() {
        let out = follow_up_page(&case(Lang::Ja)).into_string();
        assert!(out.contains("<form method=\"post\" action=\"/staff/follow-ups/7/status\" novalidate><input type=\"hidden\" name=\"csrf_token\" value=\"tok-123\">"));
        assert!(out.contains("<option value=\"contacted\">連絡済み</option>"));
        assert!(out.contains("<option value=\"note\" selected>"), "without a choice, nothing moves");
        assert!(out.contains("action=\"/staff/follow-ups/7/owner\""));
        assert!(out.contains(HOSTILE_ESCAPED) && !out.contains(HOSTILE));
        assert!(out.contains("mailto:yamada@example.co.jp"));
    }

    #[test]
    fn a_failed_form_comes_back_with_what_was_typed_and_the_reason() {
        let page = FollowUpPage {
            form_status: Some(StatusKind::WontFix),
            form_note: "<b>メモ</b>".into(),
            problems: vec![CaseProblem::NoteRequired],
            ..case(Lang::Ja)
        };
        let out = follow_up_page(&page).into_string();
        assert!(out.contains("<option value=\"wont_fix\" selected>"));
        assert!(out.contains("&lt;b&gt;メモ&lt;/b&gt;</textarea>"));
        assert!(out.contains("role=\"alert\""));
        assert!(out.contains(strings(Lang::Ja).staff.follow_ups.error_note_required));
    }

    #[test]
    fn someone_who_may_not_act_sees_no_forms() {
        let page = FollowUpPage { next_statuses: vec![], may_reassign: false, ..case(Lang::En) };
        let out = follow_up_page(&page).into_string();
        assert!(!out.contains("method=\"post\" action=\"/staff/follow-ups"));
    }

    #[test]
    fn each_page_speaks_one_language() {
        for lang in Lang::ALL {
            let row = FollowUpRow { comment: Some("請求書".into()), ..row(true) };
            let inbox = FollowUpsPage { frame: test_frame(lang), scope_choice: true, scope: Scope::All, rows: vec![row] };
            let case = FollowUpPage {
                comment: Some("請求書".into()),
                owner: Some("owner@example.com".into()),
                history: vec![
                    EventView { at: "2026-11-18 10:00".into(), actor: None, kind: EventKind::Created, note: None },
                    EventView {
                        at: "2026-11-19 10:00".into(),
                        actor: Some("owner@example.com".into()),
                        kind: EventKind::Status { from: StatusKind::Open, to: StatusKind::Contacted },
                        note: Some("電話済み".into()),
                    },
                    EventView {
                        at: "2026-11-19 11:00".into(),
                        actor: Some("hanako@example.co.jp".into()),
                        kind: EventKind::Reassigned { from: Some("owner@example.com".into()), to: None },
                        note: None,
                    },
                ],
                problems: vec![CaseProblem::NoteRequired],
                ..case(lang)
            };
            let latin = ["NPS", "CSAT", "hanako@example.co.jp", "owner@example.com", "yamada@example.co.jp"];
            let japanese = ["山田 花子", "株式会社テスト", "請求書", "電話済み"];
            assert_language(lang, &follow_ups_page(&inbox).into_string(), &latin, &japanese);
            assert_language(lang, &follow_up_page(&case).into_string(), &latin, &japanese);
        }
    }
}
