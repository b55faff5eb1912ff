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
    /// Pages for signed-in staff (CS staff, managers, admins) and their sign-in page.
    pub staff: StaffStrings,
    /// Emails and chat messages to staff.
    pub mail: MailStrings,
}

/// Emails and chat messages to staff about new cases.
pub struct MailStrings {
    /// Subject: (why the case was opened, the answer such as "NPS 3", the account).
    pub subject: fn(&str, &str, &str) -> String,
    /// First line to the case's owner, by name.
    pub intro_owner: fn(&str) -> String,
    /// First line of a case nobody owns, sent to the managers.
    pub intro_shared_queue: &'static str,
    /// After the score: the contact's previous score.
    pub previous_score: fn(i16) -> String,
    pub survey: &'static str,
    /// Stands for the account of an answer on a public link.
    pub public_link: &'static str,
    /// Above the link to the case.
    pub open_case: &'static str,
    /// Subject of an invitation: (the company or product asked about).
    pub invitation_subject: fn(&str) -> String,
    /// Subject of the one reminder.
    pub reminder_subject: fn(&str) -> String,
    /// First line: (the contact's name).
    pub greeting: fn(&str) -> String,
    /// First line when the contact has no name.
    pub greeting_no_name: &'static str,
    /// Under the NPS or CSAT question: click a number.
    pub pick_a_score: &'static str,
    /// The link to the form (exit surveys, and below the scale).
    pub answer_button: &'static str,
    /// At the top of a reminder.
    pub reminder_lead: &'static str,
    /// (the last day an answer is taken).
    pub expires: fn(&str) -> String,
    /// Before the unsubscribe link.
    pub unsubscribe_lead: &'static str,
    pub unsubscribe_link: &'static str,
    /// Last line: (the organisation's name).
    pub sent_by: fn(&str) -> String,
    /// The unsubscribe page.
    pub unsubscribe_title: &'static str,
    /// (the contact's email).
    pub unsubscribe_confirm: fn(&str) -> String,
    pub unsubscribe_button: &'static str,
    pub unsubscribed_title: &'static str,
    pub unsubscribed_body: &'static str,
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
    /// The answer could not be stored now (503); the form keeps what was typed.
    pub busy: &'static str,
    /// Title of the page that holds an answer koe could not even look its link up for (503).
    pub busy_title: &'static str,
    /// Its button, which sends the same answer again.
    pub send_again: &'static str,
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

/// Texts of the staff pages.
pub struct StaffStrings {
    /// The product name in the header, "koe".
    pub product_name: &'static str,
    /// The `<title>` of a staff page (`page name`), e.g. "キーワード分析｜koe".
    pub page_title: fn(&str) -> String,
    /// Skip link to the page content, for keyboard users.
    pub skip_to_content: &'static str,
    /// Accessible name of the main navigation.
    pub nav_label: &'static str,
    /// Navigation: keyword analysis.
    pub nav_keywords: &'static str,
    /// Navigation: the managers' dashboard.
    pub nav_dashboard: &'static str,
    /// Navigation: follow-ups.
    pub nav_follow_ups: &'static str,
    /// Navigation: accounts.
    pub nav_accounts: &'static str,
    /// Accessible name of the signed-in user's area in the header.
    pub account_label: &'static str,
    /// Role labels shown beside the user's name.
    pub role_admin: &'static str,
    pub role_manager: &'static str,
    pub role_cs: &'static str,
    /// The sign-out button.
    pub sign_out: &'static str,
    /// The header link to the password page.
    pub password_link: &'static str,
    pub password: PasswordStrings,
    pub sign_in: SignInStrings,
    pub keywords: KeywordsStrings,
    pub keyword_detail: KeywordDetailStrings,
    pub response: ResponseStrings,
    pub follow_ups: FollowUpStrings,
    pub dashboard: DashboardStrings,
    pub answers: AnswersStrings,
    pub accounts: AccountsStrings,
    pub report: ReportStrings,
    pub import: ImportStrings,
    pub mailings: MailingStrings,
}

/// The managers' dashboard.
pub struct DashboardStrings {
    pub title: &'static str,
    pub lead: &'static str,
    pub filters_label: &'static str,
    pub survey: &'static str,
    pub period: &'static str,
    pub from: &'static str,
    pub to: &'static str,
    pub interval: &'static str,
    pub interval_week: &'static str,
    pub interval_month: &'static str,
    pub segment: &'static str,
    pub plan: &'static str,
    pub owner: &'static str,
    pub stage: &'static str,
    /// The "no filter" choice of a menu.
    pub any: &'static str,
    pub submit: &'static str,
    /// Before the quick periods.
    pub quick_ranges: &'static str,
    pub range_30_days: &'static str,
    pub range_3_months: &'static str,
    pub range_12_months: &'static str,
    pub range_this_year: &'static str,
    pub no_surveys: &'static str,
    /// A filter could not be read (the filter's label).
    pub invalid_filter: fn(&str) -> String,
    /// Beside the period: the previous one it is compared with.
    pub compared_with: &'static str,
    pub nps: &'static str,
    pub csat: &'static str,
    /// Answers, counted ("回答 40 件").
    pub answers: fn(i64) -> String,
    /// CSAT: those who gave 4 or 5.
    pub satisfied_of: fn(i64) -> String,
    /// Tooltip of the ± figure.
    pub margin_title: &'static str,
    pub margin_note: &'static str,
    /// The 95 % interval (low, high).
    pub interval_line: fn(&str, &str) -> String,
    /// CSAT mean.
    pub mean_line: fn(&str) -> String,
    pub small_sample: &'static str,
    /// The same, short, for table cells.
    pub small_sample_short: &'static str,
    pub no_answers: &'static str,
    /// The move since the previous period (signed points, unit).
    pub change: fn(&str, &str) -> String,
    /// The previous period's figure.
    pub previous_value: fn(&str) -> String,
    /// The move is larger than its margin (the margin).
    pub change_significant: fn(&str) -> String,
    /// The move is within its margin (the margin).
    pub change_not_significant: fn(&str) -> String,
    pub change_unavailable: &'static str,
    /// Units of a change: NPS points, CSAT percentage points.
    pub points: &'static str,
    pub percentage_points: &'static str,
    pub chart_nps: &'static str,
    /// What the NPS chart shows (first period, its NPS, last period, its NPS).
    pub chart_nps_desc: fn(&str, &str, &str, &str) -> String,
    pub chart_mix: &'static str,
    /// What the mix chart shows (number of periods).
    pub chart_mix_desc: fn(usize) -> String,
    pub chart_csat: &'static str,
    pub chart_csat_desc: fn(usize) -> String,
    pub chart_unavailable: &'static str,
    pub legend_interval: &'static str,
    pub legend_small_sample: &'static str,
    pub legend_promoters: &'static str,
    pub legend_passives: &'static str,
    pub legend_detractors: &'static str,
    pub nps_table: &'static str,
    pub csat_table: &'static str,
    pub col_period: &'static str,
    pub col_n: &'static str,
    pub col_margin: &'static str,
    pub col_interval: &'static str,
    pub col_top2: &'static str,
    pub col_mean: &'static str,
    pub download: &'static str,
    pub download_svg: &'static str,
    pub download_csv: &'static str,
    pub response_rate: &'static str,
    /// Invitations sent, answered, and the rate.
    pub rate_line: fn(i64, i64, &str) -> String,
    pub rate_note: &'static str,
    pub by_period: &'static str,
    pub col_sent: &'static str,
    pub col_answered: &'static str,
    pub col_rate: &'static str,
    pub exit_reasons: &'static str,
    pub col_reason: &'static str,
    pub col_answers: &'static str,
    pub col_share: &'static str,
    pub col_mrr_lost: &'static str,
    pub comments: &'static str,
    pub export: &'static str,
    pub open_answers: &'static str,
    pub export_csv: &'static str,
    pub export_excel: &'static str,
    pub churn: &'static str,
    pub churn_note: &'static str,
    pub col_month: &'static str,
    pub col_accounts: &'static str,
    pub col_churned: &'static str,
    pub col_customer_churn: &'static str,
    pub col_mrr_start: &'static str,
    pub col_revenue_churn: &'static str,
    /// An amount of yen.
    pub yen: fn(i64) -> String,
}

/// The answers behind a dashboard number.
pub struct AnswersStrings {
    pub title: &'static str,
    pub back: &'static str,
    pub survey: &'static str,
    pub period: &'static str,
    pub group: &'static str,
    pub all: &'static str,
    /// How many answers the list holds across its pages.
    pub total: fn(i64) -> String,
    pub col_answered_at: &'static str,
    pub col_score: &'static str,
    pub col_comment: &'static str,
    pub col_account: &'static str,
    pub no_comment: &'static str,
    pub anonymous: &'static str,
    pub more: &'static str,
    pub none: &'static str,
    pub export_csv: &'static str,
    pub export_excel: &'static str,
}

/// The follow-up inbox and case page.
pub struct FollowUpStrings {
    pub title: &'static str,
    /// The inbox's lead, per scope.
    pub lead_mine: &'static str,
    pub lead_all: &'static str,
    pub lead_shared: &'static str,
    pub filters_label: &'static str,
    pub scope: &'static str,
    pub scope_mine: &'static str,
    pub scope_all: &'static str,
    pub scope_shared: &'static str,
    pub show: &'static str,
    pub none: &'static str,
    pub due_at: &'static str,
    pub status: &'static str,
    pub trigger: &'static str,
    pub score: &'static str,
    pub comment: &'static str,
    pub account: &'static str,
    pub contact: &'static str,
    pub owner: &'static str,
    pub overdue: &'static str,
    pub no_comment: &'static str,
    pub shared_queue: &'static str,
    pub trigger_detractor: &'static str,
    pub trigger_low_csat: &'static str,
    pub trigger_exit: &'static str,
    pub trigger_score_drop: &'static str,
    pub status_open: &'static str,
    pub status_contacted: &'static str,
    pub status_resolved: &'static str,
    pub status_wont_fix: &'static str,
    pub back: &'static str,
    pub case_title: &'static str,
    pub error_title: &'static str,
    pub customer: &'static str,
    pub email: &'static str,
    pub answered_at: &'static str,
    pub outcome: &'static str,
    pub update_title: &'static str,
    pub new_status: &'static str,
    pub note: &'static str,
    pub note_hint: &'static str,
    pub optional: &'static str,
    /// The status choice that keeps the status and only adds the note.
    pub note_only: &'static str,
    pub error_note_empty: &'static str,
    pub update: &'static str,
    pub take_title: &'static str,
    pub take_lead: &'static str,
    pub take: &'static str,
    pub reassign_title: &'static str,
    pub owner_email: &'static str,
    pub owner_email_hint: &'static str,
    pub reassign: &'static str,
    pub recent_title: &'static str,
    pub recent_none: &'static str,
    pub history_title: &'static str,
    pub system: &'static str,
    pub event_created: &'static str,
    pub event_note: &'static str,
    pub error_note_required: &'static str,
    pub error_not_allowed: &'static str,
    pub error_unchanged: &'static str,
    pub error_too_long: &'static str,
    pub error_invalid_characters: &'static str,
    pub error_unknown_user: &'static str,
    pub error_owner_unchanged: &'static str,
    /// Summary line of the inbox: (cases, overdue).
    pub count: fn(usize, usize) -> String,
    /// History line of a status change: (from, to).
    pub event_status: fn(&str, &str) -> String,
    /// History line of a reassignment: (from, to).
    pub event_reassigned: fn(&str, &str) -> String,
}

/// The accounts list and one account's page.
pub struct AccountsStrings {
    pub title: &'static str,
    pub lead: &'static str,
    pub filters_label: &'static str,
    pub search: &'static str,
    pub owner: &'static str,
    pub any: &'static str,
    pub no_owner: &'static str,
    pub segment: &'static str,
    pub plan: &'static str,
    pub stage: &'static str,
    pub dormant_only: &'static str,
    pub show: &'static str,
    pub none: &'static str,
    /// Accounts matching the filters.
    pub count: fn(i64) -> String,
    pub col_name: &'static str,
    pub col_nps: &'static str,
    pub col_follow_ups: &'static str,
    pub col_activity: &'static str,
    /// The latest NPS compared with the account's previous one.
    pub direction_up: &'static str,
    pub direction_down: &'static str,
    pub direction_same: &'static str,
    pub direction_first: &'static str,
    pub no_nps: &'static str,
    /// Days since the last activity.
    pub days_ago: fn(i64) -> String,
    pub dormant: &'static str,
    /// What dormant means (the threshold in days).
    pub dormant_note: fn(u32) -> String,
    pub previous_page: &'static str,
    pub next_page: &'static str,
    /// (page, pages)
    pub page_of: fn(i64, i64) -> String,
    pub import_link: &'static str,
    pub stages: StageLabels,
    pub back: &'static str,
    pub external_id: &'static str,
    pub mrr: &'static str,
    /// A monthly amount in yen.
    pub yen: fn(i64) -> String,
    pub last_activity: &'static str,
    pub active: &'static str,
    pub chart_title: &'static str,
    /// Summary of the chart for screen readers: (answers, first date, last date).
    pub chart_summary: fn(usize, &str, &str) -> String,
    pub chart_empty: &'static str,
    pub chart_table: &'static str,
    pub col_answered_at: &'static str,
    pub col_survey: &'static str,
    pub col_score: &'static str,
    pub col_contact: &'static str,
    pub comments_title: &'static str,
    pub comments_none: &'static str,
    pub follow_ups_title: &'static str,
    pub follow_ups_none: &'static str,
    pub col_status: &'static str,
    pub col_trigger: &'static str,
    pub col_created_at: &'static str,
    pub col_due_at: &'static str,
    pub exit_title: &'static str,
    pub exit_reason: &'static str,
    pub open_answer: &'static str,
}

/// Lifecycle stages of an account.
pub struct StageLabels {
    pub lead: &'static str,
    pub prospect: &'static str,
    pub customer: &'static str,
    pub repeater: &'static str,
    pub fan: &'static str,
    pub ambassador: &'static str,
    pub alumni: &'static str,
}

/// The detractor report page.
pub struct ReportStrings {
    pub title: &'static str,
    pub lead: &'static str,
    pub filters_label: &'static str,
    pub month: &'static str,
    pub last_twelve_months: &'static str,
    pub show: &'static str,
    pub none: &'static str,
    pub col_month: &'static str,
    pub col_owner: &'static str,
    pub col_cases: &'static str,
    pub col_unfinished: &'static str,
    pub col_overdue: &'static str,
    pub col_median: &'static str,
    pub col_rate: &'static str,
    pub shared_queue: &'static str,
    /// A median time to first contact, in hours.
    pub hours: fn(f64) -> String,
    pub not_available: &'static str,
    pub rate_note: &'static str,
    pub report_link: &'static str,
}

/// The admins' CSV upload page.
/// Sending a survey to many contacts (admins).
pub struct MailingStrings {
    pub title: &'static str,
    pub lead: &'static str,
    pub survey: &'static str,
    pub audience: &'static str,
    pub audience_segment: &'static str,
    pub audience_file: &'static str,
    /// (megabytes).
    pub file_hint: fn(usize) -> String,
    pub send: &'static str,
    pub recent_title: &'static str,
    pub none: &'static str,
    pub col_created: &'static str,
    pub col_progress: &'static str,
    pub col_invited: &'static str,
    pub col_refused: &'static str,
    pub col_email: &'static str,
    pub col_reason: &'static str,
    /// (addresses done, addresses in all).
    pub progress: fn(usize, usize) -> String,
    pub running: &'static str,
    pub finished: &'static str,
    pub refreshes: &'static str,
    /// (invited, not invited).
    pub summary: fn(usize, usize) -> String,
    pub back: &'static str,
    /// (segment name).
    pub segment_named: fn(&str) -> String,
    /// (file name).
    pub file_named: fn(&str) -> String,
    pub refused_title: &'static str,
    pub reason_unsubscribed: &'static str,
    pub reason_throttled_contact: &'static str,
    pub reason_throttled_account: &'static str,
    pub reason_already_invited: &'static str,
    pub reason_unknown_contact: &'static str,
    pub reason_invalid_email: &'static str,
    pub reason_other: &'static str,
    /// (a local date and time).
    pub available_from: fn(&str) -> String,
    pub error_title: &'static str,
    pub error_no_survey: &'static str,
    pub error_no_segment: &'static str,
    pub error_no_file: &'static str,
    /// (megabytes).
    pub error_too_large: fn(usize) -> String,
    pub error_encoding: &'static str,
    pub error_no_email_column: &'static str,
    pub error_unreadable: &'static str,
    pub error_no_recipients: &'static str,
    pub error_too_many: &'static str,
    pub error_survey_closed: &'static str,
    /// The accounts page's link for admins.
    pub link: &'static str,
}

pub struct ImportStrings {
    pub title: &'static str,
    pub lead: &'static str,
    pub kind: &'static str,
    pub kind_accounts: &'static str,
    pub kind_contacts: &'static str,
    pub file: &'static str,
    /// The size limit in megabytes.
    pub file_hint: fn(usize) -> String,
    pub dry_run: &'static str,
    pub import: &'static str,
    /// (created, updated) had the file been imported.
    pub would_import: fn(usize, usize) -> String,
    /// (created, updated)
    pub imported: fn(usize, usize) -> String,
    pub error_title: &'static str,
    /// Bad rows (their number); nothing written.
    pub rows_refused: fn(usize) -> String,
    pub col_line: &'static str,
    pub col_problem: &'static str,
    pub no_file: &'static str,
    /// The size limit in megabytes.
    pub too_large: fn(usize) -> String,
    pub encoding: &'static str,
    pub header: &'static str,
    /// (column)
    pub missing_column: fn(&str) -> String,
    pub unreadable_row: &'static str,
    pub not_a_number: fn(&str) -> String,
    pub required: fn(&str) -> String,
    pub too_long: fn(&str) -> String,
    pub invalid_characters: fn(&str) -> String,
    pub invalid_email: fn(&str) -> String,
    pub negative: fn(&str) -> String,
    pub unknown_owner: &'static str,
    pub unknown_account: &'static str,
    pub unsupported_locale: &'static str,
    pub refused: &'static str,
}

/// Changing one's own password.
pub struct PasswordStrings {
    pub title: &'static str,
    pub lead: &'static str,
    /// Title of the error summary.
    pub failed: &'static str,
    pub current: &'static str,
    pub new: &'static str,
    pub again: &'static str,
    pub submit: &'static str,
    pub changed: &'static str,
    pub current_wrong: &'static str,
    /// The new password is too short (minimum length).
    pub too_short: fn(usize) -> String,
    pub mismatch: &'static str,
}

/// One answer opened by staff.
pub struct ResponseStrings {
    pub title: &'static str,
    pub back: &'static str,
    pub survey: &'static str,
    pub answered_at: &'static str,
    pub score: &'static str,
    pub reason: &'static str,
    pub account: &'static str,
    /// Stands for the account of an answer on a public link.
    pub anonymous: &'static str,
    pub contact: &'static str,
    pub comment: &'static str,
    pub no_comment: &'static str,
}

/// The staff sign-in page.
pub struct SignInStrings {
    /// Page title, heading and button.
    pub title: &'static str,
    /// One line under the heading.
    pub lead: &'static str,
    /// Title of the page and of the error summary when signing in failed.
    pub failed: &'static str,
    pub email: &'static str,
    pub password: &'static str,
    pub submit: &'static str,
    /// Wrong e-mail address or password (never says which).
    pub invalid_credentials: &'static str,
    /// Locked out for a while (minutes until the next try).
    pub too_many_attempts: fn(u32) -> String,
    /// The form's CSRF token was stale.
    pub expired: &'static str,
}

/// The keyword report.
pub struct KeywordsStrings {
    /// Page title and heading.
    pub title: &'static str,
    /// What the page shows, under the heading.
    pub lead: &'static str,
    /// Accessible name of the filter form.
    pub filters_label: &'static str,
    pub survey: &'static str,
    pub category: &'static str,
    pub mode: &'static str,
    pub mode_top: &'static str,
    pub mode_distinctive: &'static str,
    /// Explains the distinctive mode under the mode menu.
    pub mode_hint: &'static str,
    /// Distinctive mode was chosen without a category.
    pub distinctive_needs_category: &'static str,
    pub from: &'static str,
    pub to: &'static str,
    /// The filter form's button.
    pub submit: &'static str,
    /// Survey kinds as shown beside survey names (`nps`, `csat`, `exit`).
    pub kind_nps: &'static str,
    pub kind_csat: &'static str,
    pub kind_exit: &'static str,
    /// A survey in the menu (`name`, `kind label`).
    pub survey_option: fn(&str, &str) -> String,
    /// Answers in the period and those with an analysable comment.
    pub summary: fn(i64, i64) -> String,
    /// Caption of the table (read by screen readers; names the scrollable region).
    pub table_caption: &'static str,
    pub col_rank: &'static str,
    pub col_term: &'static str,
    pub col_responses: &'static str,
    pub col_share: &'static str,
    pub col_z: &'static str,
    /// A number of answers in a table cell, e.g. "1,234件".
    pub count: fn(i64) -> String,
    /// Marker beside a z-score with |z| >= 1.96.
    pub significant: &'static str,
    /// Footnote under the table: what the share is.
    pub share_note: &'static str,
    /// Footnote under the table in distinctive mode: what the marker means.
    pub significance_note: &'static str,
    /// The z-score could not be computed.
    pub not_available: &'static str,
    /// No survey exists yet.
    pub no_surveys: &'static str,
    /// No answers match the filters.
    pub no_answers: &'static str,
    /// Answers exist but no keyword was found.
    pub no_keywords: &'static str,
    /// The filters in the address did not fit the survey; its default report is shown instead.
    pub invalid_filters: &'static str,
    /// Names of the respondent groups a report can look at.
    pub categories: CategoryLabels,
}

/// Respondent groups of keyword reports, as offered in the category menu.
pub struct CategoryLabels {
    pub all: &'static str,
    pub promoter: &'static str,
    pub passive: &'static str,
    pub detractor: &'static str,
    pub dissatisfied: &'static str,
    pub neutral: &'static str,
    pub satisfied: &'static str,
}

/// One keyword's page: trend, co-occurring keywords, comments.
pub struct KeywordDetailStrings {
    /// Page title and heading (`term`).
    pub heading: fn(&str) -> String,
    /// Link back to the keyword report.
    pub back: &'static str,
    pub survey: &'static str,
    pub category: &'static str,
    pub period: &'static str,
    /// Label of the number of answers mentioning the keyword.
    pub responses: &'static str,
    /// That number, e.g. "1,234件".
    pub responses_count: fn(i64) -> String,
    /// Heading of the monthly chart.
    pub trend_title: &'static str,
    /// What the chart bars are.
    pub trend_note: &'static str,
    /// Summary of the chart for screen readers (`first month`, `last month`, `peak month`,
    /// `peak share` already formatted as a percentage, `peak count`).
    pub trend_summary: fn(&str, &str, &str, &str, i64) -> String,
    /// No month to show.
    pub trend_empty: &'static str,
    /// Opens the chart's numbers as a table.
    pub trend_table: &'static str,
    pub col_month: &'static str,
    pub col_responses: &'static str,
    pub col_share: &'static str,
    /// Heading of the co-occurring keywords.
    pub co_title: &'static str,
    /// What the co-occurring numbers mean.
    pub co_note: &'static str,
    /// One co-occurring keyword's numbers (answers mentioning both, lift).
    pub co_numbers: fn(i64, f64) -> String,
    pub co_empty: &'static str,
    /// Heading of the comments.
    pub mentions_title: &'static str,
    pub mentions_empty: &'static str,
    /// Link to one answer.
    pub open_response: &'static str,
    /// Link to the next page of comments.
    pub more: &'static str,
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

/// Formats a count with a comma every three digits, sign kept (`-1234` -> `"-1,234"`).
pub(crate) fn group_thousands_i64(n: i64) -> String {
    let grouped = group_thousands(usize::try_from(n.unsigned_abs()).unwrap_or(usize::MAX));
    if n < 0 {
        format!("-{grouped}")
    } else {
        grouped
    }
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
        assert_eq!(group_thousands_i64(-1234), "-1,234");
        assert_eq!(group_thousands_i64(12), "12");
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
            s.form_errors.busy.into(),
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
        let st = &s.staff;
        let (si, kw, kd) = (&st.sign_in, &st.keywords, &st.keyword_detail);
        texts.extend(
            [
                st.skip_to_content,
                st.nav_label,
                st.nav_keywords,
                st.nav_follow_ups,
                st.account_label,
                st.role_admin,
                st.role_manager,
                st.sign_out,
                si.title,
                si.lead,
                si.failed,
                si.email,
                si.password,
                si.submit,
                si.invalid_credentials,
                si.expired,
                kw.title,
                kw.lead,
                kw.filters_label,
                kw.survey,
                kw.category,
                kw.mode,
                kw.mode_top,
                kw.mode_distinctive,
                kw.mode_hint,
                kw.distinctive_needs_category,
                kw.from,
                kw.to,
                kw.submit,
                kw.kind_exit,
                kw.table_caption,
                kw.col_rank,
                kw.col_term,
                kw.col_responses,
                kw.col_share,
                kw.significant,
                kw.share_note,
                kw.not_available,
                kw.no_surveys,
                kw.no_answers,
                kw.no_keywords,
                kd.back,
                kd.survey,
                kd.category,
                kd.period,
                kd.responses,
                kd.trend_title,
                kd.trend_note,
                kd.trend_empty,
                kd.trend_table,
                kd.col_month,
                kd.col_responses,
                kd.col_share,
                kd.co_title,
                kd.co_note,
                kd.co_empty,
                kd.mentions_title,
                kd.mentions_empty,
                kd.open_response,
                kd.more,
            ]
            .map(str::to_owned),
        );
        texts.extend([
            (si.too_many_attempts)(15),
            (kw.survey_option)("満足度調査", kw.kind_exit),
            (kw.summary)(1234, 567),
            (kw.count)(12),
            (kd.heading)("サポート"),
            (kd.responses_count)(12),
            (kd.trend_summary)("一月", "三月", "二月", "25.0%", 30),
            (kd.co_numbers)(12, 2.5),
        ]);
        for t in &texts {
            assert!(!t.is_empty());
            assert!(
                !t.chars().any(|c| c.is_ascii_alphabetic()),
                "Latin letters in Japanese text: {t}"
            );
        }
        // Names and statistical symbols stay as they are: the product, NPS/CSAT, z.
        for t in [
            st.product_name,
            kw.kind_nps,
            kw.kind_csat,
            kw.col_z,
            kw.significance_note,
        ] {
            assert!(!t.is_empty());
        }
    }

    #[test]
    fn english_staff_texts_pluralise_and_group_numbers() {
        let en = &strings(Lang::En).staff;
        assert_eq!((en.keywords.summary)(1, 0), "1 answer, 0 with a comment");
        assert_eq!(
            (en.keywords.summary)(1234, 5),
            "1,234 answers, 5 with a comment"
        );
        assert_eq!((en.keyword_detail.responses_count)(1), "1 answer");
        assert_eq!(
            (en.keyword_detail.co_numbers)(3, 2.25),
            "3 answers, lift 2.2"
        );
        let ja = &strings(Lang::Ja).staff;
        assert_eq!(
            (ja.keywords.summary)(1234, 5),
            "回答 1,234 件のうち、コメントあり 5 件"
        );
        assert_eq!((ja.keyword_detail.co_numbers)(3, 2.25), "3件・2.2倍");
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
