//! The page shell shared by every page.

use maud::{html, Markup, DOCTYPE};

use crate::{Lang, STAFF_STYLESHEET_PATH, STYLESHEET_PATH};

/// The stylesheets a page links: the customer's pages only the small base one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sheets {
    Customer,
    /// The base stylesheet and the staff pages' own.
    Staff,
}

/// A complete HTML document: `lang`, charset, viewport, the stylesheet and `<main>` around `body`.
///
/// Nothing inline (no `style`, no `<script>`), so a Content-Security-Policy without
/// `'unsafe-inline'` holds.
pub fn page(lang: Lang, title: &str, body: Markup) -> Markup {
    document(
        lang,
        title,
        Sheets::Customer,
        html! {
            main.shell {
                (body)
            }
        },
    )
}

/// A complete HTML document whose `<body>` holds `content` as given (the caller brings its
/// own `<main>`); the head is the same as [`page`]'s.
pub fn document(lang: Lang, title: &str, sheets: Sheets, content: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                // Survey links carry secret tokens: keep them out of search engines and
                // out of Referer headers sent to other sites.
                meta name="robots" content="noindex, nofollow";
                meta name="referrer" content="same-origin";
                meta name="format-detection" content="telephone=no";
                meta name="color-scheme" content="light";
                title { (title) }
                link rel="stylesheet" href=(STYLESHEET_PATH);
                @if sheets == Sheets::Staff {
                    link rel="stylesheet" href=(STAFF_STYLESHEET_PATH);
                }
            }
            body {
                (content)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_sets_language_charset_viewport_and_stylesheet() {
        let out = page(Lang::En, "Hello <b>", html! { p { "x" } }).into_string();
        assert!(out.starts_with("<!DOCTYPE html><html lang=\"en\">"));
        assert!(out.contains("<meta charset=\"utf-8\">"));
        assert!(out.contains("name=\"viewport\""));
        assert!(out.contains("<link rel=\"stylesheet\" href=\"/assets/koe.css\">"));
        assert!(out.contains("<title>Hello &lt;b&gt;</title>"));
        assert!(out.contains("<main class=\"shell\"><p>x</p></main>"));
    }

    #[test]
    fn document_puts_the_content_straight_into_body() {
        let out = document(Lang::Ja, "t", Sheets::Customer, html! { header { "h" } main { "m" } }).into_string();
        assert!(out.contains("<body><header>h</header><main>m</main></body>"));
        assert!(out.contains("<link rel=\"stylesheet\" href=\"/assets/koe.css\">"));
        assert!(!out.contains("staff.css"), "the customer's pages stay small");
        let staff = document(Lang::Ja, "t", Sheets::Staff, html! {}).into_string();
        assert!(staff.contains("<link rel=\"stylesheet\" href=\"/assets/koe.css\"><link rel=\"stylesheet\" href=\"/assets/staff.css\">"));
    }
}
