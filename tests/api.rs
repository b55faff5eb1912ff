//! The JSON API as an integration (a CRM, a script) uses it.
#![allow(clippy::expect_used)] // a test may stop at the first thing that goes wrong

mod common;

use common::{count, TestApp};
use serde_json::{json, Value};

struct Api<'a> {
    app: &'a TestApp,
    token: String,
}

impl Api<'_> {
    async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        let response = self
            .app
            .client
            .post(self.app.url(&format!("/api/v1{path}")))
            .bearer_auth(&self.token)
            .json(&body)
            .send()
            .await
            .expect("POST");
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }
}

async fn setup(app: &TestApp) -> Api<'_> {
    let mut conn = app.conn();
    koe::service::users::add(&mut conn, "owner@example.com", "担当", koe::domain::role::Role::Cs, "long enough password")
        .expect("owner");
    Api { app, token: app.api_token("write") }
}

fn error_code(body: &Value) -> &str {
    body["error"]["code"].as_str().unwrap_or_default()
}

#[actix_web::test]
async fn a_crm_creates_an_account_a_contact_a_survey_and_an_invitation_that_works() {
    let app = TestApp::spawn().await;
    let api = setup(&app).await;

    let account = json!({"external_id": "SF-001", "name": "株式会社みらい", "owner_email": "Owner@Example.com", "segment": "mid", "plan": "business", "mrr": 120000});
    let (status, body) = api.post("/accounts", account.clone()).await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["owner_email"], "owner@example.com");
    let (status, body) = api.post("/accounts", json!({"external_id": "SF-001", "name": "株式会社みらい HD", "mrr": 150000})).await;
    assert_eq!(status, 200, "an upsert of a known account");
    assert_eq!(body["name"], "株式会社みらい HD");

    let (status, body) = api.post("/contacts", json!({"account_external_id": "SF-001", "email": "Hanako@Mirai.example", "name": "山田 花子"})).await;
    assert_eq!(status, 201, "{body}");
    let (status, _) = api.post("/contacts", json!({"account_external_id": "SF-001", "email": "hanako@mirai.example", "locale": "en"})).await;
    assert_eq!(status, 200, "emails are matched without regard to case");

    let (status, survey) = api.post("/surveys", json!({"kind": "nps", "name": "2026年 NPS"})).await;
    assert_eq!(status, 201, "{survey}");
    let survey_id = survey["id"].as_i64().unwrap_or_default();

    let (status, invitation) = api.post(&format!("/surveys/{survey_id}/invitations"), json!({"contact_email": "hanako@mirai.example"})).await;
    assert_eq!(status, 201, "{invitation}");
    let token = invitation["token"].as_str().unwrap_or_default().to_owned();
    assert!(token.len() >= 22, "at least 128 bits, URL-safe: {token}");
    assert_eq!(invitation["url"], format!("{}/s/{token}", app.address));
    assert!(invitation["expires_at"].is_string());

    let form = app.get(&format!("/s/{token}")).await;
    assert_eq!(form.status(), 200);
    assert!(form.text().await.unwrap_or_default().contains("lang=\"en\""), "the contact's locale");
}

#[actix_web::test]
async fn requests_without_a_valid_token_are_refused() {
    let app = TestApp::spawn().await;
    let body = json!({"kind": "nps", "name": "x"});
    let none = app.client.post(app.url("/api/v1/surveys")).json(&body).send().await.expect("POST");
    assert_eq!(none.status(), 401);
    let error: Value = none.json().await.unwrap_or(Value::Null);
    assert_eq!(error_code(&error), "unauthorized");

    let wrong = app.client.post(app.url("/api/v1/surveys")).bearer_auth("koe_not-a-real-token").json(&body).send().await;
    assert_eq!(wrong.map(|r| r.status().as_u16()).unwrap_or(0), 401);

    let read_only = Api { app: &app, token: app.api_token("read") };
    let (status, body) = read_only.post("/surveys", body).await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(count(&mut app.conn(), "surveys"), 0);
}

#[actix_web::test]
async fn bad_bodies_get_the_right_4xx_and_change_nothing() {
    let app = TestApp::spawn().await;
    let api = setup(&app).await;

    let malformed = app
        .client
        .post(app.url("/api/v1/accounts"))
        .bearer_auth(&api.token)
        .header("Content-Type", "application/json")
        .body("{\"external_id\": ")
        .send()
        .await
        .expect("POST");
    assert_eq!(malformed.status(), 400);
    let body: Value = malformed.json().await.unwrap_or(Value::Null);
    assert_eq!(error_code(&body), "malformed_json");

    let (status, body) = api.post("/accounts", json!({"external_id": "A", "name": 5})).await;
    assert_eq!(status, 422, "wrong type: {body}");
    let (status, body) = api.post("/accounts", json!({"external_id": "  ", "name": "x"})).await;
    assert_eq!(status, 422, "blank id: {body}");
    assert_eq!(body["error"]["field"], "external_id");
    let (status, body) = api.post("/accounts", json!({"external_id": "A", "name": "x", "mrr": -1})).await;
    assert_eq!((status, body["error"]["field"].as_str()), (422, Some("mrr")));
    let (status, body) = api.post("/accounts", json!({"external_id": "A", "name": "x", "owner_email": "nobody@example.com"})).await;
    assert_eq!((status, error_code(&body)), (422, "unknown_owner"));
    let (status, body) = api.post("/contacts", json!({"account_external_id": "missing", "email": "a@b.example"})).await;
    assert_eq!((status, error_code(&body)), (422, "unknown_account"));
    let (status, body) = api.post("/surveys", json!({"kind": "ces", "name": "x"})).await;
    assert_eq!((status, error_code(&body)), (422, "invalid_kind"));

    let huge = json!({"external_id": "A", "name": "x".repeat(100 * 1024)});
    let (status, _) = api.post("/accounts", huge).await;
    assert_eq!(status, 413);

    let text = app.client.post(app.url("/api/v1/accounts")).bearer_auth(&api.token).body("external_id=A").send().await;
    assert_eq!(text.map(|r| r.status().as_u16()).unwrap_or(0), 415);

    assert_eq!(count(&mut app.conn(), "accounts"), 0);
}

#[actix_web::test]
async fn invitations_name_what_is_wrong() {
    let app = TestApp::spawn().await;
    let api = setup(&app).await;
    let (_, survey) = api.post("/surveys", json!({"kind": "csat", "name": "サポート"})).await;
    let id = survey["id"].as_i64().unwrap_or_default();

    let (status, body) = api.post("/surveys/999999/invitations", json!({"contact_email": "a@b.example"})).await;
    assert_eq!((status, error_code(&body)), (404, "not_found"));
    let (status, _) = api.post("/surveys/not-a-number/invitations", json!({"contact_email": "a@b.example"})).await;
    assert_eq!(status, 404);
    let (status, body) = api.post(&format!("/surveys/{id}/invitations"), json!({"contact_email": "not an email"})).await;
    assert_eq!((status, error_code(&body)), (422, "invalid_email"));
    let (status, body) = api.post(&format!("/surveys/{id}/invitations"), json!({"contact_email": "stranger@b.example"})).await;
    assert_eq!((status, error_code(&body)), (422, "unknown_contact"));

    koe::db::surveys::close(&mut app.conn(), koe::domain::ids::SurveyId(id)).expect("close");
    api.post("/accounts", json!({"external_id": "A", "name": "x"})).await;
    api.post("/contacts", json!({"account_external_id": "A", "email": "c@b.example"})).await;
    let (status, body) = api.post(&format!("/surveys/{id}/invitations"), json!({"contact_email": "c@b.example"})).await;
    assert_eq!((status, error_code(&body)), (409, "survey_closed"));
    assert_eq!(count(&mut app.conn(), "invitations"), 0);

    let unknown_route = app.client.get(app.url("/api/v1/nothing-here")).send().await.expect("GET");
    assert_eq!(unknown_route.status(), 404);
    let body: Value = unknown_route.json().await.unwrap_or(Value::Null);
    assert_eq!(error_code(&body), "not_found", "API errors are JSON even for unknown routes");
}

#[actix_web::test]
async fn exit_surveys_take_their_own_reasons() {
    let app = TestApp::spawn().await;
    let api = setup(&app).await;
    let reasons = json!([{"code": "price", "ja": "価格", "en": "Price"}, {"code": "moved", "ja": "移転"}]);
    let (status, survey) = api.post("/surveys", json!({"kind": "exit", "name": "解約", "reasons": reasons, "public_link": true})).await;
    assert_eq!(status, 201, "{survey}");
    assert_eq!(survey["reasons"][1]["en"], "移転", "English falls back to Japanese");
    let public_url = survey["public_url"].as_str().unwrap_or_default().to_owned();
    assert!(public_url.starts_with(&format!("{}/s/", app.address)));

    let duplicate = json!([{"code": "a", "ja": "A"}, {"code": "a", "ja": "B"}]);
    let (status, body) = api.post("/surveys", json!({"kind": "exit", "name": "x", "reasons": duplicate})).await;
    assert_eq!((status, error_code(&body)), (422, "duplicate_code"));
    let (status, body) = api.post("/surveys", json!({"kind": "nps", "name": "x", "reasons": reasons})).await;
    assert_eq!((status, error_code(&body)), (422, "not_applicable"));
    assert_eq!(count(&mut app.conn(), "surveys"), 1);
}

/// The routes `src/http/api/mod.rs` registers, as (path, method), read from its source so that
/// a route added there without documentation fails the test below.
fn registered_routes() -> Vec<(String, String)> {
    let source = include_str!("../src/http/api/mod.rs");
    source
        .split(".route(\"")
        .skip(1)
        .filter_map(|rest| {
            let (path, rest) = rest.split_once('"')?;
            let method = rest.split("web::").nth(1)?.split('(').next()?;
            Some((path.to_owned(), method.to_owned()))
        })
        .collect()
}

#[actix_web::test]
async fn the_openapi_document_describes_every_route() {
    let app = TestApp::spawn().await;
    let response = app.client.get(app.url("/api/v1/openapi.json")).send().await.expect("GET");
    assert_eq!(response.status(), 200, "readable without a token");
    let document: Value = response.json().await.unwrap_or(Value::Null);
    assert!(document["openapi"].as_str().unwrap_or_default().starts_with("3."));
    let routes = registered_routes();
    assert!(routes.len() >= 22, "the routes were not read from mod.rs: {routes:?}");
    for (path, method) in &routes {
        let operation = &document["paths"][path][method];
        assert!(operation.is_object(), "{method} {path} is not documented");
        let responses = operation["responses"].as_object().expect("responses");
        assert!(responses.keys().any(|status| status.starts_with('2')), "{method} {path} has no success response");
        if path != "/openapi.json" {
            assert!(responses.contains_key("401"), "{method} {path} does not document the refused token");
        }
    }
    // Nothing is documented that the API does not serve.
    let documented = document["paths"].as_object().expect("paths");
    for (path, item) in documented {
        for method in item.as_object().expect("path item").keys() {
            assert!(routes.contains(&(path.clone(), method.clone())), "{method} {path} is documented but not served");
        }
    }
    // Request bodies come from the input types.
    let schemas = &document["components"]["schemas"];
    assert_eq!(schemas["AccountInput"]["required"], json!(["external_id", "name"]));
    assert_eq!(schemas["SurveyInput"]["properties"]["kind"]["enum"], json!(["nps", "csat", "exit"]));
    // Every reference points at a component that exists.
    let text = document.to_string();
    for reference in text.split("\"$ref\":\"#/components/").skip(1).filter_map(|rest| rest.split('"').next()) {
        let mut node = &document["components"];
        for part in reference.split('/') {
            node = &node[part];
        }
        assert!(!node.is_null(), "dangling reference {reference}");
    }
}
