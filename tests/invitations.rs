//! Email invitations against a real SMTP server: the exact emails (headers, both parts, the
//! score links), unsubscribing, the throttle, the one reminder, tracking, and a mailing that
//! survives its worker being killed half-way.
#![allow(clippy::expect_used, clippy::unwrap_used)] // a test may stop at the first thing that goes wrong

mod common;

use common::smtp::{Received, SmtpServer};
use common::{count, world, TestApp, World};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Text, Timestamptz};
use koe::db::surveys::Survey;
use koe::jobs::Worker;
use koe::service;
use koe::service::contacts::ContactInput;
use koe::service::surveys::SurveyInput;
use serde_json::{json, Value};
use std::collections::HashSet;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

fn worker(app: &TestApp, smtp: &SmtpServer) -> Arc<Worker> {
    let mut config = (*app.state.config).clone();
    config.smtp_url = Some(smtp.url());
    config.mail_from = "サンプル商事 <survey@koe.example>".into();
    Arc::new(Worker::new(app.state.pool.clone(), config).expect("worker"))
}

async fn run(worker: &Arc<Worker>) -> usize {
    let worker = worker.clone();
    tokio::task::spawn_blocking(move || worker.run_due()).await.expect("join").expect("run the outbox")
}

/// A survey with koe's default throttle and reminder (unlike `common::survey`).
fn survey(conn: &mut PgConnection, kind: &str) -> Survey {
    let input = SurveyInput { kind: kind.into(), name: format!("{kind} survey"), subject: Some("サンプル商事".into()), ..SurveyInput::default() };
    service::surveys::create(conn, &input).expect("survey")
}

fn contact(conn: &mut PgConnection, world: &World, email: &str, locale: &str) {
    let input = ContactInput { account_external_id: world.account_external_id.clone(), email: email.into(), name: None, locale: Some(locale.into()) };
    service::contacts::upsert(conn, &input).expect("contact");
}

async fn invite(app: &TestApp, token: &str, survey: &Survey, body: Value) -> (u16, Value, Option<String>) {
    let response = app
        .client
        .post(app.url(&format!("/api/v1/surveys/{}/invitations", survey.id)))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let retry_after = response.headers().get("Retry-After").and_then(|value| value.to_str().ok()).map(str::to_owned);
    (status, response.json().await.unwrap_or(Value::Null), retry_after)
}

#[derive(Debug, QueryableByName)]
struct Tracking {
    #[diesel(sql_type = Nullable<Timestamptz>)]
    sent_at: Option<chrono::DateTime<chrono::Utc>>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    opened_at: Option<chrono::DateTime<chrono::Utc>>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    reminded_at: Option<chrono::DateTime<chrono::Utc>>,
}

fn tracking(conn: &mut PgConnection, id: i64) -> Tracking {
    diesel::sql_query("SELECT sent_at, opened_at, reminded_at FROM invitations WHERE id = $1")
        .bind::<BigInt, _>(id)
        .get_result(conn)
        .expect("invitation")
}

fn make_due(conn: &mut PgConnection) {
    diesel::sql_query("UPDATE outbox SET run_after = now() WHERE sent_at IS NULL").execute(conn).expect("make due");
}

#[actix_web::test]
async fn an_nps_email_carries_eleven_score_links_both_parts_and_a_one_click_unsubscribe() {
    let smtp = SmtpServer::start();
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    let world = world(&mut conn);
    let nps = survey(&mut conn, "nps");
    let token = app.api_token("write");

    let (status, body, _) = invite(&app, &token, &nps, json!({ "contact_email": world.contact_email, "send_email": true })).await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["send_email"], true);
    let link = body["token"].as_str().unwrap().to_owned();
    assert_eq!(run(&worker(&app, &smtp)).await, 1, "the invitation now; the reminder waits its days");

    let mail = smtp.wait_for(1);
    assert_eq!(mail.len(), 1);
    let mail: &Received = &mail[0];
    assert_eq!(mail.rcpt_tos, vec![world.contact_email.clone()]);
    assert_eq!(mail.header("From"), "サンプル商事 <survey@koe.example>");
    assert_eq!(mail.header("Subject"), "【サンプル商事】アンケートご協力のお願い（30秒で終わります）");
    let unsubscribe = format!("{}/u/{link}", app.address);
    assert_eq!(mail.header("List-Unsubscribe"), format!("<{unsubscribe}>"));
    assert_eq!(mail.header("List-Unsubscribe-Post"), "List-Unsubscribe=One-Click");
    assert!(mail.header("Content-Type").starts_with("multipart/alternative"), "{}", mail.header("Content-Type"));
    let text = mail.text();
    let html = mail.parts.get("text/html").expect("an HTML part");
    assert!(text.starts_with("顧客 花子 様"), "{text}");
    for score in 0..=10 {
        let url = format!("{}/s/{link}?score={score}", app.address);
        assert!(text.contains(&format!("{score}: {url}\n")), "{text}");
        assert!(html.contains(&format!("href=\"{url}\"")), "{html}");
    }
    assert!(!text.contains("?score=11") && !html.contains("?score=11"));
    assert!(text.contains(&unsubscribe) && html.contains(&unsubscribe));

    // Opening a score link pre-selects the score and records nothing but the opening.
    let id = body["id"].as_i64().unwrap();
    assert!(tracking(&mut conn, id).sent_at.is_some());
    assert!(tracking(&mut conn, id).opened_at.is_none());
    let page = app.get(&format!("/s/{link}?score=7")).await.text().await.unwrap();
    assert!(page.contains("value=\"7\" id=\"score-7\" checked"), "score 7 pre-selected");
    assert_eq!(count(&mut conn, "responses"), 0);
    // Openings are written in batches, a moment later.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while tracking(&mut conn, id).opened_at.is_none() {
        assert!(std::time::Instant::now() < deadline, "the opening was never recorded");
        actix_web::rt::time::sleep(koe::service::link_opens::FLUSH_EVERY).await;
    }
}

#[actix_web::test]
async fn an_english_contact_gets_english_and_a_csat_email_has_five_links() {
    let smtp = SmtpServer::start();
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    let world = world(&mut conn);
    contact(&mut conn, &world, "jane@example.com", "en");
    let csat = survey(&mut conn, "csat");
    let token = app.api_token("write");
    assert_eq!(invite(&app, &token, &csat, json!({ "contact_email": "jane@example.com", "send_email": true })).await.0, 201);
    run(&worker(&app, &smtp)).await;
    let mail = smtp.wait_for(1);
    assert_eq!(mail[0].header("Subject"), "A 30-second question from サンプル商事");
    let text = mail[0].text();
    assert!(text.starts_with("Hello,"), "{text}");
    assert!(text.contains("5 Very satisfied: "), "{text}");
    assert_eq!(text.matches("?score=").count(), 5);
}

#[actix_web::test]
async fn unsubscribing_takes_a_post_stops_the_reminder_and_refuses_new_invitations() {
    let smtp = SmtpServer::start();
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    let world = world(&mut conn);
    let nps = survey(&mut conn, "nps");
    let token = app.api_token("write");
    let (_, body, _) = invite(&app, &token, &nps, json!({ "contact_email": world.contact_email, "send_email": true })).await;
    let link = body["token"].as_str().unwrap().to_owned();
    let worker = worker(&app, &smtp);
    run(&worker).await;

    // A mail scanner opening the link changes nothing.
    let page = app.get(&format!("/u/{link}")).await;
    assert_eq!(page.status(), 200);
    let page = page.text().await.unwrap();
    assert!(page.contains(&world.contact_email) && page.contains("<form method=\"post\""), "{page}");
    assert_eq!(count(&mut conn, "contacts WHERE unsubscribed_at IS NOT NULL"), 0);

    // A mail client's one-click unsubscribe (RFC 8058).
    let clicked = app.post_form(&format!("/u/{link}"), "List-Unsubscribe=One-Click").await;
    assert_eq!(clicked.status(), 200);
    assert!(clicked.text().await.unwrap().contains("配信を停止しました"));
    assert_eq!(count(&mut conn, "contacts WHERE unsubscribed_at IS NOT NULL"), 1);

    // The reminder, due now, is skipped; nothing more is sent.
    make_due(&mut conn);
    assert_eq!(run(&worker).await, 1);
    assert_eq!(smtp.received().len(), 1);
    assert_eq!(count(&mut conn, "outbox WHERE kind = 'invitation_reminder' AND skipped_at IS NOT NULL"), 1);

    // The API says so instead of dropping the request.
    let other = survey(&mut conn, "csat");
    let (status, body, _) = invite(&app, &token, &other, json!({ "contact_email": world.contact_email })).await;
    assert_eq!(status, 409);
    assert_eq!(body["error"]["code"], "unsubscribed");
    // Unknown and malformed unsubscribe links are 404s.
    assert_eq!(app.post_form("/u/AAAAAAAAAAAAAAAAAAAAAA", "").await.status(), 404);
    assert_eq!(app.get("/u/..%2F..%2Fetc%2Fpasswd").await.status(), 404);
}

#[actix_web::test]
async fn a_contact_is_asked_once_per_cooldown_and_an_account_so_many_times_a_month() {
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    let world = world(&mut conn);
    contact(&mut conn, &world, "second@example.com", "ja");
    contact(&mut conn, &world, "third@example.com", "ja");
    koe::db::organization::set_account_invitations_per_month(&mut conn, 2).unwrap();
    let (nps, csat) = (survey(&mut conn, "nps"), survey(&mut conn, "csat"));
    let token = app.api_token("write");

    let (status, first, _) = invite(&app, &token, &nps, json!({ "contact_email": world.contact_email, "send_email": true })).await;
    assert_eq!(status, 201);
    let (invitations, jobs) = (count(&mut conn, "invitations"), count(&mut conn, "outbox"));

    // Another survey for the same person within 90 days: refused, with the date it becomes possible.
    let (status, body, retry_after) = invite(&app, &token, &csat, json!({ "contact_email": world.contact_email, "send_email": true })).await;
    assert_eq!(status, 429, "{body}");
    assert_eq!(body["error"]["code"], "throttled_contact");
    let created: chrono::DateTime<chrono::Utc> = serde_json::from_value(first["expires_at"].clone()).unwrap();
    let available: chrono::DateTime<chrono::Utc> = serde_json::from_value(body["error"]["available_at"].clone()).unwrap();
    // The survey's links live 30 days; the cooldown is 90 days from the invitation.
    assert_eq!((available - (created - chrono::Duration::days(30))).num_days(), 90);
    let retry_after: i64 = retry_after.expect("Retry-After").parse().unwrap();
    assert!((89 * 86_400..=90 * 86_400).contains(&retry_after), "{retry_after}");
    assert_eq!((count(&mut conn, "invitations"), count(&mut conn, "outbox")), (invitations, jobs), "a refusal changes nothing");

    // The account: two invitations in 30 days, then no more for anyone there.
    assert_eq!(invite(&app, &token, &csat, json!({ "contact_email": "second@example.com" })).await.0, 201);
    let (status, body, _) = invite(&app, &token, &csat, json!({ "contact_email": "third@example.com" })).await;
    assert_eq!(status, 429);
    assert_eq!(body["error"]["code"], "throttled_account");
}

#[derive(Debug, QueryableByName)]
struct Job {
    #[diesel(sql_type = Text)]
    kind: String,
    #[diesel(sql_type = Timestamptz)]
    run_after: chrono::DateTime<chrono::Utc>,
    #[diesel(sql_type = Nullable<Text>)]
    last_error: Option<String>,
}

#[actix_web::test]
async fn one_reminder_after_three_days_only_while_there_is_no_answer() {
    let smtp = SmtpServer::start();
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    let world = world(&mut conn);
    contact(&mut conn, &world, "answers@example.com", "ja");
    let input = SurveyInput { kind: "nps".into(), name: "nps".into(), contact_cooldown_days: Some(0), ..SurveyInput::default() };
    let nps = service::surveys::create(&mut conn, &input).unwrap();
    let token = app.api_token("write");
    let (_, silent, _) = invite(&app, &token, &nps, json!({ "contact_email": world.contact_email, "send_email": true })).await;
    let (_, answering, _) = invite(&app, &token, &nps, json!({ "contact_email": "answers@example.com", "send_email": true })).await;
    let worker = worker(&app, &smtp);
    assert_eq!(run(&worker).await, 2);

    let reminders: Vec<Job> = diesel::sql_query("SELECT kind, run_after, last_error FROM outbox WHERE kind = 'invitation_reminder'").load(&mut conn).unwrap();
    assert_eq!(reminders.len(), 2, "one reminder per invitation");
    for reminder in &reminders {
        let wait = reminder.run_after - chrono::Utc::now();
        assert!(wait > chrono::Duration::hours(71) && wait <= chrono::Duration::days(3), "{wait:?} ({})", reminder.kind);
    }
    let answering_link = answering["token"].as_str().unwrap();
    assert_eq!(app.post_fields(&format!("/s/{answering_link}"), &[("score", "9")]).await.status(), 303);

    make_due(&mut conn);
    assert_eq!(run(&worker).await, 2);
    let mail = smtp.wait_for(3);
    assert_eq!(mail.len(), 3, "two invitations and one reminder");
    assert!(mail[2].header("Subject").starts_with("【再送】"));
    assert_eq!(mail[2].rcpt_tos, vec![world.contact_email.clone()]);
    assert!(tracking(&mut conn, silent["id"].as_i64().unwrap()).reminded_at.is_some());
    let skipped: Vec<Job> = diesel::sql_query("SELECT kind, run_after, last_error FROM outbox WHERE skipped_at IS NOT NULL").load(&mut conn).unwrap();
    assert_eq!(skipped.len(), 1);
    assert_eq!(skipped[0].last_error.as_deref(), Some("already answered"));
    make_due(&mut conn);
    assert_eq!(run(&worker).await, 0, "never a second reminder");
}

/// A mailing to a segment, with its worker killed (SIGKILL) half-way and started again:
/// every contact gets the email, none gets it twice (except the one in flight at the kill,
/// which carries the same Message-ID), and running the mailing again invites nobody twice.
#[actix_web::test]
async fn a_mailing_survives_its_worker_being_killed_half_way() {
    const CONTACTS: usize = 300;
    let smtp = SmtpServer::start();
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    let world = world(&mut conn);
    for n in 0..CONTACTS {
        contact(&mut conn, &world, &format!("member{n:03}@example.com"), if n % 2 == 0 { "ja" } else { "en" });
    }
    let input = SurveyInput { kind: "nps".into(), name: "nps".into(), reminder_days: Some(0), ..SurveyInput::default() };
    let nps = service::surveys::create(&mut conn, &input).unwrap();

    let koe = |args: &[&str]| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_koe"));
        command
            .args(args)
            .env("DATABASE_URL", &app.db.url)
            .env("KOE_SMTP_URL", smtp.url())
            .env("KOE_BASE_URL", &app.address)
            .env("KOE_WORKER_POLL_MS", "50")
            .env("KOE_OUTBOX_LEASE_SECS", "1")
            .env("KOE_LOG", "warn");
        command
    };
    let survey_id = nps.id.to_string();
    let invited = koe(&["invite", "--survey", &survey_id, "--segment", "smb"]).output().expect("koe invite");
    assert!(invited.status.success(), "{}", String::from_utf8_lossy(&invited.stderr));
    // The world's first contact plus the 300.
    let expected = CONTACTS + 1;
    assert_eq!(count(&mut conn, "outbox WHERE kind = 'invitation_email'") as usize, expected);

    let mut first = koe(&["worker"]).stdout(Stdio::null()).spawn().expect("koe worker");
    while smtp.received().len() < expected / 2 {
        std::thread::sleep(Duration::from_millis(20));
    }
    first.kill().expect("SIGKILL");
    first.wait().expect("reap");
    let at_kill = smtp.received().len();
    assert!(at_kill < expected, "killed half-way");

    // Run again: nobody is invited twice.
    let again = koe(&["invite", "--survey", &survey_id, "--segment", "smb"]).output().expect("koe invite again");
    assert!(again.status.success());
    assert_eq!(count(&mut conn, "invitations") as usize, expected);
    assert!(String::from_utf8_lossy(&again.stdout).contains("Invited 0 contacts"), "{}", String::from_utf8_lossy(&again.stdout));

    let mut second = koe(&["worker"]).stdout(Stdio::null()).spawn().expect("koe worker again");
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    while count(&mut conn, "outbox WHERE sent_at IS NULL") > 0 && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    second.kill().expect("stop the worker");
    second.wait().expect("reap");

    let mail = smtp.received();
    let ids: HashSet<String> = mail.iter().map(|mail| mail.header("Message-ID").to_owned()).collect();
    let recipients: HashSet<String> = mail.iter().flat_map(|mail| mail.rcpt_tos.clone()).collect();
    assert_eq!(ids.len(), expected, "one distinct email per contact");
    assert_eq!(recipients.len(), expected, "every contact got theirs");
    assert!(mail.len() - expected <= 1, "at most the one email in flight at the kill is repeated: {}", mail.len());
    assert_eq!(count(&mut conn, "invitations WHERE sent_at IS NULL"), 0);
}
