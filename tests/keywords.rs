//! Keyword reports over the test corpus (tests/corpus), whose planted themes are known.
#![allow(clippy::expect_used)] // a test may stop at the first thing that goes wrong

mod common;

use chrono::{Duration, Utc};
use common::{survey, world, TestApp};
use koe::domain::answer::Answer;
use koe::service::answers;
use serde_json::Value;
use std::collections::HashSet;

const CORPUS: &str = include_str!("corpus/comments.tsv");
const STOP_WORDS: &str = include_str!("../dictionaries/stop_words.txt");

/// Particles and auxiliaries that must never come out as keywords.
const FUNCTION_WORDS: [&str; 16] = ["は", "が", "を", "に", "で", "と", "も", "の", "へ", "や", "です", "ます", "た", "だ", "ない", "れる"];

/// Loads the corpus as answers on an NPS survey's public link, spread over the last ten months.
async fn corpus_app() -> (TestApp, i64, String) {
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    world(&mut conn);
    let nps = survey(&mut conn, "nps");
    let token = nps.public_token.clone().expect("public link");
    let analyzer = app.state.analyzer.clone();
    let now = Utc::now();
    for (index, line) in CORPUS.lines().skip(1).enumerate() {
        let mut fields = line.splitn(3, '\t');
        let (_, score, comment) = (fields.next(), fields.next(), fields.next());
        let score: i16 = score.and_then(|score| score.parse().ok()).expect("score");
        let at = now - Duration::hours(1 + (index as i64 * 21) % (300 * 24));
        let link = answers::resolve_link(&mut conn, &token, at).expect("link");
        let answer = Answer { score: Some(score), comment: comment.map(str::to_owned), reason: None, contact_ok: false };
        answers::record(&mut conn, &analyzer, &link, &answer, "ja", at).expect("record");
    }
    let token = app.api_token("read");
    (app, nps.id.0, token)
}

fn terms(body: &Value) -> Vec<String> {
    body["keywords"].as_array().into_iter().flatten().filter_map(|keyword| keyword["term"].as_str().map(str::to_owned)).collect()
}

#[actix_web::test]
async fn distinctive_detractor_keywords_are_the_planted_complaints() {
    let (app, survey, token) = corpus_app().await;
    let (status, body) = app.api_get(&token, &format!("/surveys/{survey}/keywords?category=detractor&mode=distinctive&limit=12")).await;
    assert_eq!(status, 200, "{body}");
    let top = terms(&body);
    for planted in ["管理画面", "請求書", "文字化け"] {
        assert!(top.iter().any(|term| term == planted), "{planted} missing from {top:?}");
    }
    assert!(
        top.iter().any(|term| term == "使いにくい" || term == "使いやすい(否定)"),
        "negated ease of use missing from {top:?}"
    );
    assert!(top.iter().any(|term| term.contains("返信") || term == "遅い"), "slow replies missing from {top:?}");
    for common_word in ["サービス", "機能"] {
        assert!(!top.iter().any(|term| term == common_word), "{common_word} is not distinctive: {top:?}");
    }
    let first = &body["keywords"][0];
    assert!(first["z"].as_f64().unwrap_or(0.0) > 1.96, "{first}");
    assert!(first["responses"].as_i64().unwrap_or(0) > first["responses_rest"].as_i64().unwrap_or(i64::MAX));
    assert_eq!(body["answers"], 141, "every detractor of the corpus");
}

#[actix_web::test]
async fn distinctive_promoter_keywords_are_the_planted_praise() {
    let (app, survey, token) = corpus_app().await;
    let (_, body) = app.api_get(&token, &format!("/surveys/{survey}/keywords?category=promoter&mode=distinctive&limit=15")).await;
    let top = terms(&body);
    for planted in ["使いやすい", "ダッシュボード", "導入"] {
        assert!(top.iter().any(|term| term == planted), "{planted} missing from {top:?}");
    }
    assert!(top.iter().any(|term| term.starts_with("サポート")), "support praise missing from {top:?}");
    assert!(!top.iter().any(|term| term == "使いやすい(否定)" || term == "管理画面"), "{top:?}");
}

#[actix_web::test]
async fn no_report_contains_a_stop_word_particle_or_symbol() {
    let (app, survey, token) = corpus_app().await;
    let stop_words: HashSet<&str> = STOP_WORDS.lines().map(str::trim).filter(|line| !line.is_empty() && !line.starts_with('#')).collect();
    let mut seen = 0;
    for query in ["", "category=detractor", "category=passive", "category=promoter"] {
        for mode in ["top", "distinctive"] {
            if mode == "distinctive" && query.is_empty() {
                continue;
            }
            let (status, body) = app.api_get(&token, &format!("/surveys/{survey}/keywords?{query}&mode={mode}&limit=200")).await;
            assert_eq!(status, 200, "{body}");
            for term in terms(&body) {
                seen += 1;
                let bare = term.strip_suffix(koe::text::NEGATED_SUFFIX).unwrap_or(&term);
                assert!(!stop_words.contains(bare), "stop word {term}");
                assert!(!FUNCTION_WORDS.contains(&bare), "function word {term}");
                assert!(bare.chars().any(char::is_alphanumeric), "symbol {term}");
                assert!(!bare.chars().any(|c| c.is_whitespace() || c.is_ascii_punctuation()), "punctuation in {term}");
            }
        }
    }
    assert!(seen > 500, "the reports were not empty ({seen} terms)");
}

#[actix_web::test]
async fn top_keywords_count_answers_not_occurrences() {
    let (app, survey, token) = corpus_app().await;
    let (_, body) = app.api_get(&token, &format!("/surveys/{survey}/keywords?category=detractor&limit=5")).await;
    assert_eq!(body["mode"], "top");
    let counts: Vec<i64> = body["keywords"].as_array().into_iter().flatten().filter_map(|k| k["responses"].as_i64()).collect();
    assert_eq!(counts.len(), 5);
    assert!(counts.windows(2).all(|pair| pair[0] >= pair[1]), "best first: {counts:?}");
    assert!(counts[0] <= 141, "a term counts once per answer");
    let management = &app.db;
    let mut conn = management.connect();
    let mentioning: i64 = diesel::RunQueryDsl::get_result::<Count>(
        diesel::sql_query(
            "SELECT count(*) AS n FROM responses WHERE score <= 6 AND comment LIKE '%管理画面%'",
        ),
        &mut conn,
    )
    .map(|count| count.n)
    .expect("count");
    let (_, detail) = app.api_get(&token, &format!("/surveys/{survey}/keywords/{}?category=detractor", "管理画面")).await;
    let responses = detail["responses"].as_i64().unwrap_or(0);
    assert!(responses >= 35 && responses <= mentioning, "{responses} of {mentioning} comments with 管理画面");
}

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

#[actix_web::test]
async fn keyword_in_context_lists_every_comment_newest_first_with_the_occurrence_marked() {
    let (app, survey, token) = corpus_app().await;
    let term = "文字化け";
    let (_, detail) = app.api_get(&token, &format!("/surveys/{survey}/keywords/{term}")).await;
    let total = detail["responses"].as_i64().unwrap_or(0);
    assert!(total >= 20, "{detail}");

    let mut seen = Vec::new();
    let mut path = format!("/surveys/{survey}/keywords/{term}/mentions?limit=7");
    loop {
        let (status, page) = app.api_get(&token, &path).await;
        assert_eq!(status, 200, "{page}");
        for mention in page["mentions"].as_array().into_iter().flatten() {
            let comment = mention["comment"].as_str().unwrap_or_default();
            let snippet = &mention["snippet"];
            let marked = snippet["match"].as_str().unwrap_or_default();
            assert!(!marked.is_empty(), "{mention}");
            let shown = format!("{}{marked}{}", snippet["before"].as_str().unwrap_or_default(), snippet["after"].as_str().unwrap_or_default());
            assert!(comment.contains(&shown), "the snippet is a piece of the comment: {shown} / {comment}");
            seen.push((mention["answered_at"].as_str().unwrap_or_default().to_owned(), mention["response_id"].as_i64().unwrap_or(0)));
        }
        match page["next"].as_str() {
            Some(next) => path = format!("/surveys/{survey}/keywords/{term}/mentions?limit=7&before={}", urlencode(next)),
            None => break,
        }
    }
    assert_eq!(seen.len() as i64, total, "every mention, once");
    let mut sorted = seen.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(seen, sorted, "newest first");
}

fn urlencode(text: &str) -> String {
    serde_urlencoded::to_string([("x", text)]).unwrap_or_default().trim_start_matches("x=").to_owned()
}

#[actix_web::test]
async fn a_keywords_trend_covers_every_month_and_its_companions_exclude_itself() {
    let (app, survey, token) = corpus_app().await;
    let (status, detail) = app.api_get(&token, &format!("/surveys/{survey}/keywords/{}?category=detractor&limit=5", "請求書")).await;
    assert_eq!(status, 200, "{detail}");
    let trend = detail["trend"].as_array().cloned().unwrap_or_default();
    assert!((12..=13).contains(&trend.len()), "a year of months: {}", trend.len());
    let sum: i64 = trend.iter().filter_map(|month| month["responses"].as_i64()).sum();
    assert_eq!(sum, detail["responses"].as_i64().unwrap_or(-1));
    let companions = detail["co_occurring"].as_array().cloned().unwrap_or_default();
    assert!(!companions.is_empty());
    assert!(companions.iter().all(|companion| companion["term"] != "請求書"));
    assert!(companions.iter().all(|companion| companion["responses"].as_i64().unwrap_or(0) <= sum));
}

#[actix_web::test]
async fn bad_report_requests_are_refused_clearly() {
    let (app, survey, token) = corpus_app().await;
    let cases = [
        (format!("/surveys/{survey}/keywords?category=dissatisfied"), 422, "invalid_category"),
        (format!("/surveys/{survey}/keywords?mode=distinctive"), 422, "missing_category"),
        (format!("/surveys/{survey}/keywords?mode=loud"), 422, "invalid_mode"),
        (format!("/surveys/{survey}/keywords?limit=0"), 422, "out_of_range"),
        (format!("/surveys/{survey}/keywords?limit=abc"), 422, "out_of_range"),
        (format!("/surveys/{survey}/keywords?from=2026-02-30"), 422, "invalid_period"),
        (format!("/surveys/{survey}/keywords?from=2026-05-01&to=2026-04-01"), 422, "invalid_period"),
        (format!("/surveys/{survey}/keywords/x/mentions?before=garbage"), 422, "invalid_cursor"),
        (format!("/surveys/{survey}/keywords?category=%ZZ%FF"), 422, "invalid_category"),
        ("/surveys/999999/keywords".to_owned(), 404, "not_found"),
    ];
    for (path, status, code) in cases {
        let (got, body) = app.api_get(&token, &path).await;
        assert_eq!((got, body["error"]["code"].as_str().unwrap_or_default()), (status, code), "{path}: {body}");
    }
    let anonymous = app.client.get(app.url(&format!("/api/v1/surveys/{survey}/keywords"))).send().await.expect("GET");
    assert_eq!(anonymous.status(), 401);
}

#[actix_web::test]
async fn a_period_outside_the_answers_gives_empty_reports_not_errors() {
    let (app, survey, token) = corpus_app().await;
    let (status, body) = app.api_get(&token, &format!("/surveys/{survey}/keywords?from=2020-01-01&to=2020-12-31&category=detractor&mode=distinctive")).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["answers"], 0);
    assert_eq!(terms(&body), Vec::<String>::new());
}

#[actix_web::test]
async fn filters_narrow_a_report_to_one_segment_or_owner() {
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    let world = world(&mut conn);
    let nps = survey(&mut conn, "nps");
    let other = koe::service::accounts::AccountInput {
        external_id: "CRM-2".into(),
        name: "大手商事株式会社".into(),
        owner_email: None,
        segment: Some("enterprise".into()),
        plan: None,
        mrr: None,
    };
    koe::service::accounts::upsert(&mut conn, &other).expect("account");
    let contact = koe::service::contacts::ContactInput {
        account_external_id: "CRM-2".into(),
        email: "buyer@oote.example".into(),
        name: None,
        locale: None,
    };
    koe::service::contacts::upsert(&mut conn, &contact).expect("contact");
    let smb = common::invite(&mut conn, &nps, &world);
    let enterprise_world = common::World { contact_email: "buyer@oote.example".into(), ..world };
    let enterprise = common::invite(&mut conn, &nps, &enterprise_world);
    app.post_fields(&format!("/s/{smb}"), &[("score", "3"), ("comment", "請求書が分かりにくい")]).await;
    app.post_fields(&format!("/s/{enterprise}"), &[("score", "2"), ("comment", "ダッシュボードが重い")]).await;
    let token = app.api_token("read");

    let (_, all) = app.api_get(&token, &format!("/surveys/{}/keywords?category=detractor", nps.id.0)).await;
    assert!(terms(&all).contains(&"請求書".to_owned()) && terms(&all).contains(&"ダッシュボード".to_owned()), "{all}");
    let (_, smb_only) = app.api_get(&token, &format!("/surveys/{}/keywords?category=detractor&segment=smb", nps.id.0)).await;
    assert!(terms(&smb_only).contains(&"請求書".to_owned()) && !terms(&smb_only).contains(&"ダッシュボード".to_owned()), "{smb_only}");
    let (_, owned) = app.api_get(&token, &format!("/surveys/{}/keywords?owner_email=OWNER@example.com", nps.id.0)).await;
    assert_eq!(owned["answers"], 1, "only the owned account's answer: {owned}");
    let (_, nobody) = app.api_get(&token, &format!("/surveys/{}/keywords?plan=enterprise-plus", nps.id.0)).await;
    assert_eq!(nobody["answers"], 0);
}

#[actix_web::test]
async fn whole_month_reports_from_the_monthly_counts_equal_those_from_the_answers() {
    let (app, survey, token) = corpus_app().await;
    // The default period (twelve calendar months) is read from the monthly counts; a period
    // starting mid-month is computed from the answers themselves. Both cover every answer.
    let long_ago = (Utc::now() - Duration::days(400)).format("%Y-%m-%d").to_string();
    for query in ["category=detractor&mode=distinctive", "category=promoter&mode=distinctive", "category=passive", ""] {
        let (_, by_month) = app.api_get(&token, &format!("/surveys/{survey}/keywords?{query}&limit=50")).await;
        let (_, by_answer) = app.api_get(&token, &format!("/surveys/{survey}/keywords?{query}&limit=50&from={long_ago}")).await;
        assert_eq!(by_month["answers"], by_answer["answers"], "{query}");
        assert_eq!(by_month["answers_with_terms"], by_answer["answers_with_terms"], "{query}");
        assert_eq!(by_month["keywords"], by_answer["keywords"], "{query}");
    }
}

#[actix_web::test]
async fn the_monthly_counts_follow_every_change_to_answers_and_terms() {
    let (app, _, _) = corpus_app().await;
    let mut conn = app.conn();
    assert_eq!(common::rollups::monthly_mismatches(&mut conn), (0, 0), "after the corpus was answered");

    // A personal link answered, then answered again with another score and comment.
    let world = common::World {
        owner_email: "owner@example.com".into(),
        account_external_id: "CRM-1".into(),
        contact_email: "customer@example.com".into(),
    };
    let nps = koe::db::surveys::find(&mut conn, koe::domain::ids::SurveyId(1)).expect("survey");
    let token = common::invite(&mut conn, &nps, &world);
    app.post_fields(&format!("/s/{token}"), &[("score", "2"), ("comment", "請求書の発行が遅い")]).await;
    app.post_fields(&format!("/s/{token}"), &[("score", "9"), ("comment", "ダッシュボードが見やすくなった")]).await;
    app.post_fields(&format!("/s/{token}"), &[("score", "10"), ("comment", "")]).await;
    assert_eq!(common::rollups::monthly_mismatches(&mut conn), (0, 0), "after answers were replaced");

    // Answers moved in time and between categories, and deleted, in bulk.
    for sql in [
        "UPDATE responses SET score = 10 - score WHERE id % 3 = 0",
        "UPDATE responses SET answered_at = answered_at - interval '40 days' WHERE id % 5 = 0",
        "DELETE FROM responses WHERE id % 7 = 0",
        "DELETE FROM response_terms WHERE response_id % 11 = 0",
        // Its totals go with it by cascade; its differences wait for a fold, which drops them.
        "DELETE FROM surveys WHERE id = 1",
    ] {
        diesel::RunQueryDsl::execute(diesel::sql_query(sql), &mut conn).expect(sql);
        common::rollups::assert_true(&mut conn, sql);
    }
}

#[actix_web::test]
async fn the_databases_categories_agree_with_koes_rules() {
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    #[derive(diesel::QueryableByName)]
    struct Name {
        #[diesel(sql_type = diesel::sql_types::Text)]
        category: String,
    }
    for (kind, scores) in [(koe::domain::survey::SurveyKind::Nps, 0..=10), (koe::domain::survey::SurveyKind::Csat, 1..=5)] {
        for score in scores {
            let name: Name = diesel::RunQueryDsl::get_result(
                diesel::sql_query("SELECT koe_answer_category($1, $2, NULL) AS category")
                    .bind::<diesel::sql_types::Text, _>(kind.as_str())
                    .bind::<diesel::sql_types::Int2, _>(score),
                &mut conn,
            )
            .expect("category");
            let category = koe::domain::keywords::Category::parse(kind, &name.category, &[]).expect("a known category");
            assert!(category.contains(Some(score), None), "{kind:?} {score} -> {}", name.category);
        }
    }
}
