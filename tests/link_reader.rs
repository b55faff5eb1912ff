//! Links are read several to a query: concurrent form views and answers share one statement.
//! Each must still get exactly its own link, or its own reason why not.
#![allow(clippy::expect_used)] // a test may stop at the first thing that goes wrong

mod common;

use common::{invite, survey, world, TestApp};
use diesel::prelude::*;
use diesel::sql_query;
use diesel::sql_types::Text;
use koe::error::AppError;
use koe::service::answers::{self, LinkAsk};

#[actix_web::test]
async fn links_read_in_one_batch_each_get_their_own_result_in_the_order_asked() {
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    let world = world(&mut conn);
    let nps = survey(&mut conn, "nps");
    let csat = survey(&mut conn, "csat");
    let [open, expired] = [(); 2].map(|()| invite(&mut conn, &nps, &world));
    let closed = invite(&mut conn, &csat, &world);
    sql_query("UPDATE invitations SET expires_at = now() - interval '1 day' WHERE token = $1")
        .bind::<Text, _>(&expired)
        .execute(&mut conn)
        .expect("expire");
    let public = nps.public_token.clone().expect("the survey has a public link");
    koe::db::surveys::close(&mut conn, csat.id).expect("close");
    let unknown = "A".repeat(open.len());
    let now = chrono::Utc::now();

    let tokens = [open.as_str(), "../../etc/passwd", unknown.as_str(), expired.as_str(), public.as_str(), closed.as_str(), open.as_str(), public.as_str()];
    let asks: Vec<LinkAsk> = tokens.iter().map(|&token| LinkAsk { token, now }).collect();
    let links = answers::resolve_links(&mut conn, &asks).expect("the database answers");

    assert_eq!(links.len(), tokens.len());
    let token_of = |index: usize| links[index].as_ref().expect("a link").invitation.as_ref().map(|invitation| invitation.token.clone());
    assert_eq!(token_of(0).as_deref(), Some(open.as_str()));
    assert!(matches!(links[1], Err(AppError::NotFound)), "{:?}", links[1]);
    assert!(matches!(links[2], Err(AppError::NotFound)), "{:?}", links[2]);
    assert!(matches!(links[3], Err(AppError::LinkExpired)), "{:?}", links[3]);
    let public_link = links[4].as_ref().expect("the public link");
    assert!(public_link.invitation.is_none() && public_link.contact.is_none());
    assert_eq!(public_link.survey.id, nps.id);
    assert!(matches!(links[5], Err(AppError::SurveyClosed)), "{:?}", links[5]);
    assert_eq!(token_of(6).as_deref(), Some(open.as_str()), "a link asked twice is given twice");
    assert_eq!(links[7].as_ref().expect("the public link again").survey.id, nps.id);
}

#[actix_web::test]
async fn concurrent_form_views_each_get_the_form_of_their_own_link() {
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    let world = world(&mut conn);
    let nps = survey(&mut conn, "nps");
    let exit = survey(&mut conn, "exit");
    let tokens: Vec<(String, bool)> =
        (0..40).map(|index| if index % 4 == 0 { (invite(&mut conn, &exit, &world), true) } else { (invite(&mut conn, &nps, &world), false) }).collect();

    let paths: Vec<String> = tokens.iter().map(|(token, _)| format!("/s/{token}")).collect();
    let app = &app;
    let pages = futures_util::future::join_all(paths.iter().map(|path| async move {
        let response = app.get(path).await;
        (response.status(), response.text().await.expect("page"))
    }))
    .await;

    let exit_marker = "name=\"reason\"";
    for ((token, is_exit), (status, page)) in tokens.iter().zip(pages) {
        assert_eq!(status, 200);
        assert!(page.contains(&format!("action=\"/s/{token}\"")), "the page of {token} posts to its own link");
        assert_eq!(page.contains(exit_marker), *is_exit, "the page of {token} is its own survey's form");
    }
}

#[derive(QueryableByName)]
struct Setting {
    #[diesel(sql_type = Text)]
    plan_cache_mode: String,
}

#[actix_web::test]
async fn the_link_readers_connections_use_generic_plans_and_still_read_each_link() {
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    let world = world(&mut conn);
    let nps = survey(&mut conn, "nps");
    let tokens: Vec<String> = (0..12).map(|_| invite(&mut conn, &nps, &world)).collect();
    let mut reader = app.state.link_pool.get().expect("a link reader's connection");
    let setting: Setting = sql_query("SELECT current_setting('plan_cache_mode') AS plan_cache_mode").get_result(&mut reader).expect("setting");
    assert_eq!(setting.plan_cache_mode, "force_generic_plan");

    // Batches of every size from one to twelve, well past the five executions after which
    // PostgreSQL would start weighing the generic plan: each answered link for link.
    let now = chrono::Utc::now();
    for size in 1..=tokens.len() {
        let asked = &tokens[tokens.len() - size..];
        let asks: Vec<LinkAsk> = asked.iter().map(|token| LinkAsk { token, now }).collect();
        let links = answers::resolve_links(&mut reader, &asks).expect("the database answers");
        let read: Vec<String> = links
            .iter()
            .map(|link| link.as_ref().expect("a link").invitation.as_ref().expect("a personal link").token.clone())
            .collect();
        assert_eq!(read, asked);
    }
}
