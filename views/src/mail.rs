//! Emails and chat messages koe sends to staff. Plain text, Japanese first with the English
//! beside it (staff have no language setting, and a mail client cannot switch it).

use crate::i18n::strings;
use crate::staff::TriggerKind;
use crate::Lang;
use std::fmt::Write;

/// A new follow-up case, as its notification shows it.
#[derive(Clone, Debug, Default)]
pub struct FollowUpNotice {
    pub trigger: TriggerKind,
    /// The owner's name, or None for the shared queue.
    pub owner_name: Option<String>,
    pub survey_name: String,
    pub answer: NoticeAnswer,
    pub previous_score: Option<i16>,
    pub comment: Option<String>,
    /// "株式会社サンプル (CRM-001)"; None for an answer on a public link.
    pub account: Option<String>,
    /// "山田 花子 <hanako@example.jp>".
    pub contact: Option<String>,
    /// The due time, already written in the organisation's time zone.
    pub due: String,
    pub case_url: String,
}

/// What the customer answered.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum NoticeAnswer {
    /// "NPS" or "CSAT", and the score.
    Score { scale: &'static str, score: i16 },
    /// The exit survey's reason code (its label is shown when it is one of koe's own).
    ExitReason(String),
    /// A case opened without a score (an exit answer with no reason).
    #[default]
    Nothing,
}

impl NoticeAnswer {
    fn text(&self, lang: Lang) -> String {
        match self {
            NoticeAnswer::Score { scale, score } => format!("{scale} {score}"),
            NoticeAnswer::ExitReason(code) => crate::default_exit_reasons(lang)
                .into_iter()
                .find(|(known, _)| known == code)
                .map_or_else(|| code.clone(), |(_, label)| label.to_owned()),
            NoticeAnswer::Nothing => "-".to_owned(),
        }
    }
}

/// A rendered email.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mail {
    pub subject: String,
    pub text: String,
}

/// The email to a case's owner (or to the managers, for the shared queue).
pub fn follow_up_email(notice: &FollowUpNotice) -> Mail {
    let [ja, en] = Lang::ALL;
    let subject = format!("{} / {}", subject(ja, notice), subject(en, notice));
    let mut text = String::new();
    for (index, lang) in Lang::ALL.into_iter().enumerate() {
        if index > 0 {
            text.push_str("\n----------------------------------------\n\n");
        }
        write_body(&mut text, lang, notice);
    }
    Mail { subject, text }
}

/// One chat message (a Slack-compatible webhook's `text`): the facts, both languages.
pub fn follow_up_chat(notice: &FollowUpNotice) -> String {
    let [ja, en] = Lang::ALL;
    let comment = notice.comment.as_deref().map(|comment| format!("\n> {}", comment.replace('\n', "\n> "))).unwrap_or_default();
    format!("{} / {}{comment}\n{}", subject(ja, notice), subject(en, notice), notice.case_url)
}

fn subject(lang: Lang, notice: &FollowUpNotice) -> String {
    let s = strings(lang);
    let who = notice.account.as_deref().unwrap_or(s.mail.public_link);
    (s.mail.subject)(notice.trigger.label(&s.staff.follow_ups), &notice.answer.text(lang), who)
}

fn write_body(text: &mut String, lang: Lang, notice: &FollowUpNotice) {
    let s = strings(lang);
    let f = &s.staff.follow_ups;
    let intro = match &notice.owner_name {
        Some(name) => (s.mail.intro_owner)(name),
        None => s.mail.intro_shared_queue.to_owned(),
    };
    let previous = notice.previous_score.map(s.mail.previous_score).unwrap_or_default();
    // Writing to a String cannot fail.
    let _ = writeln!(text, "{intro}\n");
    let _ = writeln!(text, "{}: {}{previous}", f.score, notice.answer.text(lang));
    let _ = writeln!(text, "{}: {}", s.mail.survey, notice.survey_name);
    let _ = writeln!(text, "{}: {}", f.account, notice.account.as_deref().unwrap_or(s.mail.public_link));
    if let Some(contact) = &notice.contact {
        let _ = writeln!(text, "{}: {contact}", f.contact);
    }
    let _ = writeln!(text, "{}: {}", f.due_at, notice.due);
    let _ = writeln!(text, "{}:", f.comment);
    match notice.comment.as_deref() {
        Some(comment) => {
            for line in comment.lines() {
                let _ = writeln!(text, "  {line}");
            }
        }
        None => {
            let _ = writeln!(text, "  {}", f.no_comment);
        }
    }
    let _ = writeln!(text, "\n{}\n{}", s.mail.open_case, notice.case_url);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notice() -> FollowUpNotice {
        FollowUpNotice {
            trigger: TriggerKind::Detractor,
            owner_name: Some("佐藤".into()),
            survey_name: "四半期NPS".into(),
            answer: NoticeAnswer::Score { scale: "NPS", score: 3 },
            previous_score: Some(9),
            comment: Some("サポートの返事が遅い。\n二行目".into()),
            account: Some("株式会社サンプル (CRM-001)".into()),
            contact: Some("山田 花子 <hanako@example.jp>".into()),
            due: "2026-11-25 10:00".into(),
            case_url: "https://koe.example/staff/follow-ups/7".into(),
        }
    }

    #[test]
    fn the_email_names_the_account_score_comment_and_case_in_both_languages() {
        let mail = follow_up_email(&notice());
        assert!(mail.subject.contains("株式会社サンプル") && mail.subject.contains("NPS 3"), "{}", mail.subject);
        assert!(mail.subject.contains("批判者") && mail.subject.contains("Detractor"), "{}", mail.subject);
        let (ja, en) = mail.text.split_once("----------").unwrap();
        for part in [ja, en] {
            assert!(part.contains("NPS 3"));
            assert!(part.contains("  サポートの返事が遅い。\n  二行目"));
            assert!(part.contains("https://koe.example/staff/follow-ups/7"));
            assert!(part.contains("2026-11-25 10:00"));
            assert!(part.contains("hanako@example.jp"));
        }
        assert!(ja.contains("佐藤") && ja.contains('9'));
    }

    #[test]
    fn a_shared_queue_case_says_it_has_no_owner() {
        let mail = follow_up_email(&FollowUpNotice { owner_name: None, account: None, contact: None, ..notice() });
        let s = strings(Lang::Ja);
        assert!(mail.text.starts_with(s.mail.intro_shared_queue));
        assert!(mail.text.contains(s.mail.public_link));
    }

    #[test]
    fn an_exit_answer_shows_its_reason_in_each_language() {
        let mail = follow_up_email(&FollowUpNotice { answer: NoticeAnswer::ExitReason("price".into()), ..notice() });
        let [ja, en] = Lang::ALL.map(|lang| strings(lang).exit_reasons.price);
        assert!(mail.subject.contains(ja) && mail.subject.contains(en), "{}", mail.subject);
        let custom = follow_up_email(&FollowUpNotice { answer: NoticeAnswer::ExitReason("moved_abroad".into()), ..notice() });
        assert!(custom.text.contains("moved_abroad"));
    }

    #[test]
    fn the_chat_message_quotes_every_line_of_the_comment() {
        let chat = follow_up_chat(&notice());
        assert!(chat.contains("> サポートの返事が遅い。\n> 二行目"));
        assert!(chat.ends_with("https://koe.example/staff/follow-ups/7"));
    }
}
