//! Error pages: what happened and what to do, in the person's language. A 500 says nothing
//! about internals; the request id lets support find the log line.

use maud::{html, Markup};

use crate::components::card;
use crate::i18n::{strings, ErrorText};
use crate::layout::page;
use crate::Lang;

/// What went wrong, as the person should understand it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    BadRequest,
    Unauthorized,
    Forbidden,
    /// Unknown page or survey link.
    NotFound,
    /// The survey link is past its expiry.
    LinkExpired,
    /// The survey no longer takes answers.
    SurveyClosed,
    PayloadTooLarge,
    TooManyRequests,
    Unavailable,
    Internal,
}

impl ErrorKind {
    /// The HTTP status that goes with the page (410 Gone for expired links and closed surveys).
    pub fn status(self) -> u16 {
        match self {
            ErrorKind::BadRequest => 400,
            ErrorKind::Unauthorized => 401,
            ErrorKind::Forbidden => 403,
            ErrorKind::NotFound => 404,
            ErrorKind::LinkExpired | ErrorKind::SurveyClosed => 410,
            ErrorKind::PayloadTooLarge => 413,
            ErrorKind::TooManyRequests => 429,
            ErrorKind::Unavailable => 503,
            ErrorKind::Internal => 500,
        }
    }
}

/// An error page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorPage {
    pub lang: Lang,
    pub kind: ErrorKind,
    /// Shown so the person can quote it to support.
    pub request_id: Option<String>,
}

fn text(lang: Lang, kind: ErrorKind) -> &'static ErrorText {
    let e = &strings(lang).errors;
    match kind {
        ErrorKind::BadRequest => &e.bad_request,
        ErrorKind::Unauthorized => &e.unauthorized,
        ErrorKind::Forbidden => &e.forbidden,
        ErrorKind::NotFound => &e.not_found,
        ErrorKind::LinkExpired => &e.link_expired,
        ErrorKind::SurveyClosed => &e.survey_closed,
        ErrorKind::PayloadTooLarge => &e.payload_too_large,
        ErrorKind::TooManyRequests => &e.too_many_requests,
        ErrorKind::Unavailable => &e.unavailable,
        ErrorKind::Internal => &e.internal,
    }
}

/// A friendly error page: what happened, what to do, and the reference number if any.
pub fn error_page(page_model: &ErrorPage) -> Markup {
    let s = strings(page_model.lang);
    let t = text(page_model.lang, page_model.kind);
    let request_id = page_model
        .request_id
        .as_deref()
        .map(str::trim)
        .filter(|id| !id.is_empty());
    let body = card(html! {
        div.problem {
            h1 { (t.title) }
            p { (t.body) }
            p { (t.action) }
            @if let Some(id) = request_id {
                dl.reference {
                    dt { (s.errors.request_id) }
                    dd { code { (id) } }
                }
                p.muted { (s.errors.request_id_hint) }
            }
        }
    });
    page(page_model.lang, t.title, body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{
        assert_csp_clean, assert_small, visible_text, HOSTILE, HOSTILE_ESCAPED,
    };

    const ALL: [ErrorKind; 10] = [
        ErrorKind::BadRequest,
        ErrorKind::Unauthorized,
        ErrorKind::Forbidden,
        ErrorKind::NotFound,
        ErrorKind::LinkExpired,
        ErrorKind::SurveyClosed,
        ErrorKind::PayloadTooLarge,
        ErrorKind::TooManyRequests,
        ErrorKind::Unavailable,
        ErrorKind::Internal,
    ];

    fn render(lang: Lang, kind: ErrorKind, request_id: Option<&str>) -> String {
        error_page(&ErrorPage {
            lang,
            kind,
            request_id: request_id.map(str::to_owned),
        })
        .into_string()
    }

    #[test]
    fn every_kind_says_what_happened_and_what_to_do() {
        for lang in Lang::ALL {
            let mut titles = Vec::new();
            for kind in ALL {
                let t = text(lang, kind);
                let out = render(lang, kind, None);
                assert!(out.contains(&format!("<title>{}</title>", t.title)));
                assert!(out.contains(&format!("<h1>{}</h1>", t.title)));
                assert!(out.contains(t.body));
                assert!(out.contains(t.action));
                assert!(out.contains(&format!("<html lang=\"{}\">", lang.code())));
                assert_csp_clean(&out);
                assert_small(&out);
                titles.push(t.title);
            }
            titles.sort_unstable();
            titles.dedup();
            assert_eq!(titles.len(), ALL.len(), "each kind has its own title");
        }
    }

    #[test]
    fn expired_links_and_closed_surveys_are_gone_and_unknown_links_not_found() {
        assert_eq!(ErrorKind::NotFound.status(), 404);
        assert_eq!(ErrorKind::LinkExpired.status(), 410);
        assert_eq!(ErrorKind::SurveyClosed.status(), 410);
        assert_eq!(ErrorKind::Internal.status(), 500);
        assert!(render(Lang::Ja, ErrorKind::LinkExpired, None).contains("有効期限"));
        assert!(render(Lang::Ja, ErrorKind::SurveyClosed, None).contains("終了"));
        assert!(render(Lang::Ja, ErrorKind::NotFound, None).contains("ページが見つかりません"));
        assert!(render(Lang::En, ErrorKind::LinkExpired, None).contains("expired"));
    }

    #[test]
    fn request_id_is_shown_for_support_and_escaped() {
        let out = render(Lang::Ja, ErrorKind::Internal, Some("req-7f3a9c"));
        assert!(out.contains("<dt>お問い合わせ番号</dt><dd><code>req-7f3a9c</code></dd>"));
        let out = render(Lang::Ja, ErrorKind::Internal, Some(HOSTILE));
        assert_csp_clean(&out);
        assert!(out.contains(HOSTILE_ESCAPED));
        let out = render(Lang::Ja, ErrorKind::Internal, Some("  "));
        assert!(!out.contains("<dl"));
    }

    #[test]
    fn japanese_error_pages_show_no_english() {
        for kind in ALL {
            let text = visible_text(&render(Lang::Ja, kind, None));
            assert!(
                !text.chars().any(|c| c.is_ascii_alphabetic()),
                "{kind:?}: {text}"
            );
        }
    }

    #[test]
    fn internal_error_reveals_nothing_but_the_request_id() {
        let out = render(Lang::En, ErrorKind::Internal, Some("r1"));
        let text = visible_text(&out).to_ascii_lowercase();
        for word in ["panic", "database", "sql", "stack", "diesel", "postgres"] {
            assert!(!text.contains(word));
        }
    }
}
