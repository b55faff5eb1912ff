//! Changing one's own password. Fields: `current_password`, `new_password`,
//! `new_password_again` and the CSRF token, posted to [`PASSWORD_PATH`].

use maud::{html, Markup};

use super::frame::{staff_page, StaffFrame};
use super::CSRF_FIELD;
use crate::components::{card, error_summary, submit_button, ErrorItem};
use crate::i18n::{strings, PasswordStrings};

/// Where the password form is shown (GET) and posted (POST).
pub const PASSWORD_PATH: &str = "/staff/password";

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PasswordPage {
    pub frame: StaffFrame,
    pub errors: Vec<PasswordError>,
    /// The password was just changed.
    pub changed: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordError {
    CurrentWrong,
    TooShort { min: usize },
    Mismatch,
}

impl PasswordError {
    fn item(self, s: &PasswordStrings) -> ErrorItem {
        match self {
            PasswordError::CurrentWrong => ErrorItem { field_id: "current_password", message: s.current_wrong.to_owned() },
            PasswordError::TooShort { min } => ErrorItem { field_id: "new_password", message: (s.too_short)(min) },
            PasswordError::Mismatch => ErrorItem { field_id: "new_password_again", message: s.mismatch.to_owned() },
        }
    }
}

pub fn password_page(p: &PasswordPage) -> Markup {
    let s = &strings(p.frame.lang).staff.password;
    let errors: Vec<ErrorItem> = p.errors.iter().map(|error| error.item(s)).collect();
    let field = |id: &'static str, label: &str, autocomplete: &'static str| {
        html! {
            div.field {
                label.field-label for=(id) { (label) }
                input.input id=(id) type="password" name=(id) autocomplete=(autocomplete) required;
            }
        }
    };
    let body = card(html! {
        (error_summary(s.failed, &errors))
        h1 { (s.title) }
        @if p.changed {
            p.notice role="status" { (s.changed) }
        }
        p.muted { (s.lead) }
        form method="post" action=(PASSWORD_PATH) accept-charset="UTF-8" {
            input type="hidden" name=(CSRF_FIELD) value=(p.frame.csrf_token);
            (field("current_password", s.current, "current-password"))
            (field("new_password", s.new, "new-password"))
            (field("new_password_again", s.again, "new-password"))
            (submit_button(s.submit))
        }
    });
    staff_page(&p.frame, s.title, body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::staff::test_frame;
    use crate::Lang;

    #[test]
    fn the_form_posts_three_password_fields_with_the_csrf_token_and_echoes_none() {
        for lang in Lang::ALL {
            let out = password_page(&PasswordPage { frame: test_frame(lang), ..PasswordPage::default() }).into_string();
            assert!(out.contains("action=\"/staff/password\""));
            assert!(out.contains("name=\"csrf_token\" value=\"tok-123\""));
            assert_eq!(out.matches("type=\"password\"").count(), 3);
            let password_tags = out.split("<input").filter(|tag| tag.contains("type=\"password\""));
            assert!(password_tags.clone().all(|tag| !tag.split('>').next().unwrap_or_default().contains("value=")), "no password is ever filled in");
            assert_eq!(password_tags.count(), 3);
        }
    }

    #[test]
    fn each_error_is_explained_beside_its_field_in_both_languages() {
        for lang in Lang::ALL {
            let s = &strings(lang).staff.password;
            let errors = vec![PasswordError::CurrentWrong, PasswordError::TooShort { min: 10 }, PasswordError::Mismatch];
            let out = password_page(&PasswordPage { frame: test_frame(lang), errors, changed: false }).into_string();
            assert!(out.contains(s.current_wrong) && out.contains(&(s.too_short)(10)) && out.contains(s.mismatch), "{lang:?}");
            assert!(out.contains("href=\"#new_password_again\""));
        }
    }

    #[test]
    fn the_page_is_outside_the_menu() {
        let frame = StaffFrame { current: None, ..test_frame(Lang::Ja) };
        let out = password_page(&PasswordPage { frame, ..PasswordPage::default() }).into_string();
        assert!(!out.contains("aria-current"));
        assert!(out.contains("href=\"/staff/password\""), "reached from the header");
    }

    #[test]
    fn a_change_is_confirmed() {
        let out = password_page(&PasswordPage { frame: test_frame(Lang::Ja), errors: Vec::new(), changed: true }).into_string();
        assert!(out.contains(strings(Lang::Ja).staff.password.changed));
    }
}
