//! The answers behind a figure: the list and the CSV export.
#![allow(clippy::expect_used)] // a test may stop at the first thing that goes wrong

mod common;

use common::{survey, world, TestApp};
use serde_json::Value;

async fn get(app: &TestApp, token: &str, path: &str) -> reqwest::Response {
    app.client.get(app.url(&format!("/api/v1{path}"))).bearer_auth(token).send().await.expect("GET")
}

/// An NPS survey answered on its public link with these scores and comments.
async fn answered(app: &TestApp, answers: &[(&str, &str)]) -> i64 {
    let mut conn = app.conn();
    world(&mut conn);
    let nps = survey(&mut conn, "nps");
    let link = nps.public_token.clone().expect("public link");
    for (score, comment) in answers {
        let response = app.post_fields(&format!("/s/{link}"), &[("score", score), ("comment", comment)]).await;
        assert_eq!(response.status(), 303);
    }
    nps.id.0
}

#[actix_web::test]
async fn the_list_behind_a_number_has_exactly_that_many_answers() {
    let app = TestApp::spawn().await;
    let scores: Vec<String> = (0..25).map(|i| (i % 11).to_string()).collect();
    let answers: Vec<(&str, &str)> = scores.iter().map(|score| (score.as_str(), "")).collect();
    let survey = answered(&app, &answers).await;
    let token = app.api_token("read");

    let summary: Value = get(&app, &token, &format!("/surveys/{survey}/summary")).await.json().await.expect("json");
    let detractors = summary["detractors"].as_i64().expect("detractors");
    let mut seen = Vec::new();
    let mut path = format!("/surveys/{survey}/responses?category=detractor&limit=4");
    loop {
        let page: Value = get(&app, &token, &path).await.json().await.expect("json");
        assert_eq!(page["total"].as_i64(), Some(detractors), "{page}");
        for answer in page["responses"].as_array().into_iter().flatten() {
            assert!(answer["score"].as_i64().is_some_and(|score| score <= 6), "{answer}");
            seen.push(answer["response_id"].as_i64().expect("id"));
        }
        match page["next"].as_str() {
            Some(next) => path = format!("/surveys/{survey}/responses?category=detractor&limit=4&before={}", next.replace('+', "%2B")),
            None => break,
        }
    }
    assert_eq!(seen.len() as i64, detractors, "every detractor, once");
    seen.dedup();
    assert_eq!(seen.len() as i64, detractors);
}

#[actix_web::test]
async fn the_csv_export_quotes_what_needs_quoting_and_suits_excel_on_request() {
    let app = TestApp::spawn().await;
    let tricky = "請求書が\"分かりにくい\", 改善を\n希望します =SUM(A1)";
    let survey = answered(&app, &[("3", tricky), ("10", "=HYPERLINK(\"http://evil.example\")"), ("9", "")]).await;
    let token = app.api_token("read");

    let response = get(&app, &token, &format!("/surveys/{survey}/responses.csv")).await;
    assert_eq!(response.status(), 200);
    assert!(response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().starts_with("text/csv"));
    let text = response.text().await.unwrap_or_default();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().expect("header").iter().map(str::to_owned).collect();
    assert_eq!(header[..5], ["response_id", "answered_at", "score", "reason", "comment"]);
    let rows: Vec<csv::StringRecord> = reader.records().collect::<Result<_, _>>().expect("rows");
    assert_eq!(rows.len(), 3);
    assert!(rows.iter().any(|row| row.get(4) == Some(tricky)), "the comment survives quoting intact");
    assert!(!text.starts_with('\u{feff}'));

    let excel = get(&app, &token, &format!("/surveys/{survey}/responses.csv?excel=1&category=promoter")).await.bytes().await.expect("bytes");
    assert!(excel.starts_with("\u{feff}".as_bytes()), "a byte-order mark for Excel");
    let excel = String::from_utf8(excel.to_vec()).expect("UTF-8");
    assert!(excel.contains("\r\n"));
    assert_eq!(excel.trim_end().split("\r\n").count(), 3, "header and the two promoters");
    assert!(excel.contains("'=HYPERLINK"), "a formula typed by a customer is defused for Excel");
    assert!(text.contains("=HYPERLINK") && !text.contains("'=HYPERLINK"), "and kept as typed in the plain export");
}

#[actix_web::test]
async fn bad_export_requests_are_refused_before_any_row() {
    let app = TestApp::spawn().await;
    let survey = answered(&app, &[("5", "")]).await;
    let token = app.api_token("read");
    let bad = get(&app, &token, &format!("/surveys/{survey}/responses.csv?category=happy")).await;
    assert_eq!(bad.status(), 422);
    assert_eq!(get(&app, &token, "/surveys/999999/responses.csv").await.status(), 404);
    let anonymous = app.client.get(app.url(&format!("/api/v1/surveys/{survey}/responses.csv"))).send().await.expect("GET");
    assert_eq!(anonymous.status(), 401);
}
