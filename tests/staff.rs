//! Staff sign-in, sessions, CSRF and the keyword pages, through real HTTP.
#![allow(clippy::expect_used)] // a test may stop at the first thing that goes wrong

mod common;

use common::{browser, count, hidden, invite, location, survey, world, TestApp, STAFF_PASSWORD};
use koe::domain::role::Role;


async fn sign_in_form(app: &TestApp, client: &reqwest::Client) -> String {
    let page = client.get(app.url("/staff/sign-in")).send().await.expect("GET").text().await.unwrap_or_default();
    hidden(&page, "csrf_token")
}

async fn sign_in(app: &TestApp, client: &reqwest::Client, email: &str, password: &str) -> reqwest::Response {
    let csrf = sign_in_form(app, client).await;
    client
        .post(app.url("/staff/sign-in"))
        .form(&[("email", email), ("password", password), ("csrf_token", &csrf), ("next", "/staff/keywords")])
        .send()
        .await
        .expect("POST")
}

#[actix_web::test]
async fn staff_pages_need_a_session_and_sign_in_leads_back() {
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    world(&mut conn);
    survey(&mut conn, "nps");
    let client = browser();

    let refused = client.get(app.url("/staff/keywords?survey=1")).send().await.expect("GET");
    assert_eq!(refused.status(), 303);
    assert_eq!(location(&refused), "/staff/sign-in?next=%2Fstaff%2Fkeywords%3Fsurvey%3D1");

    let signed_in = sign_in(&app, &client, "OWNER@example.com", STAFF_PASSWORD).await;
    assert_eq!(signed_in.status(), 303);
    assert_eq!(location(&signed_in), "/staff/keywords");
    let cookie = signed_in.headers().get_all("set-cookie").iter().filter_map(|v| v.to_str().ok()).find(|c| c.starts_with("koe_session="));
    let cookie = cookie.expect("session cookie").to_owned();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");

    let page = client.get(app.url("/staff/keywords")).send().await.expect("GET");
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap_or_default().contains("担当 太郎"), "the signed-in user is shown");
    assert_eq!(count(&mut conn, "staff_sessions"), 1);
    let stored: Vec<Vec<u8>> = {
        use diesel::prelude::*;
        koe::db::schema::staff_sessions::table.select(koe::db::schema::staff_sessions::token_sha256).load(&mut conn).expect("sessions")
    };
    let token = cookie.trim_start_matches("koe_session=").split(';').next().unwrap_or_default();
    assert_eq!(stored, vec![koe::domain::token::token_digest(token)], "only the token's digest is stored");
}

#[actix_web::test]
async fn wrong_passwords_are_refused_alike_and_then_throttled() {
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    world(&mut conn);
    let client = browser();

    let unknown = sign_in(&app, &client, "nobody@example.com", STAFF_PASSWORD).await;
    assert_eq!(unknown.status(), 401);
    let unknown_page = unknown.text().await.unwrap_or_default();
    let wrong = sign_in(&app, &client, "owner@example.com", "wrong password!").await;
    assert_eq!(wrong.status(), 401);
    let wrong_page = wrong.text().await.unwrap_or_default();
    let message = koe_views::i18n::strings(koe_views::Lang::Ja).staff.sign_in.invalid_credentials;
    assert!(unknown_page.contains(message) && wrong_page.contains(message), "the same message for both");
    assert!(wrong_page.contains("value=\"owner@example.com\""), "the email stays in the form");
    assert!(!wrong_page.contains("wrong password!"), "the password is never echoed");

    for _ in 0..4 {
        sign_in(&app, &client, "owner@example.com", "still wrong!!").await;
    }
    let locked = sign_in(&app, &client, "owner@example.com", STAFF_PASSWORD).await;
    assert_eq!(locked.status(), 429, "even the right password waits once the account is throttled");
    assert!(locked.headers().get("retry-after").is_some());
    assert_eq!(count(&mut conn, "staff_sessions"), 0);
}

#[actix_web::test]
async fn forms_without_the_right_csrf_token_change_nothing() {
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    world(&mut conn);

    // A sign-in posted from another site has no CSRF cookie.
    let forged = app
        .client
        .post(app.url("/staff/sign-in"))
        .form(&[("email", "owner@example.com"), ("password", STAFF_PASSWORD), ("csrf_token", "guess")])
        .send()
        .await
        .expect("POST");
    assert_eq!(forged.status(), 403);
    assert_eq!(count(&mut conn, "staff_sessions"), 0);

    let client = browser();
    assert_eq!(sign_in(&app, &client, "owner@example.com", STAFF_PASSWORD).await.status(), 303);
    let sign_out = client.post(app.url("/staff/sign-out")).form(&[("csrf_token", "forged")]).send().await.expect("POST");
    assert_eq!(sign_out.status(), 403);
    assert_eq!(count(&mut conn, "staff_sessions"), 1, "still signed in");

    let page = client.get(app.url("/staff/keywords")).send().await.expect("GET").text().await.unwrap_or_default();
    let csrf = hidden(&page, "csrf_token");
    let signed_out = client.post(app.url("/staff/sign-out")).form(&[("csrf_token", csrf.as_str())]).send().await.expect("POST");
    assert_eq!(signed_out.status(), 303);
    assert_eq!(count(&mut conn, "staff_sessions"), 0);
    let after = client.get(app.url("/staff/keywords")).send().await.expect("GET");
    assert_eq!(after.status(), 303, "the old cookie no longer works");
}

#[actix_web::test]
async fn a_disabled_user_loses_access_at_once_and_hostile_next_links_are_ignored() {
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    world(&mut conn);
    koe::service::users::add(&mut conn, "lead@example.com", "リード", Role::Manager, STAFF_PASSWORD).expect("user");
    let client = browser();
    let csrf = sign_in_form(&app, &client).await;
    let response = client
        .post(app.url("/staff/sign-in"))
        .form(&[("email", "lead@example.com"), ("password", STAFF_PASSWORD), ("csrf_token", &csrf), ("next", "//evil.example/")])
        .send()
        .await
        .expect("POST");
    assert_eq!(location(&response), "/staff/follow-ups", "a hostile link leads to the inbox instead");

    {
        use diesel::prelude::*;
        use koe::db::schema::users;
        diesel::update(users::table.filter(users::email.eq("lead@example.com")))
            .set(users::disabled_at.eq(chrono::Utc::now()))
            .execute(&mut conn)
            .expect("disable");
    }
    assert_eq!(client.get(app.url("/staff/keywords")).send().await.expect("GET").status(), 303);
}

#[actix_web::test]
async fn the_keyword_pages_show_terms_and_escaped_comments() {
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    let world = world(&mut conn);
    let nps = survey(&mut conn, "nps");
    for comment in ["請求書が<script>alert(1)</script>分かりにくい", "請求書の宛名を変更できない", "サポートが丁寧"] {
        let token = invite(&mut conn, &nps, &world);
        let score = if comment.starts_with("請求書") { "3" } else { "10" };
        app.post_fields(&format!("/s/{token}"), &[("score", score), ("comment", comment)]).await;
    }
    let client = browser();
    sign_in(&app, &client, "owner@example.com", STAFF_PASSWORD).await;

    let list = client.get(app.url(&format!("/staff/keywords?survey={}&category=detractor", nps.id.0))).send().await.expect("GET");
    assert_eq!(list.status(), 200);
    let list = list.text().await.unwrap_or_default();
    assert!(list.contains("請求書"), "{list}");
    assert!(!list.contains("丁寧"), "promoters' words are not among detractors'");

    let detail_path = format!("/staff/keywords/{}/{}?category=detractor", nps.id.0, "%E8%AB%8B%E6%B1%82%E6%9B%B8");
    let detail = client.get(app.url(&detail_path)).send().await.expect("GET");
    assert_eq!(detail.status(), 200);
    let detail = detail.text().await.unwrap_or_default();
    assert!(detail.contains("<mark>請求書</mark>"), "the occurrence is marked");
    assert!(detail.contains("&lt;script&gt;") && !detail.contains("<script>alert"), "comments are escaped");

    let answer_ids: Vec<&str> = detail.split("href=\"/staff/responses/").skip(1).filter_map(|rest| rest.split('"').next()).collect();
    assert_eq!(answer_ids.len(), 2, "each comment links to its answer");
    let mut pages = Vec::new();
    for id in &answer_ids {
        let answer = client.get(app.url(&format!("/staff/responses/{id}"))).send().await.expect("GET");
        assert_eq!(answer.status(), 200);
        pages.push(answer.text().await.unwrap_or_default());
    }
    assert!(pages.iter().all(|page| page.contains("株式会社テスト商事") && page.contains("NPS 3")), "{pages:?}");
    assert!(pages.iter().any(|page| page.contains("&lt;script&gt;")) && !pages.iter().any(|page| page.contains("<script>alert")));
    for missing in ["/staff/responses/999999", "/staff/responses/abc", "/staff/responses/99999999999999999999", "/staff/keywords/x/y"] {
        let response = client.get(app.url(missing)).send().await.expect("GET");
        assert_eq!(response.status(), 404, "{missing}");
        assert!(response.text().await.unwrap_or_default().contains("<html"), "a page, not plain text: {missing}");
    }
    assert_eq!(app.get(&format!("/staff/responses/{}", answer_ids[0])).await.status(), 303, "only for signed-in staff");

    let invalid = client.get(app.url(&format!("/staff/keywords?survey={}&category=nonsense&from=2026-99-99", nps.id.0))).send().await;
    assert_eq!(invalid.map(|r| r.status().as_u16()).unwrap_or(0), 200, "bad filters fall back with a notice, not an error");
}

#[actix_web::test]
async fn changing_the_password_checks_the_current_one_and_signs_out_other_sessions() {
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    world(&mut conn);
    let laptop = browser();
    let phone = browser();
    assert_eq!(sign_in(&app, &laptop, "owner@example.com", STAFF_PASSWORD).await.status(), 303);
    assert_eq!(sign_in(&app, &phone, "owner@example.com", STAFF_PASSWORD).await.status(), 303);
    let page = laptop.get(app.url("/staff/password")).send().await.expect("GET").text().await.unwrap_or_default();
    let csrf = hidden(&page, "csrf_token");
    let strings = &koe_views::i18n::strings(koe_views::Lang::Ja).staff.password;

    let post = |fields: Vec<(&'static str, String)>| {
        let client = laptop.clone();
        let url = app.url("/staff/password");
        async move { client.post(url).form(&fields).send().await.expect("POST") }
    };
    let refused = post(vec![
        ("csrf_token", csrf.clone()),
        ("current_password", "not it at all".into()),
        ("new_password", "short".into()),
        ("new_password_again", "different".into()),
    ])
    .await;
    assert_eq!(refused.status(), 422);
    let refused = refused.text().await.unwrap_or_default();
    assert!(refused.contains(strings.current_wrong) && refused.contains(strings.mismatch), "every problem at once");
    assert!(!refused.contains("not it at all"), "passwords are never echoed");

    let forged = post(vec![
        ("csrf_token", "forged".into()),
        ("current_password", STAFF_PASSWORD.into()),
        ("new_password", "a brand new passphrase".into()),
        ("new_password_again", "a brand new passphrase".into()),
    ])
    .await;
    assert_eq!(forged.status(), 403);

    let changed = post(vec![
        ("csrf_token", csrf.clone()),
        ("current_password", STAFF_PASSWORD.into()),
        ("new_password", "a brand new passphrase".into()),
        ("new_password_again", "a brand new passphrase".into()),
    ])
    .await;
    assert_eq!(changed.status(), 303);
    assert_eq!(laptop.get(app.url("/staff/keywords")).send().await.expect("GET").status(), 200, "this session goes on");
    assert_eq!(phone.get(app.url("/staff/keywords")).send().await.expect("GET").status(), 303, "the other one ended");
    assert_eq!(sign_in(&app, &browser(), "owner@example.com", STAFF_PASSWORD).await.status(), 401);
    assert_eq!(sign_in(&app, &browser(), "owner@example.com", "a brand new passphrase").await.status(), 303);
}
