//! The follow-up workflow through real HTTP: the inbox, the case page, status changes,
//! reassignment, who may do what (each refusal a 403 that changes nothing), and the API.
#![allow(clippy::expect_used)] // a test may stop at the first thing that goes wrong

mod common;

use common::{browser, count, hidden, invite, location, survey, world, TestApp, STAFF_PASSWORD};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Text, Timestamptz};
use koe::domain::role::Role;
use koe::service;

const OWNER: &str = "owner@example.com";
const OTHER_CS: &str = "other@example.com";
const MANAGER: &str = "manager@example.com";

/// A signed-in browser and its session's CSRF token.
struct Session {
    client: reqwest::Client,
    csrf: String,
}

async fn sign_in(app: &TestApp, email: &str) -> Session {
    let client = browser();
    let page = client.get(app.url("/staff/sign-in")).send().await.expect("GET").text().await.unwrap_or_default();
    let csrf = hidden(&page, "csrf_token");
    let signed_in = client
        .post(app.url("/staff/sign-in"))
        .form(&[("email", email), ("password", STAFF_PASSWORD), ("csrf_token", &csrf), ("next", "/staff/follow-ups")])
        .send()
        .await
        .expect("POST");
    assert_eq!(signed_in.status(), 303, "sign-in of {email}");
    let page = client.get(app.url("/staff/follow-ups")).send().await.expect("GET").text().await.unwrap_or_default();
    Session { client, csrf: hidden(&page, "csrf_token") }
}

impl Session {
    async fn get(&self, app: &TestApp, path: &str) -> reqwest::Response {
        self.client.get(app.url(path)).send().await.expect("GET")
    }

    async fn post(&self, app: &TestApp, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let mut fields = fields.to_vec();
        fields.push(("csrf_token", &self.csrf));
        self.client.post(app.url(path)).form(&fields).send().await.expect("POST")
    }
}

#[derive(Debug, QueryableByName, PartialEq)]
struct Case {
    #[diesel(sql_type = BigInt)]
    id: i64,
    #[diesel(sql_type = Text)]
    status: String,
    #[diesel(sql_type = Nullable<Text>)]
    owner_email: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    outcome: Option<String>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    first_contacted_at: Option<chrono::DateTime<chrono::Utc>>,
}

fn cases(conn: &mut PgConnection) -> Vec<Case> {
    diesel::sql_query(
        "SELECT f.id, f.status, u.email AS owner_email, f.outcome, f.first_contacted_at
         FROM follow_ups f LEFT JOIN users u ON u.id = f.owner_id ORDER BY f.id",
    )
    .load(conn)
    .expect("follow-ups")
}

#[derive(Debug, QueryableByName)]
struct EventRow {
    #[diesel(sql_type = Text)]
    kind: String,
    #[diesel(sql_type = Nullable<Text>)]
    to_status: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    note: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    actor: Option<String>,
}

fn events(conn: &mut PgConnection) -> Vec<EventRow> {
    diesel::sql_query(
        "SELECT e.kind, e.to_status, e.note, u.email AS actor FROM follow_up_events e
         LEFT JOIN users u ON u.id = e.actor_id ORDER BY e.id",
    )
    .load(conn)
    .expect("events")
}

/// koe with the world, two more staff members, and one detractor's case owned by OWNER.
async fn detractor() -> (TestApp, PgConnection, i64) {
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    let world = world(&mut conn);
    service::users::add(&mut conn, OTHER_CS, "別の 担当", Role::Cs, STAFF_PASSWORD).expect("other cs");
    service::users::add(&mut conn, MANAGER, "上司 一郎", Role::Manager, STAFF_PASSWORD).expect("manager");
    let nps = survey(&mut conn, "nps");
    let token = invite(&mut conn, &nps, &world);
    let answered = app.post_fields(&format!("/s/{token}"), &[("score", "3"), ("comment", "請求書が<b>分かりにくい</b>")]).await;
    assert_eq!(answered.status(), 303);
    let id = cases(&mut conn).first().expect("a case").id;
    (app, conn, id)
}

#[actix_web::test]
async fn a_detractor_is_in_its_owners_inbox_with_its_history_started() {
    let (app, mut conn, id) = detractor().await;
    let history = events(&mut conn);
    assert_eq!(history.len(), 1);
    assert_eq!((history[0].kind.as_str(), history[0].to_status.as_deref(), history[0].actor.as_deref()), ("created", Some("open"), None));

    let owner = sign_in(&app, OWNER).await;
    let inbox = owner.get(&app, "/staff/follow-ups").await.text().await.unwrap_or_default();
    assert!(inbox.contains(&format!("href=\"/staff/follow-ups/{id}\"")));
    assert!(inbox.contains("請求書が&lt;b&gt;分かりにくい&lt;/b&gt;"), "the comment, escaped");
    assert!(inbox.contains("customer@example.com") && inbox.contains("NPS 3"));
    assert!(inbox.contains("aria-current=\"page\">フォローアップ</a>"));

    let other = sign_in(&app, OTHER_CS).await;
    let theirs = other.get(&app, "/staff/follow-ups").await.text().await.unwrap_or_default();
    assert!(!theirs.contains(&format!("/staff/follow-ups/{id}\"")), "another CS member's inbox");
}

#[actix_web::test]
async fn the_owner_marks_a_case_contacted_with_a_note_then_resolves_it() {
    let (app, mut conn, id) = detractor().await;
    let owner = sign_in(&app, OWNER).await;
    let path = format!("/staff/follow-ups/{id}");
    let page = owner.get(&app, &path).await.text().await.unwrap_or_default();
    assert!(page.contains("請求書が&lt;b&gt;分かりにくい&lt;/b&gt;") && page.contains("mailto:customer@example.com"));
    assert!(page.contains(&format!("action=\"{path}/status\"")));
    assert!(!page.contains(&format!("action=\"{path}/owner\"")), "CS staff do not reassign");

    let moved = owner.post(&app, &format!("{path}/status"), &[("status", "contacted"), ("note", "電話で状況を伺いました"), ("outcome", "")]).await;
    assert_eq!(moved.status(), 303);
    assert_eq!(location(&moved), path);
    let after = cases(&mut conn).remove(0);
    assert_eq!(after.status, "contacted");
    let first_contact = after.first_contacted_at.expect("first contact stamped");

    let resolved = owner.post(&app, &format!("{path}/status"), &[("status", "resolved"), ("note", ""), ("outcome", "請求書の見方をご案内")]).await;
    assert_eq!(resolved.status(), 303);
    let after = cases(&mut conn).remove(0);
    assert_eq!((after.status.as_str(), after.outcome.as_deref()), ("resolved", Some("請求書の見方をご案内")));
    assert_eq!(after.first_contacted_at, Some(first_contact), "the first contact stays the first");

    let history = events(&mut conn);
    let kinds: Vec<(&str, Option<&str>)> = history.iter().map(|e| (e.kind.as_str(), e.to_status.as_deref())).collect();
    assert_eq!(kinds, [("created", Some("open")), ("status", Some("contacted")), ("status", Some("resolved"))]);
    assert_eq!(history[1].note.as_deref(), Some("電話で状況を伺いました"));
    assert_eq!(history[1].actor.as_deref(), Some(OWNER));
    let page = owner.get(&app, &path).await.text().await.unwrap_or_default();
    assert!(page.contains("電話で状況を伺いました") && page.contains("請求書の見方をご案内"));

    // A resolved case has left the inbox, and may be reopened.
    let inbox = owner.get(&app, "/staff/follow-ups").await.text().await.unwrap_or_default();
    assert!(!inbox.contains(&format!("href=\"{path}\"")));
    assert_eq!(owner.post(&app, &format!("{path}/status"), &[("status", "open")]).await.status(), 303);
    assert_eq!(cases(&mut conn)[0].status, "open");
}

#[actix_web::test]
async fn wont_fix_without_a_note_comes_back_with_what_was_typed_and_changes_nothing() {
    let (app, mut conn, id) = detractor().await;
    let owner = sign_in(&app, OWNER).await;
    let refused = owner
        .post(&app, &format!("/staff/follow-ups/{id}/status"), &[("status", "wont_fix"), ("note", "  "), ("outcome", "連絡がつかない<script>")])
        .await;
    assert_eq!(refused.status(), 422);
    let page = refused.text().await.unwrap_or_default();
    assert!(page.contains("role=\"alert\""));
    assert!(page.contains("<option value=\"wont_fix\" selected>"));
    assert!(page.contains("連絡がつかない&lt;script&gt;</textarea>"));
    assert_eq!(cases(&mut conn)[0].status, "open");
    assert_eq!(count(&mut conn, "follow_up_events"), 1);

    // A move outside the workflow is refused the same way.
    let skipped = owner.post(&app, &format!("/staff/follow-ups/{id}/status"), &[("status", "resolved")]).await;
    assert_eq!(skipped.status(), 422);
    assert_eq!(cases(&mut conn)[0].status, "open");
}

#[actix_web::test]
async fn cs_staff_may_not_act_on_cases_of_accounts_they_do_not_own() {
    let (app, mut conn, id) = detractor().await;
    let other = sign_in(&app, OTHER_CS).await;
    let path = format!("/staff/follow-ups/{id}");
    // They may read the case, but the page offers no forms.
    let page = other.get(&app, &path).await.text().await.unwrap_or_default();
    assert!(!page.contains(&format!("action=\"{path}/status\"")));
    let before = cases(&mut conn);
    for (action, fields) in [
        ("status", vec![("status", "contacted"), ("note", "勝手に")]),
        ("owner", vec![("owner_email", OTHER_CS)]),
        ("owner", vec![("owner_email", "")]),
    ] {
        let refused = other.post(&app, &format!("{path}/{action}"), &fields).await;
        assert_eq!(refused.status(), 403, "{action} {fields:?}");
    }
    // The owner may not give their case away either: reassignment is for managers.
    let owner = sign_in(&app, OWNER).await;
    assert_eq!(owner.post(&app, &format!("{path}/owner"), &[("owner_email", OTHER_CS)]).await.status(), 403);
    assert_eq!(owner.post(&app, &format!("{path}/owner"), &[("owner_email", "")]).await.status(), 403);
    assert_eq!(cases(&mut conn), before);
    assert_eq!(count(&mut conn, "follow_up_events"), 1);
}

#[actix_web::test]
async fn a_post_without_this_sessions_csrf_token_changes_nothing() {
    let (app, mut conn, id) = detractor().await;
    let owner = sign_in(&app, OWNER).await;
    let path = format!("/staff/follow-ups/{id}/status");
    let missing = owner.client.post(app.url(&path)).form(&[("status", "contacted")]).send().await.expect("POST");
    assert_eq!(missing.status(), 403);
    let wrong = owner.client.post(app.url(&path)).form(&[("status", "contacted"), ("csrf_token", "forged")]).send().await.expect("POST");
    assert_eq!(wrong.status(), 403);
    let manager = sign_in(&app, MANAGER).await;
    let borrowed = manager.client.post(app.url(&format!("/staff/follow-ups/{id}/owner"))).form(&[("owner_email", OTHER_CS), ("csrf_token", &owner.csrf)]).send().await.expect("POST");
    assert_eq!(borrowed.status(), 403, "another session's token");
    assert_eq!(cases(&mut conn)[0].status, "open");
    assert_eq!(cases(&mut conn)[0].owner_email.as_deref(), Some(OWNER));
}

#[actix_web::test]
async fn a_case_without_an_owner_waits_in_the_shared_queue_until_someone_takes_it() {
    let (app, mut conn, id) = detractor().await;
    diesel::sql_query("UPDATE follow_ups SET owner_id = NULL").execute(&mut conn).expect("unown");
    let path = format!("/staff/follow-ups/{id}");

    let manager = sign_in(&app, MANAGER).await;
    let mine = manager.get(&app, "/staff/follow-ups").await.text().await.unwrap_or_default();
    assert!(!mine.contains(&format!("href=\"{path}\"")));
    let shared = manager.get(&app, "/staff/follow-ups?scope=shared").await.text().await.unwrap_or_default();
    assert!(shared.contains(&format!("href=\"{path}\"")) && shared.contains("<option value=\"shared\" selected>"));

    let cs = sign_in(&app, OTHER_CS).await;
    assert_eq!(cs.post(&app, &format!("{path}/status"), &[("status", "contacted")]).await.status(), 403, "not theirs yet");
    assert_eq!(cs.post(&app, &format!("{path}/owner"), &[("owner_email", OWNER)]).await.status(), 403, "only for themselves");
    let page = cs.get(&app, &path).await.text().await.unwrap_or_default();
    assert!(page.contains("自分の担当にする"));
    let taken = cs.post(&app, &format!("{path}/owner"), &[("owner_email", OTHER_CS)]).await;
    assert_eq!(taken.status(), 303);
    assert_eq!(cases(&mut conn)[0].owner_email.as_deref(), Some(OTHER_CS));
    assert_eq!(cs.post(&app, &format!("{path}/status"), &[("status", "contacted")]).await.status(), 303);
    let history = events(&mut conn);
    assert_eq!(history.iter().map(|e| e.kind.as_str()).collect::<Vec<_>>(), ["created", "reassigned", "status"]);
}

#[actix_web::test]
async fn managers_reassign_any_case_and_the_history_says_who_did_it() {
    let (app, mut conn, id) = detractor().await;
    let manager = sign_in(&app, MANAGER).await;
    let path = format!("/staff/follow-ups/{id}");
    let unknown = manager.post(&app, &format!("{path}/owner"), &[("owner_email", "nobody@example.com")]).await;
    assert_eq!(unknown.status(), 422);
    assert!(unknown.text().await.unwrap_or_default().contains("value=\"nobody@example.com\""));
    assert_eq!(cases(&mut conn)[0].owner_email.as_deref(), Some(OWNER));

    let moved = manager.post(&app, &format!("{path}/owner"), &[("owner_email", OTHER_CS)]).await;
    assert_eq!(moved.status(), 303);
    assert_eq!(cases(&mut conn)[0].owner_email.as_deref(), Some(OTHER_CS));
    let history = events(&mut conn);
    assert_eq!((history[1].kind.as_str(), history[1].actor.as_deref()), ("reassigned", Some(MANAGER)));
    let page = manager.get(&app, &path).await.text().await.unwrap_or_default();
    assert!(page.contains(&format!("担当者を{OWNER}から{OTHER_CS}に変更しました。")));
    // Managers act on any case, too.
    assert_eq!(manager.post(&app, &format!("{path}/status"), &[("status", "contacted")]).await.status(), 303);
    // And back to the shared queue.
    assert_eq!(manager.post(&app, &format!("{path}/owner"), &[("owner_email", "")]).await.status(), 303);
    assert_eq!(cases(&mut conn)[0].owner_email, None);
}

#[actix_web::test]
async fn overdue_cases_come_first_and_are_flagged() {
    let (app, mut conn, first) = detractor().await;
    let world = common::World {
        owner_email: OWNER.into(),
        account_external_id: "CRM-1".into(),
        contact_email: "customer@example.com".into(),
    };
    let csat = survey(&mut conn, "csat");
    let token = invite(&mut conn, &csat, &world);
    assert_eq!(app.post_fields(&format!("/s/{token}"), &[("score", "1"), ("comment", "遅い")]).await.status(), 303);
    let second = cases(&mut conn)[1].id;
    diesel::sql_query(format!("UPDATE follow_ups SET due_at = now() - interval '1 hour' WHERE id = {second}"))
        .execute(&mut conn)
        .expect("overdue");
    let owner = sign_in(&app, OWNER).await;
    let inbox = owner.get(&app, "/staff/follow-ups").await.text().await.unwrap_or_default();
    let at = |id: i64| inbox.find(&format!("href=\"/staff/follow-ups/{id}\"")).expect("listed");
    assert!(at(second) < at(first), "the overdue case first");
    assert_eq!(inbox.matches("<span class=\"overdue\">").count(), 1);
    assert!(inbox.contains("CSAT 1"));
}

#[actix_web::test]
async fn the_api_lists_cases_by_status_and_refuses_an_unknown_one() {
    let (app, mut conn, id) = detractor().await;
    let token = app.api_token("read");
    let get = |query: &'static str| app.client.get(app.url(&format!("/api/v1/follow-ups{query}"))).bearer_auth(&token).send();
    let open: serde_json::Value = get("").await.expect("GET").json().await.expect("json");
    let listed = &open["follow_ups"][0];
    assert_eq!(listed["id"], id);
    assert_eq!(listed["status"], "open");
    assert_eq!(listed["owner_email"], OWNER);
    assert_eq!(listed["account_external_id"], "CRM-1");
    assert_eq!(listed["score"], 3);
    assert_eq!(listed["comment"], "請求書が<b>分かりにくい</b>");
    assert_eq!(listed["trigger"], "detractor");
    assert!(listed["due_at"].is_string() && listed["created_at"].is_string());

    let resolved: serde_json::Value = get("?status=resolved").await.expect("GET").json().await.expect("json");
    assert_eq!(resolved["follow_ups"].as_array().map(Vec::len), Some(0));
    let unknown = get("?status=closed").await.expect("GET");
    assert_eq!(unknown.status(), 422);
    let body: serde_json::Value = unknown.json().await.expect("json");
    assert_eq!(body["error"]["code"], "unknown_status");
    let anonymous = app.client.get(app.url("/api/v1/follow-ups")).send().await.expect("GET");
    assert_eq!(anonymous.status(), 401);
    assert_eq!(count(&mut conn, "follow_up_events"), 1);
}

#[actix_web::test]
async fn a_note_alone_keeps_the_status_and_goes_into_the_history() {
    let (app, mut conn, id) = detractor().await;
    let owner = sign_in(&app, OWNER).await;
    let path = format!("/staff/follow-ups/{id}");
    let noted = owner.post(&app, &format!("{path}/status"), &[("status", "note"), ("note", "不在のため、明日もう一度お電話します")]).await;
    assert_eq!(noted.status(), 303);
    let case = cases(&mut conn).remove(0);
    assert_eq!((case.status.as_str(), case.first_contacted_at), ("open", None), "a note is not a contact");
    let history = events(&mut conn);
    assert_eq!((history[1].kind.as_str(), history[1].note.as_deref()), ("note", Some("不在のため、明日もう一度お電話します")));

    let empty = owner.post(&app, &format!("{path}/status"), &[("status", "note"), ("note", " ")]).await;
    assert_eq!(empty.status(), 422);
    assert!(empty.text().await.unwrap_or_default().contains("メモをご記入ください。"));
    assert_eq!(count(&mut conn, "follow_up_events"), 2);
    // Someone else's case takes no notes from them either.
    let other = sign_in(&app, OTHER_CS).await;
    assert_eq!(other.post(&app, &format!("{path}/status"), &[("status", "note"), ("note", "x")]).await.status(), 403);
    assert_eq!(count(&mut conn, "follow_up_events"), 2);
}

#[actix_web::test]
async fn the_detractor_report_shows_how_fast_each_owner_closed_the_loop() {
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    let world = world(&mut conn);
    let nps = survey(&mut conn, "nps");
    for _ in 0..3 {
        let token = invite(&mut conn, &nps, &world);
        app.post_fields(&format!("/s/{token}"), &[("score", "2")]).await;
    }
    // One case called after 2 hours (in time), one after its due time, one never and overdue.
    for sql in [
        "UPDATE follow_ups SET created_at = now() - interval '5 days', due_at = now() - interval '3 days'",
        "UPDATE follow_ups SET first_contacted_at = created_at + interval '2 hours', status = 'contacted' WHERE id = (SELECT min(id) FROM follow_ups)",
        "UPDATE follow_ups SET first_contacted_at = created_at + interval '4 days', status = 'resolved' WHERE id = (SELECT min(id) + 1 FROM follow_ups)",
    ] {
        diesel::RunQueryDsl::execute(diesel::sql_query(sql), &mut conn).expect(sql);
    }
    let token = app.api_token("read");
    let report: serde_json::Value = app
        .client
        .get(app.url("/api/v1/follow-ups/report"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("GET")
        .json()
        .await
        .expect("json");
    let rows = report["owners_by_month"].as_array().cloned().unwrap_or_default();
    let mine: Vec<&serde_json::Value> = rows.iter().filter(|row| row["owner_email"] == OWNER).collect();
    let cases: i64 = mine.iter().filter_map(|row| row["cases"].as_i64()).sum();
    assert_eq!(cases, 3, "{report}");
    let overdue: i64 = mine.iter().filter_map(|row| row["overdue"].as_i64()).sum();
    assert_eq!(overdue, 1);
    assert_eq!(mine.len(), 1, "all three opened at the same moment, so in one month");
    assert_eq!(mine[0]["closed_loop_rate"].as_f64(), Some(100.0 / 3.0));
    assert_eq!(mine[0]["median_hours_to_first_contact"].as_f64(), Some(49.0), "median of 2 h and 96 h");
    let bad = app.client.get(app.url("/api/v1/follow-ups/report?from=nonsense")).bearer_auth(&token).send().await.expect("GET");
    assert_eq!(bad.status(), 422);
}
