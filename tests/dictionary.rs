//! Custom dictionary words through the API, and the analyser following them without a restart.
#![allow(clippy::expect_used)] // a test may stop at the first thing that goes wrong

mod common;

use common::{count, survey, TestApp};
use diesel::prelude::*;
use koe::db::schema::responses;
use serde_json::{json, Value};
use std::time::Duration;

/// Two words IPADIC cuts apart (らくらく is an adverb), so a custom word visibly changes the terms.
const COMMENT: &str = "らくらく精算がとても便利";
const WORD: &str = "らくらく精算";

struct Api<'a> {
    app: &'a TestApp,
    token: Option<String>,
}

impl Api<'_> {
    async fn send(&self, request: reqwest::RequestBuilder) -> (u16, Value) {
        let request = match &self.token {
            Some(token) => request.bearer_auth(token),
            None => request,
        };
        let response = request.send().await.expect("request");
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    async fn list(&self) -> (u16, Value) {
        self.send(self.app.client.get(self.app.url("/api/v1/dictionary/words"))).await
    }

    async fn add(&self, word: &str) -> (u16, Value) {
        self.send(self.app.client.post(self.app.url("/api/v1/dictionary/words")).json(&json!({ "word": word }))).await
    }

    async fn delete(&self, word: &str) -> (u16, Value) {
        let path = format!("/api/v1/dictionary/words/{}", percent_encoding::utf8_percent_encode(word, percent_encoding::NON_ALPHANUMERIC));
        self.send(self.app.client.delete(self.app.url(&path))).await
    }
}

fn writer(app: &TestApp) -> Api<'_> {
    Api { app, token: Some(app.api_token("write")) }
}

fn words(body: &Value) -> Vec<&str> {
    body["words"].as_array().map(|words| words.iter().filter_map(|word| word["word"].as_str()).collect()).unwrap_or_default()
}

fn error_code(body: &Value) -> &str {
    body["error"]["code"].as_str().unwrap_or_default()
}

/// Answers the survey's public link at `address` and returns the stored terms of that answer,
/// sorted.
async fn answer_and_read_terms(app: &TestApp, address: &str, token: &str, comment: &str) -> Vec<String> {
    let body = serde_urlencoded::to_string([("score", "9"), ("comment", comment)]).expect("encode the form");
    let response = app
        .client
        .post(format!("{address}/s/{token}"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .expect("POST the answer");
    assert_eq!(response.status(), 303);
    let mut conn = app.conn();
    let latest: i64 = responses::table.select(responses::id).order(responses::id.desc()).first(&mut conn).expect("the answer");
    let mut terms = koe::db::terms::for_response(&mut conn, koe::domain::ids::ResponseId(latest)).expect("terms");
    terms.sort();
    terms
}

fn public_token(app: &TestApp) -> String {
    survey(&mut app.conn(), "nps").public_token.expect("a public link")
}

#[actix_web::test]
async fn a_word_added_through_the_api_is_one_term_in_the_next_answer_without_a_restart() {
    let app = TestApp::spawn().await;
    let api = writer(&app);
    let token = public_token(&app);
    assert_eq!(answer_and_read_terms(&app, &app.address, &token, COMMENT).await, ["便利", "精算"]);

    let (status, body) = api.add(WORD).await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["word"], WORD);
    assert!(body["created_at"].is_string());

    assert_eq!(answer_and_read_terms(&app, &app.address, &token, COMMENT).await, [WORD, "便利"]);
    let fingerprints: Vec<Option<String>> =
        responses::table.order(responses::id).select(responses::analyzed_with).load(&mut app.conn()).expect("fingerprints");
    assert_eq!(fingerprints.len(), 2);
    assert_ne!(fingerprints[0], fingerprints[1], "each answer records the analyser that made its terms");
    assert_eq!(fingerprints[1].as_deref(), Some(app.state.analyzer.current().fingerprint()));

    let (status, _) = api.delete(WORD).await;
    assert_eq!(status, 204);
    assert_eq!(answer_and_read_terms(&app, &app.address, &token, COMMENT).await, ["便利", "精算"]);
}

#[actix_web::test]
async fn another_process_on_the_same_database_picks_up_the_word_at_its_next_poll() {
    let app = TestApp::spawn().await;
    let (other_address, other_state) = app.another_process().await;
    let token = public_token(&app);
    let version = other_state.analyzer.version();

    let (status, body) = writer(&app).add(WORD).await;
    assert_eq!(status, 201, "{body}");
    // The other process learns of the change only through the database; it polls every 200 ms
    // in tests. The deadline is a liveness bound, not a measurement.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    while other_state.analyzer.version() == version {
        assert!(tokio::time::Instant::now() < deadline, "the other process never reloaded its analyser");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(answer_and_read_terms(&app, &other_address, &token, COMMENT).await, [WORD, "便利"]);
}

#[actix_web::test]
async fn words_are_listed_alphabetically_and_deleted_in_any_spelling() {
    let app = TestApp::spawn().await;
    let api = writer(&app);
    let (status, body) = api.list().await;
    assert_eq!((status, words(&body).len()), (200, 0), "{body}");

    for word in ["Slack連携", " コエ分析 ", "請求書PDF"] {
        let (status, body) = api.add(word).await;
        assert_eq!(status, 201, "{word}: {body}");
    }
    let (status, body) = api.list().await;
    assert_eq!(status, 200);
    assert_eq!(words(&body), ["Slack連携", "コエ分析", "請求書PDF"], "trimmed, in order");
    assert!(body["words"][0]["created_at"].is_string());

    let (status, _) = api.delete("ｓｌａｃｋ連携").await;
    assert_eq!(status, 204, "the same word in another width and case");
    let (status, body) = api.delete("Slack連携").await;
    assert_eq!((status, error_code(&body)), (404, "not_found"));
    let (_, body) = api.list().await;
    assert_eq!(words(&body), ["コエ分析", "請求書PDF"]);
}

#[actix_web::test]
async fn a_word_already_there_in_any_spelling_is_a_409() {
    let app = TestApp::spawn().await;
    let api = writer(&app);
    assert_eq!(api.add("Slack連携").await.0, 201);
    for duplicate in ["Slack連携", "SLACK連携", "Ｓｌａｃｋ連携"] {
        let (status, body) = api.add(duplicate).await;
        assert_eq!((status, error_code(&body)), (409, "duplicate_word"), "{duplicate}: {body}");
    }
    assert_eq!(count(&mut app.conn(), "custom_words"), 1);
}

#[actix_web::test]
async fn invalid_words_are_a_422_and_store_nothing() {
    let app = TestApp::spawn().await;
    let api = writer(&app);
    let version = app.state.analyzer.version();
    for (word, code) in [
        ("", "missing_field"),
        ("   ", "missing_field"),
        ("Koe Cloud", "invalid_word"),
        ("コエ\t分析", "invalid_word"),
        ("！！！", "invalid_word"),
        (&"精".repeat(51), "too_long"),
    ] {
        let (status, body) = api.add(word).await;
        assert_eq!((status, error_code(&body)), (422, code), "{word:?}: {body}");
        assert_eq!(body["error"]["field"], "word");
    }
    let (status, body) = api.send(app.client.post(app.url("/api/v1/dictionary/words")).json(&json!({ "word": 5 }))).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(api.add(&"精".repeat(50)).await.0, 201, "50 graphemes is the limit");
    assert_eq!(count(&mut app.conn(), "custom_words"), 1);
    assert_eq!(app.state.analyzer.version(), version + 1, "only the valid word changed the dictionary");
}

#[actix_web::test]
async fn the_words_api_needs_a_token_and_changes_need_a_write_token() {
    let app = TestApp::spawn().await;
    let anonymous = Api { app: &app, token: None };
    assert_eq!(anonymous.list().await.0, 401);
    assert_eq!(anonymous.add(WORD).await.0, 401);
    assert_eq!(anonymous.delete(WORD).await.0, 401);
    let forged = Api { app: &app, token: Some("koe_not-a-real-token".into()) };
    assert_eq!(forged.add(WORD).await.0, 401);

    let reader = Api { app: &app, token: Some(app.api_token("read")) };
    assert_eq!(reader.list().await.0, 200, "reading the list is not a change");
    let (status, body) = reader.add(WORD).await;
    assert_eq!((status, error_code(&body)), (403, "forbidden"));
    assert_eq!(count(&mut app.conn(), "custom_words"), 0);

    assert_eq!(writer(&app).add(WORD).await.0, 201);
    assert_eq!(reader.delete(WORD).await.0, 403);
    assert_eq!(count(&mut app.conn(), "custom_words"), 1);
}
