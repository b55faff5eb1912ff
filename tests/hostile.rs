//! Hostile and careless requests as one table of cases: out-of-range and non-numeric scores,
//! missing and duplicated fields, 10 MB bodies, invalid UTF-8, NUL and control characters,
//! bidirectional overrides, SQL and script injection, path traversal, unknown and expired
//! links, missing and forged CSRF tokens, cross-site posts, no session, the wrong role,
//! someone else's case, and API calls without a token, with a read-only one or a revoked one.
//!
//! Each case must get one of its expected statuses (never a 5xx, never a 2xx or 3xx that
//! changes something), leave every table as it was, and echo no `<script` (koe's pages have no
//! script at all, so any is the input's). Every case runs even when some fail, and the tally is
//! printed before the assertion.
#![allow(clippy::expect_used)] // a test may stop at the first thing that goes wrong

mod common;

use common::{browser, hidden, invite, survey, world, Session, TestApp, STAFF_PASSWORD};
use diesel::prelude::*;
use diesel::sql_types::Text;
use koe::domain::role::Role;
use reqwest::Method;
use std::collections::BTreeMap;

const OWNER: &str = "owner@example.com";
const OTHER_CS: &str = "other@example.com";
const MANAGER: &str = "manager@example.com";
const ADMIN: &str = "admin@example.com";

const SCRIPT: &str = "<script>alert('koe')</script>";
const SQL: &str = "'; DROP TABLE responses; --";
const RLO: &str = "\u{202e}";
const TEN_MB: usize = 10 * 1024 * 1024;

/// Who sends a request.
#[derive(Clone, Copy, Debug)]
enum Who {
    /// No cookie, no token.
    Nobody,
    /// A browser that has just opened the sign-in form (so it holds the form's CSRF cookie).
    Visitor,
    /// A made-up session cookie.
    ForgedSession,
    /// A signed-in staff member.
    Staff(&'static str),
    Bearer(Bearer),
}

#[derive(Clone, Copy, Debug)]
enum Bearer {
    Read,
    Write,
    Revoked,
    Unknown,
    /// The `Authorization` header exactly as given.
    Header(&'static str),
}

/// The CSRF field added to a form or upload.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Csrf {
    Omit,
    /// The session's token (or the sign-in form's, for a visitor).
    Valid,
    Forged,
}

#[derive(Clone, Debug)]
enum Body {
    Empty,
    /// `application/x-www-form-urlencoded`, exactly these bytes (the CSRF field appended).
    Form(Vec<u8>),
    /// `multipart/form-data`: (name, file name, bytes); the CSRF field comes first.
    Multipart(Vec<(&'static str, Option<&'static str>, Vec<u8>)>),
    /// These bytes with this content type, nothing added.
    Raw(&'static str, Vec<u8>),
}

struct Case {
    name: String,
    method: Method,
    path: String,
    who: Who,
    csrf: Csrf,
    body: Body,
    headers: Vec<(&'static str, &'static str)>,
    /// Acceptable statuses; a 303 must lead to the sign-in page.
    expect: Vec<u16>,
}

impl Case {
    fn new(name: impl Into<String>, method: Method, path: impl Into<String>, expect: &[u16]) -> Case {
        Case {
            name: name.into(),
            method,
            path: path.into(),
            who: Who::Nobody,
            csrf: Csrf::Omit,
            body: Body::Empty,
            headers: Vec::new(),
            expect: expect.to_vec(),
        }
    }

    fn get(name: impl Into<String>, path: impl Into<String>, expect: &[u16]) -> Case {
        Case::new(name, Method::GET, path, expect)
    }

    /// A form post; staff posts also get the session's CSRF token unless told otherwise.
    fn post(name: impl Into<String>, path: impl Into<String>, body: Vec<u8>, expect: &[u16]) -> Case {
        Case { body: Body::Form(body), ..Case::new(name, Method::POST, path, expect) }
    }

    fn json(name: impl Into<String>, method: Method, path: impl Into<String>, body: impl Into<Vec<u8>>, expect: &[u16]) -> Case {
        Case { body: Body::Raw("application/json", body.into()), who: Who::Bearer(Bearer::Write), ..Case::new(name, method, path, expect) }
    }

    fn by(self, who: Who) -> Case {
        let csrf = if matches!(who, Who::Staff(_) | Who::Visitor) { Csrf::Valid } else { self.csrf };
        Case { who, csrf, ..self }
    }

    fn csrf(self, csrf: Csrf) -> Case {
        Case { csrf, ..self }
    }

    fn body(self, body: Body) -> Case {
        Case { body, ..self }
    }

    fn header(mut self, name: &'static str, value: &'static str) -> Case {
        self.headers.push((name, value));
        self
    }
}

/// A percent-encoded form body, as a browser sends it.
fn form(fields: &[(&str, &str)]) -> Vec<u8> {
    serde_urlencoded::to_string(fields).expect("encode form").into_bytes()
}

/// A form body from raw bytes, for what no browser would send.
fn raw(bytes: &[u8]) -> Vec<u8> {
    bytes.to_vec()
}

/// What the cases need: a world with three surveys, links in every state, a follow-up case,
/// four staff members signed in, and API tokens of each kind.
struct Fixture {
    app: TestApp,
    nps: String,
    csat: String,
    exit: String,
    expired: String,
    closed: String,
    survey: i64,
    case: i64,
    account: i64,
    response: i64,
    sessions: BTreeMap<&'static str, Session>,
    read_token: String,
    write_token: String,
    revoked_token: String,
}

async fn fixture() -> Fixture {
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    let world = world(&mut conn);
    for (email, role) in [(OTHER_CS, Role::Cs), (MANAGER, Role::Manager), (ADMIN, Role::Admin)] {
        koe::service::users::add(&mut conn, email, "スタッフ", role, STAFF_PASSWORD).expect("staff");
    }
    let nps = survey(&mut conn, "nps");
    let csat = survey(&mut conn, "csat");
    let exit = survey(&mut conn, "exit");
    let closed_survey = survey(&mut conn, "nps");
    let (nps_token, csat_token, exit_token) = (invite(&mut conn, &nps, &world), invite(&mut conn, &csat, &world), invite(&mut conn, &exit, &world));
    let expired = invite(&mut conn, &nps, &world);
    let closed = invite(&mut conn, &closed_survey, &world);
    diesel::sql_query("UPDATE invitations SET expires_at = now() - interval '1 minute' WHERE token = $1")
        .bind::<Text, _>(&expired)
        .execute(&mut conn)
        .expect("expire");
    koe::db::surveys::close(&mut conn, closed_survey.id).expect("close");

    let answered = app.post_fields(&format!("/s/{nps_token}"), &[("score", "3"), ("comment", "請求書が分かりにくい")]).await;
    assert_eq!(answered.status(), 303, "the detractor's answer");
    // Opening a link stamps it once; done here so that the cases' GETs change nothing.
    for token in [&nps_token, &csat_token, &exit_token] {
        assert_eq!(app.get(&format!("/s/{token}")).await.status(), 200);
    }
    let mut id = |sql: &str| -> i64 {
        diesel::select(diesel::dsl::sql::<diesel::sql_types::BigInt>(sql)).get_result(&mut conn).expect(sql)
    };
    let (case, account, response) = (
        id("(SELECT max(id) FROM follow_ups)"),
        id("(SELECT max(id) FROM accounts)"),
        id("(SELECT max(id) FROM responses)"),
    );

    let mut sessions = BTreeMap::new();
    for email in [OWNER, OTHER_CS, MANAGER, ADMIN] {
        sessions.insert(email, Session::start(&app, email).await);
    }
    let (read_token, write_token) = (app.api_token("read"), app.api_token("write"));
    let (revoked, revoked_token) = koe::service::api_tokens::create(&mut conn, "revoked", "write").expect("token");
    koe::db::api_tokens::revoke(&mut conn, revoked.id, chrono::Utc::now()).expect("revoke");
    Fixture {
        nps: nps_token,
        csat: csat_token,
        exit: exit_token,
        expired,
        closed,
        survey: nps.id.0,
        case,
        account,
        response,
        sessions,
        read_token,
        write_token,
        revoked_token,
        app,
    }
}

/// A digest of every table's rows, by table. `sign_in_attempts` is left out: a refused sign-in
/// is recorded on purpose (it feeds the throttle); sessions and API tokens are compared without
/// the times a request may refresh (last seen, last used).
fn fingerprint(conn: &mut PgConnection) -> BTreeMap<String, String> {
    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = Text)]
        name: String,
        #[diesel(sql_type = Text)]
        digest: String,
    }
    let tables: Vec<Row> = diesel::sql_query(
        "SELECT tablename AS name, '' AS digest FROM pg_tables WHERE schemaname = 'public'
         AND tablename NOT IN ('sign_in_attempts', '__diesel_schema_migrations') ORDER BY tablename",
    )
    .load(conn)
    .expect("tables");
    let digests = tables
        .iter()
        .map(|table| {
            let rows = match table.name.as_str() {
                "staff_sessions" => "(SELECT token_sha256, user_id, csrf_token, created_at FROM staff_sessions)".to_owned(),
                "api_tokens" => "(SELECT id, name, token_sha256, scope, created_at, revoked_at FROM api_tokens)".to_owned(),
                // A form view's opening is written in the background a moment later
                // (service::link_opens), so it may land during a later case.
                "invitations" => "(SELECT id, survey_id, contact_id, token, created_at, expires_at, sent_at, reminded_at, by_email FROM invitations)".to_owned(),
                name => format!("\"{name}\""),
            };
            format!("SELECT '{0}' AS name, md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) AS digest FROM {rows} t", table.name)
        })
        .collect::<Vec<_>>()
        .join(" UNION ALL ");
    let rows: Vec<Row> = diesel::sql_query(digests).load(conn).expect("digests");
    rows.into_iter().map(|row| (row.name, row.digest)).collect()
}

impl Fixture {
    fn csrf_of(&self, who: Who, visitor_csrf: &str) -> String {
        match who {
            Who::Staff(email) => self.sessions[email].csrf.clone(),
            Who::Visitor => visitor_csrf.to_owned(),
            _ => "no-session-no-token".to_owned(),
        }
    }

    /// Sends a case's request: its status, `Location` and body, or why there was no answer.
    async fn send(&self, case: &Case) -> Result<(u16, String, String), String> {
        let app = &self.app;
        let (client, visitor_csrf) = match case.who {
            Who::Staff(email) => (self.sessions[email].client.clone(), String::new()),
            Who::Visitor => {
                let client = browser();
                let page = client.get(app.url("/staff/sign-in")).send().await.map_err(|e| e.to_string())?.text().await.unwrap_or_default();
                let csrf = hidden(&page, "csrf_token");
                (client, csrf)
            }
            _ => (app.client.clone(), String::new()),
        };
        let csrf = match case.csrf {
            Csrf::Omit => None,
            Csrf::Valid => Some(self.csrf_of(case.who, &visitor_csrf)),
            Csrf::Forged => Some("forged-csrf-token-forged-csrf-token".to_owned()),
        };
        let mut request = client.request(case.method.clone(), app.url(&case.path));
        request = match case.who {
            Who::ForgedSession => request.header("Cookie", "koe_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
            Who::Bearer(Bearer::Read) => request.bearer_auth(&self.read_token),
            Who::Bearer(Bearer::Write) => request.bearer_auth(&self.write_token),
            Who::Bearer(Bearer::Revoked) => request.bearer_auth(&self.revoked_token),
            Who::Bearer(Bearer::Unknown) => request.bearer_auth("koe_0000000000000000000000000000000000000000"),
            Who::Bearer(Bearer::Header(value)) => request.header("Authorization", value),
            _ => request,
        };
        for (name, value) in &case.headers {
            request = request.header(*name, *value);
        }
        request = match &case.body {
            Body::Empty => request,
            Body::Form(bytes) => {
                let mut bytes = bytes.clone();
                if let Some(token) = &csrf {
                    bytes.extend_from_slice(format!("&csrf_token={token}").as_bytes());
                }
                request.header("Content-Type", "application/x-www-form-urlencoded").body(bytes)
            }
            Body::Multipart(parts) => {
                let boundary = "koe-hostile-boundary-7d1f";
                let mut bytes = Vec::new();
                let csrf_part = csrf.as_ref().map(|token| ("csrf_token", None, token.clone().into_bytes()));
                for (name, file, content) in csrf_part.into_iter().chain(parts.iter().cloned()) {
                    bytes.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"").as_bytes());
                    if let Some(file) = file {
                        bytes.extend_from_slice(format!("; filename=\"{file}\"\r\nContent-Type: text/csv").as_bytes());
                    }
                    bytes.extend_from_slice(b"\r\n\r\n");
                    bytes.extend_from_slice(&content);
                    bytes.extend_from_slice(b"\r\n");
                }
                bytes.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
                request.header("Content-Type", format!("multipart/form-data; boundary={boundary}")).body(bytes)
            }
            Body::Raw(content_type, bytes) => request.header("Content-Type", *content_type).body(bytes.clone()),
        };
        let response = request.send().await.map_err(|error| format!("no answer: {error}"))?;
        let status = response.status().as_u16();
        let location = common::location(&response);
        let body = response.bytes().await.map_err(|error| format!("body unreadable: {error}"))?;
        Ok((status, location, String::from_utf8_lossy(&body).into_owned()))
    }

    /// Runs one case; `before` is the database as it must stay. Returns what went wrong.
    async fn check(&self, case: &Case, before: &BTreeMap<String, String>, conn: &mut PgConnection) -> Vec<String> {
        let mut problems = Vec::new();
        match self.send(case).await {
            Err(error) => problems.push(error),
            Ok((status, location, body)) => {
                if !case.expect.contains(&status) {
                    problems.push(format!("status {status}, expected one of {:?}", case.expect));
                }
                if status == 303 && !location.starts_with("/staff/sign-in") {
                    problems.push(format!("redirected to {location:?}, not to the sign-in page"));
                }
                if body.to_ascii_lowercase().contains("<script") {
                    problems.push("the body contains <script".to_owned());
                }
            }
        }
        let after = fingerprint(conn);
        let changed: Vec<&String> = after.iter().filter(|(table, digest)| before.get(*table) != Some(digest)).map(|(table, _)| table).collect();
        if !changed.is_empty() {
            problems.push(format!("changed tables {changed:?}"));
        }
        problems
    }
}

/// The public survey form: `GET/POST /s/{token}` and its thank-you page.
fn public_cases(fx: &Fixture) -> Vec<Case> {
    let mut cases = Vec::new();
    let nps = format!("/s/{}", fx.nps);
    let long = "あ".repeat(2001);
    let bad_scores = [
        "11", "-1", "abc", "９", "4.5", "1e1", "0x9", "+9", "9 9", "99999999999999999999", "NaN", "", " ", SQL, SCRIPT, "9\u{0}", "9\u{202e}",
    ];
    for score in bad_scores {
        cases.push(Case::post(format!("NPS score {score:?}"), &nps, form(&[("score", score), ("comment", "理由")]), &[422]));
    }
    for score in ["0", "6", "10", "-0.0", "３"] {
        cases.push(Case::post(format!("CSAT score {score:?}"), format!("/s/{}", fx.csat), form(&[("score", score)]), &[422]));
    }
    let exit = format!("/s/{}", fx.exit);
    for reason in ["", "made_up", "PRICE", SQL, SCRIPT, "price\u{0}", "../price"] {
        cases.push(Case::post(format!("exit reason {reason:?}"), &exit, form(&[("reason", reason), ("comment", "高い")]), &[422]));
    }
    let forbidden_comments = [
        ("NUL", "nul\u{0}byte".to_owned()),
        ("bell", "bell\u{7}".to_owned()),
        ("escape sequence", "\u{1b}[31mred".to_owned()),
        ("DEL", "del\u{7f}".to_owned()),
        ("C1 control", "next\u{85}line".to_owned()),
        ("right-to-left override", format!("bidi {RLO}txet")),
        ("left-to-right embedding", "a\u{202a}b".to_owned()),
        ("right-to-left isolate", "a\u{2067}b".to_owned()),
        ("2,001 characters", long.clone()),
    ];
    for (what, comment) in &forbidden_comments {
        cases.push(Case::post(format!("NPS comment with {what}"), &nps, form(&[("score", "9"), ("comment", comment)]), &[422]));
        cases.push(Case::post(format!("exit comment with {what}"), &exit, form(&[("reason", "price"), ("comment", comment)]), &[422]));
    }
    cases.extend([
        Case::post("script comment, no score", &nps, form(&[("comment", SCRIPT)]), &[422]),
        Case::post("SQL comment, no score", &nps, form(&[("comment", SQL)]), &[422]),
        Case::post("empty body", &nps, Vec::new(), &[422]),
        Case::post("only unknown fields", &nps, form(&[("rating", "9"), ("admin", "1")]), &[422]),
        Case::post("score sent twice", &nps, raw(b"score=9&score=0"), &[400]),
        Case::post("comment sent twice", &nps, raw(b"score=9&comment=a&comment=b"), &[400]),
        Case::post("reason sent twice", &exit, raw(b"reason=price&reason=other"), &[400]),
        Case::post("opt-in sent twice", &exit, raw(b"reason=price&contact_ok=1&contact_ok=0"), &[400]),
        Case::post("invalid UTF-8 in the comment", &nps, raw(b"score=9&comment=%FF%FE"), &[400]),
        Case::post("raw invalid UTF-8 byte", &nps, raw(b"score=9&comment=\xff\xfe"), &[400]),
        Case::post("invalid UTF-8 in the score", &nps, raw(b"score=%C3%28"), &[400]),
        Case::post("invalid UTF-8 in a field name", &nps, raw(b"sc%FFore=9&score=9&comment=%E3%81"), &[400]),
        Case::post("overlong UTF-8 for a slash", &nps, raw(b"score=9&comment=%C0%AF"), &[400]),
        Case::post("UTF-16 surrogate in UTF-8", &nps, raw(b"score=9&comment=%ED%A0%80"), &[400]),
        Case::post("a truncated percent escape", &nps, raw(b"score=%&comment=%E"), &[422]),
        Case::post("10 MB body", &nps, vec![b'a'; TEN_MB], &[413]),
        Case::post("10 MB comment", &nps, [b"score=9&comment=".as_slice(), &vec![b'x'; TEN_MB]].concat(), &[413]),
        Case::post("JSON instead of a form", &nps, Vec::new(), &[415]).body(Body::Raw("application/json", b"{\"score\":9}".to_vec())),
        Case::post("text/plain", &nps, Vec::new(), &[415]).body(Body::Raw("text/plain", b"score=9".to_vec())),
        Case::post("no content type", &nps, Vec::new(), &[415]).body(Body::Raw("", b"score=9".to_vec())),
        Case::post("multipart instead of a form", &nps, Vec::new(), &[415]).body(Body::Multipart(vec![("score", None, b"9".to_vec())])),
        Case::post("closed survey", format!("/s/{}", fx.closed), form(&[("score", "9")]), &[410]),
        Case::post("expired link", format!("/s/{}", fx.expired), form(&[("score", "9")]), &[410]),
        Case::get("expired link's form", format!("/s/{}", fx.expired), &[410]),
        Case::get("closed survey's form", format!("/s/{}", fx.closed), &[410]),
        Case::get("expired link's thanks", format!("/s/{}/thanks", fx.expired), &[410]),
        Case::get("script in the pre-selected score", format!("/s/{}?score=%3Cscript%3Ealert(1)%3C%2Fscript%3E", fx.nps), &[200]),
        Case::get("score 99 in the link", format!("/s/{}?score=99", fx.nps), &[200]),
        Case::get("score twice in the link", format!("/s/{}?score=1&score=2", fx.nps), &[200, 400]),
        Case::new("PUT on a link", Method::PUT, &nps, &[405]),
        Case::new("DELETE on a link", Method::DELETE, &nps, &[405]),
        Case::new("PATCH on a link", Method::PATCH, &nps, &[405]),
        Case::post("POST on the thank-you page", format!("{nps}/thanks"), form(&[("score", "9")]), &[404, 405]),
    ]);
    let upper = fx.nps.to_uppercase();
    let unknown_tokens = [
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA".to_owned(),
        "short".to_owned(),
        "..%2F..%2Fetc%2Fpasswd".to_owned(),
        "..%5C..%5Cwindows%5Cwin.ini".to_owned(),
        "%2e%2e%2f%2e%2e%2f".to_owned(),
        "%00".to_owned(),
        format!("{}%00", fx.nps),
        format!("{}%20", fx.nps),
        "%3Cscript%3Ealert(1)%3C%2Fscript%3E".to_owned(),
        "'%20OR%20'1'%3D'1".to_owned(),
        "%E3%81%82%E3%81%82".to_owned(),
        "%FF%FE".to_owned(),
        "x".repeat(5000),
        upper,
    ];
    for token in &unknown_tokens {
        let shown: String = token.chars().take(40).collect();
        cases.push(Case::get(format!("unknown link {shown}"), format!("/s/{token}"), &[404]));
        cases.push(Case::post(format!("answer on unknown link {shown}"), format!("/s/{token}"), form(&[("score", "9")]), &[404]));
    }
    cases.extend([
        Case::get("unknown link's thanks", "/s/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/thanks", &[404]),
        Case::get("traversal after the token", format!("/s/{}/..%2F..%2Fhealthz", fx.nps), &[404]),
        Case::get("traversal out of the assets", "/assets/..%2F..%2FCargo.toml", &[404]),
        Case::get("traversal with dot segments", "/assets/%2e%2e/%2e%2e/etc/passwd", &[404]),
        Case::get("a path of NULs", "/%00%00", &[404]),
    ]);
    cases
}

/// Staff pages: sign-in, the follow-up forms, import, password, and the report pages.
fn staff_cases(fx: &Fixture) -> Vec<Case> {
    let mut cases = Vec::new();
    let owner = Who::Staff(OWNER);
    let manager = Who::Staff(MANAGER);
    let case = format!("/staff/follow-ups/{}", fx.case);
    let status = format!("{case}/status");
    let reassign = format!("{case}/owner");

    let pages = [
        "/staff/follow-ups".to_owned(),
        case.clone(),
        "/staff/follow-ups/report".to_owned(),
        format!("/staff/dashboard?survey={}", fx.survey),
        format!("/staff/dashboard/charts/nps.svg?survey={}", fx.survey),
        format!("/staff/keywords?survey={}", fx.survey),
        "/staff/accounts".to_owned(),
        format!("/staff/accounts/{}", fx.account),
        format!("/staff/responses/{}", fx.response),
        format!("/staff/responses.csv?survey={}", fx.survey),
        "/staff/import".to_owned(),
        "/staff/password".to_owned(),
    ];
    for page in &pages {
        cases.push(Case::get(format!("{page} without a session"), page, &[303]));
        cases.push(Case::get(format!("{page} with a forged session"), page, &[303]).by(Who::ForgedSession));
    }
    let contacted = form(&[("status", "contacted"), ("note", "電話しました"), ("outcome", "")]);
    let forms = [
        (status.clone(), contacted.clone()),
        (reassign.clone(), form(&[("owner_email", MANAGER)])),
        ("/staff/password".to_owned(), form(&[("current_password", STAFF_PASSWORD), ("new_password", "another long password"), ("new_password_again", "another long password")])),
        ("/staff/sign-out".to_owned(), Vec::new()),
    ];
    for (path, body) in &forms {
        cases.push(Case::post(format!("POST {path} without a session"), path, body.clone(), &[303]).csrf(Csrf::Forged));
        cases.push(Case::post(format!("POST {path} with a forged session"), path, body.clone(), &[303]).by(Who::ForgedSession).csrf(Csrf::Forged));
        cases.push(Case::post(format!("POST {path} without a CSRF token"), path, body.clone(), &[403]).by(owner).csrf(Csrf::Omit));
        cases.push(Case::post(format!("POST {path} with a forged CSRF token"), path, body.clone(), &[403]).by(owner).csrf(Csrf::Forged));
        cases.push(
            Case::post(format!("cross-site POST {path}"), path, body.clone(), &[403])
                .by(owner)
                .csrf(Csrf::Omit)
                .header("Origin", "https://evil.example")
                .header("Sec-Fetch-Site", "cross-site"),
        );
    }

    // Sign-in: the form's double-submit cookie, then credentials (each refusal counts toward
    // the throttle, so a 429 is as right as a 401).
    let sign_in = "/staff/sign-in";
    let credentials = |email: &str, password: &str| form(&[("email", email), ("password", password), ("next", "/staff/follow-ups")]);
    cases.extend([
        Case::post("sign-in posted from another site (no CSRF cookie)", sign_in, credentials(OWNER, STAFF_PASSWORD), &[403]).csrf(Csrf::Forged),
        Case::post("sign-in with a forged CSRF token", sign_in, credentials(OWNER, STAFF_PASSWORD), &[403]).by(Who::Visitor).csrf(Csrf::Forged),
        Case::post("sign-in without a CSRF token", sign_in, credentials(OWNER, STAFF_PASSWORD), &[403]).by(Who::Visitor).csrf(Csrf::Omit),
        Case::post("sign-in with no fields", sign_in, Vec::new(), &[401, 429]).by(Who::Visitor),
        Case::post("sign-in with a wrong password", sign_in, credentials(OWNER, "wrong password!"), &[401, 429]).by(Who::Visitor),
        Case::post("sign-in with SQL for an email", sign_in, credentials("' OR '1'='1' --", "x"), &[401, 429]).by(Who::Visitor),
        Case::post("sign-in with SQL for a password", sign_in, credentials(OWNER, "' OR '1'='1"), &[401, 429]).by(Who::Visitor),
        Case::post("sign-in with a script for an email", sign_in, credentials(SCRIPT, "x"), &[401, 429]).by(Who::Visitor),
        Case::post("sign-in with NUL in the email", sign_in, credentials("owner@example.com\u{0}", STAFF_PASSWORD), &[401, 429]).by(Who::Visitor),
        Case::post("sign-in with NUL in the password", sign_in, credentials(OWNER, "correct horse\u{0}battery"), &[401, 429]).by(Who::Visitor),
        Case::post("sign-in with a 20 kB password", sign_in, credentials(OWNER, &"p".repeat(20_000)), &[413]).by(Who::Visitor),
        Case::post("sign-in with invalid UTF-8", sign_in, raw(b"email=%FF%FE&password=x"), &[400]).by(Who::Visitor),
        Case::post("sign-in with the email twice", sign_in, raw(b"email=owner%40example.com&email=x&password=x"), &[400]).by(Who::Visitor),
        Case::post("sign-in with a 10 MB body", sign_in, vec![b'a'; TEN_MB], &[413]).by(Who::Visitor),
        Case::post("sign-in as JSON", sign_in, Vec::new(), &[415]).by(Who::Visitor).body(Body::Raw("application/json", b"{}".to_vec())),
        Case::get("sign-in page with a script in next", "/staff/sign-in?next=%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E", &[200]),
        Case::get("sign-in page with next twice", "/staff/sign-in?next=a&next=b", &[200, 400]),
    ]);

    // The follow-up forms, signed in as the owner unless said otherwise.
    let change = |fields: &[(&str, &str)]| form(fields);
    let long_note = "x".repeat(2001);
    cases.extend([
        Case::post("status: unknown", &status, change(&[("status", "archived"), ("note", "x")]), &[422]).by(owner),
        Case::post("status: a script", &status, change(&[("status", SCRIPT), ("note", "x")]), &[422]).by(owner),
        Case::post("status: SQL", &status, change(&[("status", SQL), ("note", "x")]), &[422]).by(owner),
        Case::post("status: unchanged", &status, change(&[("status", "open")]), &[422]).by(owner),
        Case::post("status: won't fix without a note", &status, change(&[("status", "wont_fix")]), &[422]).by(owner),
        Case::post("status: missing", &status, change(&[("note", "x")]), &[422]).by(owner),
        Case::post("status: NUL in the note", &status, change(&[("status", "contacted"), ("note", "電話\u{0}しました")]), &[422]).by(owner),
        Case::post("status: bell in the note", &status, change(&[("status", "contacted"), ("note", "電話\u{7}")]), &[422]).by(owner),
        Case::post("status: right-to-left override in the note", &status, change(&[("status", "contacted"), ("note", &format!("電話{RLO}"))]), &[422]).by(owner),
        Case::post("status: NUL in the outcome", &status, change(&[("status", "resolved"), ("note", "x"), ("outcome", "\u{0}")]), &[422]).by(owner),
        Case::post("status: a note too long", &status, change(&[("status", "contacted"), ("note", &long_note)]), &[422]).by(owner),
        Case::post("status: note-only that is blank", &status, change(&[("status", "note"), ("note", " \u{3000} ")]), &[422]).by(owner),
        Case::post("status: note-only with NUL", &status, change(&[("status", "note"), ("note", "\u{0}")]), &[422]).by(owner),
        Case::post("status: invalid UTF-8 in the note", &status, raw(b"status=contacted&note=%FF%FE"), &[400]).by(owner),
        Case::post("status: sent twice", &status, raw(b"status=contacted&status=resolved&note=x"), &[400]).by(owner),
        Case::post("status: 10 MB", &status, vec![b'a'; TEN_MB], &[413]).by(owner),
        Case::post("status: a note of 20 kB", &status, change(&[("status", "contacted"), ("note", &"x".repeat(20_000))]), &[413]).by(owner),
        Case::post("status: as JSON", &status, Vec::new(), &[415]).by(owner).body(Body::Raw("application/json", b"{\"status\":\"contacted\"}".to_vec())),
        Case::post("status: someone else's case", &status, contacted.clone(), &[403]).by(Who::Staff(OTHER_CS)),
        Case::post("status: someone else's case, note only", &status, change(&[("status", "note"), ("note", "見ました")]), &[403]).by(Who::Staff(OTHER_CS)),
        Case::post("status: a case that does not exist", "/staff/follow-ups/999999/status", contacted.clone(), &[404]).by(owner),
        Case::post("status: case id 0", "/staff/follow-ups/0/status", contacted.clone(), &[404]).by(owner),
        Case::post("status: case id -1", "/staff/follow-ups/-1/status", contacted.clone(), &[404]).by(owner),
        Case::post("status: case id abc", "/staff/follow-ups/abc/status", contacted.clone(), &[404]).by(owner),
        Case::post("status: case id past i64", "/staff/follow-ups/99999999999999999999/status", contacted.clone(), &[404]).by(owner),
        Case::post("status: case id with SQL", "/staff/follow-ups/1%20OR%201%3D1/status", contacted.clone(), &[404]).by(owner),
        Case::post("owner: CS gives their case away", &reassign, change(&[("owner_email", OTHER_CS)]), &[403]).by(owner),
        Case::post("owner: CS takes someone else's case", &reassign, change(&[("owner_email", OTHER_CS)]), &[403]).by(Who::Staff(OTHER_CS)),
        Case::post("owner: CS sends it to the queue", &reassign, change(&[("owner_email", "")]), &[403]).by(owner),
        Case::post("owner: unknown address", &reassign, change(&[("owner_email", "nobody@example.com")]), &[422]).by(manager),
        Case::post("owner: SQL", &reassign, change(&[("owner_email", SQL)]), &[422]).by(manager),
        Case::post("owner: a script", &reassign, change(&[("owner_email", SCRIPT)]), &[422]).by(manager),
        Case::post("owner: NUL", &reassign, change(&[("owner_email", "owner@example.com\u{0}")]), &[422]).by(manager),
        Case::post("owner: unchanged", &reassign, change(&[("owner_email", OWNER)]), &[422]).by(manager),
        Case::post("owner: invalid UTF-8", &reassign, raw(b"owner_email=%FF"), &[400]).by(manager),
        Case::post("owner: sent twice", &reassign, raw(b"owner_email=a&owner_email=b"), &[400]).by(manager),
        Case::post("owner: a case that does not exist", "/staff/follow-ups/999999/owner", change(&[("owner_email", MANAGER)]), &[404]).by(manager),
        Case::get("case page: abc", "/staff/follow-ups/abc", &[404]).by(owner),
        Case::get("case page: past i64", "/staff/follow-ups/99999999999999999999", &[404]).by(owner),
        Case::get("case page: does not exist", "/staff/follow-ups/999999", &[404]).by(owner),
        Case::get("case page: traversal", "/staff/follow-ups/..%2F..%2Fetc%2Fpasswd", &[404]).by(owner),
        Case::get("inbox: a script for a scope", "/staff/follow-ups?scope=%3Cscript%3E", &[200]).by(owner),
        // The report page offers months; one it cannot read shows the last twelve.
        Case::get("report: a month that is not one", "/staff/follow-ups/report?month=2026-13", &[200]).by(owner),
        Case::get("report: a script for a month", "/staff/follow-ups/report?month=%3Cscript%3Ealert(1)%3C%2Fscript%3E", &[200]).by(owner),
        Case::get("report: NUL for a month", "/staff/follow-ups/report?month=%00", &[200]).by(owner),
    ]);

    // Import: admins only, and only what the form offers.
    let csv = |text: &str| Body::Multipart(vec![("kind", None, b"accounts".to_vec()), ("mode", None, b"dry_run".to_vec()), ("file", Some("a.csv"), text.as_bytes().to_vec())]);
    let header = "external_id,name,owner_email,segment,plan,mrr\n";
    let hostile_row = format!("{header}CRM-9,{SCRIPT},,smb,starter,1000\n");
    let import = "/staff/import";
    cases.extend([
        Case::get("import page for CS", import, &[403]).by(owner),
        Case::get("import page for a manager", import, &[403]).by(manager),
        Case::post("import by CS", import, Vec::new(), &[403]).by(owner).body(csv(&hostile_row)),
        Case::post("import by a manager", import, Vec::new(), &[403]).by(manager).body(csv(&hostile_row)),
        Case::post("import without a CSRF token", import, Vec::new(), &[403]).by(Who::Staff(ADMIN)).csrf(Csrf::Omit).body(csv(&hostile_row)),
        Case::post("import with a forged CSRF token", import, Vec::new(), &[403]).by(Who::Staff(ADMIN)).csrf(Csrf::Forged).body(csv(&hostile_row)),
        Case::post("import dry run of a script name", import, Vec::new(), &[200]).by(Who::Staff(ADMIN)).body(csv(&hostile_row)),
        Case::post("import of an unknown kind", import, Vec::new(), &[400]).by(Who::Staff(ADMIN)).body(Body::Multipart(vec![
            ("kind", None, b"../users".to_vec()),
            ("mode", None, b"import".to_vec()),
            ("file", Some("a.csv"), hostile_row.clone().into_bytes()),
        ])),
        Case::post("import with an unknown mode", import, Vec::new(), &[400]).by(Who::Staff(ADMIN)).body(Body::Multipart(vec![
            ("kind", None, b"accounts".to_vec()),
            ("mode", None, SQL.as_bytes().to_vec()),
            ("file", Some("a.csv"), hostile_row.clone().into_bytes()),
        ])),
        Case::post("import without a file", import, Vec::new(), &[422]).by(Who::Staff(ADMIN)).body(Body::Multipart(vec![
            ("kind", None, b"accounts".to_vec()),
            ("mode", None, b"import".to_vec()),
        ])),
        Case::post("import of a CSV with NUL", import, Vec::new(), &[422]).by(Who::Staff(ADMIN)).body(csv(&format!("{header}CRM-9,a\u{0}b,,smb,starter,1\n"))),
        Case::post("import of a CSV with a bidi override", import, Vec::new(), &[422]).by(Who::Staff(ADMIN)).body(csv(&format!("{header}CRM-9,a{RLO}b,,smb,starter,1\n"))),
        Case::post("import of a CSV with SQL for a number", import, Vec::new(), &[422]).by(Who::Staff(ADMIN)).body(csv(&format!("{header}CRM-9,a,,smb,starter,{SQL}\n"))),
        Case::post("import of a CSV with a script owner", import, Vec::new(), &[422]).by(Who::Staff(ADMIN)).body(csv(&format!("{header}CRM-9,a,{SCRIPT},smb,starter,1\n"))),
        Case::post("import of a CSV without its header", import, Vec::new(), &[422]).by(Who::Staff(ADMIN)).body(csv("CRM-9,a,,smb,starter,1\n")),
        Case::post("import of binary junk", import, Vec::new(), &[422]).by(Who::Staff(ADMIN)).body(Body::Multipart(vec![
            ("kind", None, b"accounts".to_vec()),
            ("mode", None, b"import".to_vec()),
            ("file", Some("a.csv"), (0..=255u8).cycle().take(4096).collect()),
        ])),
        Case::post("import of a 10 MB file", import, Vec::new(), &[413]).by(Who::Staff(ADMIN)).body(Body::Multipart(vec![
            ("kind", None, b"accounts".to_vec()),
            ("mode", None, b"import".to_vec()),
            ("file", Some("a.csv"), vec![b'a'; TEN_MB]),
        ])),
        Case::post("import as a plain form", import, raw(b"kind=accounts&mode=import&file=x"), &[400, 415]).by(Who::Staff(ADMIN)),
        Case::post("import with a broken multipart body", import, Vec::new(), &[400]).by(Who::Staff(ADMIN))
            .body(Body::Raw("multipart/form-data; boundary=xyz", b"--xyz\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\naccounts".to_vec())),
    ]);

    // Password: every problem at once, nothing changed.
    let password = "/staff/password";
    cases.extend([
        Case::post("password: wrong current one", password, form(&[("current_password", "wrong!"), ("new_password", "another long password"), ("new_password_again", "another long password")]), &[422]).by(owner),
        Case::post("password: mismatch", password, form(&[("current_password", STAFF_PASSWORD), ("new_password", "another long password"), ("new_password_again", "another long passwore")]), &[422]).by(owner),
        Case::post("password: too short", password, form(&[("current_password", STAFF_PASSWORD), ("new_password", "short"), ("new_password_again", "short")]), &[422]).by(owner),
        Case::post("password: missing fields", password, Vec::new(), &[422]).by(owner),
        Case::post("password: invalid UTF-8", password, raw(b"current_password=%FF&new_password=%FF%FF%FF%FF%FF%FF%FF%FF%FF%FF%FF%FF&new_password_again=%FF%FF%FF%FF%FF%FF%FF%FF%FF%FF%FF%FF"), &[400]).by(owner),
    ]);

    // Reports read with filters that cannot be read.
    let survey = fx.survey;
    let filters = [
        "/staff/dashboard?survey=abc".to_owned(),
        "/staff/dashboard?survey=99999999999999999999".to_owned(),
        format!("/staff/dashboard?survey={survey}&from=2026-02-30"),
        format!("/staff/dashboard?survey={survey}&from=%3Cscript%3Ealert(1)%3C%2Fscript%3E"),
        format!("/staff/dashboard?survey={survey}&interval=decade"),
        format!("/staff/dashboard?survey={survey}&from=2026-05-01&to=2025-05-01"),
        format!("/staff/dashboard/charts/nps.svg?survey={survey}&from=nope"),
        format!("/staff/dashboard/charts/nps.csv?survey={survey}&interval=%00"),
        format!("/staff/responses?survey={survey}&category=%3Cscript%3E"),
        format!("/staff/responses?survey={survey}&before=%27%3B%20DROP%20TABLE%20responses"),
        format!("/staff/responses.csv?survey={survey}&category=%00"),
    ];
    for path in &filters {
        cases.push(Case::get(format!("report filter {path}"), path, &[422]).by(manager));
    }
    // The keyword page shows the survey's default report and says so; searches find nothing.
    let harmless = [
        format!("/staff/keywords?survey={survey}&category=%3Cscript%3E"),
        format!("/staff/keywords?survey={survey}&mode=%00"),
        format!("/staff/keywords?survey={survey}&before=x%00"),
        format!("/staff/dashboard?survey={survey}&segment=%00"),
        format!("/staff/dashboard?survey={survey}&segment=%27%20OR%201%3D1%20--&plan=%3Cscript%3E"),
        format!("/staff/keywords/{survey}/%3Cscript%3Ealert(1)%3C%2Fscript%3E"),
        format!("/staff/keywords/{survey}/%00"),
        format!("/staff/keywords/{survey}/..%2F..%2Fetc%2Fpasswd"),
        "/staff/accounts?q=%00".to_owned(),
        "/staff/accounts?q=%27%20OR%201%3D1%20--".to_owned(),
        "/staff/accounts?q=%25%5F%5C".to_owned(),
        "/staff/accounts?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E&owner=%3Cscript%3E&segment=%E2%80%AE".to_owned(),
        "/staff/accounts?page=-1".to_owned(),
        "/staff/accounts?page=99999999999999999999".to_owned(),
        "/staff/accounts?stage=%00&dormant=%00".to_owned(),
    ];
    for path in &harmless {
        cases.push(Case::get(format!("odd but harmless {path}"), path, &[200, 422]).by(manager));
    }
    cases.extend([
        Case::get("chart of an unknown kind", format!("/staff/dashboard/charts/secret.svg?survey={survey}"), &[404]).by(manager),
        Case::get("chart traversal", format!("/staff/dashboard/charts/..%2F..%2FCargo.toml?survey={survey}"), &[404]).by(manager),
        Case::get("keywords of survey abc", "/staff/keywords/abc/term", &[404]).by(manager),
        Case::get("account abc", "/staff/accounts/abc", &[404]).by(manager),
        Case::get("account that does not exist", "/staff/accounts/999999", &[404]).by(manager),
        Case::get("answer abc", "/staff/responses/abc", &[404]).by(manager),
        Case::get("answer that does not exist", "/staff/responses/999999", &[404]).by(manager),
        Case::get("unknown staff page", "/staff/%3Cscript%3E", &[404]).by(manager),
    ]);
    cases
}

/// The JSON API: tokens, scopes, bodies and parameters.
fn api_cases(fx: &Fixture) -> Vec<Case> {
    let mut cases = Vec::new();
    let survey = fx.survey;
    let account = r#"{"external_id":"CRM-9","name":"株式会社ナイン"}"#;
    let writes: [(Method, String, &str); 9] = [
        (Method::POST, "/api/v1/accounts".into(), account),
        (Method::POST, "/api/v1/contacts".into(), r#"{"account_external_id":"CRM-1","email":"new@example.com"}"#),
        (Method::POST, "/api/v1/surveys".into(), r#"{"kind":"nps","name":"もう一つ"}"#),
        (Method::POST, format!("/api/v1/surveys/{survey}/invitations"), r#"{"contact_email":"customer@example.com"}"#),
        (Method::POST, "/api/v1/dictionary/words".into(), r#"{"word":"らくらく精算"}"#),
        (Method::DELETE, "/api/v1/dictionary/words/%E3%82%89".into(), ""),
        (Method::POST, "/api/v1/webhooks".into(), r#"{"url":"https://hooks.example/koe","events":["follow_up.created"]}"#),
        (Method::DELETE, "/api/v1/webhooks/1".into(), ""),
        (Method::POST, "/api/v1/accounts".into(), r#"{"external_id":"CRM-1","name":"上書き"}"#),
    ];
    for (method, path, body) in &writes {
        let who = |bearer| Case::json(format!("{method} {path} with a {bearer:?} token"), method.clone(), path, *body, &[401]).by(Who::Bearer(bearer));
        cases.push(who(Bearer::Revoked));
        cases.push(who(Bearer::Unknown));
        cases.push(Case::json(format!("{method} {path} without a token"), method.clone(), path, *body, &[401]).by(Who::Nobody));
        cases.push(Case::json(format!("{method} {path} with a read-only token"), method.clone(), path, *body, &[403]).by(Who::Bearer(Bearer::Read)));
    }
    let reads = [
        "/api/v1/follow-ups".to_owned(),
        "/api/v1/follow-ups/report".to_owned(),
        format!("/api/v1/surveys/{survey}/summary"),
        format!("/api/v1/surveys/{survey}/responses"),
        format!("/api/v1/surveys/{survey}/responses.csv"),
        format!("/api/v1/surveys/{survey}/keywords"),
        "/api/v1/webhooks".to_owned(),
        "/api/v1/dictionary/words".to_owned(),
    ];
    for path in &reads {
        cases.push(Case::get(format!("{path} with a revoked token"), path, &[401]).by(Who::Bearer(Bearer::Revoked)));
        cases.push(Case::get(format!("{path} without a token"), path, &[401]));
    }
    let headers = [
        "Bearer",
        "Bearer ",
        "bearer koe_0000",
        "Basic b3duZXI6cGFzc3dvcmQ=",
        "Bearer ' OR '1'='1",
        "Bearer <script>alert(1)</script>",
        "Token abc",
    ];
    for header in headers {
        cases.push(Case::get(format!("Authorization: {header}"), "/api/v1/follow-ups", &[401]).by(Who::Bearer(Bearer::Header(header))));
    }

    let post = |name: &str, path: &str, body: &str, expect: &[u16]| Case::json(name, Method::POST, path, body, expect);
    cases.extend([
        post("account: malformed JSON", "/api/v1/accounts", "{\"external_id\":", &[400]),
        post("account: not an object", "/api/v1/accounts", "[1,2,3]", &[400, 422]),
        post("account: empty body", "/api/v1/accounts", "", &[400]),
        post("account: missing name", "/api/v1/accounts", r#"{"external_id":"CRM-9"}"#, &[422]),
        post("account: blank name", "/api/v1/accounts", r#"{"external_id":"CRM-9","name":"  "}"#, &[422]),
        post("account: mrr is text", "/api/v1/accounts", r#"{"external_id":"CRM-9","name":"a","mrr":"abc"}"#, &[422]),
        post("account: mrr past i64", "/api/v1/accounts", r#"{"external_id":"CRM-9","name":"a","mrr":1e30}"#, &[422]),
        post("account: negative mrr", "/api/v1/accounts", r#"{"external_id":"CRM-9","name":"a","mrr":-5}"#, &[422]),
        post("account: NUL in the name", "/api/v1/accounts", r#"{"external_id":"CRM-9","name":"a\u0000b"}"#, &[422]),
        post("account: NUL in the id", "/api/v1/accounts", r#"{"external_id":"CRM\u0000","name":"a"}"#, &[422]),
        post("account: right-to-left override", "/api/v1/accounts", "{\"external_id\":\"CRM-9\",\"name\":\"a\u{202e}b\"}", &[422]),
        post("account: unknown owner", "/api/v1/accounts", r#"{"external_id":"CRM-9","name":"a","owner_email":"nobody@example.com"}"#, &[422]),
        post("account: SQL owner", "/api/v1/accounts", r#"{"external_id":"CRM-9","name":"a","owner_email":"' OR 1=1 --"}"#, &[422]),
        post("account: script owner", "/api/v1/accounts", r#"{"external_id":"CRM-9","name":"a","owner_email":"<script>alert(1)</script>"}"#, &[422]),
        post("account: a name of 10,000 characters", "/api/v1/accounts", &format!(r#"{{"external_id":"CRM-9","name":"{}"}}"#, "あ".repeat(10_000)), &[422]),
        post("account: duplicated key", "/api/v1/accounts", r#"{"external_id":"CRM-9","name":"a","name":"b"}"#, &[400, 422]),
        post("account: lone surrogate", "/api/v1/accounts", r#"{"external_id":"CRM-9","name":"\ud800"}"#, &[400, 422]),
        post("account: 10 MB", "/api/v1/accounts", &format!(r#"{{"external_id":"CRM-9","name":"{}"}}"#, "a".repeat(TEN_MB)), &[413]),
        Case::json("account: invalid UTF-8", Method::POST, "/api/v1/accounts", b"{\"external_id\":\"CRM-9\",\"name\":\"\xff\xfe\"}".to_vec(), &[400]),
        Case::json("account: as a form", Method::POST, "/api/v1/accounts", "", &[415]).body(Body::Raw("application/x-www-form-urlencoded", b"external_id=CRM-9&name=a".to_vec())),
        post("contact: unknown account", "/api/v1/contacts", r#"{"account_external_id":"NOPE","email":"a@example.com"}"#, &[422, 404]),
        post("contact: not an email", "/api/v1/contacts", r#"{"account_external_id":"CRM-1","email":"not an email"}"#, &[422]),
        post("contact: script email", "/api/v1/contacts", r#"{"account_external_id":"CRM-1","email":"<script>@example.com"}"#, &[422]),
        post("contact: NUL email", "/api/v1/contacts", r#"{"account_external_id":"CRM-1","email":"a\u0000@example.com"}"#, &[422]),
        post("contact: unknown locale", "/api/v1/contacts", r#"{"account_external_id":"CRM-1","email":"a@example.com","locale":"../../etc"}"#, &[422]),
        post("contact: name with a bidi isolate", "/api/v1/contacts", "{\"account_external_id\":\"CRM-1\",\"email\":\"a@example.com\",\"name\":\"a\u{2067}b\"}", &[422]),
        post("survey: unknown kind", "/api/v1/surveys", r#"{"kind":"<script>alert(1)</script>","name":"x"}"#, &[422]),
        post("survey: missing kind", "/api/v1/surveys", r#"{"name":"x"}"#, &[422]),
        post("survey: NUL in the name", "/api/v1/surveys", r#"{"kind":"nps","name":"\u0000"}"#, &[422]),
        post("survey: negative lifetime", "/api/v1/surveys", r#"{"kind":"nps","name":"x","invitation_ttl_days":-1}"#, &[422]),
        post("survey: lifetime past i32", "/api/v1/surveys", r#"{"kind":"nps","name":"x","invitation_ttl_days":99999999999}"#, &[422]),
        post("survey: exit reason with NUL", "/api/v1/surveys", r#"{"kind":"exit","name":"x","reasons":[{"code":"a\u0000","label":"b"}]}"#, &[422]),
        post("invitation: survey abc", "/api/v1/surveys/abc/invitations", r#"{"contact_email":"customer@example.com"}"#, &[404]),
        post("invitation: survey past i64", "/api/v1/surveys/99999999999999999999/invitations", r#"{"contact_email":"customer@example.com"}"#, &[404]),
        post("invitation: survey that does not exist", "/api/v1/surveys/999999/invitations", r#"{"contact_email":"customer@example.com"}"#, &[404]),
        post("invitation: unknown contact", &format!("/api/v1/surveys/{survey}/invitations"), r#"{"contact_email":"nobody@example.com"}"#, &[404, 422]),
        post("invitation: SQL contact", &format!("/api/v1/surveys/{survey}/invitations"), r#"{"contact_email":"' OR 1=1 --"}"#, &[404, 422]),
        post("invitation: NUL contact", &format!("/api/v1/surveys/{survey}/invitations"), r#"{"contact_email":"customer@example.com\u0000"}"#, &[404, 422]),
        post("invitation: negative lifetime", &format!("/api/v1/surveys/{survey}/invitations"), r#"{"contact_email":"customer@example.com","expires_in_days":-5}"#, &[422]),
        post("invitation: lifetime past i32", &format!("/api/v1/surveys/{survey}/invitations"), r#"{"contact_email":"customer@example.com","expires_in_days":4294967296}"#, &[422]),
        post("word: with a space", "/api/v1/dictionary/words", r#"{"word":"二つ の語"}"#, &[422]),
        post("word: NUL", "/api/v1/dictionary/words", r#"{"word":"語\u0000"}"#, &[422]),
        post("word: punctuation only", "/api/v1/dictionary/words", r#"{"word":"<>"}"#, &[422]),
        post("word: 51 characters", "/api/v1/dictionary/words", &format!(r#"{{"word":"{}"}}"#, "語".repeat(51)), &[422]),
        post("word: right-to-left override", "/api/v1/dictionary/words", "{\"word\":\"語\u{202e}\"}", &[422]),
        post("webhook: javascript URL", "/api/v1/webhooks", r#"{"url":"javascript:alert(1)","events":["follow_up.created"]}"#, &[422]),
        post("webhook: file URL", "/api/v1/webhooks", r#"{"url":"file:///etc/passwd","events":["follow_up.created"]}"#, &[422]),
        post("webhook: the cloud's metadata service", "/api/v1/webhooks", r#"{"url":"http://169.254.169.254/latest/meta-data/","events":["follow_up.created"]}"#, &[422]),
        post("webhook: loopback", "/api/v1/webhooks", r#"{"url":"http://127.0.0.1:5432/","events":["follow_up.created"]}"#, &[422]),
        post("webhook: localhost by name", "/api/v1/webhooks", r#"{"url":"http://localhost/admin","events":["follow_up.created"]}"#, &[422]),
        post("webhook: unknown event", "/api/v1/webhooks", r#"{"url":"https://hooks.example/","events":["<script>"]}"#, &[422]),
        post("webhook: no events", "/api/v1/webhooks", r#"{"url":"https://hooks.example/","events":[]}"#, &[422]),
        post("webhook: unknown format", "/api/v1/webhooks", r#"{"url":"https://hooks.example/","events":["follow_up.created"],"format":"../x"}"#, &[422]),
        Case::json("delete a word that is not there", Method::DELETE, "/api/v1/dictionary/words/%00", "", &[404, 422]),
        Case::json("delete a word by traversal", Method::DELETE, "/api/v1/dictionary/words/..%2F..%2Fetc", "", &[404, 422]),
        Case::json("delete webhook abc", Method::DELETE, "/api/v1/webhooks/abc", "", &[404]),
        Case::json("delete a webhook that does not exist", Method::DELETE, "/api/v1/webhooks/999999", "", &[404]),
    ]);
    let bad_reads = [
        ("/api/v1/surveys/abc/summary".to_owned(), &[404][..]),
        ("/api/v1/surveys/999999/summary".to_owned(), &[404]),
        (format!("/api/v1/surveys/{survey}/summary?from=2026-13-01"), &[422]),
        (format!("/api/v1/surveys/{survey}/summary?from=%3Cscript%3E"), &[422]),
        (format!("/api/v1/surveys/{survey}/summary?from=%00"), &[422]),
        (format!("/api/v1/surveys/{survey}/summary?segment=%00"), &[200, 422]),
        (format!("/api/v1/surveys/{survey}/summary?owner_email=%27%20OR%201%3D1%20--"), &[200, 422]),
        (format!("/api/v1/surveys/{survey}/trend?interval=decade"), &[422]),
        (format!("/api/v1/surveys/{survey}/trend?interval=%00"), &[422]),
        (format!("/api/v1/surveys/{survey}/keywords?limit=-1"), &[422]),
        (format!("/api/v1/surveys/{survey}/keywords?limit=abc"), &[422]),
        (format!("/api/v1/surveys/{survey}/keywords?limit=99999999999999999999"), &[422]),
        (format!("/api/v1/surveys/{survey}/keywords?category=%3Cscript%3E"), &[422]),
        (format!("/api/v1/surveys/{survey}/keywords?mode=distinctive"), &[422]),
        (format!("/api/v1/surveys/{survey}/keywords?plan=%00&stage=%00"), &[200, 422]),
        (format!("/api/v1/surveys/{survey}/keywords/%00"), &[200, 404, 422]),
        (format!("/api/v1/surveys/{survey}/keywords/%00/mentions?before=%00"), &[404, 422]),
        (format!("/api/v1/surveys/{survey}/keywords/x/mentions?before=%27%3B%20DROP"), &[422]),
        (format!("/api/v1/surveys/{survey}/responses?before=abc"), &[422]),
        (format!("/api/v1/surveys/{survey}/responses?limit=0"), &[422]),
        (format!("/api/v1/surveys/{survey}/responses.csv?category=%00"), &[422]),
        ("/api/v1/follow-ups?status=%3Cscript%3E".to_owned(), &[422]),
        ("/api/v1/follow-ups?status=%00".to_owned(), &[422]),
        ("/api/v1/follow-ups?status=open&status=closed".to_owned(), &[400, 422]),
        ("/api/v1/follow-ups/report?from=%00".to_owned(), &[422]),
        ("/api/v1/churn?from=yesterday".to_owned(), &[422]),
        ("/api/v1/churn?segment=%00".to_owned(), &[200, 422]),
        ("/api/v1/webhooks/abc/deliveries".to_owned(), &[404]),
        ("/api/v1/webhooks/999999/deliveries".to_owned(), &[404]),
        ("/api/v1/..%2F..%2Fetc%2Fpasswd".to_owned(), &[404]),
        ("/api/v1/%3Cscript%3E".to_owned(), &[404]),
        ("/api/v2/follow-ups".to_owned(), &[404]),
    ];
    for (path, expect) in &bad_reads {
        cases.push(Case::get(format!("GET {path}"), path, expect).by(Who::Bearer(Bearer::Read)));
    }
    cases
}

#[actix_web::test]
async fn hostile_and_careless_requests_get_a_4xx_change_nothing_and_echo_no_script() {
    let fx = fixture().await;
    let mut conn = fx.app.conn();
    let cases: Vec<Case> = [public_cases(&fx), staff_cases(&fx), api_cases(&fx)].into_iter().flatten().collect();

    let mut state = fingerprint(&mut conn);
    let mut failures = Vec::new();
    for case in &cases {
        let problems = fx.check(case, &state, &mut conn).await;
        if !problems.is_empty() {
            eprintln!("FAIL {}: {} {}: {}", case.name, case.method, case.path.chars().take(120).collect::<String>(), problems.join("; "));
            failures.push(case.name.clone());
            // Judge the next case against the database as it now is.
            state = fingerprint(&mut conn);
        }
    }
    let passed = cases.len() - failures.len();
    println!("{passed} passed, {} failed", failures.len());
    eprintln!("{passed} passed, {} failed", failures.len());
    assert!(failures.is_empty(), "{} of {} hostile requests were mishandled: {failures:#?}", failures.len(), cases.len());
}
