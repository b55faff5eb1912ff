//! `koe seed --demo`: a demo organisation with a year of answers.
//!
//! Every answer goes through [`service::answers::record`], the path real answers take, so
//! terms, follow-ups and everything built on them show up in the demo too. The data comes
//! from a fixed random seed, so two loads tell the same story; loading twice changes nothing.

use crate::config::Config;
use crate::db::invitations::{self, NewInvitation};
use crate::db::follow_ups::OwnerFilter;
use crate::db::{accounts, organization, surveys, users};
use crate::domain::follow_up::Status;
use crate::service::follow_ups::{self, Actor, StatusChange};
use crate::domain::answer::Answer;
use crate::domain::ids::SurveyId;
use crate::domain::role::Role;
use crate::domain::survey::SurveyKind;
use crate::error::AppError;
use crate::service::accounts::AccountInput;
use crate::service::contacts::ContactInput;
use crate::service::surveys::SurveyInput;
use crate::service::{self, answers};
use crate::text::Analyzer;
use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use diesel::PgConnection;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};

const ORGANIZATION: &str = "コエ・デモ株式会社";
const PRODUCT: &str = "コエクラウド";
const ACCOUNTS_TSV: &str = include_str!("demo_accounts.tsv");
const COMMENTS_TSV: &str = include_str!("demo_comments.tsv");
const RANDOM_SEED: u64 = 0x6b6f_6520_6465_6d6f;

/// The demo staff all share this password; it is printed by the seed and in the README.
pub const DEMO_PASSWORD: &str = "koe-demo-password";

const STAFF: [(&str, &str, Role); 5] = [
    ("admin@demo.koe.example", "管理者 デモ", Role::Admin),
    ("manager@demo.koe.example", "田中 恵子", Role::Manager),
    ("sato@demo.koe.example", "佐藤 翔太", Role::Cs),
    ("suzuki@demo.koe.example", "鈴木 彩", Role::Cs),
    ("takahashi@demo.koe.example", "高橋 大輔", Role::Cs),
];

/// Demo survey links anyone may try: guessable on purpose, and only ever created by the demo.
pub const TRY_ME: [DemoLink; 4] = [
    DemoLink { survey: DemoSurvey::Nps, token: "demo-nps-public-link", contact: None },
    DemoLink { survey: DemoSurvey::Nps, token: "demo-nps-aoba-yamada", contact: Some("k.yamada@aoba-logi.example") },
    DemoLink { survey: DemoSurvey::Csat, token: "demo-csat-minato-nakamura", contact: Some("miho.nakamura@minato-seiki.example") },
    DemoLink { survey: DemoSurvey::Exit, token: "demo-exit-sakura-kobayashi", contact: Some("takuya@sakura-designlab.example") },
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DemoSurvey {
    Nps,
    Csat,
    Exit,
}

impl DemoSurvey {
    fn name(self) -> &'static str {
        match self {
            DemoSurvey::Nps => "顧客ロイヤルティ調査",
            DemoSurvey::Csat => "サポート満足度調査",
            DemoSurvey::Exit => "解約アンケート",
        }
    }

    fn kind(self) -> SurveyKind {
        match self {
            DemoSurvey::Nps => SurveyKind::Nps,
            DemoSurvey::Csat => SurveyKind::Csat,
            DemoSurvey::Exit => SurveyKind::Exit,
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct DemoLink {
    pub survey: DemoSurvey,
    pub token: &'static str,
    /// `None` for the survey's public (anonymous) link.
    pub contact: Option<&'static str>,
}

/// Loads the demo unless it is there already; returns what to tell the person who ran it.
pub fn demo(conn: &mut PgConnection, analyzer: &Analyzer, config: &Config) -> Result<String, AppError> {
    let loaded = conn.transaction(|conn| {
        if surveys::find_by_name(conn, DemoSurvey::Nps.name())?.is_some() {
            return Ok::<_, AppError>(None);
        }
        Ok(Some(load(conn, analyzer, Utc::now())?))
    })?;
    let mut summary = match loaded {
        Some(answers) => format!("Loaded the demo: {} accounts and {answers} answers over the last 12 months.\n", accounts_tsv().count()),
        None => "The demo data is already loaded; nothing changed.\n".to_owned(),
    };
    summary.push_str("\nTry a survey (デモのアンケート):\n");
    for link in TRY_ME {
        summary.push_str(&format!("  {:<5} {}\n", link.survey.kind().as_str(), config.survey_url(link.token)));
    }
    summary.push_str(&format!("\nStaff sign-in (スタッフ): {} / {DEMO_PASSWORD}\n", STAFF[1].0));
    Ok(summary)
}

/// One row of demo_accounts.tsv.
struct DemoAccount<'a> {
    external_id: &'a str,
    name: &'a str,
    segment: &'a str,
    plan: &'a str,
    mrr: i64,
    owner: &'a str,
    contact_name: &'a str,
    contact_email: &'a str,
    locale: &'a str,
}

fn accounts_tsv() -> impl Iterator<Item = DemoAccount<'static>> {
    ACCOUNTS_TSV.lines().skip(1).filter(|line| !line.trim().is_empty()).filter_map(|line| {
        let fields: Vec<&str> = line.split('\t').collect();
        let [external_id, name, segment, plan, mrr, owner, contact_name, contact_email, locale] = fields[..] else {
            return None;
        };
        Some(DemoAccount {
            external_id,
            name,
            segment,
            plan,
            mrr: mrr.parse().ok()?,
            owner,
            contact_name,
            contact_email,
            locale,
        })
    })
}

/// Demo comments by category (`nps_promoter`, `csat_low`, `exit_price`, …).
struct Comments(Vec<(&'static str, &'static str)>);

impl Comments {
    fn load() -> Comments {
        Comments(COMMENTS_TSV.lines().skip(1).filter_map(|line| line.split_once('\t')).collect())
    }

    fn pick(&self, rng: &mut StdRng, category: &str) -> Option<String> {
        let matching: Vec<&str> =
            self.0.iter().filter(|(c, _)| *c == category).map(|(_, comment)| *comment).collect();
        matching.choose(rng).map(|comment| (*comment).to_owned())
    }
}

/// How a demo account feels about the product over the year.
struct Story {
    /// 0 (unhappy) to 1 (delighted).
    health: f64,
    /// Days before `now` when the account cancels, if it does.
    churns_days_ago: Option<i64>,
}

fn load(conn: &mut PgConnection, analyzer: &Analyzer, now: DateTime<Utc>) -> Result<usize, AppError> {
    let mut rng = StdRng::seed_from_u64(RANDOM_SEED);
    organization::set_name(conn, ORGANIZATION)?;
    for (email, name, role) in STAFF {
        service::users::add(conn, email, name, role, DEMO_PASSWORD)?;
    }
    let nps = create_survey(conn, DemoSurvey::Nps)?;
    let csat = create_survey(conn, DemoSurvey::Csat)?;
    let exit = create_survey(conn, DemoSurvey::Exit)?;
    let comments = Comments::load();
    let mut answered = 0;

    for demo in accounts_tsv() {
        let input = AccountInput {
            external_id: demo.external_id.to_owned(),
            name: demo.name.to_owned(),
            owner_email: Some(demo.owner.to_owned()),
            segment: Some(demo.segment.to_owned()),
            plan: Some(demo.plan.to_owned()),
            mrr: Some(demo.mrr),
        };
        let account = service::accounts::upsert(conn, &input)?.account;
        // Customers since before the demo's year of answers, so that churn has a base.
        accounts::set_created_at(conn, account.id, now - Duration::days(rng.gen_range(400..1500)))?;
        let contact = ContactInput {
            account_external_id: demo.external_id.to_owned(),
            email: demo.contact_email.to_owned(),
            name: Some(demo.contact_name.to_owned()),
            locale: Some(demo.locale.to_owned()),
        };
        let (contact, _) = service::contacts::upsert(conn, &contact)?;
        let is_try_me = TRY_ME.iter().any(|link| link.contact == Some(demo.contact_email));
        let story = Story {
            // Most customers are content, some are not (the power below 1 leans towards 1).
            health: rng.gen_range(0.0f64..1.0).powf(0.7),
            // The try-me contacts must stay customers, so their links still make sense.
            churns_days_ago: (!is_try_me && rng.gen_bool(0.2)).then(|| rng.gen_range(5..300)),
        };
        let active_until = story.churns_days_ago.map_or(now, |days| now - Duration::days(days));

        // NPS every quarter, a CSAT after some support cases, an exit survey on leaving.
        let mut sends: Vec<(SurveyId, DateTime<Utc>)> = Vec::new();
        let first_quarter_day = rng.gen_range(0..90);
        for quarter in 0..4 {
            let sent = now - Duration::days(365 - first_quarter_day - quarter * 90);
            if sent < active_until {
                sends.push((nps.id, sent));
            }
        }
        for month in 0..12 {
            let sent = now - Duration::days(360 - month * 30 - rng.gen_range(0..30));
            if sent < active_until && rng.gen_bool(0.6) {
                sends.push((csat.id, sent));
            }
        }
        if story.churns_days_ago.is_some() && rng.gen_bool(0.85) {
            sends.push((exit.id, active_until));
        }

        for (survey_id, sent) in sends {
            let token = crate::domain::token::new_link_token();
            let invitation = NewInvitation {
                survey_id,
                contact_id: contact.id,
                token: &token,
                created_at: sent,
                expires_at: sent + Duration::days(30),
                by_email: true,
            };
            let invitation = invitations::insert(conn, &invitation)?;
            invitations::mark_sent(conn, invitation.id, sent)?;
            // About the response rates of real B2B surveys: most people answer, many do not.
            let answer_rate = if survey_id == csat.id { 0.5 } else { 0.7 };
            if !rng.gen_bool(answer_rate) {
                continue;
            }
            let at = (sent + Duration::minutes(rng.gen_range(5..72 * 60))).min(now);
            invitations::mark_opened(conn, &[invitation.id], &[at])?;
            let link = answers::resolve_link(conn, &token, at)?;
            let answer = invent_answer(&mut rng, &comments, &link.survey, &story, sent, now);
            answers::record(conn, analyzer, &link, &answer, demo.locale, at)?;
            answered += 1;
        }
        if let Some(days) = story.churns_days_ago {
            accounts::mark_churned(conn, account.id, now - Duration::days(days))?;
        }
    }
    create_try_me_links(conn, now)?;
    work_old_follow_ups(conn, &mut rng, now)?;
    Ok(answered)
}

/// Cases were worked by their owners (or a manager, for the shared queue): a call a day or two
/// after the answer, then, three weeks on, mostly resolved. The last week's cases still wait.
fn work_old_follow_ups(conn: &mut PgConnection, rng: &mut StdRng, now: DateTime<Utc>) -> Result<(), AppError> {
    const CALLS: [&str; 3] = [
        "お電話でご不満の点を伺いました。担当部署と改善策を検討します。",
        "メールでご連絡し、詳しい状況をお聞きしました。",
        "定例会の場でお話を伺い、次回までの対応をお約束しました。",
    ];
    const OUTCOMES: [&str; 3] = ["設定の見直しで解消", "改善予定をご案内し、継続利用を確認", "機能要望として製品チームに共有"];
    let manager = users::find_by_email(conn, STAFF[1].0)?.ok_or(AppError::NotFound)?;
    let open = follow_ups::list(conn, OwnerFilter::Everyone, &[Status::Open])?;
    for case in open.into_iter().filter(|case| case.follow_up.created_at < now - Duration::days(7)) {
        let actor = match case.follow_up.owner_id {
            Some(owner) => Actor { id: owner, role: Role::Cs },
            None => Actor { id: manager.id, role: Role::Manager },
        };
        let called = case.follow_up.created_at + Duration::hours(rng.gen_range(4..60));
        let pick = |rng: &mut StdRng, texts: &[&str]| texts.choose(rng).copied().unwrap_or_default().to_owned();
        let contacted = StatusChange { to: Status::Contacted.as_str().into(), note: pick(rng, &CALLS), outcome: String::new() };
        follow_ups::change_status(conn, actor, case.follow_up.id, &contacted, called)?;
        if case.follow_up.created_at > now - Duration::days(21) {
            continue;
        }
        let closed = if rng.gen_bool(0.85) {
            StatusChange { to: Status::Resolved.as_str().into(), note: String::new(), outcome: pick(rng, &OUTCOMES) }
        } else {
            StatusChange { to: Status::WontFix.as_str().into(), note: "先方のご判断で対応不要となりました。".into(), outcome: String::new() }
        };
        follow_ups::change_status(conn, actor, case.follow_up.id, &closed, called + Duration::days(rng.gen_range(1..7)))?;
    }
    Ok(())
}

fn create_survey(conn: &mut PgConnection, demo: DemoSurvey) -> Result<surveys::Survey, AppError> {
    let input = SurveyInput {
        kind: demo.kind().as_str().to_owned(),
        name: demo.name().to_owned(),
        subject: Some(PRODUCT.to_owned()),
        ..SurveyInput::default()
    };
    service::surveys::create(conn, &input)
}

/// A plausible answer: scores follow the account's health (and sink before it leaves),
/// comments match the score.
fn invent_answer(
    rng: &mut StdRng,
    comments: &Comments,
    survey: &surveys::Survey,
    story: &Story,
    sent: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Answer {
    // Customers grow a little happier over the year, except those on their way out.
    let year_progress = 1.0 - (now - sent).num_days() as f64 / 365.0;
    let mood = match story.churns_days_ago {
        Some(_) => story.health * 0.6,
        None => (story.health + 0.15 * year_progress).min(1.0),
    };
    let noise: f64 = rng.gen_range(-0.25..0.25);
    let level = (mood * 0.8 + 0.3 + noise).clamp(0.0, 1.0);
    let kind = survey.kind();
    let (score, category) = match kind {
        SurveyKind::Nps => {
            let score = (level * 10.0).round() as i16;
            let category = match score {
                9..=10 => "nps_promoter",
                7..=8 => "nps_passive",
                _ => "nps_detractor",
            };
            (Some(score), category.to_owned())
        }
        SurveyKind::Csat => {
            let score = (1.0 + level * 4.0).round() as i16;
            let category = match score {
                4..=5 => "csat_high",
                3 => "csat_mid",
                _ => "csat_low",
            };
            (Some(score), category.to_owned())
        }
        SurveyKind::Exit => (None, String::new()),
    };
    let reason = survey.exit_reasons().choose(rng).map(|reason| reason.code.clone());
    let category = reason.as_ref().map_or(category, |code| format!("exit_{code}"));
    let comment = rng.gen_bool(0.7).then(|| comments.pick(rng, &category)).flatten();
    Answer { score, comment, reason, contact_ok: kind == SurveyKind::Exit && rng.gen_bool(0.4) }
}

/// The links the README invites people to open: a public link and personal invitations
/// that do not expire for a year.
fn create_try_me_links(conn: &mut PgConnection, now: DateTime<Utc>) -> Result<(), AppError> {
    for link in TRY_ME {
        let survey = surveys::find_by_name(conn, link.survey.name())?.ok_or(AppError::NotFound)?;
        match link.contact {
            None => {
                surveys::set_public_token(conn, survey.id, link.token)?;
            }
            Some(email) => {
                let contact = crate::db::contacts::find_by_email(conn, email)?.ok_or(AppError::NotFound)?;
                let invitation = NewInvitation {
                    survey_id: survey.id,
                    contact_id: contact.id,
                    token: link.token,
                    created_at: now,
                    expires_at: now + Duration::days(365),
                    by_email: false,
                };
                invitations::insert(conn, &invitation)?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_demo_account_row_parses() {
        let rows = ACCOUNTS_TSV.lines().skip(1).filter(|line| !line.trim().is_empty()).count();
        assert_eq!(accounts_tsv().count(), rows);
        assert!(rows >= 50);
    }

    #[test]
    fn every_answer_category_has_comments() {
        let comments = Comments::load();
        let mut rng = StdRng::seed_from_u64(1);
        let mut categories = vec!["nps_promoter", "nps_passive", "nps_detractor", "csat_high", "csat_mid", "csat_low"]
            .into_iter()
            .map(str::to_owned)
            .collect::<Vec<_>>();
        categories.extend(crate::domain::survey::default_exit_reasons().into_iter().map(|reason| format!("exit_{}", reason.code)));
        for category in categories {
            assert!(comments.pick(&mut rng, &category).is_some(), "no demo comments for {category}");
        }
    }

    #[test]
    fn try_me_tokens_are_valid_link_tokens_and_their_contacts_exist() {
        for link in TRY_ME {
            assert!(crate::domain::token::looks_like_link_token(link.token), "{}", link.token);
            if let Some(email) = link.contact {
                assert!(accounts_tsv().any(|account| account.contact_email == email), "{email}");
            }
        }
    }
}
