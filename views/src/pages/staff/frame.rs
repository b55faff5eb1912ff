//! The header around every signed-in staff page: product name, navigation, the user, sign-out.

use maud::{html, Markup};

use super::{ACCOUNTS_PATH, CSRF_FIELD, DASHBOARD_PATH, FOLLOW_UPS_PATH, KEYWORDS_PATH, SIGN_OUT_PATH};
use crate::i18n::{strings, StaffStrings};
use crate::layout::{document, Sheets};
use crate::Lang;

/// Header/nav shared by every signed-in page.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct StaffFrame {
    pub lang: Lang,
    /// Display name; when blank, the e-mail address stands in.
    pub user_name: String,
    pub user_email: String,
    pub role: StaffRole,
    /// The session's CSRF token, sent back by the sign-out form.
    pub csrf_token: String,
    /// The navigation item of this page (marked `aria-current="page"`); `None` for pages
    /// outside the menu (the password page).
    pub current: Option<NavItem>,
}

/// What a staff member may do; shown beside their name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Hash)]
pub enum StaffRole {
    Admin,
    Manager,
    /// CS staff (account owners): the least privileged role, hence the default.
    #[default]
    Cs,
}

impl StaffRole {
    fn label(self, s: &StaffStrings) -> &'static str {
        match self {
            StaffRole::Admin => s.role_admin,
            StaffRole::Manager => s.role_manager,
            StaffRole::Cs => s.role_cs,
        }
    }
}

/// An entry of the main navigation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Hash)]
pub enum NavItem {
    Dashboard,
    #[default]
    Keywords,
    FollowUps,
    Accounts,
}

impl NavItem {
    /// Every item, in menu order.
    pub const ALL: [NavItem; 4] = [NavItem::Dashboard, NavItem::Keywords, NavItem::FollowUps, NavItem::Accounts];

    /// The page the item links to.
    pub fn href(self) -> &'static str {
        match self {
            NavItem::Dashboard => DASHBOARD_PATH,
            NavItem::Keywords => KEYWORDS_PATH,
            NavItem::FollowUps => FOLLOW_UPS_PATH,
            NavItem::Accounts => ACCOUNTS_PATH,
        }
    }

    fn label(self, s: &StaffStrings) -> &'static str {
        match self {
            NavItem::Dashboard => s.nav_dashboard,
            NavItem::Keywords => s.nav_keywords,
            NavItem::FollowUps => s.nav_follow_ups,
            NavItem::Accounts => s.nav_accounts,
        }
    }
}

/// A signed-in page: skip link, header (product name, navigation, user name and role, a
/// sign-out POST form with the CSRF token), then `body` in `<main>`. `title` is the page's
/// name; the product name is added to the `<title>`. `body` brings its own `<h1>`.
pub fn staff_page(frame: &StaffFrame, title: &str, body: Markup) -> Markup {
    let s = &strings(frame.lang).staff;
    let name = if frame.user_name.trim().is_empty() {
        frame.user_email.trim()
    } else {
        frame.user_name.trim()
    };
    let show_email = !frame.user_email.trim().is_empty() && name != frame.user_email.trim();
    let content = html! {
        a.skip href="#content" { (s.skip_to_content) }
        header.topbar {
            div.topbar-in {
                a.brand href=(NavItem::ALL[0].href()) { (s.product_name) }
                nav.nav aria-label=(s.nav_label) {
                    ul {
                        @for item in NavItem::ALL {
                            li {
                                a href=(item.href())
                                    aria-current=[(Some(item) == frame.current).then_some("page")] {
                                    (item.label(s))
                                }
                            }
                        }
                    }
                }
                div.account {
                    span.vh { (s.account_label) " " }
                    span.account-name { (name) }
                    " "
                    span.role { (frame.role.label(s)) }
                    @if show_email {
                        " "
                        span.account-email { (frame.user_email) }
                    }
                    a.account-link href=(super::PASSWORD_PATH) { (s.password_link) }
                    form.sign-out method="post" action=(SIGN_OUT_PATH) {
                        input type="hidden" name=(CSRF_FIELD) value=(frame.csrf_token);
                        button.link-button type="submit" { (s.sign_out) }
                    }
                }
            }
        }
        main.staff #content {
            (body)
        }
    };
    document(frame.lang, &(s.page_title)(title), Sheets::Staff, content)
}

#[cfg(test)]
mod tests {
    use super::super::test_frame as frame;
    use super::*;
    use crate::test_support::{assert_csp_clean, HOSTILE, HOSTILE_ESCAPED};

    fn render(f: &StaffFrame) -> String {
        staff_page(f, "キーワード分析", html! { h1 { "x" } }).into_string()
    }

    #[test]
    fn header_names_the_product_the_page_and_the_user() {
        let out = render(&frame(Lang::Ja));
        assert!(out.contains("<html lang=\"ja\">"));
        assert!(out.contains("<title>キーワード分析｜koe</title>"));
        assert!(out.contains("<a class=\"brand\" href=\"/staff/dashboard\">koe</a>"));
        assert!(out.contains("<span class=\"account-name\">山田 花子</span>"));
        assert!(out.contains("<span class=\"role\">マネージャー</span>"));
        assert!(out.contains("hanako@example.co.jp"));
        assert!(out.contains("<main class=\"staff\" id=\"content\"><h1>x</h1></main>"));
        assert!(out.contains("<a class=\"skip\" href=\"#content\">本文へ移動</a>"));
        let en = render(&frame(Lang::En));
        assert!(en.contains("<title>キーワード分析 | koe</title>"));
        assert!(en.contains(">Sign out</button>"));
        assert!(en.contains("<span class=\"role\">Manager</span>"));
    }

    #[test]
    fn navigation_marks_the_current_page() {
        let out = render(&frame(Lang::Ja));
        assert!(out.contains("<nav class=\"nav\" aria-label=\"メインメニュー\">"));
        assert!(
            out.contains("<a href=\"/staff/keywords\" aria-current=\"page\">キーワード分析</a>")
        );
        let dashboard = out.find("/staff/dashboard\">ダッシュボード").unwrap_or(usize::MAX);
        assert!(dashboard < out.find("/staff/keywords\" aria").unwrap_or(0), "the dashboard comes first");
    }

    #[test]
    fn sign_out_is_a_post_form_carrying_the_csrf_token() {
        let out = render(&frame(Lang::Ja));
        assert!(out.contains(
            "<form class=\"sign-out\" method=\"post\" action=\"/staff/sign-out\">\
             <input type=\"hidden\" name=\"csrf_token\" value=\"tok-123\">\
             <button class=\"link-button\" type=\"submit\">ログアウト</button></form>"
        ));
        assert!(!out.contains("href=\"/staff/sign-out\""));
    }

    #[test]
    fn every_role_has_a_label_in_both_languages() {
        for lang in Lang::ALL {
            let mut labels: Vec<&str> = [StaffRole::Admin, StaffRole::Manager, StaffRole::Cs]
                .into_iter()
                .map(|role| {
                    let label = role.label(&strings(lang).staff);
                    let out = render(&StaffFrame {
                        role,
                        ..frame(lang)
                    });
                    assert!(out.contains(&format!("<span class=\"role\">{label}</span>")));
                    label
                })
                .collect();
            labels.sort_unstable();
            labels.dedup();
            assert_eq!(labels.len(), 3);
        }
        assert_eq!(StaffRole::Admin.label(&strings(Lang::Ja).staff), "管理者");
    }

    #[test]
    fn a_blank_name_falls_back_to_the_email_shown_once() {
        let out = render(&StaffFrame {
            user_name: " ".into(),
            ..frame(Lang::Ja)
        });
        assert!(out.contains("<span class=\"account-name\">hanako@example.co.jp</span>"));
        assert_eq!(out.matches("hanako@example.co.jp").count(), 1);
    }

    #[test]
    fn user_values_and_title_are_escaped() {
        let f = StaffFrame {
            user_name: HOSTILE.into(),
            user_email: HOSTILE.into(),
            csrf_token: HOSTILE.into(),
            ..frame(Lang::Ja)
        };
        let out = staff_page(&f, HOSTILE, html! {}).into_string();
        assert_csp_clean(&out);
        assert!(!out.contains(HOSTILE));
        assert!(out.contains(&format!("value=\"{HOSTILE_ESCAPED}\"")));
        assert!(out.contains(&format!("<title>{HOSTILE_ESCAPED}｜koe</title>")));
    }
}
