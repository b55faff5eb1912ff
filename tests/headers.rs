//! Every kind of response carries the security headers: a Content-Security-Policy without
//! 'unsafe-inline' that forbids framing, nosniff, a Referrer-Policy and X-Frame-Options.
#![allow(clippy::expect_used)] // a test may stop at the first thing that goes wrong

mod common;

use common::{invite, survey, world, Session, TestApp};

/// What is wrong with a response's security headers, if anything.
fn header_problems(response: &reqwest::Response) -> Vec<String> {
    let header = |name: &str| response.headers().get(name).and_then(|value| value.to_str().ok()).map(str::to_owned);
    let mut problems = Vec::new();
    match header("content-security-policy") {
        None => problems.push("no Content-Security-Policy".to_owned()),
        Some(policy) => {
            for (wanted, present) in [
                ("no 'unsafe-inline'", !policy.contains("'unsafe-inline'")),
                ("no 'unsafe-eval'", !policy.contains("'unsafe-eval'")),
                ("frame-ancestors 'none'", policy.contains("frame-ancestors 'none'")),
                ("default-src 'none'", policy.contains("default-src 'none'")),
            ] {
                if !present {
                    problems.push(format!("CSP {policy:?} lacks {wanted}"));
                }
            }
        }
    }
    if header("x-content-type-options").as_deref() != Some("nosniff") {
        problems.push("X-Content-Type-Options is not nosniff".to_owned());
    }
    if header("referrer-policy").is_none() {
        problems.push("no Referrer-Policy".to_owned());
    }
    if header("x-frame-options").as_deref() != Some("DENY") {
        problems.push("X-Frame-Options is not DENY".to_owned());
    }
    problems
}

#[actix_web::test]
async fn every_kind_of_page_download_and_error_carries_the_security_headers() {
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    let world = world(&mut conn);
    koe::service::users::add(&mut conn, "manager@example.com", "上司", koe::domain::role::Role::Manager, common::STAFF_PASSWORD)
        .expect("manager");
    let nps = survey(&mut conn, "nps");
    let token = invite(&mut conn, &nps, &world);
    let expired = invite(&mut conn, &nps, &world);
    diesel::RunQueryDsl::execute(
        diesel::sql_query(format!("UPDATE invitations SET expires_at = now() - interval '1 minute' WHERE token = '{expired}'")),
        &mut conn,
    )
    .expect("expire");
    assert_eq!(app.post_fields(&format!("/s/{token}"), &[("score", "3"), ("comment", "遅い")]).await.status(), 303);
    let api_token = app.api_token("read");
    let manager = Session::start(&app, "manager@example.com").await;
    let survey_id = nps.id.0;

    let mut checked = Vec::new();
    let public = [
        (format!("/s/{token}"), 200),
        (format!("/s/{token}/thanks"), 200),
        ("/s/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA".to_owned(), 404),
        (format!("/s/{expired}"), 410),
        ("/no/such/page".to_owned(), 404),
        (koe_views::STYLESHEET_PATH.to_owned(), 200),
        ("/healthz".to_owned(), 200),
        ("/readyz".to_owned(), 200),
        ("/staff/sign-in".to_owned(), 200),
        ("/staff/follow-ups".to_owned(), 303),
        ("/api/v1/openapi.json".to_owned(), 200),
        ("/api/v1/follow-ups".to_owned(), 401),
    ];
    for (path, status) in &public {
        checked.push((path.clone(), *status, app.get(path).await));
    }
    checked.push((format!("POST /s/{token} (score 11)"), 422, app.post_fields(&format!("/s/{token}"), &[("score", "11")]).await));
    checked.push((format!("POST /s/{token} (JSON)"), 415, app.client.post(app.url(&format!("/s/{token}"))).json(&1).send().await.expect("POST")));

    let staff = [
        ("/staff/follow-ups".to_owned(), 200),
        ("/staff/follow-ups/1".to_owned(), 200),
        ("/staff/follow-ups/999999".to_owned(), 404),
        (format!("/staff/dashboard?survey={survey_id}"), 200),
        (format!("/staff/dashboard?survey={survey_id}&from=nope"), 422),
        (format!("/staff/dashboard/charts/nps.svg?survey={survey_id}"), 200),
        (format!("/staff/dashboard/charts/nps.csv?survey={survey_id}"), 200),
        (format!("/staff/responses.csv?survey={survey_id}&excel=1"), 200),
        (format!("/staff/keywords?survey={survey_id}"), 200),
        ("/staff/accounts".to_owned(), 200),
        ("/staff/import".to_owned(), 403),
    ];
    for (path, status) in &staff {
        checked.push((format!("{path} (signed in)"), *status, manager.get(&app, path).await));
    }
    let forged = manager.client.post(app.url("/staff/sign-out")).form(&[("csrf_token", "forged")]).send().await.expect("POST");
    checked.push(("POST /staff/sign-out (forged CSRF)".to_owned(), 403, forged));

    let api = [
        ("/follow-ups".to_owned(), 200),
        (format!("/surveys/{survey_id}/summary"), 200),
        (format!("/surveys/{survey_id}/responses.csv"), 200),
        (format!("/surveys/{survey_id}/keywords?limit=0"), 422),
        ("/surveys/999999/summary".to_owned(), 404),
    ];
    for (path, status) in &api {
        let response = app.client.get(app.url(&format!("/api/v1{path}"))).bearer_auth(&api_token).send().await.expect("GET");
        checked.push((format!("/api/v1{path}"), *status, response));
    }

    let mut failures = Vec::new();
    for (what, status, response) in &checked {
        let mut problems = header_problems(response);
        if response.status().as_u16() != *status {
            problems.push(format!("status {} instead of {status}", response.status()));
        }
        if !problems.is_empty() {
            failures.push(format!("{what}: {}", problems.join("; ")));
        }
    }
    println!("{} responses checked, {} without the headers", checked.len(), failures.len());
    assert!(failures.is_empty(), "{failures:#?}");
}
