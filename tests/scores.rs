//! NPS, CSAT and exit figures over a period and per week or month, through the API.
#![allow(clippy::expect_used)] // a test may stop at the first thing that goes wrong

mod common;

use chrono::{DateTime, Utc};
use common::{survey, world, TestApp};
use koe::domain::answer::Answer;
use koe::domain::stats::NpsCounts;
use koe::service::answers;
use serde_json::Value;

/// Records an answer on a survey's public link at `at`.
fn answer(app: &TestApp, public_token: &str, score: Option<i16>, reason: Option<&str>, at: &str) {
    let mut conn = app.conn();
    let at: DateTime<Utc> = DateTime::parse_from_rfc3339(at).expect("time").with_timezone(&Utc);
    let link = answers::resolve_link(&mut conn, public_token, at).expect("link");
    let answer = Answer { score, comment: None, reason: reason.map(str::to_owned), contact_ok: false };
    answers::record(&mut conn, &app.state.analyzer, &link, &answer, "ja", at).expect("record");
}

#[actix_web::test]
async fn nps_summary_counts_scored_answers_with_margin_and_interval() {
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    world(&mut conn);
    let nps = survey(&mut conn, "nps");
    let link = nps.public_token.clone().expect("public link");
    for score in [10, 9, 9, 10, 9, 8, 7, 7, 3, 0] {
        answer(&app, &link, Some(score), None, "2026-03-10T12:00:00+09:00");
    }
    let token = app.api_token("read");
    let (status, body) = app.api_get(&token, &format!("/surveys/{}/summary?from=2026-03-01&to=2026-03-31", nps.id.0)).await;
    assert_eq!(status, 200, "{body}");
    let expected = NpsCounts { promoters: 5, passives: 3, detractors: 2 }.figures();
    assert_eq!((body["n"].as_i64(), body["promoters"].as_i64(), body["detractors"].as_i64()), (Some(10), Some(5), Some(2)));
    assert_eq!(body["nps"].as_f64(), expected.nps);
    assert_eq!(body["nps_margin_of_error"].as_f64(), expected.margin_of_error);
    assert_eq!(body["nps_ci_low"].as_f64(), expected.ci_low);
    assert_eq!(body["nps_ci_high"].as_f64(), expected.ci_high);
    assert_eq!(body["small_sample"], true, "n < 30 is flagged");

    let (_, empty) = app.api_get(&token, &format!("/surveys/{}/summary?from=2025-01-01&to=2025-01-31", nps.id.0)).await;
    assert_eq!((empty["n"].as_i64(), empty["nps"].is_null()), (Some(0), true), "no answers, no NPS: {empty}");
}

#[actix_web::test]
async fn months_and_weeks_are_cut_in_tokyo_time() {
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    world(&mut conn);
    let nps = survey(&mut conn, "nps");
    let link = nps.public_token.clone().expect("public link");
    // 23:30 on 31 January in Tokyo is still January, though it is 14:30 UTC.
    answer(&app, &link, Some(10), None, "2026-01-31T23:30:00+09:00");
    // 00:30 on 1 February in Tokyo is February, though it is still 31 January in UTC.
    answer(&app, &link, Some(0), None, "2026-02-01T00:30:00+09:00");
    let token = app.api_token("read");

    let (status, body) = app.api_get(&token, &format!("/surveys/{}/trend?interval=month&from=2026-01-01&to=2026-03-31", nps.id.0)).await;
    assert_eq!(status, 200, "{body}");
    let periods = body["periods"].as_array().cloned().unwrap_or_default();
    let by_month: Vec<(String, i64, Option<f64>)> = periods
        .iter()
        .map(|period| (period["start"].as_str().unwrap_or_default().to_owned(), period["n"].as_i64().unwrap_or(-1), period["nps"].as_f64()))
        .collect();
    assert_eq!(
        by_month,
        vec![
            ("2025-12-31T15:00:00Z".to_owned(), 1, Some(100.0)),
            ("2026-01-31T15:00:00Z".to_owned(), 1, Some(-100.0)),
            ("2026-02-28T15:00:00Z".to_owned(), 0, None),
        ]
    );

    let (_, weeks) = app.api_get(&token, &format!("/surveys/{}/trend?interval=week&from=2026-01-26&to=2026-02-08", nps.id.0)).await;
    let counts: Vec<i64> = weeks["periods"].as_array().into_iter().flatten().filter_map(|week| week["n"].as_i64()).collect();
    assert_eq!(counts, vec![2, 0], "both answers fall in the week of Monday 26 January");
}

#[actix_web::test]
async fn csat_and_exit_summaries() {
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    world(&mut conn);
    let csat = survey(&mut conn, "csat");
    let csat_link = csat.public_token.clone().expect("public link");
    for score in [5, 4, 4, 3, 1] {
        answer(&app, &csat_link, Some(score), None, "2026-05-01T10:00:00+09:00");
    }
    let exit = survey(&mut conn, "exit");
    let exit_link = exit.public_token.clone().expect("public link");
    for reason in ["price", "price", "support_quality"] {
        answer(&app, &exit_link, None, Some(reason), "2026-05-02T10:00:00+09:00");
    }
    let token = app.api_token("read");

    let (_, body) = app.api_get(&token, &format!("/surveys/{}/summary?from=2026-05-01&to=2026-05-31", csat.id.0)).await;
    assert_eq!(body["n"], 5);
    assert_eq!(body["csat"].as_f64(), Some(60.0), "top-2 box: {body}");
    assert_eq!(body["csat_mean"].as_f64(), Some(3.4));
    assert_eq!(body["by_score"], serde_json::json!([1, 0, 1, 2, 1]));

    let (_, body) = app.api_get(&token, &format!("/surveys/{}/summary?from=2026-05-01&to=2026-05-31", exit.id.0)).await;
    assert_eq!(body["n"], 3);
    let reasons = body["reasons"].as_array().cloned().unwrap_or_default();
    assert_eq!(reasons.len(), 7, "every reason of the survey, even those nobody gave");
    assert_eq!((reasons[0]["code"].as_str(), reasons[0]["responses"].as_i64()), (Some("price"), Some(2)));
    assert!((reasons[0]["share"].as_f64().unwrap_or(0.0) - 200.0 / 3.0).abs() < 1e-9);
}

#[actix_web::test]
async fn mrr_lost_and_filters_follow_the_accounts() {
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    let world = world(&mut conn);
    let exit = survey(&mut conn, "exit");
    let token = common::invite(&mut conn, &exit, &world);
    app.post_fields(&format!("/s/{token}"), &[("reason", "budget")]).await;
    let api = app.api_token("read");
    let (_, body) = app.api_get(&api, &format!("/surveys/{}/summary", exit.id.0)).await;
    let budget = body["reasons"].as_array().into_iter().flatten().find(|reason| reason["code"] == "budget").cloned();
    assert_eq!(budget.map(|reason| reason["mrr_lost"].clone()), Some(serde_json::json!(50_000)), "{body}");
    let (_, other_segment) = app.api_get(&api, &format!("/surveys/{}/summary?segment=enterprise", exit.id.0)).await;
    assert_eq!(other_segment["n"], 0);
}

#[actix_web::test]
async fn bad_requests_for_figures_are_refused() {
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    world(&mut conn);
    let nps = survey(&mut conn, "nps");
    let token = app.api_token("read");
    let (status, body) = app.api_get(&token, &format!("/surveys/{}/trend?interval=day", nps.id.0)).await;
    assert_eq!((status, body["error"]["code"].as_str()), (422, Some("invalid_interval")));
    let (status, body) = app.api_get(&token, &format!("/surveys/{}/summary?to=2026-02-30", nps.id.0)).await;
    assert_eq!((status, body["error"]["field"].as_str()), (422, Some("to")));
    let (status, _) = app.api_get(&token, "/surveys/424242/summary").await;
    assert_eq!(status, 404);
    let anonymous = app.client.get(app.url(&format!("/api/v1/surveys/{}/trend", nps.id.0))).send().await.expect("GET");
    assert_eq!(anonymous.status(), 401);
}

#[actix_web::test]
async fn daily_counts_follow_every_change_and_give_the_same_figures_as_the_answers() {
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    let world = world(&mut conn);
    let nps = survey(&mut conn, "nps");
    let link = nps.public_token.clone().expect("public link");
    for (index, score) in [10, 9, 8, 7, 6, 3, 0, 10, 9, 2].into_iter().enumerate() {
        answer(&app, &link, Some(score), None, &format!("2026-0{}-1{index}T23:30:00+09:00", 1 + index % 3));
    }
    let token = common::invite(&mut conn, &nps, &world);
    app.post_fields(&format!("/s/{token}"), &[("score", "2")]).await;
    app.post_fields(&format!("/s/{token}"), &[("score", "9")]).await;
    assert_eq!(common::rollups::daily_mismatches(&mut conn), 0, "after answers and a replaced answer");
    for sql in [
        "UPDATE responses SET score = 10 - score WHERE id % 3 = 0",
        "UPDATE responses SET answered_at = answered_at + interval '20 days' WHERE id % 4 = 0",
        "DELETE FROM responses WHERE id % 5 = 0",
    ] {
        diesel::RunQueryDsl::execute(diesel::sql_query(sql), &mut conn).expect(sql);
        assert_eq!(common::rollups::daily_mismatches(&mut conn), 0, "after {sql}");
    }

    // Whole days are read from the daily counts; a period starting a second before midnight
    // is computed from the answers. Both hold the same answers here.
    let api = app.api_token("read");
    let id = nps.id.0;
    for (whole_days, from_answers) in [
        (format!("/surveys/{id}/summary?from=2026-01-01&to=2026-12-31"), format!("/surveys/{id}/summary?from=2025-12-31T23:59:59%2B09:00&to=2026-12-31")),
        (
            format!("/surveys/{id}/trend?interval=month&from=2026-01-01&to=2026-06-30"),
            format!("/surveys/{id}/trend?interval=month&from=2025-12-31T23:59:59%2B09:00&to=2026-06-30"),
        ),
    ] {
        let (_, by_day) = app.api_get(&api, &whole_days).await;
        let (_, by_answer) = app.api_get(&api, &from_answers).await;
        if by_day["periods"].is_array() {
            let figures = |body: &Value| -> Vec<Value> {
                body["periods"].as_array().into_iter().flatten().map(|period| period["n"].clone()).collect()
            };
            // The period from the answers starts a second into December: one more (empty) month.
            assert_eq!(figures(&by_day), figures(&by_answer)[1..], "{whole_days}");
        } else {
            for field in ["n", "promoters", "passives", "detractors", "nps", "nps_margin_of_error"] {
                assert_eq!(by_day[field], by_answer[field], "{field}: {by_day} / {by_answer}");
            }
        }
    }
}

#[actix_web::test]
async fn the_summary_compares_with_the_period_just_before() {
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    world(&mut conn);
    let nps = survey(&mut conn, "nps");
    let link = nps.public_token.clone().expect("public link");
    for score in [10, 9, 3, 2] {
        answer(&app, &link, Some(score), None, "2026-02-10T12:00:00+09:00");
    }
    for score in [10, 9, 9, 8] {
        answer(&app, &link, Some(score), None, "2026-03-10T12:00:00+09:00");
    }
    let token = app.api_token("read");
    let (_, body) = app.api_get(&token, &format!("/surveys/{}/summary?from=2026-03-01&to=2026-03-31", nps.id.0)).await;
    assert_eq!(body["previous"]["n"], 4, "the 31 days before March hold February's answers: {body}");
    assert_eq!(body["previous"]["nps"].as_f64(), Some(0.0));
    assert_eq!(body["nps"].as_f64(), Some(75.0));
    let expected = NpsCounts { promoters: 3, passives: 1, detractors: 0 }
        .change_since(&NpsCounts { promoters: 2, passives: 0, detractors: 2 })
        .expect("change");
    assert_eq!(body["change"]["points"].as_f64(), Some(expected.points));
    assert_eq!(body["change"]["significant"].as_bool(), Some(expected.significant));
    let (_, alone) = app.api_get(&token, &format!("/surveys/{}/summary?from=2026-02-01&to=2026-02-28", nps.id.0)).await;
    assert!(alone["change"].is_null(), "nothing to compare January with: {alone}");
}

#[actix_web::test]
async fn response_rates_count_invitations_sent_and_answered() {
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    let world = world(&mut conn);
    let nps = survey(&mut conn, "nps");
    let tokens: Vec<String> = (0..3).map(|_| common::invite(&mut conn, &nps, &world)).collect();
    for token in &tokens[..2] {
        app.post_fields(&format!("/s/{token}"), &[("score", "8")]).await;
    }
    // An answer on the public link is no invitation's answer.
    let link = nps.public_token.clone().expect("public link");
    app.post_fields(&format!("/s/{link}"), &[("score", "10")]).await;
    let api = app.api_token("read");

    let (_, summary) = app.api_get(&api, &format!("/surveys/{}/summary", nps.id.0)).await;
    assert_eq!((summary["invitations_sent"].as_i64(), summary["invitations_answered"].as_i64()), (Some(3), Some(2)), "{summary}");
    assert!((summary["response_rate"].as_f64().unwrap_or(0.0) - 200.0 / 3.0).abs() < 1e-9);
    let (_, trend) = app.api_get(&api, &format!("/surveys/{}/trend", nps.id.0)).await;
    let last = trend["periods"].as_array().and_then(|periods| periods.last()).cloned().unwrap_or_default();
    assert_eq!(last["invitations_sent"], 3, "this month: {last}");
    let (_, elsewhere) = app.api_get(&api, &format!("/surveys/{}/summary?segment=enterprise", nps.id.0)).await;
    assert_eq!((elsewhere["invitations_sent"].as_i64(), elsewhere["response_rate"].is_null()), (Some(0), true));
}

#[actix_web::test]
async fn daily_invitation_counts_agree_with_the_invitations_through_answers_and_deletions() {
    use diesel::prelude::*;
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    let world = world(&mut conn);
    let nps = survey(&mut conn, "nps");
    let tokens: Vec<String> = (0..5).map(|_| common::invite(&mut conn, &nps, &world)).collect();
    for token in &tokens[..3] {
        app.post_fields(&format!("/s/{token}"), &[("score", "9")]).await;
    }
    // An answered invitation goes (with its answer), and another answer goes alone.
    diesel::sql_query("DELETE FROM invitations WHERE token = $1").bind::<diesel::sql_types::Text, _>(&tokens[0]).execute(&mut conn).expect("sql");
    diesel::sql_query("DELETE FROM responses WHERE invitation_id = (SELECT id FROM invitations WHERE token = $1)")
        .bind::<diesel::sql_types::Text, _>(&tokens[1])
        .execute(&mut conn)
        .expect("sql");
    let api = app.api_token("read");
    let today = chrono::Utc::now().with_timezone(&chrono_tz::Asia::Tokyo).date_naive();
    // Whole days and no account filter: the daily counts. The segment filter: the invitations.
    let by_day = format!("/surveys/{}/summary?from={}&to={today}", nps.id.0, today - chrono::Duration::days(7));
    let by_row = format!("{by_day}&segment=smb");
    for path in [&by_day, &by_row] {
        let (_, summary) = app.api_get(&api, path).await;
        assert_eq!((summary["invitations_sent"].as_i64(), summary["invitations_answered"].as_i64()), (Some(4), Some(1)), "{path}: {summary}");
    }
    // The first path really reads the daily counts: a (deliberately) wrong count shows there only.
    diesel::sql_query("INSERT INTO invitation_daily_changes SELECT DISTINCT survey_id, day, 10, 0 FROM invitation_daily").execute(&mut conn).expect("sql");
    assert_eq!(app.api_get(&api, &by_day).await.1["invitations_sent"].as_i64(), Some(14));
    assert_eq!(app.api_get(&api, &by_row).await.1["invitations_sent"].as_i64(), Some(4));
    diesel::sql_query("INSERT INTO invitation_daily_changes SELECT DISTINCT survey_id, day, -10, 0 FROM invitation_daily").execute(&mut conn).expect("sql");
    let rows: i64 = diesel::select(diesel::dsl::sql::<diesel::sql_types::BigInt>("(SELECT coalesce(sum(sent), 0)::int8 FROM invitation_daily)"))
        .get_result(&mut conn)
        .expect("sql");
    assert_eq!(rows, 4);
}

#[actix_web::test]
async fn revenue_churn_uses_the_mrr_an_account_paid_then_not_now() {
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    world(&mut conn);
    let account = koe::service::accounts::AccountInput {
        external_id: "UP".into(),
        name: "株式会社アップ".into(),
        owner_email: None,
        segment: None,
        plan: None,
        mrr: Some(100_000),
    };
    koe::service::accounts::upsert(&mut conn, &account).expect("account");
    // Its story, as the CRM told it over time: 100,000 from December, 300,000 from mid-February,
    // cancelled on 10 March, and its MRR set to 0 afterwards (that last change is "now").
    for sql in [
        "UPDATE accounts SET created_at = '2025-12-01T00:00:00+09:00' WHERE external_id = 'UP'",
        "UPDATE accounts SET mrr = 0, churned_at = '2026-03-10T10:00:00+09:00', stage = 'alumni' WHERE external_id = 'UP'",
        "DELETE FROM account_mrr_history WHERE account_id = (SELECT id FROM accounts WHERE external_id = 'UP') AND mrr = 100000",
        "INSERT INTO account_mrr_history SELECT id, '2025-12-01T00:00:00+09:00', 100000 FROM accounts WHERE external_id = 'UP'",
        "INSERT INTO account_mrr_history SELECT id, '2026-02-15T00:00:00+09:00', 300000 FROM accounts WHERE external_id = 'UP'",
    ] {
        diesel::RunQueryDsl::execute(diesel::sql_query(sql), &mut conn).expect(sql);
    }
    let token = app.api_token("read");
    let (status, body) = app.api_get(&token, "/churn?from=2026-01-01&to=2026-03-31").await;
    assert_eq!(status, 200, "{body}");
    let months: Vec<(i64, i64)> = body["months"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|month| (month["mrr_at_start"].as_i64().unwrap_or(-1), month["mrr_lost"].as_i64().unwrap_or(-1)))
        .collect();
    // The world's own account was created now, so it is in none of these months.
    assert_eq!(months, vec![(100_000, 0), (100_000, 0), (300_000, 300_000)]);
}

#[actix_web::test]
async fn churn_is_counted_per_month_from_the_accounts() {
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    world(&mut conn);
    for (id, segment) in [("A", "smb"), ("B", "smb"), ("C", "smb"), ("D", "enterprise")] {
        let account = koe::service::accounts::AccountInput {
            external_id: id.into(),
            name: format!("株式会社{id}"),
            owner_email: None,
            segment: Some(segment.into()),
            plan: None,
            mrr: Some(100_000),
        };
        koe::service::accounts::upsert(&mut conn, &account).expect("account");
    }
    for sql in [
        "UPDATE accounts SET created_at = '2025-12-01T00:00:00+09:00' WHERE external_id <> 'CRM-1'",
        "UPDATE accounts SET churned_at = '2026-02-15T10:00:00+09:00', stage = 'alumni' WHERE external_id = 'B'",
    ] {
        diesel::RunQueryDsl::execute(diesel::sql_query(sql), &mut conn).expect(sql);
    }
    let token = app.api_token("read");
    let (status, body) = app.api_get(&token, "/churn?from=2026-01-01&to=2026-03-31").await;
    assert_eq!(status, 200, "{body}");
    let months: Vec<(i64, i64, Option<f64>)> = body["months"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|month| (month["accounts_at_start"].as_i64().unwrap_or(-1), month["churned"].as_i64().unwrap_or(-1), month["revenue_churn_rate"].as_f64()))
        .collect();
    // The world's own account (CRM-1, 50,000 a month) was created now, so it is in none of these months.
    assert_eq!(months, vec![(4, 0, Some(0.0)), (4, 1, Some(25.0)), (3, 0, Some(0.0))]);
    let (_, smb) = app.api_get(&token, "/churn?from=2026-02-01&to=2026-02-28&segment=smb").await;
    assert_eq!(smb["months"][0]["customer_churn_rate"].as_f64(), Some(100.0 / 3.0));
    let (status, _) = app.api_get(&token, "/churn?from=2026-13-01").await;
    assert_eq!(status, 422);
}
