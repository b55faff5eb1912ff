//! A customer on a phone, in a real headless Chromium driven through ChromeDriver.
//! JavaScript is switched off: the survey must work without it.
#![allow(clippy::expect_used)] // a test may stop at the first thing that goes wrong

mod common;

use common::{invite, responses, survey, world, TestApp};
use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{json, Value};
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

const PHONE: (u32, u32) = (390, 844);
/// A click only starts a navigation; the next page is awaited for at most this long.
const WAIT: Duration = Duration::from_secs(15);

/// One ChromeDriver for the whole test binary; each test opens its own browser session.
struct Driver {
    url: String,
    _process: Child,
}

fn driver() -> &'static Driver {
    static DRIVER: OnceLock<Driver> = OnceLock::new();
    DRIVER.get_or_init(|| {
        let port = TcpListener::bind("127.0.0.1:0").and_then(|listener| listener.local_addr()).expect("free port").port();
        let process = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|error| panic!("cannot start chromedriver ({error}); run `cargo run -- setup --test-tools`"));
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start listening");
            std::thread::sleep(Duration::from_millis(50));
        }
        Driver { url: format!("http://127.0.0.1:{port}"), _process: process }
    })
}

/// A fresh headless browser with a phone's viewport and a profile of its own.
async fn browser(profile: &tempfile::TempDir) -> Client {
    let args = [
        "--headless=new".to_owned(),
        "--no-sandbox".to_owned(),
        "--disable-gpu".to_owned(),
        "--disable-dev-shm-usage".to_owned(),
        "--disable-background-networking".to_owned(),
        "--no-first-run".to_owned(),
        "--lang=ja".to_owned(),
        format!("--user-data-dir={}", profile.path().display()),
    ];
    let options = json!({
        "args": args,
        "prefs": {
            "profile.managed_default_content_settings.javascript": 2,
            "intl.accept_languages": "ja"
        }
    });
    let mut capabilities = serde_json::Map::new();
    capabilities.insert("goog:chromeOptions".into(), options);
    let client = ClientBuilder::new(HttpConnector::new())
        .capabilities(capabilities)
        .connect(&driver().url)
        .await
        .expect("open a Chromium session");
    // A headless window cannot be narrower than 500 px, so the phone's viewport is emulated.
    // (ChromeDriver's own mobileEmulation turns clicks into taps, which hang with scripts off.)
    let metrics = json!({"width": PHONE.0, "height": PHONE.1, "deviceScaleFactor": 3, "mobile": true});
    client.issue_cmd(Cdp::new("Emulation.setDeviceMetricsOverride", metrics)).await.expect("emulate a phone");
    client
}

/// A Chrome DevTools Protocol command, through ChromeDriver's `goog/cdp/execute`.
#[derive(Debug)]
struct Cdp {
    body: String,
}

impl Cdp {
    fn new(cmd: &str, params: Value) -> Cdp {
        Cdp { body: json!({"cmd": cmd, "params": params}).to_string() }
    }
}

impl WebDriverCompatibleCommand for Cdp {
    fn endpoint(&self, base_url: &url::Url, session_id: Option<&str>) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!("session/{}/goog/cdp/execute", session_id.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.body.clone()))
    }
}

/// Saves a screenshot under target/screenshots, for people to look at.
async fn screenshot(client: &Client, name: &str) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target").join("screenshots");
    let png = client.screenshot().await.expect("screenshot");
    if std::fs::create_dir_all(&dir).is_ok() {
        let _ = std::fs::write(dir.join(format!("{name}.png")), png);
    }
}

async fn wait_for_url(client: &Client, expected: &str) {
    let url = url::Url::parse(expected).expect("URL");
    if client.wait().at_most(WAIT).for_url(&url).await.is_err() {
        let now = client.current_url().await.map(|url| url.to_string()).unwrap_or_default();
        panic!("expected to arrive at {expected}, still at {now}");
    }
}

/// Whether the element's bottom edge is inside the first screen, without scrolling.
async fn fits_on_first_screen(client: &Client, selector: &str) -> bool {
    // Only reading layout: ChromeDriver's script execution works even with page scripts off.
    let script = "const r = document.querySelector(arguments[0]).getBoundingClientRect(); return r.bottom <= window.innerHeight;";
    client.execute(script, vec![Value::from(selector)]).await.ok().and_then(|value| value.as_bool()).unwrap_or(false)
}

#[actix_web::test]
async fn a_customer_answers_nps_on_a_phone_without_javascript() {
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    let world = world(&mut conn);
    let nps = survey(&mut conn, "nps");
    let token = invite(&mut conn, &nps, &world);
    let profile = tempfile::tempdir().expect("profile dir");
    let client = browser(&profile).await;

    client.goto(&app.url(&format!("/s/{token}"))).await.expect("open the link");
    assert!(fits_on_first_screen(&client, "button[type=submit]").await, "the whole NPS survey fits on one phone screen");
    screenshot(&client, "nps-phone").await;

    // Forgetting the score: the comment survives the round trip.
    let comment = client.find(Locator::Css("textarea[name=comment]")).await.expect("comment box");
    comment.send_keys("請求書の発行が分かりにくい").await.expect("type");
    client.find(Locator::Css("button[type=submit]")).await.expect("submit").click().await.expect("click");
    let summary = client.wait().at_most(WAIT).for_element(Locator::Css(".error-summary")).await.expect("the form comes back");
    let body = summary.text().await.unwrap_or_default();
    assert!(body.contains(koe_views::i18n::strings(koe_views::Lang::Ja).form_errors.score_missing), "{body}");
    let kept = client.find(Locator::Css("textarea[name=comment]")).await.expect("comment box").prop("value").await;
    assert_eq!(kept.ok().flatten().as_deref(), Some("請求書の発行が分かりにくい"));
    assert!(responses(&mut conn).is_empty());

    // Tapping a score's box (the label around the radio) chooses it, as a thumb would.
    client.find(Locator::XPath("//input[@id='score-6']/parent::label")).await.expect("score 6").click().await.expect("tap 6");
    client.find(Locator::Css("button[type=submit]")).await.expect("submit").click().await.expect("click");
    wait_for_url(&client, &app.url(&format!("/s/{token}/thanks"))).await;
    screenshot(&client, "thanks-phone").await;
    assert_eq!(responses(&mut conn), vec![(Some(6), Some("請求書の発行が分かりにくい".to_owned()), None)]);
    client.close().await.expect("close");
}

#[actix_web::test]
async fn a_leaving_customer_picks_a_reason_and_opts_in_on_a_phone() {
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    let world = world(&mut conn);
    let exit = survey(&mut conn, "exit");
    let token = invite(&mut conn, &exit, &world);
    let profile = tempfile::tempdir().expect("profile dir");
    let client = browser(&profile).await;

    client.goto(&app.url(&format!("/s/{token}"))).await.expect("open the link");
    assert!(fits_on_first_screen(&client, "button[type=submit]").await, "the whole exit survey fits on one phone screen");
    screenshot(&client, "exit-phone").await;
    client.find(Locator::Css("input[name=reason][value=missing_feature]")).await.expect("reason").click().await.expect("pick");
    client.find(Locator::Css("textarea[name=comment]")).await.expect("comment").send_keys("CSV連携が欲しかった").await.expect("type");
    client.find(Locator::Css("input[name=contact_ok]")).await.expect("opt-in").click().await.expect("tick");
    client.find(Locator::Css("button[type=submit]")).await.expect("submit").click().await.expect("click");
    wait_for_url(&client, &app.url(&format!("/s/{token}/thanks"))).await;
    assert_eq!(
        responses(&mut conn),
        vec![(None, Some("CSV連携が欲しかった".to_owned()), Some("missing_feature".to_owned()))]
    );
    client.close().await.expect("close");
}

#[actix_web::test]
async fn a_cs_member_signs_in_opens_a_case_and_marks_it_contacted_with_a_note() {
    use diesel::prelude::*;
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    let world = world(&mut conn);
    let nps = survey(&mut conn, "nps");
    let token = invite(&mut conn, &nps, &world);
    app.post_fields(&format!("/s/{token}"), &[("score", "2"), ("comment", "請求書が分かりにくい")]).await;
    let status = |conn: &mut diesel::PgConnection| -> (i64, String) {
        use koe::db::schema::follow_ups::dsl::*;
        follow_ups.select((id, status)).first(conn).expect("the case")
    };
    let (case, _) = status(&mut conn);
    let profile = tempfile::tempdir().expect("profile dir");
    let client = browser(&profile).await;

    // "My follow-ups" asks for a sign-in first, then leads back.
    client.goto(&app.url("/staff/follow-ups")).await.expect("open my follow-ups");
    client.find(Locator::Css("input[name=email]")).await.expect("email").send_keys(&world.owner_email).await.expect("type");
    client.find(Locator::Css("input[name=password]")).await.expect("password").send_keys("correct horse battery").await.expect("type");
    client.find(Locator::Css("button[type=submit]")).await.expect("sign in").click().await.expect("click");
    wait_for_url(&client, &app.url("/staff/follow-ups")).await;
    screenshot(&client, "follow-ups-phone").await;

    let path = format!("/staff/follow-ups/{case}");
    client.find(Locator::Css(&format!("a[href='{path}']"))).await.expect("the case in the inbox").click().await.expect("open");
    wait_for_url(&client, &app.url(&path)).await;
    client.find(Locator::Css("select[name=status] option[value=contacted]")).await.expect("contacted").click().await.expect("choose");
    client.find(Locator::Css("textarea[name=note]")).await.expect("note").send_keys("お電話で詳しく伺いました").await.expect("type");
    client.find(Locator::Css("form[action$='/status'] button[type=submit]")).await.expect("update").click().await.expect("click");
    client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::XPath("//section[@aria-labelledby='history-h']//p[contains(., 'お電話で詳しく伺いました')]"))
        .await
        .expect("the note in the history");
    screenshot(&client, "follow-up-case-phone").await;
    assert_eq!(status(&mut conn), (case, "contacted".to_owned()));
    client.close().await.expect("close");
}
