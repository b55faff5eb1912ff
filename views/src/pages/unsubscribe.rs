//! Unsubscribing from survey emails: a confirmation (a GET changes nothing, since mail
//! scanners open links) and the page after it.

use crate::components::{card, check_icon, submit_button};
use crate::i18n::strings;
use crate::layout::page;
use crate::Lang;
use maud::{html, Markup};

#[derive(Clone, Debug, Default)]
pub struct Unsubscribe {
    pub lang: Lang,
    pub email: String,
    /// Where the confirming form posts (the same link).
    pub action: String,
    /// The contact is unsubscribed (now or before).
    pub done: bool,
}

pub fn unsubscribe_page(model: &Unsubscribe) -> Markup {
    let s = &strings(model.lang).mail;
    if model.done {
        let body = card(html! {
            div.done {
                (check_icon())
                h1 { (s.unsubscribed_title) }
                p { (s.unsubscribed_body) }
            }
        });
        return page(model.lang, s.unsubscribed_title, body);
    }
    let body = card(html! {
        h1 { (s.unsubscribe_title) }
        p { ((s.unsubscribe_confirm)(&model.email)) }
        form method="post" action=(model.action) {
            (submit_button(s.unsubscribe_button))
        }
    });
    page(model.lang, s.unsubscribe_title, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_question_posts_to_the_same_link_and_the_answer_has_no_form() {
        let asking = unsubscribe_page(&Unsubscribe { email: "a@example.jp".into(), action: "/u/T".into(), ..Unsubscribe::default() }).into_string();
        assert!(asking.contains("<form method=\"post\" action=\"/u/T\">"));
        assert!(asking.contains("a@example.jp"));
        let done = unsubscribe_page(&Unsubscribe { done: true, ..Unsubscribe::default() }).into_string();
        assert!(!done.contains("<form"));
        assert!(done.contains(strings(Lang::Ja).mail.unsubscribed_title));
    }
}
