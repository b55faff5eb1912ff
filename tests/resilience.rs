//! Crashes and outages with real processes: `koe serve` killed with SIGKILL under load,
//! PostgreSQL stopped and started under load, and two koe processes sharing one database.
#![allow(clippy::expect_used, clippy::unwrap_used)] // a test may stop at the first thing that goes wrong

mod common;

use chrono::Utc;
use common::process::{KoeServer, PrivatePostgres};
use common::smtp::SmtpServer;
use common::{browser, count, hidden, invite, survey, world, TestDb, STAFF_PASSWORD};
use diesel::prelude::*;
use koe::error::AppError;
use koe::service::link_reader::LinkReader;
use std::collections::HashSet;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const COMMENT: &str = "サポートの返事が遅く、請求書の発行も分かりにくい。";

/// What became of each posted answer.
#[derive(Default)]
struct Outcomes {
    acknowledged: Vec<String>,
    /// Connection errors and 503s: the answer may or may not have been stored.
    unacknowledged: Vec<String>,
    /// Anything else (a 500 above all): must stay empty.
    wrong: Vec<(String, u16)>,
}

/// Posts every token once from `concurrency` tasks, each with a short client timeout so that a
/// hung server shows up as a failure rather than a stuck test.
async fn post_all(address: String, tokens: Vec<String>, concurrency: usize, score: &'static str) -> Outcomes {
    let outcomes = Arc::new(Mutex::new(Outcomes::default()));
    let queue = Arc::new(Mutex::new(tokens));
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).timeout(Duration::from_secs(15)).build().unwrap();
    let mut tasks = Vec::new();
    for _ in 0..concurrency {
        let (queue, outcomes, client, address) = (queue.clone(), outcomes.clone(), client.clone(), address.clone());
        tasks.push(actix_web::rt::spawn(async move {
            loop {
                let Some(token) = queue.lock().unwrap().pop() else { break };
                let body = serde_urlencoded::to_string([("score", score), ("comment", COMMENT)]).unwrap();
                let sent = client
                    .post(format!("{address}/s/{token}"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .body(body)
                    .send()
                    .await;
                let mut outcomes = outcomes.lock().unwrap();
                match sent.map(|response| response.status().as_u16()) {
                    Ok(303) => outcomes.acknowledged.push(token),
                    Ok(503) | Err(_) => outcomes.unacknowledged.push(token),
                    Ok(status) => outcomes.wrong.push((token, status)),
                }
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    Arc::try_unwrap(outcomes).ok().unwrap().into_inner().unwrap()
}

/// A service manager may start koe with a soft limit of 1,024 open files, fewer than the
/// connections its workers hold (here 128, to keep the test small). koe raises its own limit
/// to the hard one, so a crowd of connections is served at once rather than left in the
/// kernel's queue until earlier ones close.
#[test]
fn koe_holds_more_connections_than_the_open_file_limit_it_was_started_with() {
    const STARTED_WITH: u64 = 128;
    let db = TestDb::create();
    let server = KoeServer::start_with_open_file_limit(&db.url, &[], STARTED_WITH);

    let limits = std::fs::read_to_string(format!("/proc/{}/limits", server.child.id())).unwrap();
    let open_files: Vec<&str> = limits.lines().find(|line| line.starts_with("Max open files")).unwrap().split_whitespace().collect();
    let (soft, hard) = (open_files[3], open_files[4]);
    assert_eq!(soft, hard, "the soft limit raised to the hard one: {limits}");
    assert!(soft == "unlimited" || soft.parse::<u64>().unwrap() > STARTED_WITH);

    // Three times as many connections as the limit koe was started with, all open at once,
    // each with a request, and every one answered. (Without the raised limit they are answered
    // too, but only as koe closes idle ones: the limit's check above is what fails then.)
    let address = server.address.trim_start_matches("http://").to_owned();
    let mut crowd: Vec<TcpStream> = (0..3 * STARTED_WITH).map(|_| TcpStream::connect(&address).unwrap()).collect();
    for connection in &mut crowd {
        connection.write_all(b"GET /healthz HTTP/1.1\r\nHost: koe\r\n\r\n").unwrap();
    }
    for connection in &mut crowd {
        connection.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        let mut status_line = [0u8; 12];
        connection.read_exact(&mut status_line).unwrap();
        assert_eq!(&status_line, b"HTTP/1.1 200");
    }
}

/// A load balancer in front of koe reuses its idle connections and must give them up before koe
/// does (the README says so): koe keeps an idle connection for `KEEP_ALIVE`, then closes it, so
/// that idle browsers do not hold its connections for long.
#[test]
fn an_idle_connection_is_kept_for_a_few_seconds_and_then_closed() {
    let db = TestDb::create();
    let server = KoeServer::start(&db.url, &[]);
    let mut connection = TcpStream::connect(server.address.trim_start_matches("http://")).unwrap();
    connection.set_read_timeout(Some(Duration::from_secs(30))).unwrap();

    assert_eq!(healthz_on(&mut connection), "HTTP/1.1 200 OK");
    std::thread::sleep(koe::startup::KEEP_ALIVE / 2);
    assert_eq!(healthz_on(&mut connection), "HTTP/1.1 200 OK", "kept while idle for half of KEEP_ALIVE");
    std::thread::sleep(koe::startup::KEEP_ALIVE + Duration::from_secs(1));
    // Closed by now: a read finds the end at once rather than waiting for it.
    connection.set_read_timeout(Some(Duration::from_secs(2))).unwrap();
    assert_eq!(connection.read(&mut [0u8; 1]).unwrap(), 0, "closed by koe after KEEP_ALIVE");
}

/// Asks for `/healthz` on an open connection and reads the whole response; returns its status line.
fn healthz_on(connection: &mut TcpStream) -> String {
    connection.write_all(b"GET /healthz HTTP/1.1\r\nHost: koe\r\n\r\n").unwrap();
    let mut response = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        let read = connection.read(&mut chunk).unwrap();
        assert!(read > 0, "closed before the response's head: {}", String::from_utf8_lossy(&response));
        response.extend_from_slice(&chunk[..read]);
        if let Some(at) = response.windows(4).position(|window| window == b"\r\n\r\n") {
            break at + 4;
        }
    };
    let head = String::from_utf8(response[..head_end].to_vec()).unwrap();
    let length: usize = head
        .lines()
        .find_map(|line| line.to_ascii_lowercase().strip_prefix("content-length:").map(|value| value.trim().parse().unwrap()))
        .expect("a Content-Length");
    while response.len() < head_end + length {
        let read = connection.read(&mut chunk).unwrap();
        assert!(read > 0, "closed within the response's body");
        response.extend_from_slice(&chunk[..read]);
    }
    head.lines().next().unwrap().to_owned()
}

/// The link tokens whose invitation has an answer.
fn answered(conn: &mut PgConnection) -> HashSet<String> {
    use koe::db::schema::{invitations, responses};
    responses::table.inner_join(invitations::table).select(invitations::token).load::<String>(conn).unwrap().into_iter().collect()
}

#[actix_web::test]
async fn every_acknowledged_answer_survives_a_sigkill_and_the_others_can_be_posted_again() {
    let db = TestDb::create();
    let mut conn = db.connect();
    let world = world(&mut conn);
    let nps = survey(&mut conn, "nps");
    let tokens: Vec<String> = (0..600).map(|_| invite(&mut conn, &nps, &world)).collect();
    let mut server = KoeServer::start(&db.url, &[]);

    // Kill the server once a third of the answers are in, while the rest are in flight.
    let load = actix_web::rt::spawn(post_all(server.address.clone(), tokens.clone(), 16, "3"));
    while count(&mut conn, "responses") < 200 {
        actix_web::rt::time::sleep(Duration::from_millis(5)).await;
    }
    server.kill();
    let first = load.await.unwrap();
    assert!(first.wrong.is_empty(), "{:?}", first.wrong);
    assert!(!first.unacknowledged.is_empty(), "the kill came mid-load");

    let stored = answered(&mut conn);
    let lost: Vec<_> = first.acknowledged.iter().filter(|token| !stored.contains(*token)).collect();
    assert!(lost.is_empty(), "{} acknowledged answers lost", lost.len());

    // Back up: whoever got no answer posts again, on the same link, and is stored once.
    let server = KoeServer::start(&db.url, &[]);
    let second = post_all(server.address.clone(), first.unacknowledged.clone(), 8, "3").await;
    assert!(second.wrong.is_empty() && second.unacknowledged.is_empty(), "{:?}", second.wrong);
    assert_eq!(count(&mut conn, "responses"), tokens.len() as i64, "each link answered exactly once");
    assert_eq!(count(&mut conn, "follow_ups"), tokens.len() as i64, "each detractor has one case");
    assert_eq!(answered(&mut conn).len(), tokens.len());
}

#[actix_web::test]
async fn koe_answers_503_while_postgres_is_down_and_recovers_by_itself() {
    let postgres = PrivatePostgres::start();
    let url = postgres.url("koe");
    let server = KoeServer::start(&url, &[("KOE_DB_POOL_SIZE", "4")]);
    let mut conn = PgConnection::establish(&url).unwrap();
    let world = world(&mut conn);
    let nps = survey(&mut conn, "nps");
    let tokens: Vec<String> = (0..60).map(|_| invite(&mut conn, &nps, &world)).collect();
    drop(conn);
    let before = post_all(server.address.clone(), tokens[..20].to_vec(), 4, "8").await;
    assert_eq!(before.acknowledged.len(), 20);

    postgres.stop();
    // Every request is answered, and answered 503: nothing hangs, nothing is a 500.
    let during = post_all(server.address.clone(), tokens[20..40].to_vec(), 4, "8").await;
    assert!(during.wrong.is_empty(), "{:?}", during.wrong);
    assert!(during.acknowledged.is_empty());
    let client = browser();
    let refused = client.post(server.url(&format!("/s/{}", tokens[20]))).form(&[("score", "8")]).send().await.unwrap();
    assert_eq!(refused.status(), 503);
    assert!(refused.headers().get("retry-after").is_some());
    assert_eq!(client.get(server.url("/readyz")).send().await.unwrap().status(), 503);
    assert_eq!(client.get(server.url("/healthz")).send().await.unwrap().status(), 200, "the process itself is fine");

    postgres.resume();
    let recovered = server.wait_until("/readyz", 200, Duration::from_secs(30));
    eprintln!("koe was ready again {recovered:?} after PostgreSQL accepted connections");
    // Serving normally: the next answers all go through (dead pooled connections are not reused).
    let after = post_all(server.address.clone(), tokens[20..].to_vec(), 4, "8").await;
    assert!(after.wrong.is_empty() && after.unacknowledged.is_empty(), "{} not acknowledged after recovery", after.unacknowledged.len());
    let mut conn = PgConnection::establish(&url).unwrap();
    let stored = answered(&mut conn);
    assert!(before.acknowledged.iter().chain(&after.acknowledged).all(|token| stored.contains(token)));
    assert_eq!(stored.len(), tokens.len());
}

/// PostgreSQL may close a link reader's connection before the reader has ever used it. Such a
/// connection fails while preparing its first read, which diesel alone does not count as a lost
/// connection: the pool would keep it and hand it out again, failing every read it carries.
#[actix_web::test]
async fn a_link_readers_connection_closed_before_its_first_read_is_dropped() {
    let postgres = PrivatePostgres::start();
    let url = postgres.url("koe");
    drop(KoeServer::start(&url, &[])); // creates and migrates the database
    let mut conn = PgConnection::establish(&url).unwrap();
    let world = world(&mut conn);
    let nps = survey(&mut conn, "nps");
    let token = invite(&mut conn, &nps, &world);
    drop(conn);
    // The pool opens one connection, which the reader has not yet used.
    let pool = LinkReader::pool(&url).unwrap();
    let reader = LinkReader::start(pool.clone()).unwrap();
    assert_eq!(pool.state().connections, 1);

    postgres.stop();
    let refused = reader.resolve(&token, Utc::now()).await;
    assert!(matches!(refused, Err(AppError::Unavailable(_))), "{refused:?}");
    assert_eq!(pool.state().connections, 0, "the closed connection is dropped, and none can be opened while PostgreSQL is down");
    postgres.resume();
    let deadline = Instant::now() + Duration::from_secs(15);
    let link = loop {
        match reader.resolve(&token, Utc::now()).await {
            Ok(link) => break link,
            Err(error) => assert!(Instant::now() < deadline, "links still unreadable after PostgreSQL came back: {error}"),
        }
        actix_web::rt::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(link.invitation.map(|invitation| invitation.token), Some(token));
}

async fn sign_in(client: &reqwest::Client, server: &KoeServer, password: &str) -> u16 {
    let page = client.get(server.url("/staff/sign-in")).send().await.unwrap().text().await.unwrap();
    let csrf = hidden(&page, "csrf_token");
    let fields = [("email", "owner@example.com"), ("password", password), ("csrf_token", &csrf), ("next", "/staff/follow-ups")];
    client.post(server.url("/staff/sign-in")).form(&fields).send().await.unwrap().status().as_u16()
}

#[actix_web::test]
async fn two_processes_share_answers_sessions_sign_in_limits_and_the_outbox() {
    let smtp = SmtpServer::start();
    let db = TestDb::create();
    let mut conn = db.connect();
    let world = world(&mut conn);
    let nps = survey(&mut conn, "nps");
    let tokens: Vec<String> = (0..80).map(|_| invite(&mut conn, &nps, &world)).collect();
    let smtp_url = smtp.url();
    let env = [("KOE_WORKER", "on"), ("KOE_SMTP_URL", smtp_url.as_str()), ("KOE_WORKER_POLL_MS", "50")];
    let (one, two) = (KoeServer::start(&db.url, &env), KoeServer::start(&db.url, &env));

    let (first, second) = tokio::join!(
        post_all(one.address.clone(), tokens[..40].to_vec(), 8, "2"),
        post_all(two.address.clone(), tokens[40..].to_vec(), 8, "2")
    );
    assert_eq!(first.acknowledged.len() + second.acknowledged.len(), tokens.len());
    assert_eq!(count(&mut conn, "responses"), tokens.len() as i64);
    common::rollups::assert_true(&mut conn, "answers written by two processes at once");

    // Both workers drain one outbox; each case's email goes out once.
    let mail = smtp.wait_for(tokens.len());
    actix_web::rt::time::sleep(Duration::from_millis(500)).await;
    let mail_after = smtp.received();
    let ids: HashSet<_> = mail_after.iter().map(|mail| mail.header("Message-ID").to_owned()).collect();
    assert_eq!((mail.len(), mail_after.len(), ids.len()), (tokens.len(), tokens.len(), tokens.len()));

    // A session made on one process is valid on the other.
    let client = browser();
    assert_eq!(sign_in(&client, &one, STAFF_PASSWORD).await, 303);
    assert_eq!(client.get(two.url("/staff/follow-ups")).send().await.unwrap().status(), 200);

    // Failed sign-ins count across processes: four on one, one on the other, and the account waits.
    let other = browser();
    for server in [&one, &two, &one, &two, &one] {
        assert_eq!(sign_in(&other, server, "wrong password!").await, 401);
    }
    assert_eq!(sign_in(&other, &two, STAFF_PASSWORD).await, 429);
}
