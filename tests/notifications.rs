//! Owner notifications and webhooks through the outbox, against a real SMTP server and a real
//! HTTP receiver: what is sent, to whom, retries, a worker killed mid-delivery, two workers.
#![allow(clippy::expect_used, clippy::unwrap_used)] // a test may stop at the first thing that goes wrong

mod common;

use common::smtp::SmtpServer;
use common::{count, invite, survey, world, TestApp};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer, Nullable, Text, Timestamptz};
use hmac::{Hmac, Mac};
use koe::domain::role::Role;
use koe::domain::webhook::Reach;
use koe::jobs::Worker;
use koe::service;
use sha2::Sha256;
use std::collections::HashSet;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const MANAGER: &str = "manager@example.com";

fn worker(app: &TestApp, smtp: Option<&SmtpServer>) -> Arc<Worker> {
    let mut config = (*app.state.config).clone();
    config.smtp_url = smtp.map(SmtpServer::url);
    config.mail_from = "koe <koe@koe.example>".into();
    Arc::new(Worker::new(app.state.pool.clone(), config).expect("worker"))
}

/// Does the due jobs off the test's runtime (the webhook receiver runs on it).
async fn run(worker: &Arc<Worker>) -> usize {
    let worker = worker.clone();
    tokio::task::spawn_blocking(move || worker.run_due()).await.expect("join").expect("run the outbox")
}

#[derive(Debug, QueryableByName)]
struct Job {
    #[diesel(sql_type = BigInt)]
    id: i64,
    #[diesel(sql_type = Text)]
    kind: String,
    #[diesel(sql_type = Text)]
    recipient: String,
    #[diesel(sql_type = Integer)]
    attempts: i32,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    sent_at: Option<chrono::DateTime<chrono::Utc>>,
    #[diesel(sql_type = Nullable<Text>)]
    last_error: Option<String>,
}

fn jobs(conn: &mut PgConnection) -> Vec<Job> {
    diesel::sql_query("SELECT id, kind, recipient, attempts, sent_at, last_error FROM outbox ORDER BY id").load(conn).expect("outbox")
}

fn case_id(conn: &mut PgConnection) -> i64 {
    #[derive(QueryableByName)]
    struct Id {
        #[diesel(sql_type = BigInt)]
        id: i64,
    }
    diesel::sql_query("SELECT id FROM follow_ups").get_result::<Id>(conn).expect("one case").id
}

/// Makes every waiting job due now, as if its backoff had passed.
fn make_due(conn: &mut PgConnection) {
    diesel::sql_query("UPDATE outbox SET run_after = now() WHERE sent_at IS NULL").execute(conn).expect("make due");
}

#[actix_web::test]
async fn a_detractor_emails_the_owner_the_score_the_comment_and_a_link_to_the_case() {
    let smtp = SmtpServer::start();
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    let world = world(&mut conn);
    let nps = survey(&mut conn, "nps");
    let token = invite(&mut conn, &nps, &world);

    let answered = app.post_fields(&format!("/s/{token}"), &[("score", "3"), ("comment", "サポートの返事が遅い。\n解約も考えています。")]).await;
    assert_eq!(answered.status(), 303);
    // The job was written with the answer, before any worker ran.
    let queued = jobs(&mut conn);
    assert_eq!(queued.len(), 1);
    assert_eq!((queued[0].kind.as_str(), queued[0].recipient.as_str()), ("follow_up_email", world.owner_email.as_str()));

    assert_eq!(run(&worker(&app, Some(&smtp))).await, 1);
    let mail = smtp.wait_for(1);
    assert_eq!(mail.len(), 1);
    let mail = &mail[0];
    assert_eq!(mail.rcpt_tos, vec![world.owner_email.clone()]);
    assert_eq!(mail.mail_from, "koe@koe.example");
    assert_eq!(mail.header("To"), world.owner_email);
    let subject = mail.header("Subject");
    assert!(subject.contains("株式会社テスト商事") && subject.contains("NPS 3") && subject.contains("Detractor"), "{subject}");
    let case = case_id(&mut conn);
    assert_eq!(mail.header("Message-ID"), format!("<koe-outbox-{}@koe.example>", queued[0].id));
    let text = mail.text();
    assert!(text.contains("担当 太郎さん"), "{text}");
    assert!(text.contains("  サポートの返事が遅い。\n  解約も考えています。"), "{text}");
    assert!(text.contains(&format!("{}/staff/follow-ups/{case}", app.address)), "{text}");
    assert!(text.contains("顧客 花子 <customer@example.com>"), "{text}");
    assert_eq!(mail.header("Content-Type").to_lowercase().replace('"', ""), "text/plain; charset=utf-8");

    let done = jobs(&mut conn);
    assert!(done[0].sent_at.is_some());
    assert_eq!(done[0].attempts, 1);
    // Done is done: another run sends nothing.
    assert_eq!(run(&worker(&app, Some(&smtp))).await, 0);
    assert_eq!(smtp.received().len(), 1);
}

#[actix_web::test]
async fn a_case_nobody_owns_emails_every_active_manager() {
    let smtp = SmtpServer::start();
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    world(&mut conn);
    service::users::add(&mut conn, MANAGER, "マネージャー", Role::Manager, common::STAFF_PASSWORD).unwrap();
    service::users::add(&mut conn, "gone@example.com", "", Role::Manager, common::STAFF_PASSWORD).unwrap();
    service::users::disable(&mut conn, "gone@example.com", chrono::Utc::now()).unwrap();
    let nps = survey(&mut conn, "nps");
    // A public link: no contact, no account, no owner.
    let public = nps.public_token.clone().expect("public link");

    assert_eq!(app.post_fields(&format!("/s/{public}"), &[("score", "0")]).await.status(), 303);
    run(&worker(&app, Some(&smtp))).await;
    let mail = smtp.wait_for(1);
    let recipients: Vec<_> = mail.iter().flat_map(|mail| mail.rcpt_tos.clone()).collect();
    assert_eq!(recipients, vec![MANAGER.to_owned()]);
    assert!(mail[0].text().starts_with("担当者のいないお客さまから"), "{}", mail[0].text());
}

#[actix_web::test]
async fn a_promoter_or_an_edited_answer_sends_no_email() {
    let smtp = SmtpServer::start();
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    let world = world(&mut conn);
    let nps = survey(&mut conn, "nps");
    let promoter = invite(&mut conn, &nps, &world);
    assert_eq!(app.post_fields(&format!("/s/{promoter}"), &[("score", "9")]).await.status(), 303);
    assert_eq!(count(&mut conn, "outbox"), 0);

    let detractor = invite(&mut conn, &nps, &world);
    assert_eq!(app.post_fields(&format!("/s/{detractor}"), &[("score", "2")]).await.status(), 303);
    // The same person corrects the answer: the case stays one case with one email.
    assert_eq!(app.post_fields(&format!("/s/{detractor}"), &[("score", "1"), ("comment", "訂正")]).await.status(), 303);
    assert_eq!(count(&mut conn, "outbox"), 1);
    run(&worker(&app, Some(&smtp))).await;
    assert_eq!(smtp.wait_for(1).len(), 1);
}

#[actix_web::test]
async fn emails_wait_in_the_outbox_until_smtp_is_configured() {
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    let world = world(&mut conn);
    let nps = survey(&mut conn, "nps");
    let token = invite(&mut conn, &nps, &world);
    app.post_fields(&format!("/s/{token}"), &[("score", "4")]).await;

    assert_eq!(run(&worker(&app, None)).await, 0);
    let waiting = jobs(&mut conn);
    assert_eq!((waiting[0].attempts, waiting[0].sent_at), (0, None));

    let smtp = SmtpServer::start();
    assert_eq!(run(&worker(&app, Some(&smtp))).await, 1);
    assert_eq!(smtp.wait_for(1).len(), 1);
}

#[actix_web::test]
async fn a_temporary_refusal_is_retried_after_a_backoff_and_then_delivered_once() {
    let smtp = SmtpServer::start();
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    let world = world(&mut conn);
    let nps = survey(&mut conn, "nps");
    let token = invite(&mut conn, &nps, &world);
    app.post_fields(&format!("/s/{token}"), &[("score", "5")]).await;
    let worker = worker(&app, Some(&smtp));

    smtp.set("refuse", true);
    assert_eq!(run(&worker).await, 1);
    let failed = jobs(&mut conn);
    assert_eq!((failed[0].attempts, failed[0].sent_at), (1, None));
    assert!(failed[0].last_error.as_deref().unwrap_or_default().contains("451"), "{:?}", failed[0].last_error);
    // Not due again until the backoff has passed.
    assert_eq!(run(&worker).await, 0);

    smtp.set("refuse", false);
    make_due(&mut conn);
    assert_eq!(run(&worker).await, 1);
    assert_eq!(smtp.wait_for(1).len(), 1);
    let sent = jobs(&mut conn);
    assert_eq!(sent[0].attempts, 2);
    assert!(sent[0].sent_at.is_some() && sent[0].last_error.is_none());
}

/// The crash the outbox exists for: the SMTP server has taken the message, and the worker is
/// killed (SIGKILL) before it can record that. Nothing is lost: after the lease runs out
/// another worker sends it again, with the same Message-ID, so the mailbox can tell it is a
/// repeat (exactly once over SMTP is impossible; see jobs/mod.rs), and it is then done for good.
#[actix_web::test]
async fn a_worker_killed_between_send_and_mark_resends_with_the_same_message_id() {
    let smtp = SmtpServer::start();
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    let world = world(&mut conn);
    let nps = survey(&mut conn, "nps");
    let token = invite(&mut conn, &nps, &world);
    app.post_fields(&format!("/s/{token}"), &[("score", "1")]).await;

    smtp.set("hold", true);
    let mut process = Command::new(env!("CARGO_BIN_EXE_koe"))
        .arg("worker")
        .env("DATABASE_URL", &app.db.url)
        .env("KOE_SMTP_URL", smtp.url())
        .env("KOE_MAIL_FROM", "koe <koe@koe.example>")
        .env("KOE_BASE_URL", &app.address)
        .env("KOE_OUTBOX_LEASE_SECS", "1")
        .env("KOE_WORKER_POLL_MS", "100")
        .env("KOE_LOG", "warn")
        .stdout(Stdio::null())
        .spawn()
        .expect("start koe worker");
    assert_eq!(smtp.wait_for(1).len(), 1, "the worker process sent nothing");
    process.kill().expect("SIGKILL the worker");
    process.wait().expect("reap the worker");
    smtp.set("hold", false);

    let unmarked = jobs(&mut conn);
    assert_eq!((unmarked[0].attempts, unmarked[0].sent_at), (1, None), "the kill came before the mark");
    // Until its lease runs out the job is the dead worker's: nobody else takes it.
    let survivor = worker(&app, Some(&smtp));
    assert_eq!(run(&survivor).await, 0);
    tokio::time::sleep(Duration::from_millis(1200)).await;
    assert_eq!(run(&survivor).await, 1);

    let mail = smtp.wait_for(2);
    assert_eq!(mail.len(), 2);
    assert_eq!(mail[0].header("Message-ID"), mail[1].header("Message-ID"));
    assert_eq!(mail[0].text(), mail[1].text());
    let done = jobs(&mut conn);
    assert_eq!(done[0].attempts, 2);
    assert!(done[0].sent_at.is_some());
    assert_eq!(run(&survivor).await, 0);
    assert_eq!(smtp.received().len(), 2);
}

#[actix_web::test]
async fn two_workers_share_the_outbox_without_sending_anything_twice() {
    let smtp = SmtpServer::start();
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    world(&mut conn);
    service::users::add(&mut conn, MANAGER, "", Role::Manager, common::STAFF_PASSWORD).unwrap();
    let nps = survey(&mut conn, "nps");
    let public = nps.public_token.clone().expect("public link");
    for score in 0..60 {
        let response = app.post_fields(&format!("/s/{public}"), &[("score", &(score % 7).to_string())]).await;
        assert_eq!(response.status(), 303);
    }
    assert_eq!(count(&mut conn, "outbox"), 60);

    let (first, second) = (worker(&app, Some(&smtp)), worker(&app, Some(&smtp)));
    let (done_first, done_second) = tokio::join!(run(&first), run(&second));
    assert_eq!(done_first + done_second, 60);
    let mail = smtp.wait_for(60);
    let ids: HashSet<_> = mail.iter().map(|mail| mail.header("Message-ID").to_owned()).collect();
    assert_eq!((mail.len(), ids.len()), (60, 60));
}

/// A webhook receiver on loopback that fails its first `failures` calls with a 500.
struct Receiver {
    url: String,
    calls: Arc<Mutex<Vec<(actix_web::http::header::HeaderMap, String)>>>,
}

fn receiver(failures: usize) -> Receiver {
    use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};
    let calls: Arc<Mutex<Vec<(actix_web::http::header::HeaderMap, String)>>> = Arc::default();
    let recorded = calls.clone();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    let server = HttpServer::new(move || {
        let recorded = recorded.clone();
        App::new().route(
            "/hook",
            web::post().to(move |request: HttpRequest, body: String| {
                let recorded = recorded.clone();
                async move {
                    let mut calls = recorded.lock().unwrap();
                    calls.push((request.headers().clone(), body));
                    if calls.len() <= failures {
                        HttpResponse::InternalServerError().finish()
                    } else {
                        HttpResponse::NoContent().finish()
                    }
                }
            }),
        )
    })
    .workers(1)
    .listen(listener)
    .unwrap()
    .run();
    actix_web::rt::spawn(server);
    Receiver { url, calls }
}

/// `POST /api/v1/webhooks`: the status and the JSON body.
async fn add_webhook(app: &TestApp, token: &str, body: serde_json::Value) -> (u16, serde_json::Value) {
    let response = app.client.post(app.url("/api/v1/webhooks")).bearer_auth(token).json(&body).send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(serde_json::Value::Null))
}

fn verify(secret: &str, signature: &str, body: &str) -> bool {
    let Some((time, expected)) = signature.strip_prefix("t=").and_then(|rest| rest.split_once(",v1=")) else { return false };
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{time}.{body}").as_bytes());
    let hex: String = mac.finalize().into_bytes().iter().map(|byte| format!("{byte:02x}")).collect();
    hex == expected
}

/// koe allowed to call endpoints on loopback, where the tests' receivers are.
async fn reaching_loopback() -> TestApp {
    TestApp::spawn_with(|config| config.webhook_reach = Reach::Any).await
}

#[actix_web::test]
async fn webhooks_are_signed_retried_after_a_failure_and_logged() {
    let app = reaching_loopback().await;
    let mut conn = app.conn();
    let world = world(&mut conn);
    let nps = survey(&mut conn, "nps");
    let hook = receiver(1);
    let token = app.api_token("write");
    let (status, endpoint) = add_webhook(&app, &token, serde_json::json!({ "url": hook.url, "events": ["response.created", "follow_up.created"] })).await;
    assert_eq!(status, 201);
    let secret = endpoint["secret"].as_str().expect("the secret, shown once").to_owned();
    let id = endpoint["id"].as_i64().unwrap();
    // The list never shows it again.
    let (_, listed) = app.api_get(&token, "/webhooks").await;
    assert!(listed["webhooks"][0].get("secret").is_none());

    let link = invite(&mut conn, &nps, &world);
    app.post_fields(&format!("/s/{link}"), &[("score", "2"), ("comment", "遅い")]).await;
    // Two events; the owner's email waits for an SMTP server this worker does not have.
    let worker = worker(&app, None);
    assert_eq!(run(&worker).await, 2);
    assert_eq!(hook.calls.lock().unwrap().len(), 2, "both events tried once");
    make_due(&mut conn);
    assert_eq!(run(&worker).await, 1, "only the failed one is tried again");

    let calls = hook.calls.lock().unwrap().clone();
    assert_eq!(calls.len(), 3);
    for (headers, body) in &calls {
        let signature = headers.get("Koe-Signature").and_then(|value| value.to_str().ok()).unwrap_or_default();
        assert!(verify(&secret, signature, body), "bad signature {signature} for {body}");
        assert!(!verify("whsec_wrong", signature, body));
    }
    // The retry is the same delivery as the failed call.
    let delivery = |index: usize| calls[index].0.get("Koe-Delivery").cloned();
    assert_eq!(delivery(0), delivery(2));
    let events: Vec<serde_json::Value> = calls.iter().map(|(_, body)| serde_json::from_str(body).unwrap()).collect();
    let case = events.iter().find(|event| event["event"] == "follow_up.created").expect("follow_up.created");
    assert_eq!(case["data"]["trigger"], "detractor");
    assert_eq!(case["data"]["owner"]["email"], world.owner_email);
    assert_eq!(case["data"]["response"]["score"], 2);
    assert_eq!(case["data"]["response"]["comment"], "遅い");
    assert_eq!(case["data"]["response"]["account"]["external_id"], world.account_external_id);

    let (status, log) = app.api_get(&token, &format!("/webhooks/{id}/deliveries")).await;
    assert_eq!(status, 200);
    let states: Vec<(&str, i64)> = log["deliveries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|delivery| (delivery["state"].as_str().unwrap(), delivery["attempts"].as_i64().unwrap()))
        .collect();
    assert_eq!(states.len(), 2);
    assert!(states.contains(&("delivered", 2)) && states.contains(&("delivered", 1)), "{states:?}");

    // Disabled: the next answer calls nobody.
    let removed = app.client.delete(app.url(&format!("/api/v1/webhooks/{id}"))).bearer_auth(&token).send().await.unwrap();
    assert_eq!(removed.status(), 204);
    let again = invite(&mut conn, &nps, &world);
    app.post_fields(&format!("/s/{again}"), &[("score", "10")]).await;
    run(&worker).await;
    assert_eq!(hook.calls.lock().unwrap().len(), 3);
}

#[actix_web::test]
async fn a_chat_endpoint_gets_a_text_message_about_each_new_case() {
    let app = reaching_loopback().await;
    let mut conn = app.conn();
    let world = world(&mut conn);
    let nps = survey(&mut conn, "nps");
    let hook = receiver(0);
    let token = app.api_token("write");
    let (status, _) = add_webhook(&app, &token, serde_json::json!({ "url": hook.url, "events": ["follow_up.created"], "format": "chat" })).await;
    assert_eq!(status, 201);
    let link = invite(&mut conn, &nps, &world);
    app.post_fields(&format!("/s/{link}"), &[("score", "6"), ("comment", "もう少し安ければ")]).await;
    run(&worker(&app, None)).await;
    let calls = hook.calls.lock().unwrap().clone();
    assert_eq!(calls.len(), 1);
    let message: serde_json::Value = serde_json::from_str(&calls[0].1).unwrap();
    let text = message["text"].as_str().expect("a Slack-compatible text");
    assert!(text.contains("株式会社テスト商事") && text.contains("NPS 6") && text.contains("> もう少し安ければ"), "{text}");
    assert!(text.ends_with(&format!("/staff/follow-ups/{}", case_id(&mut conn))), "{text}");
}

#[actix_web::test]
async fn bad_webhook_requests_are_refused_and_change_nothing() {
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    let write = app.api_token("write");
    let read = app.api_token("read");

    let cases = [
        (serde_json::json!({ "url": "ftp://example.com/x", "events": ["response.created"] }), 422, "invalid_url"),
        (serde_json::json!({ "url": "javascript:alert(1)", "events": ["response.created"] }), 422, "invalid_url"),
        (serde_json::json!({ "url": "https://example.com/x", "events": [] }), 422, "invalid_event"),
        (serde_json::json!({ "url": "https://example.com/x", "events": ["response.deleted"] }), 422, "invalid_event"),
        (serde_json::json!({ "url": "https://example.com/x", "events": ["response.created"], "format": "chat" }), 422, "invalid_event"),
        (serde_json::json!({ "url": "https://example.com/x", "events": ["response.created"], "format": "xml" }), 422, "invalid_format"),
        (serde_json::json!({ "url": "https://example.com/x", "events": ["response.created"], "extra": 1 }), 422, "invalid_body"),
        (serde_json::json!({ "events": ["response.created"] }), 422, "invalid_body"),
        // koe calls endpoints from inside its network: by default, not at addresses in there.
        (serde_json::json!({ "url": "http://127.0.0.1:5432/", "events": ["response.created"] }), 422, "private_url"),
        (serde_json::json!({ "url": "http://169.254.169.254/latest/meta-data/", "events": ["response.created"] }), 422, "private_url"),
        (serde_json::json!({ "url": "http://[::ffff:10.0.0.1]/x", "events": ["response.created"] }), 422, "private_url"),
        (serde_json::json!({ "url": "http://localhost:8080/x", "events": ["response.created"] }), 422, "private_url"),
        (serde_json::json!({ "url": "http://0x7f000001/x", "events": ["response.created"] }), 422, "private_url"),
    ];
    for (body, status, code) in cases {
        let (got, error) = add_webhook(&app, &write, body.clone()).await;
        assert_eq!(got, status, "{body}");
        assert_eq!(error["error"]["code"], code, "{body}");
    }
    let (forbidden, _) = add_webhook(&app, &read, serde_json::json!({ "url": "https://example.com/x", "events": ["response.created"] })).await;
    assert_eq!(forbidden, 403);
    let unknown = app.client.delete(app.url("/api/v1/webhooks/999")).bearer_auth(&write).send().await.unwrap();
    assert_eq!(unknown.status(), 404);
    assert_eq!(app.api_get(&read, "/webhooks/999/deliveries").await.0, 404);
    assert_eq!(count(&mut conn, "webhook_endpoints"), 0);
}

#[actix_web::test]
async fn an_endpoint_whose_name_leads_inside_the_network_is_not_called() {
    // What a name points at can change after the endpoint is added (DNS rebinding), so each
    // call checks the addresses it connects to. The row is written directly, as if the
    // name had been public when it was added.
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    let world = world(&mut conn);
    let nps = survey(&mut conn, "nps");
    let hook = receiver(0);
    let by_name = hook.url.replace("127.0.0.1", "localhost");
    koe::db::webhooks::insert(
        &mut conn,
        &koe::db::webhooks::NewEndpoint {
            url: &by_name,
            format: "koe",
            secret: &koe::domain::token::new_webhook_secret(),
            events: vec!["response.created".into()],
            created_at: chrono::Utc::now(),
        },
    )
    .unwrap();
    let link = invite(&mut conn, &nps, &world);
    app.post_fields(&format!("/s/{link}"), &[("score", "9")]).await;
    assert_eq!(run(&worker(&app, None)).await, 1);
    assert!(hook.calls.lock().unwrap().is_empty(), "the receiver on loopback was called");
    let jobs = jobs(&mut conn);
    let delivery = jobs.iter().find(|job| job.kind == "webhook").expect("the delivery");
    let error = delivery.last_error.as_deref().unwrap_or_default();
    assert!(error.contains("KOE_WEBHOOK_PRIVATE_NETWORKS"), "{error}");
    make_due(&mut conn);
    assert_eq!(run(&worker(&app, None)).await, 0, "refused for good, not retried");
}
