//! Pages for signed-in staff (CS staff, managers, admins), and the sign-in page.
//!
//! Every signed-in page goes through [`staff_page`], which draws the header (product name,
//! navigation, the user and a sign-out form that carries the CSRF token). Form field and path
//! names are a contract with the server: see [`SIGN_IN_PATH`], [`SIGN_OUT_PATH`],
//! [`KEYWORDS_PATH`] and each page's docs.

mod accounts;
mod answers;
mod dashboard;
mod follow_ups;
mod frame;
mod keywords;
mod import;
mod mailings;
mod password;
mod report;
mod response;
mod sign_in;

pub use follow_ups::{
    follow_up_page, follow_ups_page, CaseProblem, EventKind, EventView, FollowUpPage, FollowUpRow, FollowUpsPage,
    RecentAnswer, Scope, StatusKind, TriggerKind, NOTE_ONLY,
};
pub use accounts::{
    account_page, accounts_page, AccountFilters, AccountFollowUp, AccountPage, AccountRow, AccountsPage, CommentView,
    ExitAnswer, NpsDirection, ScoreKind, ScoredAnswer, NO_OWNER,
};
pub use answers::{answers_page, AnswerRow, AnswersPage, ANSWERS_PATH};
pub use dashboard::charts::{self, Chart, ChartError};
pub use dashboard::{
    dashboard_page, ChangeView, ChurnMonth, CsatFiguresView, CsatPeriod, CsatReport, DashboardFilters, DashboardPage,
    DashboardReport, ExitReport, FilterField, FilterOptions, Interval, Linked, NpsFiguresView, NpsPeriod, NpsReport,
    QuickRange, RangeLink, RateView, ReasonView, ReportCommon, DASHBOARD_PATH,
};
pub use frame::{staff_page, NavItem, StaffFrame, StaffRole};
pub use mailings::{
    mailing_page, mailings_page, MailingAudience, MailingPage, MailingProblem, MailingRow, MailingsPage, RefusalRow,
    AUDIENCE_FILE, AUDIENCE_SEGMENT,
};
pub use import::{import_page, ImportKind, ImportOutcome, ImportPage, ImportProblem, ImportRowError, DRY_RUN, IMPORT};
pub use report::{report_page, ReportPage, ReportRow};
pub use keywords::{
    keyword_detail_page, keywords_page, CategoryChoice, CoOccurrenceView, KeywordDetailPage,
    KeywordMode, KeywordRowView, KeywordsPage, MentionView, MonthBar, SurveyChoice,
};
pub use password::{password_page, PasswordError, PasswordPage, PASSWORD_PATH};
pub use response::{response_page, ResponsePage};
pub use sign_in::{sign_in_page, SignIn, SignInError};

/// Where the sign-in form posts (and where it is shown with GET).
pub const SIGN_IN_PATH: &str = "/staff/sign-in";
/// Where the sign-out form in the header posts.
pub const SIGN_OUT_PATH: &str = "/staff/sign-out";
/// The keyword report; its filter form sends GET here.
pub const KEYWORDS_PATH: &str = "/staff/keywords";
/// The follow-up inbox; a case is `FOLLOW_UPS_PATH/{id}`.
pub const FOLLOW_UPS_PATH: &str = "/staff/follow-ups";
/// The accounts list; an account is `ACCOUNTS_PATH/{id}`.
pub const ACCOUNTS_PATH: &str = "/staff/accounts";
/// The detractor report; its month filter sends GET here.
pub const REPORT_PATH: &str = "/staff/follow-ups/report";
/// The admins' CSV upload.
pub const IMPORT_PATH: &str = "/staff/import";
pub const MAILINGS_PATH: &str = "/staff/mailings";
/// Name of the hidden CSRF field in every staff form that POSTs.
pub const CSRF_FIELD: &str = "csrf_token";

/// A share (0..=1) as a percentage with one decimal, e.g. `0.1234` -> `"12.3%"`.
/// Out-of-range and non-finite values are clamped, so a bad number never draws a bad bar.
fn percent(share: f64) -> String {
    format!("{:.1}%", clamp_share(share) * 100.0)
}

/// `share` kept within 0..=1 (`NaN` -> 0).
fn clamp_share(share: f64) -> f64 {
    if share.is_finite() {
        share.clamp(0.0, 1.0)
    } else {
        0.0
    }
}

/// A signed-in manager, for the page tests.
#[cfg(test)]
fn test_frame(lang: crate::Lang) -> StaffFrame {
    StaffFrame {
        lang,
        user_name: "山田 花子".into(),
        user_email: "hanako@example.co.jp".into(),
        role: StaffRole::Manager,
        csrf_token: "tok-123".into(),
        current: Some(NavItem::Keywords),
    }
}

/// Fails unless the page's visible text is in `lang` only: no Latin letters on a Japanese
/// page once `latin_data` (product name, e-mail, "NPS"…) is removed, no kana or kanji on an
/// English page once `japanese_data` (names, comments) is removed.
#[cfg(test)]
fn assert_language(lang: crate::Lang, html: &str, latin_data: &[&str], japanese_data: &[&str]) {
    let mut text = crate::test_support::visible_text(html);
    match lang {
        crate::Lang::Ja => {
            for data in latin_data.iter().chain(&["koe"]) {
                text = text.replace(data, "");
            }
            let latin: String = text.chars().filter(char::is_ascii_alphabetic).collect();
            assert!(
                latin.is_empty(),
                "English in a Japanese page: {latin:?} in {text}"
            );
        }
        crate::Lang::En => {
            for data in japanese_data {
                text = text.replace(data, "");
            }
            let japanese: String = text
                .chars()
                .filter(|c| {
                    ('\u{3040}'..='\u{30ff}').contains(c) || ('\u{4e00}'..='\u{9fff}').contains(c)
                })
                .collect();
            assert!(
                japanese.is_empty(),
                "Japanese in an English page: {japanese:?} in {text}"
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_have_one_decimal_and_stay_in_range() {
        assert_eq!(percent(0.1234), "12.3%");
        assert_eq!(percent(0.0), "0.0%");
        assert_eq!(percent(1.0), "100.0%");
        assert_eq!(percent(1.7), "100.0%");
        assert_eq!(percent(-0.2), "0.0%");
        assert_eq!(percent(f64::NAN), "0.0%");
    }
}
