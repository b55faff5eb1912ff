//! The integration-test harness: the real app on a random port against a fresh PostgreSQL
//! database per test, cloned from a migrated template so that each test starts in
//! milliseconds. The database is dropped when the test's `TestApp` goes away.
#![allow(dead_code)] // each test binary uses its own part of the harness

pub mod process;
pub mod rollups;
pub mod smtp;

use chrono::Utc;
use diesel::prelude::*;
use diesel::sql_query;
use koe::config::Config;
use koe::db::{self, surveys::Survey};
use koe::domain::role::Role;
use koe::http::{AppState, Pools};
use koe::service;
use koe::service::accounts::AccountInput;
use koe::service::contacts::ContactInput;
use koe::service::invitations::InvitationInput;
use koe::service::surveys::SurveyInput;
use koe::text::Analyzer;
use sha2::{Digest, Sha256};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// The server the tests create their databases on (without a database name).
fn server_url() -> String {
    std::env::var("KOE_TEST_DATABASE_SERVER").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".to_owned())
}

/// The URL of database `name` on the test server. TLS is off: the server is on loopback, and a
/// test process that exits while a pool thread is in a TLS handshake can crash in OpenSSL's
/// exit handlers (the tests drop their databases under live pools, which then reconnect).
fn database_url(name: &str) -> String {
    format!("{}/{name}?sslmode=disable", server_url())
}

fn maintenance_connection() -> PgConnection {
    let url = database_url("postgres");
    PgConnection::establish(&url).unwrap_or_else(|error| {
        panic!("cannot reach PostgreSQL at {url} ({error}); run `cargo run -- setup --test-tools` first")
    })
}

/// The template's name changes whenever a migration does, so a stale template is never used.
fn template_name() -> &'static str {
    static NAME: OnceLock<String> = OnceLock::new();
    NAME.get_or_init(|| {
        let mut hasher = Sha256::new();
        let mut files: Vec<PathBuf> = walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations"));
        files.sort();
        for file in files {
            hasher.update(file.to_string_lossy().as_bytes());
            hasher.update(std::fs::read(&file).unwrap_or_default());
        }
        let digest = hasher.finalize();
        let hex: String = digest.iter().take(8).map(|byte| format!("{byte:02x}")).collect();
        format!("koe_test_tpl_{hex}")
    })
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    entries
        .flatten()
        .flat_map(|entry| {
            let path = entry.path();
            if path.is_dir() { walk(&path) } else { vec![path] }
        })
        .collect()
}

/// Creates the migrated template once per machine; test processes racing here wait on a lock.
fn ensure_template() {
    static READY: OnceLock<()> = OnceLock::new();
    READY.get_or_init(|| {
        const TEMPLATE_LOCK: i64 = 0x006b_6f65_5f74_706c; // "koe_tpl"
        let name = template_name();
        let mut conn = maintenance_connection();
        sql_query(format!("SELECT pg_advisory_lock({TEMPLATE_LOCK})")).execute(&mut conn).expect("lock");
        if !database_exists(&mut conn, name) {
            // Built under another name and renamed, so a crash never leaves a half-migrated template.
            let building = format!("{name}_building");
            sql_query(format!("DROP DATABASE IF EXISTS {building} WITH (FORCE)")).execute(&mut conn).expect("drop");
            sql_query(format!("CREATE DATABASE {building}")).execute(&mut conn).expect("create template");
            {
                let mut template = PgConnection::establish(&database_url(&building)).expect("connect");
                db::run_migrations(&mut template).expect("migrate the template");
            }
            sql_query(format!("ALTER DATABASE {building} RENAME TO {name}")).execute(&mut conn).expect("rename");
            drop_stale_templates(&mut conn, name);
        }
        sql_query(format!("SELECT pg_advisory_unlock({TEMPLATE_LOCK})")).execute(&mut conn).expect("unlock");
    });
}

/// Templates of earlier migrations are of no more use; one still being cloned stays (the drop fails).
fn drop_stale_templates(conn: &mut PgConnection, current: &str) {
    #[derive(QueryableByName)]
    struct Name {
        #[diesel(sql_type = diesel::sql_types::Text)]
        datname: String,
    }
    let stale: Vec<Name> = sql_query("SELECT datname FROM pg_database WHERE datname LIKE 'koe\\_test\\_tpl\\_%' AND datname NOT LIKE '%\\_building'")
        .load(conn)
        .unwrap_or_default();
    for template in stale.into_iter().filter(|template| template.datname != current) {
        let _ = sql_query(format!("DROP DATABASE IF EXISTS {}", template.datname)).execute(conn);
    }
}

fn database_exists(conn: &mut PgConnection, name: &str) -> bool {
    diesel::select(diesel::dsl::sql::<diesel::sql_types::Bool>(&format!(
        "EXISTS (SELECT 1 FROM pg_database WHERE datname = '{name}')"
    )))
    .get_result(conn)
    .expect("query pg_database")
}

/// A database of one's own, dropped (even with connections open) when this goes away.
pub struct TestDb {
    pub name: String,
    pub url: String,
}

impl TestDb {
    pub fn create() -> TestDb {
        ensure_template();
        let name = format!("koe_test_{}", koe::domain::token::new_link_token().to_lowercase().replace(['-', '_'], "x"));
        let mut conn = maintenance_connection();
        sql_query(format!("CREATE DATABASE {name} TEMPLATE {}", template_name())).execute(&mut conn).expect("clone template");
        let url = database_url(&name);
        TestDb { name, url }
    }

    pub fn connect(&self) -> PgConnection {
        PgConnection::establish(&self.url).expect("connect to the test database")
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let mut conn = maintenance_connection();
        let _ = sql_query(format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name)).execute(&mut conn);
    }
}

/// The analyser is loaded once per test process, as the server loads it once.
pub fn analyzer() -> Arc<Analyzer> {
    static ANALYZER: OnceLock<Arc<Analyzer>> = OnceLock::new();
    ANALYZER
        .get_or_init(|| {
            let config = Config::from_env();
            koe::text::ensure_dictionary(&config.ipadic_source, &config.dict_dir).expect("build the dictionary");
            Arc::new(Analyzer::load(&config.dict_dir, &[]).expect("load the dictionary"))
        })
        .clone()
}

/// koe serving on a random port of its own.
pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub state: AppState,
    pub db: TestDb,
}

/// A koe server on `listener` with its own pools and analyser, as `koe serve` starts one.
fn serve(listener: TcpListener, config: Config, db: &TestDb) -> AppState {
    let pools = Pools::open(&config).expect("pools");
    let analyzer = service::dictionary::shared_analyzer(&mut db.connect(), &analyzer()).expect("analyser");
    let state = AppState::new(pools, config, analyzer);
    actix_web::rt::spawn(koe::startup::run(listener, state.clone()).expect("start the server"));
    state
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        TestApp::spawn_with(|_| {}).await
    }

    /// koe with settings changed by `configure` (after the test database is set).
    pub async fn spawn_with(configure: impl FnOnce(&mut Config)) -> TestApp {
        let db = TestDb::create();
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a random port");
        let address = format!("http://{}", listener.local_addr().expect("local address"));
        let mut config = Config::from_env();
        config.database_url = db.url.clone();
        config.base_url = address.clone();
        config.pool_size = 4;
        config.dictionary_poll = std::time::Duration::from_millis(200);
        configure(&mut config);
        let state = serve(listener, config, &db);
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("http client");
        TestApp { address, client, state, db }
    }

    /// A second koe process on the same database (its own pool, analyser and port), as when
    /// several processes share one PostgreSQL; returns its address and state.
    pub async fn another_process(&self) -> (String, AppState) {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a random port");
        let address = format!("http://{}", listener.local_addr().expect("local address"));
        let config = Config { base_url: address.clone(), ..(*self.state.config).clone() };
        (address, serve(listener, config, &self.db))
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub fn conn(&self) -> PgConnection {
        self.db.connect()
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("GET")
    }

    /// Posts a raw `application/x-www-form-urlencoded` body, exactly as given.
    pub async fn post_form(&self, path: &str, body: impl Into<reqwest::Body>) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .expect("POST")
    }

    /// Posts form fields, percent-encoded the way a browser does.
    pub async fn post_fields(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let body = serde_urlencoded::to_string(fields).expect("encode form");
        self.post_form(path, body).await
    }

    /// `GET /api/v1{path}` with a bearer token: the status and the JSON body (null if none).
    pub async fn api_get(&self, token: &str, path: &str) -> (u16, serde_json::Value) {
        let response = self.client.get(self.url(&format!("/api/v1{path}"))).bearer_auth(token).send().await.expect("GET");
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(serde_json::Value::Null))
    }

    /// A bearer token for the API, made the way `koe token create` makes one.
    pub fn api_token(&self, scope: &str) -> String {
        service::api_tokens::create(&mut self.conn(), "tests", scope).expect("create API token").1
    }
}

/// The password of every staff user the tests create.
pub const STAFF_PASSWORD: &str = "correct horse battery";

/// A browser-like client: keeps cookies, does not follow redirects.
pub fn browser() -> reqwest::Client {
    reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().expect("client")
}

pub fn location(response: &reqwest::Response) -> String {
    response.headers().get("location").and_then(|value| value.to_str().ok()).unwrap_or_default().to_owned()
}

/// The value of a hidden input named `name` in a page.
pub fn hidden(page: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\"");
    let at = page.find(&marker).unwrap_or_else(|| panic!("no {name} in page"));
    let tag_start = page[..at].rfind('<').unwrap_or(0);
    let tag_end = at + page[at..].find('>').unwrap_or(0);
    let tag = &page[tag_start..tag_end];
    tag.split("value=\"").nth(1).and_then(|rest| rest.split('"').next()).unwrap_or_default().to_owned()
}

/// A small organisation: one CS owner, one account with one contact.
pub struct World {
    pub owner_email: String,
    pub account_external_id: String,
    pub contact_email: String,
}

pub fn world(conn: &mut PgConnection) -> World {
    db::organization::set_name(conn, "テスト株式会社").expect("organisation");
    db::organization::set_account_invitations_per_month(conn, 0).expect("no account limit");
    let owner_email = "owner@example.com".to_owned();
    service::users::add(conn, &owner_email, "担当 太郎", Role::Cs, STAFF_PASSWORD).expect("owner");
    let account = AccountInput {
        external_id: "CRM-1".into(),
        name: "株式会社テスト商事".into(),
        owner_email: Some(owner_email.clone()),
        segment: Some("smb".into()),
        plan: Some("starter".into()),
        mrr: Some(50_000),
    };
    service::accounts::upsert(conn, &account).expect("account");
    let contact = ContactInput {
        account_external_id: "CRM-1".into(),
        email: "customer@example.com".into(),
        name: Some("顧客 花子".into()),
        locale: None,
    };
    service::contacts::upsert(conn, &contact).expect("contact");
    World { owner_email, account_external_id: "CRM-1".into(), contact_email: "customer@example.com".into() }
}

pub fn survey(conn: &mut PgConnection, kind: &str) -> Survey {
    // Other features' tests invite one contact many times; the throttle has its own tests.
    let input = SurveyInput {
        kind: kind.into(),
        name: format!("{kind} survey"),
        public_link: true,
        contact_cooldown_days: Some(0),
        ..SurveyInput::default()
    };
    service::surveys::create(conn, &input).expect("survey")
}

/// A personal link for the world's contact; returns its token.
pub fn invite(conn: &mut PgConnection, survey: &Survey, world: &World) -> String {
    let input = InvitationInput { contact_email: world.contact_email.clone(), ..InvitationInput::default() };
    service::invitations::create(conn, survey.id, &input, Utc::now()).expect("invitation").token
}

/// koe serving a `kind` survey to the world's contact: the app, a connection to its database,
/// and the contact's link token.
pub async fn invited(kind: &str) -> (TestApp, PgConnection, String) {
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    let world = world(&mut conn);
    let survey = survey(&mut conn, kind);
    let token = invite(&mut conn, &survey, &world);
    (app, conn, token)
}

/// All answers stored, oldest first: (score, comment, reason).
pub fn responses(conn: &mut PgConnection) -> Vec<(Option<i16>, Option<String>, Option<String>)> {
    use koe::db::schema::responses::dsl::*;
    responses.order(id).select((score, comment, reason)).load(conn).expect("load responses")
}

pub fn count(conn: &mut PgConnection, table: &str) -> i64 {
    diesel::select(diesel::dsl::sql::<diesel::sql_types::BigInt>(&format!("(SELECT count(*) FROM {table})")))
        .get_result(conn)
        .expect("count")
}

/// The boundary of [`multipart`] bodies.
pub const MULTIPART_BOUNDARY: &str = "koeTestBoundary7MA4YWxkTrZu0gW";

/// A `multipart/form-data` body as a browser sends it: the text fields, then `file` (its name
/// and bytes) if given.
pub fn multipart(fields: &[(&str, &str)], file: Option<(&str, &[u8])>) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!("--{MULTIPART_BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").as_bytes(),
        );
    }
    if let Some((file_name, bytes)) = file {
        body.extend_from_slice(
            format!(
                "--{MULTIPART_BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: text/csv\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{MULTIPART_BOUNDARY}--\r\n").as_bytes());
    body
}

/// A signed-in browser and its session's CSRF token.
pub struct Session {
    pub client: reqwest::Client,
    pub csrf: String,
}

impl Session {
    /// Signs `email` in (password [`STAFF_PASSWORD`]) through the sign-in form.
    pub async fn start(app: &TestApp, email: &str) -> Session {
        let client = browser();
        let page = client.get(app.url("/staff/sign-in")).send().await.expect("GET").text().await.unwrap_or_default();
        let csrf = hidden(&page, "csrf_token");
        let signed_in = client
            .post(app.url("/staff/sign-in"))
            .form(&[("email", email), ("password", STAFF_PASSWORD), ("csrf_token", &csrf), ("next", "/staff/password")])
            .send()
            .await
            .expect("POST");
        assert_eq!(signed_in.status(), 303, "sign-in of {email}");
        let page = client.get(app.url("/staff/password")).send().await.expect("GET").text().await.unwrap_or_default();
        Session { client, csrf: hidden(&page, "csrf_token") }
    }

    pub async fn get(&self, app: &TestApp, path: &str) -> reqwest::Response {
        self.client.get(app.url(path)).send().await.expect("GET")
    }

    /// Posts a [`multipart`] body; returns the response.
    pub async fn post_multipart(&self, app: &TestApp, path: &str, body: Vec<u8>) -> reqwest::Response {
        self.client
            .post(app.url(path))
            .header("Content-Type", format!("multipart/form-data; boundary={MULTIPART_BOUNDARY}"))
            .body(body)
            .send()
            .await
            .expect("POST")
    }

    /// Status and body of a page.
    pub async fn page(&self, app: &TestApp, path: &str) -> (u16, String) {
        let response = self.get(app, path).await;
        (response.status().as_u16(), response.text().await.unwrap_or_default())
    }
}
