//! One answer, as staff open it from a keyword's comments.

use maud::{html, Markup};

use super::frame::{staff_page, StaffFrame};
use crate::i18n::strings;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResponsePage {
    pub frame: StaffFrame,
    pub survey_name: String,
    /// Already formatted in the organisation's zone.
    pub answered_at: String,
    /// e.g. "NPS 3", "CSAT 5"; empty for exit answers.
    pub score_label: String,
    /// The exit reason's label, for exit answers.
    pub reason_label: Option<String>,
    /// As the customer typed it.
    pub comment: Option<String>,
    /// `None` for an anonymous answer on a public link.
    pub account_name: Option<String>,
    pub contact: Option<String>,
    pub back_href: Option<String>,
}

pub fn response_page(p: &ResponsePage) -> Markup {
    let s = &strings(p.frame.lang).staff.response;
    let body = html! {
        @if let Some(back) = &p.back_href {
            p.back { a href=(back) { span aria-hidden="true" { "← " } (s.back) } }
        }
        h1 { (s.title) }
        dl.facts {
            div { dt { (s.survey) } dd { (p.survey_name) } }
            div { dt { (s.answered_at) } dd { (p.answered_at) } }
            @if !p.score_label.trim().is_empty() {
                div { dt { (s.score) } dd { (p.score_label) } }
            }
            @if let Some(reason) = &p.reason_label {
                div { dt { (s.reason) } dd { (reason) } }
            }
            div { dt { (s.account) } dd { (p.account_name.as_deref().unwrap_or(s.anonymous)) } }
            @if let Some(contact) = &p.contact {
                div { dt { (s.contact) } dd { (contact) } }
            }
        }
        section.block aria-labelledby="comment-h" {
            h2 #comment-h { (s.comment) }
            @match &p.comment {
                Some(comment) => p.quote { (comment) },
                None => p.empty { (s.no_comment) },
            }
        }
    };
    staff_page(&p.frame, s.title, body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::staff::test_frame;
    use crate::Lang;

    fn page(lang: Lang) -> ResponsePage {
        ResponsePage {
            frame: test_frame(lang),
            survey_name: "顧客ロイヤルティ調査".into(),
            answered_at: "2026-03-10 12:00".into(),
            score_label: "NPS 3".into(),
            reason_label: None,
            comment: Some("請求書が<script>alert(1)</script>分かりにくい".into()),
            account_name: Some("株式会社テスト".into()),
            contact: Some("山田 太郎 <yamada@example.co.jp>".into()),
            back_href: Some("/staff/keywords".into()),
        }
    }

    #[test]
    fn the_answer_is_shown_escaped_with_its_account() {
        let out = response_page(&page(Lang::Ja)).into_string();
        assert!(out.contains("請求書が&lt;script&gt;alert(1)&lt;/script&gt;分かりにくい"));
        assert!(!out.contains("<script>alert"));
        assert!(out.contains("株式会社テスト") && out.contains("NPS 3"));
        assert!(out.contains("&lt;yamada@example.co.jp&gt;"));
    }

    #[test]
    fn an_anonymous_answer_without_a_comment_says_so_in_each_language() {
        for lang in Lang::ALL {
            let p = ResponsePage { comment: None, account_name: None, contact: None, back_href: None, ..page(lang) };
            let out = response_page(&p).into_string();
            let s = &strings(lang).staff.response;
            assert!(out.contains(s.anonymous) && out.contains(s.no_comment), "{lang:?}");
        }
    }
}
