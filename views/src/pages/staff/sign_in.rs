//! The staff sign-in page.
//!
//! Form fields are a contract with the server: `email`, `password`, `csrf_token` and, when the
//! person was sent here from another page, `next` (the server checks it is a local path).

use maud::{html, Markup};

use super::{CSRF_FIELD, SIGN_IN_PATH};
use crate::components::{card, error_summary, submit_button, ErrorItem};
use crate::i18n::{strings, SignInStrings};
use crate::layout::{document, Sheets};
use crate::Lang;

/// The sign-in form, blank or after a failed attempt.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct SignIn {
    pub lang: Lang,
    /// What the person typed, kept after a failure (the password never is).
    pub email: String,
    pub csrf_token: String,
    /// Where to go after signing in; sent back as a hidden field.
    pub next: Option<String>,
    pub error: Option<SignInError>,
}

/// Why the last attempt did not sign the person in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignInError {
    /// Unknown e-mail address or wrong password (the page never says which).
    InvalidCredentials,
    /// Too many failed attempts; signing in is paused.
    TooManyAttempts { retry_after_minutes: u32 },
    /// The form's CSRF token was stale: please try again.
    Expired,
}

impl SignInError {
    fn message(self, s: &SignInStrings) -> String {
        match self {
            SignInError::InvalidCredentials => s.invalid_credentials.to_owned(),
            SignInError::TooManyAttempts {
                retry_after_minutes,
            } => (s.too_many_attempts)(retry_after_minutes),
            SignInError::Expired => s.expired.to_owned(),
        }
    }

    /// The field the summary links to: the one to fix or type again.
    fn field_id(self) -> &'static str {
        match self {
            SignInError::InvalidCredentials | SignInError::TooManyAttempts { .. } => "email",
            SignInError::Expired => "password",
        }
    }
}

/// The sign-in page: e-mail address and password, posted to [`SIGN_IN_PATH`]. Password
/// managers recognise the fields (`autocomplete`); the password is never written back.
pub fn sign_in_page(model: &SignIn) -> Markup {
    let st = strings(model.lang);
    let s = &st.staff.sign_in;
    let errors: Vec<ErrorItem> = model
        .error
        .iter()
        .map(|e| ErrorItem {
            field_id: e.field_id(),
            message: e.message(s),
        })
        .collect();
    let email_known = !model.email.trim().is_empty();
    let body = card(html! {
        (error_summary(s.failed, &errors))
        p.eyebrow { (st.staff.product_name) }
        h1 { (s.title) }
        p.muted { (s.lead) }
        form.sign-in method="post" action=(SIGN_IN_PATH) accept-charset="UTF-8" {
            input type="hidden" name=(CSRF_FIELD) value=(model.csrf_token);
            @if let Some(next) = &model.next {
                input type="hidden" name="next" value=(next);
            }
            div.field {
                label.field-label for="email" { (s.email) }
                input.input #email type="email" name="email" value=(model.email)
                    autocomplete="username" autocapitalize="none" spellcheck="false"
                    required autofocus[!email_known];
            }
            div.field {
                label.field-label for="password" { (s.password) }
                input.input #password type="password" name="password"
                    autocomplete="current-password" required autofocus[email_known];
            }
            (submit_button(s.submit))
        }
    });
    let title = if model.error.is_some() {
        s.failed
    } else {
        s.title
    };
    // Staff pages' stylesheet, so that the browser has it cached for the pages after sign-in.
    document(model.lang, &(st.staff.page_title)(title), Sheets::Staff, html! { main.shell { (body) } })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{
        assert_csp_clean, assert_small, visible_text, HOSTILE, HOSTILE_ESCAPED,
    };

    const ALL_ERRORS: [SignInError; 3] = [
        SignInError::InvalidCredentials,
        SignInError::TooManyAttempts {
            retry_after_minutes: 15,
        },
        SignInError::Expired,
    ];

    fn render(model: &SignIn) -> String {
        sign_in_page(model).into_string()
    }

    fn blank(lang: Lang) -> SignIn {
        SignIn {
            lang,
            csrf_token: "csrf-abc".into(),
            ..SignIn::default()
        }
    }

    #[test]
    fn form_posts_email_password_and_csrf_token_to_sign_in() {
        let out = render(&blank(Lang::Ja));
        assert!(out.contains(
            "<form class=\"sign-in\" method=\"post\" action=\"/staff/sign-in\" accept-charset=\"UTF-8\">"
        ));
        assert!(out.contains("<input type=\"hidden\" name=\"csrf_token\" value=\"csrf-abc\">"));
        assert!(out.contains(
            "<input class=\"input\" id=\"email\" type=\"email\" name=\"email\" value=\"\" autocomplete=\"username\""
        ));
        assert!(out.contains(
            "<input class=\"input\" id=\"password\" type=\"password\" name=\"password\" autocomplete=\"current-password\" required>"
        ));
        assert!(out.contains("<label class=\"field-label\" for=\"email\">メールアドレス</label>"));
        assert!(out.contains("<label class=\"field-label\" for=\"password\">パスワード</label>"));
        assert!(out.contains("<button class=\"button\" type=\"submit\">ログイン</button>"));
        assert!(out.contains("<title>ログイン｜koe</title>"));
        assert!(!out.contains("name=\"next\""));
        assert!(!out.contains("role=\"alert\""));
        // an empty form starts at the e-mail address
        assert!(out.contains("spellcheck=\"false\" required autofocus>"));
    }

    #[test]
    fn next_is_kept_as_a_hidden_field() {
        let out = render(&SignIn {
            next: Some("/staff/keywords?survey=3&mode=top".into()),
            ..blank(Lang::Ja)
        });
        assert!(out.contains(
            "<input type=\"hidden\" name=\"next\" value=\"/staff/keywords?survey=3&amp;mode=top\">"
        ));
    }

    #[test]
    fn a_failed_attempt_keeps_the_email_never_the_password_and_says_why() {
        for lang in Lang::ALL {
            for error in ALL_ERRORS {
                let out = render(&SignIn {
                    email: "hanako@example.co.jp".into(),
                    error: Some(error),
                    ..blank(lang)
                });
                let s = &strings(lang).staff.sign_in;
                assert!(out.contains("value=\"hanako@example.co.jp\""));
                assert_eq!(out.matches("value=").count(), 2, "csrf and email only");
                assert!(out.contains("role=\"alert\""));
                assert!(out.contains(&format!(
                    "<a href=\"#{}\">{}</a>",
                    error.field_id(),
                    error.message(s)
                )));
                assert!(out.contains(&format!("<title>{}", s.failed)));
                // the person goes on with the password
                assert!(out.contains("autocomplete=\"current-password\" required autofocus>"));
            }
        }
    }

    #[test]
    fn error_messages_are_plain_and_do_not_say_which_field_was_wrong() {
        let ja = &strings(Lang::Ja).staff.sign_in;
        assert_eq!(
            SignInError::InvalidCredentials.message(ja),
            "メールアドレスまたはパスワードが正しくありません。"
        );
        let locked = SignInError::TooManyAttempts {
            retry_after_minutes: 15,
        }
        .message(ja);
        assert!(locked.contains("15分"), "{locked}");
        let now = SignInError::TooManyAttempts {
            retry_after_minutes: 0,
        }
        .message(ja);
        assert!(now.contains("1分"), "{now}");
        assert!(SignInError::Expired.message(ja).contains("入力し直して"));
        let en = &strings(Lang::En).staff.sign_in;
        let one = SignInError::TooManyAttempts {
            retry_after_minutes: 1,
        }
        .message(en);
        assert!(one.contains("1 minute."), "{one}");
    }

    #[test]
    fn hostile_values_are_escaped() {
        let out = render(&SignIn {
            lang: Lang::Ja,
            email: HOSTILE.into(),
            csrf_token: HOSTILE.into(),
            next: Some(HOSTILE.into()),
            error: Some(SignInError::InvalidCredentials),
        });
        assert_csp_clean(&out);
        assert!(!out.contains(HOSTILE));
        assert_eq!(out.matches(HOSTILE_ESCAPED).count(), 3);
    }

    #[test]
    fn pages_are_csp_clean_small_and_in_the_right_language() {
        for lang in Lang::ALL {
            let mut models = vec![blank(lang)];
            models.extend(ALL_ERRORS.map(|e| SignIn {
                email: "a@example.com".into(),
                error: Some(e),
                ..blank(lang)
            }));
            for model in models {
                let out = render(&model);
                assert_csp_clean(&out);
                assert_small(&out);
                assert!(out.contains(&format!("<html lang=\"{}\">", lang.code())));
                let text = visible_text(&out).replace(strings(lang).staff.product_name, "");
                match lang {
                    Lang::Ja => assert!(
                        !text.chars().any(|c| c.is_ascii_alphabetic()),
                        "English in Japanese page: {text}"
                    ),
                    Lang::En => assert!(
                        !text.chars().any(|c| ('\u{3040}'..='\u{30ff}').contains(&c)),
                        "Japanese in English page: {text}"
                    ),
                }
            }
        }
    }
}
