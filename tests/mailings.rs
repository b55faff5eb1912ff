//! Admins send a survey to a file's addresses or a segment from the staff page; the worker
//! does it in batches; refusals are listed with their reasons; bad uploads change nothing.
#![allow(clippy::expect_used, clippy::unwrap_used)] // a test may stop at the first thing that goes wrong

mod common;

use common::smtp::SmtpServer;
use common::{count, location, multipart, survey, world, Session, TestApp, STAFF_PASSWORD};
use koe::domain::role::Role;
use koe::jobs::Worker;
use koe::service;
use koe::service::contacts::ContactInput;
use std::sync::Arc;

const ADMIN: &str = "admin@example.com";

fn contact(conn: &mut diesel::PgConnection, email: &str) {
    let input = ContactInput { account_external_id: "CRM-1".into(), email: email.into(), name: None, locale: None };
    service::contacts::upsert(conn, &input).expect("contact");
}

async fn run(app: &TestApp, smtp: &SmtpServer) -> usize {
    let mut config = (*app.state.config).clone();
    config.smtp_url = Some(smtp.url());
    let worker = Arc::new(Worker::new(app.state.pool.clone(), config).expect("worker"));
    tokio::task::spawn_blocking(move || worker.run_due()).await.expect("join").expect("run the outbox")
}

#[actix_web::test]
async fn a_file_mailing_invites_the_known_addresses_and_lists_the_others_with_why() {
    let smtp = SmtpServer::start();
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    let world = world(&mut conn);
    service::users::add(&mut conn, ADMIN, "管理者", Role::Admin, STAFF_PASSWORD).unwrap();
    for email in ["a@example.com", "b@example.com", "gone@example.com"] {
        contact(&mut conn, email);
    }
    diesel::RunQueryDsl::execute(diesel::sql_query("UPDATE contacts SET unsubscribed_at = now() WHERE email = 'gone@example.com'"), &mut conn).unwrap();
    let nps = survey(&mut conn, "nps");
    let admin = Session::start(&app, ADMIN).await;

    let (status, form) = admin.page(&app, "/staff/mailings").await;
    assert_eq!(status, 200);
    assert!(form.contains("enctype=\"multipart/form-data\"") && form.contains(&nps.name));
    // Shift_JIS, as Excel saves it, with a header and a duplicate.
    let csv = "名前,email\n甲,A@example.com\n乙,b@example.com\n丙,gone@example.com\n丁,nobody@example.com\n甲,a@example.com\n";
    let (file, _, _) = encoding_rs::SHIFT_JIS.encode(csv);
    let survey_id = nps.id.to_string();
    let fields = [("csrf_token", admin.csrf.as_str()), ("survey", survey_id.as_str()), ("audience", "file")];
    let started = admin.post_multipart(&app, "/staff/mailings", multipart(&fields, Some(("宛先.csv", &file)))).await;
    assert_eq!(started.status(), 303);
    let page_path = location(&started);
    assert!(page_path.starts_with("/staff/mailings/"), "{page_path}");

    // Until the worker has done it, the page says so and refreshes itself.
    let running = admin.get(&app, &page_path).await;
    assert_eq!(running.headers().get("refresh").and_then(|value| value.to_str().ok()), Some("3"));
    assert!(running.text().await.unwrap().contains("0 / 4件"));

    assert!(run(&app, &smtp).await >= 3, "the mailing, then its two invitation emails");
    assert_eq!(smtp.wait_for(2).len(), 2);
    let done = admin.get(&app, &page_path).await;
    assert!(done.headers().get("refresh").is_none());
    let page = done.text().await.unwrap();
    assert!(page.contains("4 / 4件") && page.contains("依頼 2件、送らなかった宛先 2件"), "{page}");
    assert!(page.contains("gone@example.com") && page.contains("配信停止済み"), "{page}");
    assert!(page.contains("nobody@example.com") && page.contains("登録されていないアドレス"), "{page}");
    assert!(page.contains("ファイル「宛先.csv」"), "{page}");
    assert_eq!(count(&mut conn, "invitations WHERE by_email"), 2);
    assert!(!page.contains(&world.contact_email), "the world's contact was not in the file");

    // The same file again: everyone already has this survey to answer, or is out.
    let again = admin.post_multipart(&app, "/staff/mailings", multipart(&fields, Some(("宛先.csv", &file)))).await;
    let again_path = location(&again);
    run(&app, &smtp).await;
    let (_, page) = admin.page(&app, &again_path).await;
    assert!(page.contains("依頼 0件") && page.contains("このアンケートの回答待ち"), "{page}");
    assert_eq!(count(&mut conn, "invitations"), 2);
}

#[actix_web::test]
async fn a_segment_mailing_goes_to_every_contact_of_its_accounts() {
    let smtp = SmtpServer::start();
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    let world = world(&mut conn);
    service::users::add(&mut conn, ADMIN, "", Role::Admin, STAFF_PASSWORD).unwrap();
    contact(&mut conn, "second@example.com");
    let csat = survey(&mut conn, "csat");
    let admin = Session::start(&app, ADMIN).await;
    let survey_id = csat.id.to_string();
    let fields = [("csrf_token", admin.csrf.as_str()), ("survey", survey_id.as_str()), ("audience", "segment"), ("segment", "smb")];
    let started = admin.post_multipart(&app, "/staff/mailings", multipart(&fields, None)).await;
    assert_eq!(started.status(), 303);
    run(&app, &smtp).await;
    let mail = smtp.wait_for(2);
    let mut recipients: Vec<String> = mail.iter().flat_map(|mail| mail.rcpt_tos.clone()).collect();
    recipients.sort();
    assert_eq!(recipients, vec![world.contact_email.clone(), "second@example.com".to_owned()]);
    let (_, list) = admin.page(&app, "/staff/mailings").await;
    assert!(list.contains("セグメント「smb」") && list.contains("完了"), "{list}");
}

#[actix_web::test]
async fn bad_mailings_are_refused_and_start_nothing() {
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    let world = world(&mut conn);
    service::users::add(&mut conn, ADMIN, "", Role::Admin, STAFF_PASSWORD).unwrap();
    let nps = survey(&mut conn, "nps");
    let survey_id = nps.id.to_string();
    let admin = Session::start(&app, ADMIN).await;
    let csrf = admin.csrf.clone();
    let with = |extra: &[(&'static str, &'static str)]| {
        let mut fields = vec![("csrf_token", csrf.clone()), ("survey", survey_id.clone())];
        fields.extend(extra.iter().map(|(name, value)| (*name, (*value).to_owned())));
        fields
    };
    let body = |fields: &[(&str, String)], file: Option<(&str, &[u8])>| {
        let fields: Vec<(&str, &str)> = fields.iter().map(|(name, value)| (*name, value.as_str())).collect();
        multipart(&fields, file)
    };
    let huge = vec![b'a'; 6 * 1024 * 1024];
    let cases: Vec<(Vec<u8>, u16, &str)> = vec![
        (body(&with(&[("audience", "file")]), None), 422, "CSVファイルを選んでください。"),
        (body(&with(&[("audience", "file")]), Some(("x.csv", b"name,mail\nx,y\n"))), 422, "email列がありません"),
        (body(&with(&[("audience", "file")]), Some(("x.csv", b"email\n"))), 422, "送り先がいません"),
        (body(&with(&[("audience", "file")]), Some(("x.csv", &huge))), 413, "5MBまで"),
        (body(&with(&[("audience", "segment")]), None), 422, "セグメントを選んでください。"),
        (body(&with(&[("audience", "segment"), ("segment", "nobody-here")]), None), 422, "送り先がいません"),
        (body(&[("csrf_token", csrf.clone()), ("survey", "999".into()), ("audience", "segment".into()), ("segment", "smb".into())], None), 422, "アンケートを選んでください。"),
        (body(&[("survey", survey_id.clone()), ("audience", "segment".into()), ("segment", "smb".into())], None), 403, ""),
        (body(&with(&[("audience", "everyone")]), None), 400, ""),
    ];
    for (index, (request, status, message)) in cases.into_iter().enumerate() {
        let response = admin.post_multipart(&app, "/staff/mailings", request).await;
        assert_eq!(response.status().as_u16(), status, "case {index}");
        assert!(response.text().await.unwrap().contains(message), "case {index}: {message}");
    }
    // Only admins send.
    let owner = Session::start(&app, &world.owner_email).await;
    assert_eq!(owner.get(&app, "/staff/mailings").await.status(), 403);
    let fields = [("csrf_token", owner.csrf.as_str()), ("survey", survey_id.as_str()), ("audience", "segment"), ("segment", "smb")];
    assert_eq!(owner.post_multipart(&app, "/staff/mailings", multipart(&fields, None)).await.status(), 403);
    assert_eq!((count(&mut conn, "mailings"), count(&mut conn, "invitations"), count(&mut conn, "outbox")), (0, 0, 0));
}
