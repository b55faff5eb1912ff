//! Answers are written by a few writers, several per transaction (group commit), through a bounded
//! queue: when it is full, an answer is refused with 503 and Retry-After, and the form comes
//! back with what the person typed.
#![allow(clippy::expect_used)] // a test may stop at the first thing that goes wrong

mod common;

use common::{invite, survey, world, TestApp};
use diesel::prelude::*;
use diesel::sql_query;
use diesel::sql_types::{BigInt, Text};
use futures_util::future::{select, Either};
use futures_util::stream::{FuturesUnordered, StreamExt};
use koe::service::answer_queue::AnswerQueue;
use koe::service::link_reader::LinkReader;
use std::future::Future;
use std::time::Duration;
use koe_views::i18n::strings;
use koe_views::Lang;

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

fn answers_on(conn: &mut PgConnection, token: &str) -> i64 {
    sql_query("SELECT count(*) AS n FROM responses r JOIN invitations i ON i.id = r.invitation_id WHERE i.token = $1")
        .bind::<Text, _>(token)
        .get_result::<Count>(conn)
        .expect("count answers")
        .n
}

/// Sessions of the test database waiting on a lock: the writers, once they are stuck behind ours.
fn waiting_on_locks(conn: &mut PgConnection) -> i64 {
    sql_query("SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'")
        .get_result::<Count>(conn)
        .expect("pg_stat_activity")
        .n
}

/// A transaction in which no answer can be inserted until it ends (`COMMIT` on the connection).
fn hold_answers_back(app: &TestApp) -> PgConnection {
    let mut blocker = app.conn();
    sql_query("BEGIN").execute(&mut blocker).expect("begin");
    sql_query("LOCK TABLE responses IN SHARE MODE").execute(&mut blocker).expect("lock responses");
    blocker
}

/// Posts an answer on each of `paths`, each once the one before is stuck on
/// [`hold_answers_back`]'s lock, so that each holds a writer inside a batch of its own. The
/// posts go on in the returned set, which yields their responses once the lock goes.
async fn post_until_stuck<'a>(
    app: &'a TestApp,
    conn: &mut PgConnection,
    paths: &'a [String],
) -> FuturesUnordered<impl Future<Output = reqwest::Response> + 'a> {
    let mut writing = FuturesUnordered::new();
    for (stuck_before, path) in paths.iter().enumerate() {
        writing.push(app.post_fields(path, &[("score", "9"), ("comment", "最初の回答です")]));
        while waiting_on_locks(conn) <= i64::try_from(stuck_before).expect("a few writers") {
            // Drives the posted requests until this one's writer too is stuck on the lock.
            if let Either::Left((Some(response), _)) = select(writing.next(), Box::pin(actix_web::rt::time::sleep(Duration::from_millis(20)))).await {
                panic!("an answer was written through a lock: {}", response.status());
            }
        }
    }
    writing
}

#[actix_web::test]
async fn a_full_answer_queue_answers_503_with_retry_after_keeps_the_typed_comment_and_stores_nothing() {
    let app = TestApp::spawn_with(|config| config.answer_queue = 1).await;
    let mut conn = app.conn();
    let world = world(&mut conn);
    let nps = survey(&mut conn, "nps");
    let held: Vec<String> = (0..AnswerQueue::WRITERS).map(|_| invite(&mut conn, &nps, &world)).collect();
    let [second, third] = [(); 2].map(|()| invite(&mut conn, &nps, &world));

    // Hold every writer inside a batch of its own.
    let mut blocker = hold_answers_back(&app);
    let held_paths: Vec<String> = held.iter().map(|token| format!("/s/{token}")).collect();
    let mut writing = post_until_stuck(&app, &mut conn, &held_paths).await;

    // The queue holds one answer: of the next two, one waits its turn and one is refused.
    let typed = "混雑していても消えてほしくない大事なコメント";
    let fields = [("score", "3"), ("comment", typed)];
    let (second_path, third_path) = (format!("/s/{second}"), format!("/s/{third}"));
    let second_post = Box::pin(app.post_fields(&second_path, &fields));
    let third_post = Box::pin(app.post_fields(&third_path, &fields));
    let (refused, refused_token, queued, queued_token) = match select(second_post, third_post).await {
        Either::Left((response, other)) => (response, &second, other, &third),
        Either::Right((response, other)) => (response, &third, other, &second),
    };
    assert_eq!(refused.status(), 503);
    assert_eq!(refused.headers().get("retry-after").and_then(|value| value.to_str().ok()), Some("1"));
    let page = refused.text().await.expect("page");
    assert!(page.contains(typed), "the form keeps the comment");
    assert!(page.contains(strings(Lang::Ja).form_errors.busy), "the page says why and what to do");
    assert!(page.contains(&format!("action=\"/s/{refused_token}\"")), "the form posts to the same link");

    sql_query("COMMIT").execute(&mut blocker).expect("release the lock");
    while let Some(response) = writing.next().await {
        assert_eq!(response.status(), 303);
    }
    assert_eq!(queued.await.status(), 303);
    for token in &held {
        assert_eq!(answers_on(&mut conn, token), 1);
    }
    assert_eq!(answers_on(&mut conn, queued_token), 1);
    assert_eq!(answers_on(&mut conn, refused_token), 0, "a refused answer left nothing");

    // Sent again once there is room, the same answer is taken.
    let again = app.post_fields(&format!("/s/{refused_token}"), &[("score", "3"), ("comment", typed)]).await;
    assert_eq!(again.status(), 303);
    assert_eq!(answers_on(&mut conn, refused_token), 1);
}

#[actix_web::test]
async fn with_every_respondent_place_taken_a_form_or_answer_is_refused_at_once_and_the_answer_kept() {
    let app = TestApp::spawn_with(|config| config.respondents = 1).await;
    let mut conn = app.conn();
    let world = world(&mut conn);
    let nps = survey(&mut conn, "nps");
    let [first, second] = [(); 2].map(|()| invite(&mut conn, &nps, &world));

    // The one place goes to an answer held inside its batch.
    let mut blocker = hold_answers_back(&app);
    let first_path = [format!("/s/{first}")];
    let mut writing = post_until_stuck(&app, &mut conn, &first_path).await;

    let typed = "混雑していても消えてほしくない大事なコメント";
    let second_path = format!("/s/{second}");
    let refused = actix_web::rt::time::timeout(Duration::from_secs(5), app.post_fields(&second_path, &[("score", "3"), ("comment", typed)]))
        .await
        .expect("refused at once, not queued behind the held answer");
    assert_eq!(refused.status(), 503);
    assert_eq!(refused.headers().get("retry-after").and_then(|value| value.to_str().ok()), Some("1"));
    let page = refused.text().await.expect("page");
    assert!(page.contains(typed), "the page keeps the comment");
    assert!(page.contains(&format!("action=\"/s/{second}\"")), "ready to be sent again to the same link");
    let form = app.client.get(app.url(&format!("/s/{second}"))).send().await.expect("GET");
    assert_eq!(form.status(), 503);
    assert_eq!(form.headers().get("retry-after").and_then(|value| value.to_str().ok()), Some("1"));

    sql_query("COMMIT").execute(&mut blocker).expect("release the lock");
    while let Some(response) = writing.next().await {
        assert_eq!(response.status(), 303);
    }
    assert_eq!(answers_on(&mut conn, &second), 0, "a refused answer left nothing");
    // The place is free again once the first answer's response is ready.
    let again = app.post_fields(&format!("/s/{second}"), &[("score", "3"), ("comment", typed)]).await;
    assert_eq!(again.status(), 303);
    assert_eq!(answers_on(&mut conn, &second), 1);
}

#[actix_web::test]
async fn answers_written_in_one_batch_each_keep_their_own_follow_up_and_outbox_rows() {
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    let world = world(&mut conn);
    let nps = survey(&mut conn, "nps");
    let tokens: Vec<String> = (0..12).map(|_| invite(&mut conn, &nps, &world)).collect();

    // Held back behind a lock, the answers queue up and (but for the one each writer holds) are
    // written together once it goes.
    let mut blocker = hold_answers_back(&app);
    let requests: Vec<(String, [(&str, &str); 2])> = tokens
        .iter()
        .enumerate()
        .map(|(index, token)| {
            let score = if index % 2 == 0 { "2" } else { "10" };
            (format!("/s/{token}"), [("score", score), ("comment", "サポートの返信が遅い")])
        })
        .collect();
    let posts = requests.iter().map(|(path, fields)| app.post_fields(path, fields));
    let all = futures_util::future::join_all(posts);
    let release = async {
        while waiting_on_locks(&mut conn) == 0 {
            actix_web::rt::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        actix_web::rt::time::sleep(std::time::Duration::from_millis(200)).await;
        sql_query("COMMIT").execute(&mut blocker).expect("release the lock");
    };
    let (responses, ()) = futures_util::join!(all, release);
    assert!(responses.iter().all(|response| response.status() == 303));

    for token in &tokens {
        assert_eq!(answers_on(&mut conn, token), 1);
    }
    let cases: i64 = sql_query("SELECT count(*) AS n FROM follow_ups").get_result::<Count>(&mut conn).expect("cases").n;
    assert_eq!(cases, 6, "one case for each detractor, none for the promoters");
    let emails: i64 = sql_query("SELECT count(*) AS n FROM outbox WHERE kind = 'follow_up_email'")
        .get_result::<Count>(&mut conn)
        .expect("outbox")
        .n;
    assert_eq!(emails, 6, "one email to the owner for each case");
    common::rollups::assert_true(&mut conn, "a batch of answers");
}

#[actix_web::test]
async fn one_answer_that_fails_in_a_batch_leaves_the_others_written() {
    use koe::domain::answer::{Answer, AnswerForm};
    use koe::service::answers;
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    let world = world(&mut conn);
    let nps = survey(&mut conn, "nps");
    let tokens: Vec<String> = (0..3).map(|_| invite(&mut conn, &nps, &world)).collect();
    let now = chrono::Utc::now();
    let prepared: Vec<answers::Prepared> = tokens
        .iter()
        .map(|token| {
            let link = answers::resolve_link(&mut conn, token, now).expect("link");
            let form = AnswerForm { score: Some("4".into()), comment: Some("解約を考えています".into()), ..AnswerForm::default() };
            let answer = Answer::parse(link.survey.kind(), &link.survey.exit_reasons(), &form).expect("answer");
            answers::prepare(&app.state.analyzer, link, answer, "ja", now)
        })
        .collect();
    // The middle invitation disappears after its link was read: its answer cannot be inserted.
    sql_query("DELETE FROM invitations WHERE token = $1").bind::<Text, _>(&tokens[1]).execute(&mut conn).expect("delete");

    let results = answers::record_many(&mut conn, &prepared).expect("the batch commits");
    assert!(results[0].is_ok() && results[2].is_ok());
    assert!(results[1].is_err());
    assert_eq!(answers_on(&mut conn, &tokens[0]), 1);
    assert_eq!(answers_on(&mut conn, &tokens[2]), 1);
    let cases: i64 = sql_query("SELECT count(*) AS n FROM follow_ups").get_result::<Count>(&mut conn).expect("cases").n;
    assert_eq!(cases, 2, "the failed answer's case went with it");
    common::rollups::assert_true(&mut conn, "a batch written one by one");
}

/// Answers as a writer receives them, analysed and ready for one batch.
fn prepared(app: &TestApp, conn: &mut PgConnection, answers: &[(&str, &str, &str)]) -> Vec<koe::service::answers::Prepared> {
    use koe::domain::answer::{Answer, AnswerForm};
    use koe::service::answers;
    answers
        .iter()
        .map(|(token, score, comment)| {
            // Each answer a moment after the one before, as they would arrive.
            std::thread::sleep(std::time::Duration::from_millis(2));
            let now = chrono::Utc::now();
            let link = answers::resolve_link(conn, token, now).expect("link");
            let form = AnswerForm { score: Some((*score).into()), comment: Some((*comment).into()), ..AnswerForm::default() };
            let answer = Answer::parse(link.survey.kind(), &link.survey.exit_reasons(), &form).expect("answer");
            answers::prepare(&app.state.analyzer, link, answer, "ja", now)
        })
        .collect()
}

#[actix_web::test]
async fn a_link_answered_twice_in_one_batch_keeps_one_answer_the_later() {
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    let world = world(&mut conn);
    let nps = survey(&mut conn, "nps");
    let [twice, once] = [(); 2].map(|()| invite(&mut conn, &nps, &world));
    let batch = prepared(&app, &mut conn, &[(&twice, "3", "対応が遅い"), (&once, "9", "満足"), (&twice, "8", "価格が安い")]);

    let results = koe::service::answers::record_many(&mut conn, &batch).expect("the batch commits");
    assert!(results.iter().all(Result::is_ok), "{results:?}");
    assert_eq!(answers_on(&mut conn, &twice), 1);
    assert_eq!(answers_on(&mut conn, &once), 1);
    #[derive(QueryableByName)]
    struct Stored {
        #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::SmallInt>)]
        score: Option<i16>,
        #[diesel(sql_type = diesel::sql_types::Nullable<Text>)]
        comment: Option<String>,
    }
    let stored: Stored = sql_query("SELECT r.score, r.comment FROM responses r JOIN invitations i ON i.id = r.invitation_id WHERE i.token = $1")
        .bind::<Text, _>(&twice)
        .get_result(&mut conn)
        .expect("stored");
    assert_eq!((stored.score, stored.comment.as_deref()), (Some(8), Some("価格が安い")));
    let terms: Vec<String> = koe::db::terms::for_response(&mut conn, results[2].as_ref().expect("later").id).expect("terms");
    assert!(terms.iter().any(|term| term == "価格"), "the later answer's terms replace the earlier's: {terms:?}");
    assert!(!terms.iter().any(|term| term == "対応"), "{terms:?}");
    // The first answer was a detractor's: its case stays with the answer, as after any edit.
    let cases: i64 = sql_query("SELECT count(*) AS n FROM follow_ups").get_result::<Count>(&mut conn).expect("cases").n;
    assert_eq!(cases, 1);
    common::rollups::assert_true(&mut conn, "a link answered twice in one batch");
}

#[actix_web::test]
async fn a_score_drop_is_seen_against_an_answer_earlier_in_the_same_batch() {
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    let world = world(&mut conn);
    let nps = survey(&mut conn, "nps");
    let [earlier, later] = [(); 2].map(|()| invite(&mut conn, &nps, &world));
    let batch = prepared(&app, &mut conn, &[(&earlier, "10", "最高です"), (&later, "7", "普通です")]);

    let results = koe::service::answers::record_many(&mut conn, &batch).expect("the batch commits");
    assert!(results.iter().all(Result::is_ok), "{results:?}");
    let triggers: Vec<String> = sql_query("SELECT trigger AS term FROM follow_ups")
        .load::<Term>(&mut conn)
        .expect("cases")
        .into_iter()
        .map(|row| row.term)
        .collect();
    assert_eq!(triggers, ["score_drop"], "10 then 7 from the same contact is a drop of three");
}

#[derive(QueryableByName)]
struct Term {
    #[diesel(sql_type = Text)]
    term: String,
}

#[actix_web::test]
async fn an_answer_whose_link_cannot_be_read_comes_back_503_ready_to_send_again() {
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    let world = world(&mut conn);
    let nps = survey(&mut conn, "nps");
    let token = invite(&mut conn, &nps, &world);
    let typed = "<b>サポートの返信が遅い</b>";

    // The link readers' connections are taken: the link lookup waits, then gives up.
    let held: Vec<_> = (0..LinkReader::CONNECTIONS).map(|_| app.state.link_pool.get().expect("a link reader's connection")).collect();
    let refused = app.post_fields(&format!("/s/{token}"), &[("score", "3"), ("comment", typed)]).await;
    assert_eq!(refused.status(), 503);
    assert_eq!(refused.headers().get("retry-after").and_then(|value| value.to_str().ok()), Some("1"));
    let page = refused.text().await.expect("page");
    assert!(page.contains(r#"<input type="hidden" name="score" value="3">"#), "{page}");
    assert!(page.contains("&lt;b&gt;サポートの返信が遅い&lt;/b&gt;"), "the comment comes back, escaped: {page}");
    assert!(page.contains(&format!("action=\"/s/{token}\"")));
    assert!(page.contains(strings(Lang::Ja).form_errors.send_again));
    assert_eq!(answers_on(&mut conn, &token), 0);

    drop(held);
    let again = app.post_fields(&format!("/s/{token}"), &[("score", "3"), ("comment", typed)]).await;
    assert_eq!(again.status(), 303);
    assert_eq!(answers_on(&mut conn, &token), 1);
}

#[actix_web::test]
async fn a_writer_prepares_each_of_its_statements_once_whatever_the_batch_size() {
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    let world = world(&mut conn);
    let nps = survey(&mut conn, "nps");
    let tokens: Vec<String> = (0..4).map(|_| invite(&mut conn, &nps, &world)).collect();
    // Detractors' answers with comments, so that every statement of a batch runs: terms, who
    // hears of it, the case with its history line, notifications.
    let first = prepared(&app, &mut conn, &[(&tokens[0], "2", "対応が遅い")]);
    let then = prepared(&app, &mut conn, &[(&tokens[1], "3", "価格が高い"), (&tokens[2], "1", "使いにくい"), (&tokens[3], "4", "不具合が多い")]);

    for batch in [&first, &then] {
        let results = koe::service::answers::record_many(&mut conn, batch).expect("the batch commits");
        assert!(results.iter().all(Result::is_ok), "{results:?}");
    }
    #[derive(QueryableByName)]
    struct Statement {
        #[diesel(sql_type = Text)]
        statement: String,
        #[diesel(sql_type = BigInt)]
        calls: i64,
    }
    // pg_prepared_statements lists this session's named statements; the ones diesel leaves
    // unprepared are parsed and planned again at every call and never show.
    let kept: Vec<Statement> =
        sql_query("SELECT statement, (generic_plans + custom_plans) AS calls FROM pg_prepared_statements").load(&mut conn).expect("pg_prepared_statements");
    let writes = ["INSERT INTO responses ", "INSERT INTO response_terms ", "INSERT INTO follow_ups ", "INSERT INTO follow_up_events ", "INSERT INTO outbox "];
    // The batch's one read of who hears of it (zone, owners, managers, webhooks).
    let audience = "FROM webhook_endpoints";
    for piece in writes.into_iter().chain([audience]) {
        let with_piece: Vec<&Statement> = kept.iter().filter(|kept| kept.statement.contains(piece)).collect();
        assert_eq!(with_piece.len(), 1, "one statement for {piece:?}, whatever the batch size: {:?}", with_piece.iter().map(|kept| &kept.statement).collect::<Vec<_>>());
        assert_eq!(with_piece[0].calls, 2, "the statement for {piece:?} ran for both batches");
    }
}
