//! The managers' dashboard, its charts and downloads, and the answer lists behind its numbers.
#![allow(clippy::expect_used)] // a test may stop at the first thing that goes wrong

mod common;

use common::{browser, hidden, invite, location, survey, world, TestApp, STAFF_PASSWORD};
use koe::db::surveys::Survey;
use koe::domain::role::Role;
use koe::domain::stats::NpsCounts;
use koe::service;

/// A manager signed in on a cookie-keeping client.
async fn manager(app: &TestApp) -> reqwest::Client {
    service::users::add(&mut app.conn(), "manager@example.com", "管理 花子", Role::Manager, STAFF_PASSWORD).expect("manager");
    let client = browser();
    let form = client.get(app.url("/staff/sign-in")).send().await.expect("GET").text().await.unwrap_or_default();
    let csrf = hidden(&form, "csrf_token");
    let signed_in = client
        .post(app.url("/staff/sign-in"))
        .form(&[("email", "manager@example.com"), ("password", STAFF_PASSWORD), ("csrf_token", &csrf), ("next", "/staff/dashboard")])
        .send()
        .await
        .expect("POST");
    assert_eq!(signed_in.status(), 303);
    client
}

async fn get(app: &TestApp, client: &reqwest::Client, path: &str) -> (u16, String) {
    let response = client.get(app.url(path)).send().await.expect("GET");
    let status = response.status().as_u16();
    (status, response.text().await.unwrap_or_default())
}

/// The first link on a page whose address contains `needle`, as a path to request.
fn href_with(page: &str, needle: &str) -> String {
    page.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .find(|href| href.contains(needle))
        .unwrap_or_else(|| panic!("no link with {needle}"))
        .replace("&amp;", "&")
}

/// The world's account (segment smb, plan starter) answers an NPS survey with 5 promoters, 3
/// passives and 2 detractors through invitations; 4 anonymous detractors answer on the public link.
async fn answered_nps(app: &TestApp) -> Survey {
    let mut conn = app.conn();
    let world = world(&mut conn);
    let nps = survey(&mut conn, "nps");
    for score in ["10", "9", "9", "10", "9", "8", "7", "7", "3", "0"] {
        let token = invite(&mut conn, &nps, &world);
        assert_eq!(app.post_fields(&format!("/s/{token}"), &[("score", score), ("comment", "サポートが遅い")]).await.status(), 303);
    }
    let link = nps.public_token.clone().expect("public link");
    for score in ["1", "2", "5", "6"] {
        assert_eq!(app.post_fields(&format!("/s/{link}"), &[("score", score)]).await.status(), 303);
    }
    nps
}

#[actix_web::test]
async fn the_page_quotes_nps_with_its_n_and_margin() {
    let app = TestApp::spawn().await;
    let nps = answered_nps(&app).await;
    let client = manager(&app).await;

    let (status, page) = get(&app, &client, &format!("/staff/dashboard?survey={}&segment=smb", nps.id.0)).await;
    assert_eq!(status, 200, "{page}");
    let expected = NpsCounts { promoters: 5, passives: 3, detractors: 2 }.figures();
    let (nps_value, margin) = (expected.nps.expect("nps"), expected.margin_of_error.expect("margin"));
    assert!(page.contains(&format!(">{nps_value:.1}</a>")), "NPS 30.0 in {page}");
    assert!(page.contains(&format!("±{margin:.1}")), "the Wald margin beside it");
    assert!(page.contains("回答 10 件"), "n beside it");
    assert!(page.contains("回答30件未満"), "n < 30 is flagged");
    assert!(page.contains("<a href=\"/staff/dashboard\" aria-current=\"page\">ダッシュボード</a>"));

    let (_, everyone) = get(&app, &client, &format!("/staff/dashboard?survey={}", nps.id.0)).await;
    let all = NpsCounts { promoters: 5, passives: 3, detractors: 6 }.figures();
    assert!(everyone.contains(&format!(">{:.1}</a>", all.nps.expect("nps")).replace('-', "\u{2212}")), "with the anonymous answers: {everyone}");
    assert!(everyone.contains("回答 14 件"));
}

#[actix_web::test]
async fn filters_combine_and_every_link_keeps_them() {
    let app = TestApp::spawn().await;
    let nps = answered_nps(&app).await;
    let client = manager(&app).await;
    let id = nps.id.0;

    let (_, both) = get(&app, &client, &format!("/staff/dashboard?survey={id}&segment=smb&plan=starter&interval=week")).await;
    assert!(both.contains("回答 10 件"), "{both}");
    assert!(both.contains("<option value=\"smb\" selected>smb</option>"));
    assert!(both.contains("<option value=\"week\" selected>"));
    let detractors = href_with(&both, "category=detractor");
    for kept in ["segment=smb", "plan=starter", &format!("survey={id}")] {
        assert!(detractors.contains(kept), "{detractors} keeps {kept}");
    }
    let chart = href_with(&both, "/charts/nps.svg");
    assert!(chart.contains("segment=smb") && chart.contains("plan=starter") && chart.contains("interval=week"), "{chart}");
    let range = href_with(&both, "from=");
    assert!(range.starts_with("/staff/dashboard?") && range.contains("plan=starter"), "quick periods keep the filters: {range}");

    let (_, none) = get(&app, &client, &format!("/staff/dashboard?survey={id}&segment=smb&plan=enterprise")).await;
    assert!(none.contains(koe_views::i18n::strings(koe_views::Lang::Ja).staff.dashboard.no_answers), "smb and enterprise: nobody");
    let (_, owner) = get(&app, &client, &format!("/staff/dashboard?survey={id}&owner_email=owner@example.com&stage=customer")).await;
    assert!(owner.contains("回答 10 件"), "{owner}");
}

#[actix_web::test]
async fn a_number_links_to_exactly_that_many_answers() {
    let app = TestApp::spawn().await;
    let nps = answered_nps(&app).await;
    let client = manager(&app).await;

    let (_, page) = get(&app, &client, &format!("/staff/dashboard?survey={}", nps.id.0)).await;
    let detractors = href_with(&page, "category=detractor");
    let (status, list) = get(&app, &client, &detractors).await;
    assert_eq!(status, 200, "{list}");
    assert!(list.contains("該当する回答 6 件"), "{list}");
    let rows = list.matches("<td><a href=\"/staff/responses/").count();
    assert_eq!(rows, 6);
    assert!(list.contains("批判者（0〜6）"));
    let answer = href_with(&list, "/staff/responses/");
    let (status, one) = get(&app, &client, &answer).await;
    assert_eq!(status, 200, "each row opens its answer: {one}");

    let (_, smb) = get(&app, &client, &format!("{detractors}&segment=smb")).await;
    assert_eq!(smb.matches("<td><a href=\"/staff/responses/").count(), 2, "the filters narrow the list as they narrow the number");
}

#[actix_web::test]
async fn charts_download_as_svg_and_their_data_as_csv() {
    let app = TestApp::spawn().await;
    let nps = answered_nps(&app).await;
    let client = manager(&app).await;
    let id = nps.id.0;

    let response = client.get(app.url(&format!("/staff/dashboard/charts/nps.svg?survey={id}&segment=smb"))).send().await.expect("GET");
    assert_eq!(response.status(), 200);
    let content_type = response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    assert!(content_type.starts_with("image/svg+xml"), "{content_type}");
    let svg = response.text().await.unwrap_or_default();
    assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"), "{svg}");
    assert!(svg.contains("xmlns=\"http://www.w3.org/2000/svg\""));
    assert_eq!(svg.matches("<text").count(), svg.matches("</text>").count());
    assert!(svg.contains("<title id=\"chart-nps-t\">NPSの推移</title>"));
    assert!(svg.contains("\nn=10*\n</text>"), "this month's n, marked small: {svg}");
    assert!(svg.contains("\nn=0\n</text>"), "months without answers still have their place");

    let csv = client.get(app.url(&format!("/staff/dashboard/charts/nps.csv?survey={id}&segment=smb"))).send().await.expect("GET");
    assert!(csv.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().starts_with("text/csv"));
    let text = csv.text().await.unwrap_or_default();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(reader.headers().expect("header").iter().collect::<Vec<_>>(), ["period", "n", "nps", "margin_of_error", "ci_low", "ci_high", "small_sample"]);
    let rows: Vec<csv::StringRecord> = reader.records().collect::<Result<_, _>>().expect("rows");
    assert_eq!(rows.len(), 12, "twelve months by default");
    let expected = NpsCounts { promoters: 5, passives: 3, detractors: 2 }.figures();
    let last = rows.last().expect("this month");
    assert_eq!((last.get(1), last.get(2)), (Some("10"), Some(format!("{:.1}", expected.nps.expect("nps")).as_str())));
    assert_eq!(last.get(6), Some("true"));
    assert!(rows[..11].iter().all(|row| row.get(1) == Some("0") && row.get(2) == Some("")));

    let mix = client.get(app.url(&format!("/staff/dashboard/charts/mix.csv?survey={id}"))).send().await.expect("GET").text().await.unwrap_or_default();
    assert!(mix.trim_end().ends_with(",14,5,3,6,35.7,21.4,42.9"), "{mix}");

    let export = client.get(app.url(&format!("/staff/responses.csv?survey={id}&category=detractor&segment=smb&excel=1"))).send().await.expect("GET");
    let bytes = export.bytes().await.expect("bytes");
    assert!(bytes.starts_with("\u{feff}".as_bytes()));
    assert_eq!(String::from_utf8_lossy(&bytes).trim_end().split("\r\n").count(), 3, "header and the two smb detractors");
}

#[actix_web::test]
async fn bad_filters_get_a_clear_4xx_and_unknown_charts_a_404() {
    let app = TestApp::spawn().await;
    let nps = answered_nps(&app).await;
    let csat = survey(&mut app.conn(), "csat");
    let client = manager(&app).await;
    let id = nps.id.0;

    for (query, field) in [
        (format!("survey={id}&from=yesterday"), "期間"),
        (format!("survey={id}&from=2026-03-01&to=2026-01-01"), "期間"),
        (format!("survey={id}&interval=year"), "集計単位"),
        ("survey=abc".to_owned(), "アンケート"),
        ("survey=999999".to_owned(), "アンケート"),
        (format!("survey={id}&segment=%01"), "セグメント"),
    ] {
        let (status, page) = get(&app, &client, &format!("/staff/dashboard?{query}")).await;
        assert_eq!(status, 422, "{query}");
        assert!(page.contains(&format!("「{field}」の指定を読み取れませんでした")), "{query}: {page}");
        assert!(page.contains("<form class=\"filters\""), "the form comes back to fix it");
    }
    let (status, _) = get(&app, &client, &format!("/staff/dashboard/charts/nps.svg?survey={id}&interval=year")).await;
    assert_eq!(status, 422);
    for path in [
        format!("/staff/dashboard/charts/nope.svg?survey={id}"),
        format!("/staff/dashboard/charts/nps.png?survey={id}"),
        format!("/staff/dashboard/charts/mix.svg?survey={}", csat.id.0),
    ] {
        assert_eq!(get(&app, &client, &path).await.0, 404, "{path}");
    }
    assert_eq!(get(&app, &client, "/staff/responses?survey=abc").await.0, 422);
    assert_eq!(get(&app, &client, &format!("/staff/responses?survey={id}&category=nobody")).await.0, 422);
}

#[actix_web::test]
async fn signed_out_visitors_are_sent_to_sign_in() {
    let app = TestApp::spawn().await;
    for path in ["/staff/dashboard?survey=1", "/staff/dashboard/charts/nps.svg", "/staff/responses?survey=1", "/staff/responses.csv?survey=1"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 303, "{path}");
        assert!(location(&response).starts_with("/staff/sign-in?next=%2Fstaff%2F"), "{path}");
    }
}
