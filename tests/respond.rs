//! A customer answering on a survey link, through real HTTP against a real database.
#![allow(clippy::expect_used)] // a test may stop at the first thing that goes wrong

mod common;

use common::{count, invite, invited, responses, survey, world, TestApp};
use diesel::prelude::*;
use koe::db::schema::{contacts, follow_ups, invitations, response_terms};
use koe_views::i18n::strings;
use koe_views::Lang;

fn ja() -> &'static koe_views::i18n::Strings {
    strings(Lang::Ja)
}

#[actix_web::test]
async fn nps_answer_is_stored_with_its_comment_and_thanked_after_a_redirect() {
    let (app, mut conn, token) = invited("nps").await;

    let form = app.get(&format!("/s/{token}")).await;
    assert_eq!(form.status(), 200);
    let page = form.text().await.unwrap_or_default();
    assert!(page.contains("テスト株式会社"), "the question names the organisation");
    assert!(page.contains(&format!("action=\"/s/{token}\"")));

    let response = app.post_fields(&format!("/s/{token}"), &[("score", "9"), ("comment", "管理画面が使いやすい")]).await;
    assert_eq!(response.status(), 303);
    let location = response.headers().get("location").and_then(|value| value.to_str().ok()).unwrap_or_default().to_owned();
    assert_eq!(location, format!("/s/{token}/thanks"));
    assert_eq!(responses(&mut conn), vec![(Some(9), Some("管理画面が使いやすい".to_owned()), None)]);

    let thanks = app.get(&location).await;
    assert_eq!(thanks.status(), 200);
    assert!(thanks.text().await.unwrap_or_default().contains(ja().thanks.title));
    assert!(count(&mut conn, "response_terms") > 0, "the comment was analysed in the same transaction");
}

#[actix_web::test]
async fn a_detractor_opens_a_follow_up_for_the_accounts_owner_and_a_promoter_does_not() {
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    let world = world(&mut conn);
    let nps = survey(&mut conn, "nps");

    let promoter = invite(&mut conn, &nps, &world);
    assert_eq!(app.post_fields(&format!("/s/{promoter}"), &[("score", "10")]).await.status(), 303);
    assert_eq!(count(&mut conn, "follow_ups"), 0);

    let detractor = invite(&mut conn, &nps, &world);
    assert_eq!(app.post_fields(&format!("/s/{detractor}"), &[("score", "3")]).await.status(), 303);
    let owners: Vec<Option<i64>> = follow_ups::table.select(follow_ups::owner_id).load(&mut conn).unwrap_or_default();
    assert_eq!(owners.len(), 1);
    assert!(owners[0].is_some(), "the account's owner is on the case");

    // Answering again on the same link does not open a second case.
    assert_eq!(app.post_fields(&format!("/s/{detractor}"), &[("score", "2")]).await.status(), 303);
    assert_eq!(count(&mut conn, "follow_ups"), 1);
}

#[actix_web::test]
async fn csat_accepts_1_to_5_and_refuses_0_and_6() {
    let (app, mut conn, token) = invited("csat").await;

    for bad in ["0", "6", "4.5", "-1"] {
        let response = app.post_fields(&format!("/s/{token}"), &[("score", bad), ("comment", "対応が早かった")]).await;
        assert_eq!(response.status(), 422, "score {bad}");
        let page = response.text().await.unwrap_or_default();
        assert!(page.contains("対応が早かった"), "what was typed stays in the form");
    }
    assert_eq!(count(&mut conn, "responses"), 0);

    assert_eq!(app.post_fields(&format!("/s/{token}"), &[("score", "2")]).await.status(), 303);
    assert_eq!(responses(&mut conn), vec![(Some(2), None, None)]);
    assert_eq!(count(&mut conn, "follow_ups"), 1, "CSAT 1-2 calls for a follow-up");
}

#[actix_web::test]
async fn exit_answer_needs_a_known_reason_and_the_opt_in_marks_the_contact() {
    let (app, mut conn, token) = invited("exit").await;

    let page = app.get(&format!("/s/{token}")).await.text().await.unwrap_or_default();
    for label in ["価格", "サポートの品質", "使いこなせなかった", "必要な機能がない", "他社に乗り換え", "予算・事業上の理由", "その他"] {
        assert!(page.contains(label), "reason {label} is offered");
    }

    let missing = app.post_fields(&format!("/s/{token}"), &[("comment", "高かった")]).await;
    assert_eq!(missing.status(), 422);
    assert!(missing.text().await.unwrap_or_default().contains(ja().form_errors.reason_missing));
    let unknown = app.post_fields(&format!("/s/{token}"), &[("reason", "made_up")]).await;
    assert_eq!(unknown.status(), 422);
    assert_eq!(count(&mut conn, "responses"), 0);

    let done = app.post_fields(&format!("/s/{token}"), &[("reason", "price"), ("comment", "値上げが厳しい"), ("contact_ok", "on")]).await;
    assert_eq!(done.status(), 303);
    assert_eq!(responses(&mut conn), vec![(None, Some("値上げが厳しい".to_owned()), Some("price".to_owned()))]);
    let keep_in_touch: bool = contacts::table.select(contacts::keep_in_touch).first(&mut conn).unwrap_or(false);
    assert!(keep_in_touch);
}

#[actix_web::test]
async fn a_missing_score_is_refused_and_keeps_the_comment() {
    let (app, mut conn, token) = invited("nps").await;

    let comment = "<script>alert(1)</script> 請求書の & 見方が\nわかりにくい";
    let response = app.post_fields(&format!("/s/{token}"), &[("comment", comment)]).await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap_or_default();
    assert!(page.contains(ja().form_errors.score_missing));
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; 請求書の &amp; 見方が\nわかりにくい"), "kept, and escaped");
    assert!(!page.contains("<script>alert(1)"));
    assert_eq!(count(&mut conn, "responses"), 0);

    for out_of_range in ["11", "-1", "abc", "９"] {
        let response = app.post_fields(&format!("/s/{token}"), &[("score", out_of_range), ("comment", "x")]).await;
        assert_eq!(response.status(), 422, "score {out_of_range}");
    }
    assert_eq!(count(&mut conn, "responses"), 0);
}

#[actix_web::test]
async fn comment_length_is_counted_in_graphemes() {
    let (app, mut conn, token) = invited("nps").await;

    // A family emoji is one grapheme but 25 bytes: 2,000 of them fit, 2,001 do not.
    let family = "👨\u{200d}👩\u{200d}👧\u{200d}👦";
    let too_long = family.repeat(2001);
    let response = app.post_fields(&format!("/s/{token}"), &[("score", "5"), ("comment", &too_long)]).await;
    assert_eq!(response.status(), 422);
    assert_eq!(count(&mut conn, "responses"), 0);

    let at_limit = family.repeat(2000);
    assert_eq!(app.post_fields(&format!("/s/{token}"), &[("score", "5"), ("comment", &at_limit)]).await.status(), 303);
    assert_eq!(responses(&mut conn)[0].1.as_deref(), Some(at_limit.as_str()), "stored exactly as typed");
}

#[actix_web::test]
async fn control_characters_in_a_comment_are_refused() {
    let (app, mut conn, token) = invited("nps").await;
    for bad in ["nul\u{0}byte", "bidi \u{202e}txet"] {
        let response = app.post_fields(&format!("/s/{token}"), &[("score", "8"), ("comment", bad)]).await;
        assert_eq!(response.status(), 422, "{bad:?}");
    }
    assert_eq!(count(&mut conn, "responses"), 0);
}

#[actix_web::test]
async fn broken_requests_get_clear_errors_and_store_nothing() {
    let (app, mut conn, token) = invited("nps").await;
    let path = format!("/s/{token}");

    assert_eq!(app.post_form(&path, b"score=9&comment=%FF%FE".to_vec()).await.status(), 400, "invalid UTF-8");
    assert_eq!(app.post_form(&path, "score=9&score=0").await.status(), 400, "a field sent twice");
    assert_eq!(app.post_form(&path, vec![b'a'; 300 * 1024]).await.status(), 413, "oversized");
    let json = app.client.post(app.url(&path)).header("Content-Type", "application/json").body("{\"score\":9}").send().await;
    assert_eq!(json.map(|r| r.status().as_u16()).unwrap_or(0), 415);
    assert_eq!(count(&mut conn, "responses"), 0);
}

#[actix_web::test]
async fn unknown_expired_and_closed_links_have_their_own_pages() {
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    let world = world(&mut conn);
    let nps = survey(&mut conn, "nps");

    for unknown in ["/s/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "/s/short", "/s/..%2F..%2Fetc%2Fpasswd", "/s/%E3%81%82%E3%81%82%E3%81%82%E3%81%82%E3%81%82%E3%81%82"] {
        let response = app.get(unknown).await;
        assert_eq!(response.status(), 404, "{unknown}");
        assert!(response.text().await.unwrap_or_default().contains("<html"));
        assert_eq!(app.post_fields(unknown, &[("score", "9")]).await.status(), 404);
    }

    let expired = invite(&mut conn, &nps, &world);
    diesel::update(invitations::table.filter(invitations::token.eq(&expired)))
        .set(invitations::expires_at.eq(chrono::Utc::now() - chrono::Duration::minutes(1)))
        .execute(&mut conn)
        .expect("expire");
    assert_eq!(app.get(&format!("/s/{expired}")).await.status(), 410);
    assert_eq!(app.post_fields(&format!("/s/{expired}"), &[("score", "9")]).await.status(), 410);

    let open = invite(&mut conn, &nps, &world);
    koe::db::surveys::close(&mut conn, nps.id).expect("close");
    assert_eq!(app.get(&format!("/s/{open}")).await.status(), 410);
    assert_eq!(app.post_fields(&format!("/s/{open}"), &[("score", "9")]).await.status(), 410);
    assert_eq!(count(&mut conn, "responses"), 0);
}

#[actix_web::test]
async fn get_never_records_and_a_score_in_the_link_only_preselects() {
    let (app, mut conn, token) = invited("nps").await;

    let page = app.get(&format!("/s/{token}?score=7")).await.text().await.unwrap_or_default();
    assert!(page.contains("value=\"7\" id=\"score-7\" checked"), "7 is pre-selected");
    assert_eq!(page.matches(" checked").count(), 1);
    let ignored = app.get(&format!("/s/{token}?score=99")).await;
    assert_eq!(ignored.status(), 200, "a bad score in a link is ignored, not an error");
    assert!(!ignored.text().await.unwrap_or_default().contains(" checked"));
    assert_eq!(app.get(&format!("/s/{token}/thanks")).await.status(), 200);
    assert_eq!(count(&mut conn, "responses"), 0);
}

#[actix_web::test]
async fn a_second_answer_on_a_personal_link_replaces_the_first() {
    let (app, mut conn, token) = invited("nps").await;

    assert_eq!(app.post_fields(&format!("/s/{token}"), &[("score", "4"), ("comment", "サポートが遅い")]).await.status(), 303);
    let again = app.get(&format!("/s/{token}")).await.text().await.unwrap_or_default();
    assert!(again.contains("サポートが遅い"), "the form shows the earlier answer");
    assert!(again.contains(ja().form.updating));

    assert_eq!(app.post_fields(&format!("/s/{token}"), &[("score", "8"), ("comment", "改善されました")]).await.status(), 303);
    assert_eq!(responses(&mut conn), vec![(Some(8), Some("改善されました".to_owned()), None)]);
    let terms: Vec<String> = response_terms::table.select(response_terms::term).load(&mut conn).unwrap_or_default();
    assert!(!terms.iter().any(|term| term.contains("サポート")), "terms follow the new comment: {terms:?}");
}

#[actix_web::test]
async fn simultaneous_submissions_on_one_link_leave_one_answer() {
    let (app, mut conn, token) = invited("nps").await;
    let path = format!("/s/{token}");

    let posts = (0..8).map(|i| {
        let score = (i % 3 + 1).to_string();
        let path = path.clone();
        let app = &app;
        async move { app.post_fields(&path, &[("score", &score)]).await.status().as_u16() }
    });
    let statuses = futures_util::future::join_all(posts).await;
    assert!(statuses.iter().all(|status| *status == 303), "{statuses:?}");
    assert_eq!(count(&mut conn, "responses"), 1);
    assert_eq!(count(&mut conn, "follow_ups"), 1);
}

#[actix_web::test]
async fn the_public_link_takes_anonymous_answers_each_as_its_own() {
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    world(&mut conn);
    let nps = survey(&mut conn, "nps");
    let token = nps.public_token.clone().unwrap_or_default();

    for score in ["10", "6"] {
        let response = app.post_fields(&format!("/s/{token}"), &[("score", score)]).await;
        assert_eq!(response.status(), 303);
    }
    assert_eq!(count(&mut conn, "responses"), 2);
    let thanks = app.get(&format!("/s/{token}/thanks?public=1")).await.text().await.unwrap_or_default();
    assert!(!thanks.contains(ja().thanks.edit), "an anonymous answer cannot be edited");
}

#[actix_web::test]
async fn the_page_speaks_english_to_an_english_contact_or_browser() {
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    world(&mut conn);
    let nps = survey(&mut conn, "nps");
    let token = nps.public_token.clone().unwrap_or_default();

    let english = app.client.get(app.url(&format!("/s/{token}"))).header("Accept-Language", "en-US,en;q=0.9").send().await;
    let page = english.expect("GET").text().await.unwrap_or_default();
    assert!(page.contains("lang=\"en\""));
    assert!(page.contains(strings(Lang::En).form.submit));
    let japanese = app.get(&format!("/s/{token}")).await.text().await.unwrap_or_default();
    assert!(japanese.contains("lang=\"ja\""));
}

#[actix_web::test]
async fn health_and_readiness() {
    let app = TestApp::spawn().await;
    assert_eq!(app.get("/healthz").await.status(), 200);
    assert_eq!(app.get("/readyz").await.status(), 200);
    let missing = app.get("/no/such/page").await;
    assert_eq!(missing.status(), 404);
    let headers = missing.headers().clone();
    assert!(headers.get("x-content-type-options").is_some());
    assert!(headers.get("content-security-policy").is_some());
}

#[actix_web::test]
async fn the_form_with_its_stylesheet_stays_small_and_uses_no_outside_assets() {
    let (app, _conn, token) = invited("exit").await;
    let page = app.get(&format!("/s/{token}")).await.text().await.unwrap_or_default();
    assert!(!page.contains("http://") && !page.contains("https://") && !page.contains("<script"), "{page}");
    let stylesheet = app.get(koe_views::STYLESHEET_PATH).await.text().await.unwrap_or_default();
    assert!(page.len() + stylesheet.len() < 20 * 1024, "page {} + css {} bytes", page.len(), stylesheet.len());
}
