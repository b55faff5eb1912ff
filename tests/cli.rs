//! The `koe` binary as an operator runs it, against a database of its own.
#![allow(clippy::expect_used)] // a test may stop at the first thing that goes wrong

mod common;

use common::{count, TestDb};
use std::io::Write;
use std::net::TcpListener;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn koe(db: &TestDb, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_koe"))
        .args(args)
        .env("DATABASE_URL", &db.url)
        .env("KOE_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run koe");
    if let Some(mut input) = child.stdin.take() {
        input.write_all(stdin.as_bytes()).expect("write stdin");
    }
    child.wait_with_output().expect("wait for koe")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn user_add_reads_the_password_from_stdin_and_refuses_bad_input() {
    let db = TestDb::create();
    let added = koe(&db, &["user", "add", "--email", "Lead@Example.com", "--role", "manager", "--password-stdin"], "a long passphrase\n");
    assert!(added.status.success(), "{}", stderr(&added));
    assert!(stdout(&added).contains("lead@example.com"));

    let weak = koe(&db, &["user", "add", "--email", "x@example.com", "--role", "cs", "--password-stdin"], "short\n");
    assert!(!weak.status.success());
    assert!(stderr(&weak).contains("at least"), "{}", stderr(&weak));
    let bad_role = koe(&db, &["user", "add", "--email", "x@example.com", "--role", "boss", "--password-stdin"], "a long passphrase\n");
    assert!(!bad_role.status.success());
    let bad_email = koe(&db, &["user", "add", "--email", "not-an-email", "--role", "cs", "--password-stdin"], "a long passphrase\n");
    assert!(!bad_email.status.success());
    assert_eq!(count(&mut db.connect(), "users"), 1);
}

#[test]
fn token_create_prints_a_token_once_and_keeps_only_its_digest() {
    let db = TestDb::create();
    let output = koe(&db, &["token", "create", "--name", "crm"], "");
    assert!(output.status.success(), "{}", stderr(&output));
    let token = stdout(&output).trim().to_owned();
    assert!(token.starts_with("koe_") && token.len() > 40, "{token}");
    assert!(stderr(&output).contains("only once"));
    let stored: Vec<Vec<u8>> = {
        use diesel::prelude::*;
        use koe::db::schema::api_tokens::dsl::*;
        api_tokens.select(token_sha256).load(&mut db.connect()).expect("tokens")
    };
    assert_eq!(stored, vec![koe::domain::token::token_digest(&token)]);
}

#[actix_web::test]
async fn tokens_are_listed_and_a_revoked_one_is_refused_at_once() {
    let app = common::TestApp::spawn().await;
    let created = koe(&app.db, &["token", "create", "--name", "crm", "--scope", "read"], "");
    let token = stdout(&created).trim().to_owned();
    assert_eq!(app.api_get(&token, "/follow-ups").await.0, 200);

    let listed = koe(&app.db, &["token", "list"], "");
    assert!(listed.status.success(), "{}", stderr(&listed));
    let row = stdout(&listed).lines().find(|line| line.contains("\tcrm\t")).expect("the token is listed").to_owned();
    assert!(row.contains("\tread\t"), "{row}");
    assert!(!row.ends_with("\t-\t-"), "last used is recorded: {row}");
    assert!(!stdout(&listed).contains(&token), "the list never shows a token");
    let id = row.split('\t').next().expect("id").to_owned();

    let revoked = koe(&app.db, &["token", "revoke", "--id", &id], "");
    assert!(revoked.status.success(), "{}", stderr(&revoked));
    assert_eq!(app.api_get(&token, "/follow-ups").await.0, 401);
    let again = koe(&app.db, &["token", "revoke", "--id", &id], "");
    assert!(!again.status.success());
    assert!(stderr(&again).contains("no active API token"), "{}", stderr(&again));
    assert!(!koe(&app.db, &["token", "revoke", "--id", "999"], "").status.success());
}

#[test]
fn the_demo_loads_once_through_the_real_answer_path() {
    let db = TestDb::create();
    let first = koe(&db, &["seed", "--demo"], "");
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(stdout(&first).contains("/s/demo-nps-public-link"));
    let mut conn = db.connect();
    let answers = count(&mut conn, "responses");
    let invitations = count(&mut conn, "invitations");
    assert!(answers >= 300, "a few hundred answers, got {answers}");
    assert_eq!(count(&mut conn, "surveys"), 3);
    assert!(count(&mut conn, "response_terms") > answers, "comments were analysed");
    assert!(count(&mut conn, "follow_ups") > 0, "low scores opened follow-ups");

    let second = koe(&db, &["seed", "--demo"], "");
    assert!(second.status.success(), "{}", stderr(&second));
    assert!(stdout(&second).contains("already loaded"));
    assert_eq!(count(&mut conn, "responses"), answers);
    assert_eq!(count(&mut conn, "invitations"), invitations);
}

#[test]
fn serve_answers_health_checks_and_stops_cleanly_on_sigterm() {
    let db = TestDb::create();
    let port = TcpListener::bind("127.0.0.1:0").and_then(|listener| listener.local_addr()).expect("port").port();
    let mut server = Command::new(env!("CARGO_BIN_EXE_koe"))
        .arg("serve")
        .env("DATABASE_URL", &db.url)
        .env("KOE_BIND", format!("127.0.0.1:{port}"))
        .env("KOE_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start koe serve");
    let deadline = Instant::now() + Duration::from_secs(60);
    let healthy = loop {
        let answer = std::net::TcpStream::connect(("127.0.0.1", port)).ok().and_then(|mut stream| {
            use std::io::Read;
            stream.write_all(b"GET /readyz HTTP/1.0\r\n\r\n").ok()?;
            let mut text = String::new();
            stream.read_to_string(&mut text).ok()?;
            Some(text)
        });
        if let Some(text) = answer {
            break text.starts_with("HTTP/1.0 200") || text.starts_with("HTTP/1.1 200");
        }
        if Instant::now() > deadline {
            break false;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let pid = server.id().to_string();
    let _ = Command::new("kill").args(["-TERM", &pid]).status();
    let status = server.wait().expect("wait for koe");
    assert!(healthy, "koe serve became ready");
    assert!(status.success(), "SIGTERM is a clean stop: {status:?}");
}

#[test]
fn disabling_a_user_leaves_no_customer_waiting_on_them() {
    let db = TestDb::create();
    let mut conn = db.connect();
    let world = common::world(&mut conn);
    let nps = common::survey(&mut conn, "nps");
    for score in [2, 4] {
        let token = common::invite(&mut conn, &nps, &world);
        let link = koe::service::answers::resolve_link(&mut conn, &token, chrono::Utc::now()).expect("link");
        let answer = koe::domain::answer::Answer { score: Some(score), comment: None, reason: None, contact_ok: false };
        koe::service::answers::record(&mut conn, &common::analyzer(), &link, &answer, "ja", chrono::Utc::now()).expect("record");
    }
    let sql = "SELECT count(*) AS n FROM follow_ups WHERE owner_id IS NOT NULL";
    let owned = |conn: &mut diesel::PgConnection| -> i64 {
        #[derive(diesel::QueryableByName)]
        struct N {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        diesel::RunQueryDsl::get_result::<N>(diesel::sql_query(sql), conn).map(|row| row.n).unwrap_or(-1)
    };
    assert_eq!(owned(&mut conn), 2);

    let disabled = koe(&db, &["user", "disable", "--email", &world.owner_email], "");
    assert!(disabled.status.success(), "{}", stderr(&disabled));
    assert!(stdout(&disabled).contains("2 open follow-ups"), "{}", stdout(&disabled));
    assert_eq!(owned(&mut conn), 0, "both cases are in the shared queue");
    assert_eq!(count(&mut conn, "follow_up_events WHERE kind = 'reassigned'"), 2, "each move is in the history");
    assert_eq!(count(&mut conn, "accounts WHERE owner_id IS NOT NULL"), 0);

    let again = koe(&db, &["user", "disable", "--email", &world.owner_email], "");
    assert!(!again.status.success(), "disabling twice is refused");
    let unknown = koe(&db, &["user", "disable", "--email", "nobody@example.com"], "");
    assert!(!unknown.status.success());

    let back = koe(&db, &["user", "add", "--email", &world.owner_email, "--role", "cs", "--password-stdin"], "a new long passphrase\n");
    assert!(back.status.success(), "{}", stderr(&back));
    assert_eq!(count(&mut conn, "users WHERE disabled_at IS NULL"), 1, "adding someone again brings them back");
}
