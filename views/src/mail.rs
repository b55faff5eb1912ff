//! Emails and chat messages koe sends to staff. Plain text, Japanese first with the English
//! beside it (staff have no language setting, and a mail client cannot switch it).

use crate::i18n::strings;
use crate::staff::TriggerKind;
use crate::Lang;
use maud::{html, Markup, DOCTYPE};
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
    /// The HTML alternative, for emails to customers (staff get plain text).
    pub html: Option<String>,
}

/// What an invitation asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum InvitationScale {
    /// 0–10: the email carries the eleven scores as links.
    #[default]
    Nps,
    /// 1–5: five links, labelled.
    Csat,
    /// No scale in the email: one link to the form.
    Exit,
}

/// An invitation (or its one reminder) to a contact.
#[derive(Clone, Debug, Default)]
pub struct InvitationNotice {
    pub lang: Lang,
    pub reminder: bool,
    pub scale: InvitationScale,
    /// The company or product asked about.
    pub subject: String,
    /// The survey's own question, if it has one.
    pub question: Option<String>,
    pub contact_name: Option<String>,
    /// The organisation that sends it.
    pub organization: String,
    /// The form; scores are appended as `?score=N` (a score in a link only pre-selects it).
    pub survey_url: String,
    /// The last day, already written in the organisation's time zone.
    pub expires: String,
    pub unsubscribe_url: String,
}

impl InvitationNotice {
    fn question(&self) -> String {
        let form = &strings(self.lang).form;
        match (&self.question, self.scale) {
            (Some(question), _) => question.clone(),
            (None, InvitationScale::Nps) => (form.nps_question)(&self.subject),
            (None, InvitationScale::Csat) => (form.csat_question)(&self.subject),
            (None, InvitationScale::Exit) => form.exit_question.to_owned(),
        }
    }

    /// Each score with its link and, for CSAT, its name.
    fn scores(&self) -> Vec<(i16, Option<&'static str>, String)> {
        let form = &strings(self.lang).form;
        let link = |score: i16| format!("{}?score={score}", self.survey_url);
        match self.scale {
            InvitationScale::Nps => (0..=10).map(|score| (score, None, link(score))).collect(),
            InvitationScale::Csat => (1..=5).zip(form.csat_points).map(|(score, name)| (score, Some(name), link(score))).collect(),
            InvitationScale::Exit => Vec::new(),
        }
    }
}

/// The invitation email, in the contact's language: a plain-text part and an HTML part that
/// say the same thing, with the scale as links when the survey has one.
pub fn invitation_email(notice: &InvitationNotice) -> Mail {
    let s = strings(notice.lang);
    let subject = if notice.reminder { (s.mail.reminder_subject)(&notice.subject) } else { (s.mail.invitation_subject)(&notice.subject) };
    Mail { subject, text: invitation_text(notice), html: Some(invitation_html(notice).into_string()) }
}

fn greeting(notice: &InvitationNotice) -> String {
    let s = strings(notice.lang);
    match notice.contact_name.as_deref().map(str::trim).filter(|name| !name.is_empty()) {
        Some(name) => (s.mail.greeting)(name),
        None => s.mail.greeting_no_name.to_owned(),
    }
}

fn invitation_text(notice: &InvitationNotice) -> String {
    let s = strings(notice.lang);
    let mut text = String::new();
    let _ = writeln!(text, "{}\n", greeting(notice));
    if notice.reminder {
        let _ = writeln!(text, "{}\n", s.mail.reminder_lead);
    }
    let _ = writeln!(text, "{}\n", notice.question());
    let scores = notice.scores();
    if !scores.is_empty() {
        let _ = writeln!(text, "{}", s.mail.pick_a_score);
        for (score, name, link) in &scores {
            match name {
                Some(name) => {
                    let _ = writeln!(text, "{score} {name}: {link}");
                }
                None => {
                    let _ = writeln!(text, "{score}: {link}");
                }
            }
        }
        text.push('\n');
    }
    let _ = writeln!(text, "{}:\n{}\n", s.mail.answer_button, notice.survey_url);
    let _ = writeln!(text, "{}\n", (s.mail.expires)(&notice.expires));
    let _ = writeln!(text, "--\n{}", (s.mail.sent_by)(&notice.organization));
    let _ = writeln!(text, "{}\n{}", s.mail.unsubscribe_lead, notice.unsubscribe_url);
    text
}

/// Mail clients ignore stylesheets, so this one document uses inline styles (pages never do).
fn invitation_html(notice: &InvitationNotice) -> Markup {
    let s = strings(notice.lang);
    let form = &s.form;
    let cell = "display:inline-block;min-width:2.2em;margin:2px;padding:10px 0;border:1px solid #9aa5b1;border-radius:6px;\
                text-align:center;color:#1f2933;text-decoration:none;font-size:16px;font-weight:bold";
    html! {
        (DOCTYPE)
        html lang=(notice.lang.code()) {
            head { meta charset="utf-8"; meta name="viewport" content="width=device-width, initial-scale=1"; }
            body style="margin:0;padding:16px;font-family:sans-serif;color:#1f2933;line-height:1.6" {
                p { (greeting(notice)) }
                @if notice.reminder { p { (s.mail.reminder_lead) } }
                p style="font-size:18px;font-weight:bold" { (notice.question()) }
                @let scores = notice.scores();
                @if !scores.is_empty() {
                    p style="font-size:13px;color:#52606d" { (s.mail.pick_a_score) }
                    p {
                        @for (score, name, link) in &scores {
                            a href=(link) style=(cell) title=[name] { (score) }
                        }
                    }
                    @if notice.scale == InvitationScale::Nps {
                        p style="font-size:12px;color:#52606d" { "0 = " (form.nps_low) " / 10 = " (form.nps_high) }
                    }
                }
                p { a href=(notice.survey_url) { (s.mail.answer_button) } }
                p style="font-size:13px;color:#52606d" { ((s.mail.expires)(&notice.expires)) }
                hr style="border:none;border-top:1px solid #d9e2ec";
                p style="font-size:12px;color:#52606d" {
                    ((s.mail.sent_by)(&notice.organization)) br;
                    (s.mail.unsubscribe_lead) " " a href=(notice.unsubscribe_url) { (s.mail.unsubscribe_link) }
                }
            }
        }
    }
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
    Mail { subject, text, html: None }
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

    fn invitation() -> InvitationNotice {
        InvitationNotice {
            lang: Lang::Ja,
            reminder: false,
            scale: InvitationScale::Nps,
            subject: "サンプル商事".into(),
            question: None,
            contact_name: Some("山田 花子".into()),
            organization: "サンプル商事".into(),
            survey_url: "https://koe.example/s/TOKEN".into(),
            expires: "2026-12-23".into(),
            unsubscribe_url: "https://koe.example/u/TOKEN".into(),
        }
    }

    #[test]
    fn an_nps_invitation_carries_eleven_score_links_in_both_parts() {
        let mail = invitation_email(&invitation());
        let html = mail.html.clone().unwrap();
        for score in 0..=10 {
            let link = format!("https://koe.example/s/TOKEN?score={score}");
            assert!(mail.text.contains(&format!("{score}: {link}\n")), "{}", mail.text);
            assert!(html.contains(&format!("href=\"{link}\"")), "{html}");
        }
        assert!(!mail.text.contains("?score=11"));
        assert!(mail.text.starts_with("山田 花子 様"));
        assert!(mail.text.contains("https://koe.example/u/TOKEN") && html.contains("https://koe.example/u/TOKEN"));
        assert!(mail.subject.contains("サンプル商事"));
    }

    #[test]
    fn a_csat_invitation_names_its_five_points_and_an_exit_one_has_no_scale() {
        let csat = invitation_email(&InvitationNotice { scale: InvitationScale::Csat, lang: Lang::En, ..invitation() });
        assert!(csat.text.contains("1 Very dissatisfied: https://koe.example/s/TOKEN?score=1"), "{}", csat.text);
        assert!(!csat.text.contains("?score=0") && !csat.text.contains("?score=6"));
        let exit = invitation_email(&InvitationNotice { scale: InvitationScale::Exit, ..invitation() });
        assert!(!exit.text.contains("?score="));
        assert!(exit.text.contains("https://koe.example/s/TOKEN"));
    }

    #[test]
    fn a_reminder_says_so_and_names_are_escaped_in_html() {
        let mail = invitation_email(&InvitationNotice { reminder: true, contact_name: Some("<b>x</b>".into()), ..invitation() });
        let s = strings(Lang::Ja);
        assert!(mail.subject.starts_with("【再送】"));
        assert!(mail.text.contains(s.mail.reminder_lead));
        let html = mail.html.unwrap();
        assert!(html.contains("&lt;b&gt;x&lt;/b&gt;") && !html.contains("<b>x</b>"));
    }

    #[test]
    fn the_chat_message_quotes_every_line_of_the_comment() {
        let chat = follow_up_chat(&notice());
        assert!(chat.contains("> サポートの返事が遅い。\n> 二行目"));
        assert!(chat.ends_with("https://koe.example/staff/follow-ups/7"));
    }
}
