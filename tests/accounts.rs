//! The accounts list and page, the detractor report page and the admins' CSV upload, through
//! real HTTP against a real database.
#![allow(clippy::expect_used)] // a test may stop at the first thing that goes wrong

mod common;

use common::{browser, count, location, survey, world, Session, TestApp, STAFF_PASSWORD};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Int2, Nullable, Text};
use koe::domain::role::Role;
use koe::service;
use koe::service::accounts::AccountInput;

const OWNER: &str = "owner@example.com";
const ADMIN: &str = "admin@example.com";
const MANAGER: &str = "manager@example.com";

/// The world's account CRM-1 (owner, smb, starter) plus A-2 (no owner, enterprise) and A-3
/// (owner, smb, alumni); staff of every role.
fn accounts_world(conn: &mut PgConnection) {
    world(conn);
    service::users::add(conn, ADMIN, "管理 花子", Role::Admin, STAFF_PASSWORD).expect("admin");
    service::users::add(conn, MANAGER, "部長 次郎", Role::Manager, STAFF_PASSWORD).expect("manager");
    for (external_id, name, owner, segment) in
        [("A-2", "みなと精機株式会社", None, "enterprise"), ("A-3", "Sakura Labs", Some(OWNER), "smb")]
    {
        let input = AccountInput {
            external_id: external_id.into(),
            name: name.into(),
            owner_email: owner.map(str::to_owned),
            segment: Some(segment.into()),
            plan: Some("business".into()),
            mrr: Some(10_000),
        };
        service::accounts::upsert(conn, &input).expect("account");
    }
    diesel::sql_query("UPDATE accounts SET stage = 'alumni' WHERE external_id = 'A-3'").execute(conn).expect("stage");
}

fn account_id(conn: &mut PgConnection, external_id: &str) -> i64 {
    #[derive(QueryableByName)]
    struct Id {
        #[diesel(sql_type = BigInt)]
        id: i64,
    }
    diesel::sql_query("SELECT id FROM accounts WHERE external_id = $1")
        .bind::<Text, _>(external_id)
        .get_result::<Id>(conn)
        .expect("account id")
        .id
}

/// An answer of the account's first contact (if any) `days_ago` days ago; returns its id.
fn answer(conn: &mut PgConnection, survey_id: i64, external_id: &str, score: Option<i16>, comment: Option<&str>, days_ago: i64) -> i64 {
    #[derive(QueryableByName)]
    struct Id {
        #[diesel(sql_type = BigInt)]
        id: i64,
    }
    diesel::sql_query(
        "INSERT INTO responses (survey_id, account_id, contact_id, score, comment, answered_at)
         SELECT $1, a.id, (SELECT min(c.id) FROM contacts c WHERE c.account_id = a.id), $3, $4,
                now() - make_interval(days => $5::int)
         FROM accounts a WHERE a.external_id = $2 RETURNING id",
    )
    .bind::<BigInt, _>(survey_id)
    .bind::<Text, _>(external_id)
    .bind::<Nullable<Int2>, _>(score)
    .bind::<Nullable<Text>, _>(comment)
    .bind::<BigInt, _>(days_ago)
    .get_result::<Id>(conn)
    .expect("answer")
    .id
}

/// A follow-up on an answer, owned by the account's owner; returns its id.
fn follow_up(conn: &mut PgConnection, response_id: i64, status: &str, due_in_hours: i64) -> i64 {
    #[derive(QueryableByName)]
    struct Id {
        #[diesel(sql_type = BigInt)]
        id: i64,
    }
    diesel::sql_query(
        "INSERT INTO follow_ups (response_id, account_id, owner_id, trigger, status, due_at)
         SELECT r.id, r.account_id, a.owner_id, 'detractor', $2, now() + make_interval(hours => $3::int)
         FROM responses r JOIN accounts a ON a.id = r.account_id WHERE r.id = $1 RETURNING id",
    )
    .bind::<BigInt, _>(response_id)
    .bind::<Text, _>(status)
    .bind::<BigInt, _>(due_in_hours)
    .get_result::<Id>(conn)
    .expect("follow-up")
    .id
}

/// The `<tr>` of the list that names `name`.
fn row_of<'a>(page: &'a str, name: &str) -> &'a str {
    let at = page.find(name).unwrap_or_else(|| panic!("{name} not listed"));
    let start = page[..at].rfind("<tr>").unwrap_or(0);
    let end = at + page[at..].find("</tr>").unwrap_or(page.len() - at);
    &page[start..end]
}

fn names_listed(page: &str) -> Vec<&'static str> {
    ["株式会社テスト商事", "みなと精機株式会社", "Sakura Labs"].into_iter().filter(|name| page.contains(name)).collect()
}

#[actix_web::test]
async fn search_and_filters_narrow_the_list_and_combine() {
    let app = TestApp::spawn().await;
    accounts_world(&mut app.conn());
    let staff = Session::start(&app, OWNER).await;

    let (status, all) = staff.page(&app, "/staff/accounts").await;
    assert_eq!(status, 200);
    assert_eq!(names_listed(&all).len(), 3);
    assert!(all.contains("aria-current=\"page\">取引先<"), "the menu marks the page");

    for (query, expected) in [
        ("?q=%E3%81%BF%E3%81%AA%E3%81%A8", vec!["みなと精機株式会社"]),
        ("?q=sakura", vec!["Sakura Labs"]),
        ("?q=crm-", vec!["株式会社テスト商事"]),
        ("?owner=none", vec!["みなと精機株式会社"]),
        ("?owner=owner%40example.com&segment=smb", vec!["株式会社テスト商事", "Sakura Labs"]),
        ("?owner=owner%40example.com&segment=smb&stage=alumni", vec!["Sakura Labs"]),
        ("?plan=business&segment=smb", vec!["Sakura Labs"]),
        ("?q=%25", vec![]),
    ] {
        let (status, page) = staff.page(&app, &format!("/staff/accounts{query}")).await;
        assert_eq!(status, 200, "{query}");
        assert_eq!(names_listed(&page), expected, "{query}");
    }
}

#[actix_web::test]
async fn a_row_shows_the_latest_nps_with_its_direction_and_the_unfinished_follow_ups() {
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    accounts_world(&mut conn);
    let nps = survey(&mut conn, "nps").id.0;
    let csat = survey(&mut conn, "csat").id.0;
    answer(&mut conn, nps, "CRM-1", Some(9), None, 30);
    let low = answer(&mut conn, nps, "CRM-1", Some(4), Some("遅い"), 3);
    // A later CSAT answer is not an NPS: the direction compares NPS answers only.
    answer(&mut conn, csat, "CRM-1", Some(5), None, 1);
    answer(&mut conn, nps, "A-2", Some(6), None, 20);
    answer(&mut conn, nps, "A-2", Some(8), None, 2);
    answer(&mut conn, nps, "A-3", Some(7), None, 2);
    follow_up(&mut conn, low, "open", 24);
    let older = answer(&mut conn, nps, "CRM-1", None, Some("前の件"), 40);
    follow_up(&mut conn, older, "resolved", -900);
    let staff = Session::start(&app, MANAGER).await;

    let (_, page) = staff.page(&app, "/staff/accounts").await;
    let first = row_of(&page, "株式会社テスト商事");
    assert!(first.contains("NPS 4"), "{first}");
    assert!(first.contains("↓") && first.contains("前回より低下"), "{first}");
    assert!(first.contains("未完了のフォローアップ </span>1</td>"), "only the open case counts: {first}");
    let second = row_of(&page, "みなと精機株式会社");
    assert!(second.contains("NPS 8") && second.contains("前回より上昇"), "{second}");
    assert!(second.contains("未完了のフォローアップ </span>0</td>"));
    let third = row_of(&page, "Sakura Labs");
    assert!(third.contains("NPS 7") && third.contains("初回の回答"), "{third}");
}

#[actix_web::test]
async fn dormant_accounts_are_flagged_with_the_configured_threshold() {
    let app = TestApp::spawn_with(|config| config.dormant_days = 10).await;
    let mut conn = app.conn();
    accounts_world(&mut conn);
    let nps = survey(&mut conn, "nps").id.0;
    answer(&mut conn, nps, "CRM-1", Some(9), None, 12);
    answer(&mut conn, nps, "A-2", Some(9), None, 8);
    // A-3 never answered: it is measured from its creation, long ago.
    diesel::sql_query("UPDATE accounts SET created_at = now() - interval '400 days' WHERE external_id = 'A-3'")
        .execute(&mut conn)
        .expect("backdate");
    let staff = Session::start(&app, OWNER).await;

    let (_, page) = staff.page(&app, "/staff/accounts").await;
    assert!(page.contains("10日を超えた"), "the threshold is stated");
    assert!(row_of(&page, "株式会社テスト商事").contains("12日前"));
    assert!(row_of(&page, "株式会社テスト商事").contains(">休眠<"));
    assert!(!row_of(&page, "みなと精機株式会社").contains(">休眠<"));
    assert!(row_of(&page, "Sakura Labs").contains(">休眠<"));
    let (_, dormant) = staff.page(&app, "/staff/accounts?dormant=1").await;
    assert_eq!(names_listed(&dormant), ["株式会社テスト商事", "Sakura Labs"]);

    // CRM activity counts as activity.
    diesel::sql_query("UPDATE accounts SET last_activity_at = now() - interval '1 day' WHERE external_id = 'A-3'")
        .execute(&mut conn)
        .expect("activity");
    let (_, dormant) = staff.page(&app, "/staff/accounts?dormant=1").await;
    assert_eq!(names_listed(&dormant), ["株式会社テスト商事"]);
}

#[actix_web::test]
async fn the_list_is_paginated_by_name() {
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    for i in 0..55 {
        let input = AccountInput {
            external_id: format!("P-{i:02}"),
            name: format!("会社{i:02}"),
            owner_email: None,
            segment: None,
            plan: None,
            mrr: None,
        };
        service::accounts::upsert(&mut conn, &input).expect("account");
    }
    service::users::add(&mut conn, OWNER, "", Role::Cs, STAFF_PASSWORD).expect("user");
    let staff = Session::start(&app, OWNER).await;
    let (_, first) = staff.page(&app, "/staff/accounts?q=%E4%BC%9A%E7%A4%BE").await;
    assert!(first.contains("55社") && first.contains("会社49") && !first.contains("会社50"));
    assert!(first.contains("href=\"/staff/accounts?q=%E4%BC%9A%E7%A4%BE&amp;page=2\" rel=\"next\""), "{first}");
    let (_, second) = staff.page(&app, "/staff/accounts?q=%E4%BC%9A%E7%A4%BE&page=2").await;
    assert!(second.contains("会社54") && !second.contains("会社49") && second.contains("2 / 2 ページ"));
}

#[actix_web::test]
async fn the_account_page_shows_facts_scores_comments_follow_ups_and_the_exit_answer() {
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    accounts_world(&mut conn);
    let nps = survey(&mut conn, "nps").id.0;
    let csat = survey(&mut conn, "csat").id.0;
    let exit = survey(&mut conn, "exit").id.0;
    answer(&mut conn, nps, "CRM-1", Some(9), None, 60);
    let low = answer(&mut conn, nps, "CRM-1", Some(3), Some("請求書が<分かりにくい>"), 5);
    answer(&mut conn, csat, "CRM-1", Some(2), None, 4);
    let left = answer(&mut conn, exit, "CRM-1", None, Some("価格が高い"), 1);
    diesel::sql_query("UPDATE responses SET reason = 'price' WHERE id = $1").bind::<BigInt, _>(left).execute(&mut conn).expect("reason");
    let case = follow_up(&mut conn, low, "open", -2);
    answer(&mut conn, nps, "A-2", Some(0), Some("別の会社のコメント"), 1);
    let id = account_id(&mut conn, "CRM-1");
    let staff = Session::start(&app, OWNER).await;

    let (status, page) = staff.page(&app, &format!("/staff/accounts/{id}")).await;
    assert_eq!(status, 200);
    for fact in ["株式会社テスト商事", "CRM-1", OWNER, "smb", "starter", "50,000円", "顧客", "活動中"] {
        assert!(page.contains(fact), "{fact} missing");
    }
    assert_eq!(page.matches("<svg").count(), 2, "an NPS and a CSAT chart");
    assert!(page.contains("NPS 9") && page.contains("NPS 3") && page.contains("CSAT 2"), "the table beside the chart");
    assert!(page.contains("請求書が&lt;分かりにくい&gt;"));
    assert!(page.contains(&format!("href=\"/staff/responses/{low}\"")));
    assert!(page.contains(&format!("href=\"/staff/follow-ups/{case}\"")) && page.contains("期限切れ"));
    assert!(page.contains("解約アンケートの回答") && page.contains("価格") && page.contains(&format!("href=\"/staff/responses/{left}\"")));
    assert!(!page.contains("別の会社のコメント"), "only this account's answers");
}

#[actix_web::test]
async fn an_unknown_account_is_a_404_page() {
    let app = TestApp::spawn().await;
    accounts_world(&mut app.conn());
    let staff = Session::start(&app, OWNER).await;
    for path in ["/staff/accounts/999999", "/staff/accounts/abc"] {
        let (status, page) = staff.page(&app, path).await;
        assert_eq!(status, 404, "{path}");
        assert!(page.contains("<html"), "a page, not plain text");
    }
}

#[actix_web::test]
async fn the_report_page_shows_the_figures_per_month_and_owner_to_every_role() {
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    accounts_world(&mut conn);
    let nps = survey(&mut conn, "nps").id.0;
    let contacted = answer(&mut conn, nps, "CRM-1", Some(2), None, 0);
    let waiting = answer(&mut conn, nps, "CRM-1", Some(3), None, 0);
    let shared = answer(&mut conn, nps, "A-2", Some(1), None, 0);
    let called = follow_up(&mut conn, contacted, "contacted", 48);
    diesel::sql_query("UPDATE follow_ups SET first_contacted_at = created_at + interval '6 hours' WHERE id = $1")
        .bind::<BigInt, _>(called)
        .execute(&mut conn)
        .expect("contacted");
    follow_up(&mut conn, waiting, "open", -1);
    follow_up(&mut conn, shared, "open", 24);
    let month = chrono::Utc::now().with_timezone(&chrono_tz::Asia::Tokyo).format("%Y-%m").to_string();

    for email in [MANAGER, OWNER] {
        let staff = Session::start(&app, email).await;
        let (status, page) = staff.page(&app, &format!("/staff/follow-ups/report?month={month}")).await;
        assert_eq!(status, 200, "{email} reads reports");
        let owner_row = row_of(&page, &format!("<th scope=\"row\">{OWNER}</th>"));
        let cells: Vec<&str> = owner_row.split("<td class=\"num\">").skip(1).filter_map(|cell| cell.split('<').next()).collect();
        assert_eq!(cells, ["2", "2", "1", "6.0時間", "50%"], "cases, unfinished, overdue, median, in time: {owner_row}");
        assert!(row_of(&page, "<th scope=\"row\">共有キュー</th>").contains("<td class=\"num\">1</td>"));
        assert!(page.contains(&format!("<option value=\"{month}\" selected>")));
    }
    let staff = Session::start(&app, MANAGER).await;
    let (_, earlier) = staff.page(&app, "/staff/follow-ups/report?month=2020-01").await;
    assert!(earlier.contains("この期間に作成されたフォローアップはありません。"));
}

/// The import form's body as a browser sends it.
fn multipart(csrf: Option<&str>, kind: &str, mode: &str, file: &[u8]) -> Vec<u8> {
    let mut fields = vec![("kind", kind), ("mode", mode)];
    if let Some(csrf) = csrf {
        fields.insert(0, ("csrf_token", csrf));
    }
    common::multipart(&fields, Some(("export.csv", file)))
}

async fn upload(app: &TestApp, client: &reqwest::Client, body: Vec<u8>) -> (u16, String) {
    let response = client
        .post(app.url("/staff/import"))
        .header("Content-Type", format!("multipart/form-data; boundary={}", common::MULTIPART_BOUNDARY))
        .body(body)
        .send()
        .await
        .expect("POST");
    (response.status().as_u16(), response.text().await.unwrap_or_default())
}

const GOOD_ACCOUNTS: &str = "external_id,name,owner_email,segment,plan,mrr\nN-1,株式会社あたらしい,owner@example.com,smb,starter,1000\nN-2,ニュー商事,,,,\n";
const BAD_ACCOUNTS: &str = "external_id,name,owner_email,mrr\nN-1,良い会社,,1000\nN-2,,,\nN-3,所有者不明,nobody@example.com,\nN-4,数字でない,,たくさん\n";

#[actix_web::test]
async fn a_dry_run_lists_the_bad_rows_by_line_and_changes_nothing() {
    let app = TestApp::spawn().await;
    accounts_world(&mut app.conn());
    let admin = Session::start(&app, ADMIN).await;
    let (status, form) = admin.page(&app, "/staff/import").await;
    assert_eq!(status, 200);
    assert!(form.contains("enctype=\"multipart/form-data\""));

    let (status, page) = upload(&app, &admin.client, multipart(Some(&admin.csrf), "accounts", "dry_run", BAD_ACCOUNTS.as_bytes())).await;
    assert_eq!(status, 422);
    assert!(page.contains("3行に問題があるため"), "{page}");
    for (line, problem) in [(3, "「name」が空です。"), (4, "スタッフが見つかりません"), (5, "「mrr」は半角の整数")] {
        let row = row_of(&page, problem);
        assert!(row.contains(&format!(">{line}</th>")), "line {line}: {row}");
    }
    assert_eq!(count(&mut app.conn(), "accounts"), 3);

    let (status, page) = upload(&app, &admin.client, multipart(Some(&admin.csrf), "accounts", "dry_run", GOOD_ACCOUNTS.as_bytes())).await;
    assert_eq!(status, 200);
    assert!(page.contains("新規2件・更新0件") && page.contains("まだ書き込んでいません"), "{page}");
    assert_eq!(count(&mut app.conn(), "accounts"), 3, "a dry run writes nothing");
}

#[actix_web::test]
async fn the_import_button_writes_every_row_and_reports_the_counts() {
    let app = TestApp::spawn().await;
    accounts_world(&mut app.conn());
    let admin = Session::start(&app, ADMIN).await;
    let (status, page) = upload(&app, &admin.client, multipart(Some(&admin.csrf), "accounts", "import", GOOD_ACCOUNTS.as_bytes())).await;
    assert_eq!(status, 200);
    assert!(page.contains("新規2件・更新0件"), "{page}");
    let mut conn = app.conn();
    assert_eq!(count(&mut conn, "accounts a JOIN users u ON u.id = a.owner_id WHERE a.external_id = 'N-1' AND u.email = 'owner@example.com'"), 1);

    // Excel on Japanese Windows saves Shift_JIS.
    let contacts = "account_external_id,email,name,locale\r\nN-2,Tanaka@New.example,田中 一郎,ja\r\n";
    let (sjis, _, unmappable) = encoding_rs::SHIFT_JIS.encode(contacts);
    assert!(!unmappable);
    let (status, page) = upload(&app, &admin.client, multipart(Some(&admin.csrf), "contacts", "import", &sjis)).await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(count(&mut conn, "contacts WHERE email = 'tanaka@new.example' AND name = '田中 一郎'"), 1);
}

#[actix_web::test]
async fn uploads_that_must_not_import_change_nothing() {
    let app = TestApp::spawn().await;
    accounts_world(&mut app.conn());
    let admin = Session::start(&app, ADMIN).await;
    let manager = Session::start(&app, MANAGER).await;
    let good = || GOOD_ACCOUNTS.as_bytes().to_vec();

    let mut huge = good();
    huge.resize(6 * 1024 * 1024, b'\n');
    let (status, page) = upload(&app, &admin.client, multipart(Some(&admin.csrf), "accounts", "import", &huge)).await;
    assert_eq!(status, 413);
    assert!(page.contains("ファイルが大きすぎます") && page.contains("5メガバイト"), "a clear message: {page}");

    let (status, _) = upload(&app, &manager.client, multipart(Some(&manager.csrf), "accounts", "import", &good())).await;
    assert_eq!(status, 403, "managers do not import");
    assert_eq!(manager.get(&app, "/staff/import").await.status(), 403);

    let (status, _) = upload(&app, &admin.client, multipart(None, "accounts", "import", &good())).await;
    assert_eq!(status, 403, "no CSRF token");
    let (status, _) = upload(&app, &admin.client, multipart(Some("forged"), "accounts", "import", &good())).await;
    assert_eq!(status, 403, "a wrong CSRF token");

    let stranger = browser();
    let response = stranger
        .post(app.url("/staff/import"))
        .header("Content-Type", format!("multipart/form-data; boundary={}", common::MULTIPART_BOUNDARY))
        .body(multipart(Some(&admin.csrf), "accounts", "import", &good()))
        .send()
        .await
        .expect("POST");
    assert_eq!(response.status(), 303);
    assert!(location(&response).starts_with("/staff/sign-in?next="));
    let response = stranger.get(app.url("/staff/accounts")).send().await.expect("GET");
    assert_eq!(location(&response), "/staff/sign-in?next=%2Fstaff%2Faccounts");

    assert_eq!(count(&mut app.conn(), "accounts"), 3, "nothing was imported");
}
