//! schemathesis (property-based API testing, from PyPI) against the running server: every
//! operation of the OpenAPI document, with generated valid and invalid input, must answer
//! without a server error, with a documented status, content type and body.
#![allow(clippy::expect_used)] // a test may stop at the first thing that goes wrong

mod common;

use common::{invite, survey, world, TestApp};
use koe::service::dictionary::WordInput;
use koe::service::webhooks::EndpointInput;
use std::time::{Duration, Instant};
use tokio::process::Command;

/// Cases per operation and phase: enough to reach every refusal, small enough for CI.
const MAX_EXAMPLES: &str = "25";
/// A fixed seed, so that a failure found in CI is the same one found again locally.
const SEED: &str = "20261123";
const TIME_LIMIT: Duration = Duration::from_secs(110);

/// Half of the generated ids, emails and terms are ones the seed made, so that the cases
/// get past 404 and "no such contact" into the handlers' real work.
const CONFIG: &str = r#"
[dictionaries.ids]
values = [1, 2, 3]
[dictionaries.terms]
values = ["サポート", "管理画面", "料金"]
[dictionaries.words]
values = ["コエクラウド"]
[dictionaries.contacts]
values = ["customer@example.com"]
[dictionaries.owners]
values = ["owner@example.com"]
[dictionaries.accounts]
values = ["CRM-1"]

[parameters]
"path.id" = { dictionary = "ids", probability = 0.5 }
"path.term" = { dictionary = "terms", probability = 0.5 }
"path.word" = { dictionary = "words", probability = 0.5 }
"body.contact_email" = { dictionary = "contacts", probability = 0.5 }
"body.email" = { dictionary = "contacts", probability = 0.5 }
"body.owner_email" = { dictionary = "owners", probability = 0.5 }
"body.account_external_id" = { dictionary = "accounts", probability = 0.5 }
"#;

#[actix_web::test]
async fn schemathesis_finds_no_failure_in_any_operation() {
    let program = koe::setup::schemathesis_program();
    assert!(
        program.exists(),
        "{} is missing: run `cargo run -- setup --test-tools`, which installs schemathesis {}",
        program.display(),
        koe::setup::SCHEMATHESIS_VERSION
    );
    let app = TestApp::spawn().await;
    seed(&app).await;
    let token = app.api_token("write");
    let workdir = tempfile::tempdir().expect("a folder for schemathesis's files");
    let config = workdir.path().join("schemathesis.toml");
    std::fs::write(&config, CONFIG).expect("write schemathesis.toml");
    let started = Instant::now();
    let run = Command::new(&program)
        .current_dir(workdir.path())
        .arg("--config-file")
        .arg(&config)
        .args(["run", &app.url("/api/v1/openapi.json")])
        .args(["--header", &format!("Authorization: Bearer {token}")])
        .args(["--checks", "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,negative_data_rejection"])
        .args(["--phases", "examples,coverage,fuzzing"])
        .args(["--max-examples", MAX_EXAMPLES, "--seed", SEED])
        .args(["--generation-database", "none", "--request-timeout", "10", "--no-color"])
        .kill_on_drop(true)
        .output();
    let output = tokio::time::timeout(TIME_LIMIT, run).await.expect("schemathesis finishes in time").expect("run schemathesis");
    let report = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "schemathesis found failures:\n{report}");
    eprintln!("schemathesis passed in {:.0?}:\n{report}", started.elapsed());
}

/// A survey of each kind with an answer, an account and a contact, a webhook and a custom
/// word, so that operations on small ids find something and the reports have figures.
async fn seed(app: &TestApp) {
    let mut conn = app.conn();
    let world = world(&mut conn);
    let webhook = EndpointInput { url: "http://127.0.0.1:9/hook".into(), events: vec!["follow_up.created".into()], format: None };
    koe::service::webhooks::add(&mut conn, &webhook, koe::domain::webhook::Reach::Any, chrono::Utc::now()).expect("webhook");
    koe::service::dictionary::add(&mut conn, &WordInput { word: "コエクラウド".into() }).expect("custom word");
    for (kind, fields) in [
        ("nps", [("score", "3"), ("comment", "サポートの対応が遅い。管理画面は使いやすい。")]),
        ("csat", [("score", "5"), ("comment", "丁寧な説明でした")]),
        ("exit", [("reason", "price"), ("comment", "料金が高い")]),
    ] {
        let survey = survey(&mut conn, kind);
        let token = invite(&mut conn, &survey, &world);
        let response = app.post_fields(&format!("/s/{token}"), &fields).await;
        assert_eq!(response.status(), 303, "{kind} answer recorded");
    }
}
