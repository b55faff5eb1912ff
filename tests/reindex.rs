//! `koe text reindex`: re-analysing stored comments after a dictionary change, in batches,
//! resumable after an interruption.
#![allow(clippy::expect_used)] // a test may stop at the first thing that goes wrong

mod common;

use chrono::{Duration, Utc};
use common::{analyzer, invite, survey, world, TestApp, TestDb};
use diesel::prelude::*;
use koe::db::schema::{response_terms, responses};
use koe::domain::answer::Answer;
use koe::domain::ids::ResponseId;
use koe::error::AppError;
use koe::service::answers;
use koe::service::dictionary::{self, WordInput};
use koe::service::reindex::{self, Options, Quiet};
use koe::text::Analyzer;
use std::collections::BTreeMap;
use std::process::Command;

/// Comments of which some change when らくらく精算 becomes a word, and some do not.
const COMMENTS: [&str; 5] = [
    "らくらく精算がとても便利です",
    "管理画面が重くて使いにくい",
    "らくらく精算の画面は使いやすくない",
    "サポートの返信が早くて助かりました",
    "請求書の宛名を直したい",
];
const WORD: &str = "らくらく精算";

/// Records `n` answers on a public link, cycling through `COMMENTS`, every tenth one without
/// a comment; the analyser is the one the app started with (no custom words).
fn record_answers(app: &TestApp, n: usize) {
    let mut conn = app.conn();
    let nps = survey(&mut conn, "nps");
    let token = nps.public_token.clone().expect("public link");
    let now = Utc::now();
    for index in 0..n {
        let at = now - Duration::minutes(index as i64);
        let link = answers::resolve_link(&mut conn, &token, at).expect("link");
        let comment = (index % 10 != 9).then(|| COMMENTS[index % COMMENTS.len()].to_owned());
        let answer = Answer { score: Some((index % 11) as i16), comment, reason: None, contact_ok: false };
        answers::record(&mut conn, &app.state.analyzer, &link, &answer, "ja", at).expect("record");
    }
}

fn add_word(app: &TestApp) -> Analyzer {
    let mut conn = app.conn();
    dictionary::add(&mut conn, &WordInput { word: WORD.into() }).expect("add the word");
    dictionary::current_analyzer(&mut conn, &analyzer()).expect("analyser").0
}

/// Every response's fingerprint, in id order.
fn fingerprints(conn: &mut PgConnection) -> Vec<(ResponseId, Option<String>)> {
    responses::table.filter(responses::comment.is_not_null()).order(responses::id).select((responses::id, responses::analyzed_with)).load(conn).expect("load")
}

/// Stored terms per response, sorted.
fn stored_terms(conn: &mut PgConnection) -> BTreeMap<ResponseId, Vec<String>> {
    let pairs: Vec<(ResponseId, String)> =
        response_terms::table.order((response_terms::response_id, response_terms::term)).load(conn).expect("load terms");
    let mut terms: BTreeMap<ResponseId, Vec<String>> = BTreeMap::new();
    for (id, term) in pairs {
        terms.entry(id).or_default().push(term);
    }
    terms
}

/// What `analyzer` makes of every stored comment, sorted, for responses with terms.
fn expected_terms(conn: &mut PgConnection, analyzer: &Analyzer) -> BTreeMap<ResponseId, Vec<String>> {
    let comments: Vec<(ResponseId, String)> = responses::table
        .filter(responses::comment.is_not_null())
        .select((responses::id, responses::comment.assume_not_null()))
        .load(conn)
        .expect("load comments");
    comments
        .into_iter()
        .map(|(id, comment)| {
            let mut terms = analyzer.terms(&comment);
            terms.sort();
            (id, terms)
        })
        .filter(|(_, terms)| !terms.is_empty())
        .collect()
}

fn run(conn: &mut PgConnection, batch_size: usize, limit: Option<u64>) -> reindex::Summary {
    reindex::run(conn, &analyzer(), &Options { batch_size, limit, threads: 2 }, &mut Quiet).expect("reindex")
}

#[actix_web::test]
async fn an_interrupted_reindex_continues_where_it_stopped_and_leaves_every_comment_current() {
    let app = TestApp::spawn().await;
    record_answers(&app, 50);
    let mut conn = app.conn();
    let old = app.state.analyzer.current().fingerprint().to_owned();
    assert_eq!(stored_terms(&mut conn), expected_terms(&mut conn, &analyzer()), "answers are analysed as they are recorded");

    let new_analyzer = add_word(&app);
    let new = new_analyzer.fingerprint().to_owned();
    assert_ne!(old, new);

    // The run is cut short after 13 of the 45 comments, in batches of 4: as if it was killed.
    let first = run(&mut conn, 4, Some(13));
    assert_eq!((first.analysed, first.remaining, first.fingerprint.as_str()), (13, 32, new.as_str()));
    assert!(first.changed > 0 && first.changed < 13, "only the comments that mention the word change: {first:?}");
    let marks = fingerprints(&mut conn);
    assert_eq!(marks.len(), 45);
    assert!(marks[..13].iter().all(|(_, mark)| mark.as_deref() == Some(new.as_str())), "{marks:?}");
    assert!(marks[13..].iter().all(|(_, mark)| mark.as_deref() == Some(old.as_str())), "{marks:?}");
    assert_eq!(
        stored_terms(&mut conn).into_iter().filter(|(id, _)| *id <= marks[12].0).collect::<BTreeMap<_, _>>(),
        expected_terms(&mut conn, &new_analyzer).into_iter().filter(|(id, _)| *id <= marks[12].0).collect::<BTreeMap<_, _>>(),
        "what the first run committed is complete"
    );

    let second = run(&mut conn, 4, None);
    assert_eq!((second.analysed, second.remaining, second.dictionary_changed), (32, 0, false), "{second:?}");
    assert!(fingerprints(&mut conn).iter().all(|(_, mark)| mark.as_deref() == Some(new.as_str())));
    assert_eq!(stored_terms(&mut conn), expected_terms(&mut conn, &new_analyzer));
    let with_word = stored_terms(&mut conn).values().filter(|terms| terms.iter().any(|term| term == WORD)).count();
    assert_eq!(with_word, 20, "both comments that mention the word, ten times each");
    assert_eq!(first.changed + second.changed, 20);
    assert!(second.to_string().contains("Every comment is up to date"), "{second}");

    let third = run(&mut conn, 1000, None);
    assert_eq!((third.analysed, third.changed, third.terms_added, third.terms_removed), (0, 0, 0, 0), "nothing left to do");
}

#[actix_web::test]
async fn removing_a_word_and_reindexing_restores_the_original_terms() {
    let app = TestApp::spawn().await;
    record_answers(&app, 10);
    let mut conn = app.conn();
    let original = stored_terms(&mut conn);
    add_word(&app);
    run(&mut conn, 3, None);
    assert_ne!(stored_terms(&mut conn), original);

    dictionary::remove(&mut conn, WORD).expect("remove the word");
    let summary = run(&mut conn, 3, None);
    assert_eq!(summary.fingerprint, app.state.analyzer.current().fingerprint(), "the analyser without custom words again");
    assert_eq!(stored_terms(&mut conn), original);
}

#[actix_web::test]
async fn a_comment_answered_again_during_the_reindex_keeps_the_terms_of_its_new_answer() {
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    let world = world(&mut conn);
    let nps = survey(&mut conn, "nps");
    let token = invite(&mut conn, &nps, &world);
    let now = Utc::now();
    let link = answers::resolve_link(&mut conn, &token, now).expect("link");
    let answer = |comment: &str| Answer { score: Some(3), comment: Some(comment.to_owned()), reason: None, contact_ok: false };
    answers::record(&mut conn, &app.state.analyzer, &link, &answer(COMMENTS[0]), "ja", now).expect("record");
    let new_analyzer = add_word(&app);

    // The reindex has read the comment; the customer answers again before it writes.
    let read = koe::db::terms::stale_comments(&mut conn, new_analyzer.fingerprint(), ResponseId(0), 10).expect("stale");
    assert_eq!(read.len(), 1);
    let later = now + Duration::seconds(1);
    answers::record(&mut conn, &app.state.analyzer, &link, &answer(COMMENTS[3]), "ja", later).expect("answer again");
    let ids = [read[0].id.0];
    let marked = koe::db::terms::mark_analyzed(&mut conn, &ids, &[read[0].updated_at], new_analyzer.fingerprint()).expect("mark");
    assert!(marked.is_empty(), "the stale read is not written over the new answer");
    let mut terms = koe::db::terms::for_response(&mut conn, read[0].id).expect("terms");
    terms.sort();
    let mut expected = analyzer().terms(COMMENTS[3]);
    expected.sort();
    assert_eq!(terms, expected);
}

#[actix_web::test]
async fn only_one_reindex_runs_at_a_time() {
    let app = TestApp::spawn().await;
    let mut holder = app.conn();
    diesel::sql_query("SELECT pg_advisory_lock(x'006b6f655f726478'::bigint)").execute(&mut holder).expect("lock");
    let refused = reindex::run(&mut app.conn(), &analyzer(), &Options::default(), &mut Quiet);
    assert!(matches!(refused, Err(AppError::Conflict { code: "reindex_running", .. })), "{refused:?}");
    diesel::sql_query("SELECT pg_advisory_unlock_all()").execute(&mut holder).expect("unlock");
    assert!(reindex::run(&mut app.conn(), &analyzer(), &Options::default(), &mut Quiet).is_ok());
}

fn koe(db: &TestDb, args: &[&str]) -> (bool, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_koe"))
        .args(args)
        .env("DATABASE_URL", &db.url)
        .env("KOE_LOG", "warn")
        .output()
        .expect("run koe");
    (output.status.success(), String::from_utf8_lossy(&output.stdout).into_owned(), String::from_utf8_lossy(&output.stderr).into_owned())
}

#[actix_web::test]
async fn koe_text_reindex_reports_progress_and_what_is_left() {
    let app = TestApp::spawn().await;
    record_answers(&app, 20);
    add_word(&app);

    let (ok, stdout, stderr) = koe(&app.db, &["text", "reindex", "--batch-size", "5", "--limit", "7"]);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("Re-analysed 7 comments"), "{stdout}");
    assert!(stdout.contains("11 comments are still out of date"), "{stdout}");
    assert!(stderr.contains("7 comments to go") && stderr.contains("7/7 comments (100%)"), "plain progress lines off a terminal: {stderr}");

    let (ok, stdout, stderr) = koe(&app.db, &["text", "reindex"]);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("Re-analysed 11 comments") && stdout.contains("Every comment is up to date"), "{stdout}");
    let mut conn = app.conn();
    let current = dictionary::current_analyzer(&mut conn, &analyzer()).expect("analyser").0;
    assert!(fingerprints(&mut conn).iter().all(|(_, mark)| mark.as_deref() == Some(current.fingerprint())));
    assert_eq!(stored_terms(&mut conn), expected_terms(&mut conn, &current));

    let (ok, _, stderr) = koe(&app.db, &["text", "reindex", "--batch-size", "0"]);
    assert!(!ok && stderr.contains("batch-size"), "{stderr}");
}
