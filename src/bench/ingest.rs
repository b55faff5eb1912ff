//! `koe bench ingest`: answers posted on survey links to the release server (this executable,
//! `koe serve`, as a child process), beside PostgreSQL's own ceiling for the same rows
//! (pgbench, one INSERT a transaction) and for an answer with its terms (pgbench, one answer a
//! transaction), and the form page beside nginx serving it as a static file. The load
//! generator, koe, nginx and PostgreSQL share the machine's cores.

use super::{corpus, scratch_url, Scratch};
use crate::config::Config;
use crate::db::invitations;
use crate::service::surveys::{self, SurveyInput};
use crate::startup;
use anyhow::Context;
use diesel::prelude::*;
use diesel::sql_query;
use diesel::sql_types::{Array, BigInt, Text};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::SeedableRng;
use reqwest::StatusCode;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The scratch database `koe bench ingest` creates (and drops unless `--keep`).
const DATABASE: &str = "koe_bench_ingest";
/// Accounts the seeded contacts belong to, each owned by one of [`OWNERS`] staff users, so that
/// detractors open follow-up cases with an owner, as they would in use.
const ACCOUNTS: i64 = 1_000;
const OWNERS: i64 = 20;
/// Fixes the order the form runs open links in, so that runs can be compared.
const OPENING_ORDER_SEED: u64 = 7;
/// A request that takes longer counts as failed: the target is an answer, not a wait.
const CLIENT_TIMEOUT: Duration = Duration::from_secs(30);
/// The load generator gives up an idle connection well before koe closes it, as a load
/// balancer in front of koe must: a POST sent on a connection just as koe closes it gets no
/// answer, and reqwest, like load balancers, does not send a POST again by itself.
const CLIENT_IDLE: Duration = Duration::from_millis(startup::KEEP_ALIVE.as_millis() as u64 / 2);

/// What `koe bench ingest` runs.
#[derive(Debug, Clone)]
pub struct Options {
    /// Invitations seeded; each is answered at most once.
    pub answers: u64,
    pub concurrency: Vec<usize>,
    /// Length of each measured run.
    pub seconds: u64,
    /// After the runs, answers at twice the best sustained rate for this long (0: skip).
    pub overload_seconds: u64,
    pub keep: bool,
}

/// Seeds the invitations, starts koe and nginx, measures, checks that every acknowledged
/// answer is stored, prints the tables.
pub fn ingest(config: &Config, options: &Options) -> anyhow::Result<()> {
    let (scratch, mut conn) = Scratch::create(config, DATABASE)?;
    let database_url = scratch_url(&config.database_url, DATABASE)?;
    let started = Instant::now();
    let tokens = seed(&mut conn, options.answers)?;
    println!("Seeded {} invitations and as many earlier answered ones ({ACCOUNTS} accounts, {OWNERS} owners) in {:.1?}.", tokens.len(), started.elapsed());
    let synchronous_commit = setting(&mut conn, "synchronous_commit")?;
    println!("synchronous_commit = {synchronous_commit} for koe and pgbench alike.");
    sql_query("CREATE TABLE pgbench_responses (LIKE responses INCLUDING ALL)").execute(&mut conn)?;

    // Built here rather than by the server's first start, whose peak memory would then be the
    // build's (once per machine), not that of serving.
    crate::text::ensure_dictionary(&config.ipadic_source, &config.dict_dir)?;
    // The overload's open loop holds a socket for every request still waiting; koe serve
    // raises its own limit the same way.
    let sockets = startup::raise_open_file_limit()?;
    println!("The load generator may hold {sockets} sockets (its open-file limit).");
    let work = WorkDir::create()?;
    let answer_script = answer_script(&work.0, &config.dict_dir, &mut conn)?;
    let koe = Koe::start(&database_url, &work.0)?;
    let nginx_port = free_port()?;
    // The bench command runs on actix's single-threaded runtime; the load generator gets a
    // runtime of its own, made, run and dropped on a thread of its own.
    let measured = std::thread::scope(|scope| {
        scope
            .spawn(|| {
                let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
                runtime.block_on(measure(&koe, nginx_port, &database_url, &work.0, &answer_script, &tokens, options))
            })
            .join()
            .map_err(|_| anyhow::anyhow!("the load generator panicked"))?
    });
    drop(koe);
    let measured = measured?;

    let acknowledged: Vec<&str> = measured.acknowledged.iter().map(|&index| tokens[index].as_str()).collect();
    let stored: i64 = sql_query(
        "SELECT count(*) AS n FROM responses r JOIN invitations i ON i.id = r.invitation_id WHERE i.token = ANY($1)",
    )
    .bind::<Array<Text>, _>(&acknowledged)
    .get_result::<Count>(&mut conn)?
    .n;
    println!("Acknowledged (303) answers: {}; stored: {stored}.", acknowledged.len());
    anyhow::ensure!(stored == acknowledged.len() as i64, "{} acknowledged answers are missing", acknowledged.len() as i64 - stored);
    drop(work);
    scratch.finish(conn, options.keep)
}

/// PostgreSQL's checkpoints so far. One forced by the WAL's volume rewrites every page the
/// writes touch next in full, which slows them for a while: under a long load on default
/// settings, the stalls of a run.
#[derive(QueryableByName)]
struct Checkpoints {
    #[diesel(sql_type = BigInt)]
    requested: i64,
    #[diesel(sql_type = BigInt)]
    timed: i64,
}

impl Checkpoints {
    fn read(conn: &mut PgConnection) -> anyhow::Result<Checkpoints> {
        // PostgreSQL 17 moved the counts from the background writer's view to a view of their own.
        let until_17 = "SELECT checkpoints_req AS requested, checkpoints_timed AS timed FROM pg_stat_bgwriter";
        let since_17 = "SELECT num_requested AS requested, num_timed AS timed FROM pg_stat_checkpointer";
        let version: u32 = setting(conn, "server_version_num")?.parse()?;
        Ok(sql_query(if version >= 170_000 { since_17 } else { until_17 }).get_result(conn)?)
    }

    fn since(&self, before: &Checkpoints) -> Checkpoints {
        Checkpoints { requested: self.requested - before.requested, timed: self.timed - before.timed }
    }
}

/// A PostgreSQL setting, as `SHOW` gives it.
fn setting(conn: &mut PgConnection, name: &str) -> QueryResult<String> {
    diesel::select(diesel::dsl::sql::<Text>("current_setting(").bind::<Text, _>(name).sql(")")).get_result(conn)
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// One account per [`ACCOUNTS`], one contact and one NPS invitation per answer; returns the
/// invitations' tokens in order. Beside them, a year of as many answered invitations (each
/// with [`HISTORY_TERMS`] terms), so that koe writes into a database in use, with its tables'
/// statistics and PostgreSQL's plans those of tables that hold rows: from empty tables, every
/// cached plan of the run (foreign-key checks included) would scan them whole as they grow.
fn seed(conn: &mut PgConnection, answers: u64) -> anyhow::Result<Vec<String>> {
    let input = SurveyInput { kind: "nps".into(), name: "ingest benchmark".into(), ..SurveyInput::default() };
    let survey = surveys::create(conn, &input).map_err(|error| anyhow::anyhow!(error))?;
    sql_query(format!(
        "INSERT INTO users (email, display_name, role, password_hash)
         SELECT 'owner' || g || '@bench.koe.example', '担当' || g, 'cs', 'not a password hash'
           FROM generate_series(1, {OWNERS}) AS g"
    ))
    .execute(conn)?;
    sql_query(format!(
        "INSERT INTO accounts (external_id, name, owner_id)
         SELECT 'BENCH-' || g, '株式会社ベンチ' || g, (SELECT min(id) FROM users) + g % {OWNERS}
           FROM generate_series(1, {ACCOUNTS}) AS g"
    ))
    .execute(conn)?;
    sql_query(format!(
        "INSERT INTO contacts (account_id, email)
         SELECT (SELECT min(id) FROM accounts) + g % {ACCOUNTS}, 'contact' || g || '@bench.koe.example'
           FROM generate_series(1, $1) AS g"
    ))
    .bind::<BigInt, _>(answers as i64)
    .execute(conn)
    .context("seed the contacts")?;
    sql_query(
        "INSERT INTO invitations (survey_id, contact_id, token, expires_at)
         SELECT $1, id, 'bench' || lpad(id::text, 16, '0'), now() + interval '30 days' FROM contacts",
    )
    .bind::<BigInt, _>(survey.id.0)
    .execute(conn)
    .context("seed the invitations")?;
    seed_history(conn, survey.id.0)?;
    sql_query("VACUUM (ANALYZE)").execute(conn)?;
    #[derive(QueryableByName)]
    struct Token {
        #[diesel(sql_type = Text)]
        token: String,
    }
    let tokens = sql_query("SELECT token FROM invitations WHERE token LIKE 'bench%' ORDER BY id").load::<Token>(conn)?;
    Ok(tokens.into_iter().map(|row| row.token).collect())
}

/// Terms each answer of the seeded history gives.
const HISTORY_TERMS: i64 = 4;

/// One invitation of the past year for each contact, answered, with terms, and the
/// detractors' follow-ups, closed.
fn seed_history(conn: &mut PgConnection, survey: i64) -> anyhow::Result<()> {
    sql_query(
        "INSERT INTO invitations (survey_id, contact_id, token, created_at, expires_at)
         SELECT $1, id, 'history' || lpad(id::text, 16, '0'), now() - interval '1 year' + (id % 360) * interval '1 day',
                now() - interval '1 year' + (id % 360 + 30) * interval '1 day'
           FROM contacts",
    )
    .bind::<BigInt, _>(survey)
    .execute(conn)
    .context("seed the earlier invitations")?;
    sql_query(
        "INSERT INTO responses (survey_id, invitation_id, contact_id, account_id, score, comment, locale, answered_at, updated_at)
         SELECT i.survey_id, i.id, c.id, c.account_id, (i.id * 7 % 11)::smallint, '以前の回答です', 'ja',
                i.created_at + interval '1 day', i.created_at + interval '1 day'
           FROM invitations i JOIN contacts c ON c.id = i.contact_id
          WHERE i.token LIKE 'history%'",
    )
    .execute(conn)
    .context("seed the earlier answers")?;
    sql_query(format!(
        "INSERT INTO response_terms (response_id, term)
         SELECT r.id, (ARRAY['価格','サポート','対応','機能','画面','速度','説明','請求','契約','設定'])[1 + (r.id + g) % 10]
           FROM responses r, generate_series(1, {HISTORY_TERMS}) AS g"
    ))
    .execute(conn)
    .context("seed the earlier answers' terms")?;
    sql_query(
        "INSERT INTO follow_ups (response_id, account_id, trigger, status, due_at, created_at, updated_at)
         SELECT id, account_id, 'detractor', 'resolved', answered_at + interval '2 days', answered_at, answered_at
           FROM responses WHERE score <= 6",
    )
    .execute(conn)
    .context("seed the earlier answers' follow-ups")?;
    Ok(())
}

/// Everything measured while koe ran.
struct Measured {
    /// Indexes into the tokens of the answers koe acknowledged with a 303.
    acknowledged: Vec<usize>,
}

async fn measure(
    koe: &Koe,
    nginx_port: u16,
    database_url: &str,
    work: &Path,
    answer_script: &Path,
    tokens: &[String],
    options: &Options,
) -> anyhow::Result<Measured> {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(CLIENT_TIMEOUT)
        .pool_idle_timeout(CLIENT_IDLE)
        .build()?;
    koe.wait_ready(&client).await?;
    let tokens: Arc<Vec<String>> = Arc::new(tokens.to_vec());
    let bodies: Arc<Vec<String>> = Arc::new(
        corpus()
            .into_iter()
            .map(|(score, comment)| serde_urlencoded::to_string([("score", score.to_string().as_str()), ("comment", comment)]))
            .collect::<Result<_, _>>()?,
    );
    let next = Arc::new(AtomicUsize::new(0));
    // The last invitation stays unanswered: its form is the page nginx serves.
    let post = {
        let (tokens, base) = (tokens.clone(), koe.base.clone());
        move |index: usize| {
            (index + 1 < tokens.len()).then(|| (format!("{base}/s/{}", tokens[index]), bodies[index % bodies.len()].clone()))
        }
    };
    // Customers open their mails in no particular order, and so do the form runs (each link's
    // first view is written as its opening).
    let opening_order: Arc<Vec<usize>> = {
        let mut order: Vec<usize> = (0..tokens.len() - 1).collect();
        order.shuffle(&mut StdRng::seed_from_u64(OPENING_ORDER_SEED));
        Arc::new(order)
    };
    let spare = tokens.last().context("no invitations seeded")?;
    let form = client.get(format!("{}/s/{spare}", koe.base)).send().await?.error_for_status()?.bytes().await?;
    std::fs::write(work.join("form.html"), &form)?;
    let nginx = Nginx::start(work, nginx_port)?;
    nginx.wait_ready(&client).await?;
    let pgbench_script = pgbench_script(work)?;
    let lookup_script = lookup_script(work, tokens.len())?;

    let mut acknowledged = Vec::new();
    let mut answers = Vec::new();
    let mut against_answer_transactions = Vec::new();
    let mut pages = Vec::new();
    let mut link_reads = Vec::new();
    let seconds = Duration::from_secs(options.seconds);
    for &concurrency in &options.concurrency {
        let run = closed_loop(&client, concurrency, seconds, next.clone(), Method::Post, post.clone()).await;
        println!("  koe POST, {concurrency} at a time: {}", run.line());
        acknowledged.extend_from_slice(&run.acknowledged);
        let inserts = pgbench(database_url, work, &pgbench_script, concurrency, options.seconds).await?;
        println!("  pgbench, {concurrency} clients: {}", inserts.line());
        let answer_transactions = pgbench(database_url, work, answer_script, concurrency, options.seconds).await?;
        println!("  pgbench answers with their terms, {concurrency} clients: {}", answer_transactions.line());
        answers.push((concurrency, run.summary(), inserts));
        against_answer_transactions.push((concurrency, run.summary(), answer_transactions));

        let form_url = {
            let (tokens, opening_order, base) = (tokens.clone(), opening_order.clone(), koe.base.clone());
            move |index: usize| Some((format!("{base}/s/{}", tokens[opening_order[index % opening_order.len()]]), String::new()))
        };
        let koe_pages = closed_loop(&client, concurrency, seconds, Arc::new(AtomicUsize::new(0)), Method::Get, form_url).await;
        println!("  koe GET form, {concurrency} at a time: {}", koe_pages.line());
        let static_url = format!("{}/form.html", nginx.base);
        let nginx_pages = closed_loop(&client, concurrency, seconds, Arc::new(AtomicUsize::new(0)), Method::Get, move |_| Some((static_url.clone(), String::new()))).await;
        println!("  nginx static form, {concurrency} at a time: {}", nginx_pages.line());
        let lookups = pgbench(database_url, work, &lookup_script, concurrency, options.seconds).await?;
        println!("  pgbench lookups of a link, {concurrency} clients: {}", lookups.line());
        pages.push((concurrency, koe_pages.summary(), nginx_pages.summary()));
        link_reads.push((concurrency, lookups));
    }
    let memory = koe.memory()?;
    drop(nginx);

    let heading = format!("Answers (POST /s/{{token}}, distinct invitations, Japanese comments) against pgbench (one INSERT a transaction into a copy of responses), {} s each:", options.seconds);
    print_comparison(&heading, ["koe answers/s", "pgbench tx/s", "koe / pgbench"], &answers);
    let heading = format!(
        "The same answers against pgbench writing an answer with its terms a transaction (into responses and response_terms, with their triggers and keys), {} s each:",
        options.seconds
    );
    print_comparison(&heading, ["koe answers/s", "pgbench tx/s", "koe / pgbench"], &against_answer_transactions);
    let heading = format!("Form pages (GET /s/{{token}}) against nginx serving the same page as a static file, {} s each:", options.seconds);
    print_comparison(&heading, ["koe pages/s", "nginx pages/s", "koe / nginx"], &pages);
    println!();
    println!("The form's one read (a link with its survey, contact, account and answer), by pgbench alone, prepared:");
    println!("| concurrency | pgbench reads/s | p50 / p99 |");
    println!("| ---: | ---: | ---: |");
    for (concurrency, reads) in &link_reads {
        println!("| {concurrency} | {:.0} | {:.1} / {:.1} ms |", reads.per_second, reads.p50, reads.p99);
    }
    println!();
    println!("koe's resident memory (dictionary included): peak {} MB, now {} MB.", memory.peak_kb / 1024, memory.now_kb / 1024);

    if options.overload_seconds > 0 {
        let best = answers.iter().map(|(_, koe, _)| koe.per_second).fold(0.0, f64::max);
        let rate = 2.0 * best;
        let wanted = Duration::from_secs(options.overload_seconds);
        let mut conn = PgConnection::establish(database_url)?;
        let before = Checkpoints::read(&mut conn)?;
        let (run, offered_for) = open_loop(&client, rate, wanted, startup::connection_limit(), next.clone(), post).await;
        let checkpoints = Checkpoints::read(&mut conn)?.since(&before);
        println!();
        println!("Overload: {rate:.0} answers/s offered (twice the best sustained rate) for {:.1} s:", offered_for.as_secs_f64());
        if offered_for + Duration::from_secs(1) < wanted {
            println!("  The seeded invitations ran out before the {} s asked for: seed more with --answers.", wanted.as_secs());
        }
        println!("  {}", run.line());
        println!("  503s without Retry-After: {}", run.unavailable_without_retry);
        let max_wal_size = setting(&mut conn, "max_wal_size")?;
        println!(
            "  PostgreSQL's checkpoints meanwhile: {} as the WAL reached max_wal_size ({max_wal_size}), {} on schedule",
            checkpoints.requested, checkpoints.timed
        );
        acknowledged.extend_from_slice(&run.acknowledged);
        let memory = koe.memory()?;
        println!("koe's resident memory after the overload: peak {} MB.", memory.peak_kb / 1024);
    }
    Ok(Measured { acknowledged })
}

/// A Markdown table of koe against a reference at each concurrency, as the README shows it.
fn print_comparison(heading: &str, [koe_rate, reference_rate, ratio]: [&str; 3], rows: &[(usize, Rates, Rates)]) {
    println!();
    println!("{heading}");
    println!("| concurrency | {koe_rate} | koe p50 / p99 | {reference_rate} | p50 / p99 | {ratio} |");
    println!("| ---: | ---: | ---: | ---: | ---: | ---: |");
    for (concurrency, koe, reference) in rows {
        println!(
            "| {concurrency} | {:.0} | {:.1} / {:.1} ms | {:.0} | {:.1} / {:.1} ms | {:.2} |",
            koe.per_second,
            koe.p50,
            koe.p99,
            reference.per_second,
            reference.p50,
            reference.p99,
            koe.per_second / reference.per_second.max(0.001)
        );
    }
}

#[derive(Debug, Clone, Copy)]
enum Method {
    Get,
    Post,
}

/// The outcome of one request.
enum Outcome {
    Ok,
    Unavailable { retry_after: bool },
    Status(StatusCode),
    /// No status: why, in a few words ("timed out", "connect: Connection refused (os error 111)").
    Failed(String),
}

/// One run's requests.
#[derive(Default)]
struct Run {
    elapsed: Duration,
    /// Latencies of the successful requests (303 for answers, 200 for pages), sorted.
    latencies: Vec<Duration>,
    acknowledged: Vec<usize>,
    unavailable: usize,
    unavailable_without_retry: usize,
    server_errors: usize,
    /// Any other status, by status.
    other: BTreeMap<u16, usize>,
    /// Requests that got no status, by why.
    failed: BTreeMap<String, usize>,
}

/// Rate and latency of the successful requests of a run.
struct Rates {
    per_second: f64,
    p50: f64,
    p99: f64,
}

impl Rates {
    fn line(&self) -> String {
        format!("{:.0}/s, p50 {:.1} ms, p99 {:.1} ms", self.per_second, self.p50, self.p99)
    }
}

impl Run {
    fn add(&mut self, index: usize, latency: Duration, outcome: Outcome, method: Method) {
        match outcome {
            Outcome::Ok => {
                self.latencies.push(latency);
                if let Method::Post = method {
                    self.acknowledged.push(index);
                }
            }
            Outcome::Unavailable { retry_after } => {
                self.unavailable += 1;
                self.unavailable_without_retry += usize::from(!retry_after);
            }
            Outcome::Status(status) if status.is_server_error() => self.server_errors += 1,
            Outcome::Status(status) => *self.other.entry(status.as_u16()).or_default() += 1,
            Outcome::Failed(why) => *self.failed.entry(why).or_default() += 1,
        }
    }

    fn requests(&self) -> usize {
        self.latencies.len() + self.unavailable + self.server_errors + self.other.values().sum::<usize>() + self.failed.values().sum::<usize>()
    }

    fn summary(&self) -> Rates {
        let mut sorted = self.latencies.clone();
        sorted.sort();
        let at = |share: f64| {
            let index = ((sorted.len().max(1) - 1) as f64 * share).round() as usize;
            sorted.get(index).map_or(0.0, |latency| latency.as_secs_f64() * 1000.0)
        };
        Rates { per_second: sorted.len() as f64 / self.elapsed.as_secs_f64().max(0.001), p50: at(0.50), p99: at(0.99) }
    }

    fn line(&self) -> String {
        let requests = self.requests().max(1) as f64;
        format!(
            "{} of {} requests succeeded ({}); 503: {} ({:.1} %), other 5xx: {}, other status: {}, failed or timed out: {}",
            self.latencies.len(),
            self.requests(),
            self.summary().line(),
            self.unavailable,
            100.0 * self.unavailable as f64 / requests,
            self.server_errors,
            counts(&self.other),
            counts(&self.failed)
        )
    }
}

/// "0", or the total with its parts: "110 (400: 10, 408: 100)".
fn counts<K: std::fmt::Display>(parts: &BTreeMap<K, usize>) -> String {
    let total: usize = parts.values().sum();
    if total == 0 {
        return "0".to_owned();
    }
    let parts: Vec<String> = parts.iter().map(|(key, count)| format!("{key}: {count}")).collect();
    format!("{total} ({})", parts.join(", "))
}

/// What became of a request that got no status, with the operating system's error where there
/// was one: a refused connection and the load generator's own shortage of sockets are
/// different stories. Any other failure is told by its deepest cause (the HTTP library's, such
/// as a connection closed before the answer came): reqwest's own message names the URL, and so
/// the link, which would make every failure a kind of its own.
fn why_failed(error: &reqwest::Error) -> String {
    let what = if error.is_timeout() {
        "timed out"
    } else if error.is_connect() {
        "connect"
    } else {
        "other"
    };
    let causes = || std::iter::successors(std::error::Error::source(error), |cause| cause.source());
    if let Some(io) = causes().find_map(|cause| cause.downcast_ref::<std::io::Error>()) {
        return format!("{what}: {io}");
    }
    match causes().last() {
        Some(deepest) if what == "other" => format!("{what}: {deepest}"),
        _ => what.to_owned(),
    }
}

/// A request to make: its URL and, for a POST, its form body; None when there is none left.
trait Target: Fn(usize) -> Option<(String, String)> + Clone + Send + Sync + 'static {}
impl<F: Fn(usize) -> Option<(String, String)> + Clone + Send + Sync + 'static> Target for F {}

async fn send(client: &reqwest::Client, method: Method, url: String, body: String) -> (Duration, Outcome) {
    let started = Instant::now();
    let request = match method {
        Method::Get => client.get(url),
        Method::Post => client.post(url).header("content-type", "application/x-www-form-urlencoded").body(body),
    };
    let outcome = match request.send().await {
        Ok(response) => {
            let status = response.status();
            let retry_after = response.headers().contains_key("retry-after");
            // The whole body, as a browser would read it.
            match response.bytes().await {
                Err(error) => Outcome::Failed(why_failed(&error)),
                Ok(_) => match (method, status) {
                    (Method::Post, StatusCode::SEE_OTHER) | (Method::Get, StatusCode::OK) => Outcome::Ok,
                    (_, StatusCode::SERVICE_UNAVAILABLE) => Outcome::Unavailable { retry_after },
                    (_, status) => Outcome::Status(status),
                },
            }
        }
        Err(error) => Outcome::Failed(why_failed(&error)),
    };
    (started.elapsed(), outcome)
}

/// `concurrency` clients, each sending its next request as soon as the previous one is answered.
async fn closed_loop(client: &reqwest::Client, concurrency: usize, duration: Duration, next: Arc<AtomicUsize>, method: Method, target: impl Target) -> Run {
    let started = Instant::now();
    let mut clients = tokio::task::JoinSet::new();
    for _ in 0..concurrency {
        let (client, next, target) = (client.clone(), next.clone(), target.clone());
        clients.spawn(async move {
            let mut run = Run::default();
            while started.elapsed() < duration {
                let index = next.fetch_add(1, Ordering::Relaxed);
                let Some((url, body)) = target(index) else { break };
                let (latency, outcome) = send(&client, method, url, body).await;
                run.add(index, latency, outcome, method);
            }
            run
        });
    }
    let mut total = Run::default();
    while let Some(Ok(run)) = clients.join_next().await {
        total.merge(run);
    }
    total.elapsed = started.elapsed();
    total
}

/// Requests sent at a fixed rate whether or not earlier ones were answered, as people arrive;
/// with how long they were sent for, shorter than `duration` if `target` ran out.
///
/// At most `on_the_wire` requests are sent at once (koe's [`startup::connection_limit`] in the
/// overload), as a load balancer in front of koe caps its connections to it. Without the cap
/// the pool opened a connection for every request that found none idle; past koe's limit those
/// waited in the kernel's queue, where koe cannot answer them, and the load generator spent the
/// cores on its own sockets until it ran out of them (2026-12-08, README "Overload"). Each
/// request is timed from when it was due, so that a wait for a connection counts in its latency
/// and its timeout.
async fn open_loop(
    client: &reqwest::Client,
    rate: f64,
    duration: Duration,
    on_the_wire: usize,
    next: Arc<AtomicUsize>,
    target: impl Target,
) -> (Run, Duration) {
    let started = Instant::now();
    let mut ticks = tokio::time::interval(Duration::from_secs_f64(1.0 / rate.max(1.0)));
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
    let mut requests = tokio::task::JoinSet::new();
    let on_the_wire = Arc::new(tokio::sync::Semaphore::new(on_the_wire));
    while started.elapsed() < duration {
        ticks.tick().await;
        let index = next.fetch_add(1, Ordering::Relaxed);
        let Some((url, body)) = target(index) else { break };
        let (client, on_the_wire) = (client.clone(), Arc::clone(&on_the_wire));
        let due = Instant::now();
        requests.spawn(async move {
            let sent = async {
                // The semaphore is never closed: a permit always comes, or the timeout first.
                let _permit = on_the_wire.acquire_owned().await;
                send(&client, Method::Post, url, body).await.1
            };
            let outcome = tokio::time::timeout(CLIENT_TIMEOUT, sent).await.unwrap_or_else(|_| Outcome::Failed("timed out".to_owned()));
            (index, due.elapsed(), outcome)
        });
    }
    let offered_for = started.elapsed();
    let mut run = Run::default();
    while let Some(Ok((index, latency, outcome))) = requests.join_next().await {
        run.add(index, latency, outcome, Method::Post);
    }
    run.elapsed = started.elapsed();
    (run, offered_for)
}

impl Run {
    fn merge(&mut self, other: Run) {
        self.latencies.extend(other.latencies);
        self.acknowledged.extend(other.acknowledged);
        self.unavailable += other.unavailable;
        self.unavailable_without_retry += other.unavailable_without_retry;
        self.server_errors += other.server_errors;
        for (status, count) in other.other {
            *self.other.entry(status).or_default() += count;
        }
        for (why, count) in other.failed {
            *self.failed.entry(why).or_default() += count;
        }
    }
}

/// A corpus comment that has nothing pgbench or SQL would read as syntax.
fn plain_comment() -> anyhow::Result<&'static str> {
    corpus()
        .into_iter()
        .map(|(_, comment)| comment)
        .find(|comment| !comment.contains([':', '\'', '\\']) && comment.chars().count() > 20)
        .context("no plain comment in the corpus")
}

/// pgbench's script: one answer-sized row a transaction, with [`plain_comment`].
fn pgbench_script(work: &Path) -> anyhow::Result<PathBuf> {
    let comment = plain_comment()?;
    let script = format!(
        "\\set score random(0, 10)\n\\set invitation random(1, 9000000000000000000)\n\
         INSERT INTO pgbench_responses (survey_id, invitation_id, contact_id, account_id, score, comment, locale, answered_at, updated_at) \
         VALUES (1, :invitation, :client_id, 1, :score, '{comment}', 'ja', now(), now());\n"
    );
    let path = work.join("insert.sql");
    std::fs::write(&path, script)?;
    Ok(path)
}

/// pgbench's script for what group commit is meant to beat: an answer with its terms, one a
/// transaction, written as koe writes them (the answer's row, then its terms' rows, into the
/// real tables with their rollup triggers and foreign keys), without koe's HTTP, analysis,
/// case or outbox. It answers the benchmark's survey on its public link, so that no
/// invitation is used up, each answer on an account drawn at random, as koe's answers are
/// spread over the accounts.
fn answer_script(work: &Path, dict_dir: &Path, conn: &mut PgConnection) -> anyhow::Result<PathBuf> {
    let comment = plain_comment()?;
    let terms = crate::text::Analyzer::load(dict_dir, &[])?.terms(comment);
    anyhow::ensure!(
        !terms.is_empty() && terms.iter().all(|term| !term.contains([',', '{', '}', '"', '\'', '\\', ':', ' '])),
        "the plain comment's terms {terms:?} do not fit an array literal"
    );
    let SurveyAndAccounts { survey, first_account, last_account } = sql_query(
        "SELECT (SELECT survey_id FROM invitations LIMIT 1) AS survey, min(id) AS first_account, max(id) AS last_account FROM accounts",
    )
    .get_result(conn)?;
    let script = format!(
        "\\set score random(0, 10)\n\
         \\set account random({first_account}, {last_account})\n\
         BEGIN;\n\
         INSERT INTO responses (survey_id, account_id, score, comment, locale, answered_at, updated_at) \
         VALUES ({survey}, :account, :score, '{comment}', 'ja', now(), now());\n\
         INSERT INTO response_terms (response_id, term) SELECT currval('responses_id_seq'), unnest('{{{}}}'::text[]);\n\
         COMMIT;\n",
        terms.join(",")
    );
    let path = work.join("answer.sql");
    std::fs::write(&path, script)?;
    Ok(path)
}

#[derive(QueryableByName)]
struct SurveyAndAccounts {
    #[diesel(sql_type = BigInt)]
    survey: i64,
    #[diesel(sql_type = BigInt)]
    first_account: i64,
    #[diesel(sql_type = BigInt)]
    last_account: i64,
}

/// The read behind every form page, as koe makes it ([`invitations::find_by_token_sql`]), of
/// a random one of the `seeded` invitations: PostgreSQL's own ceiling for serving the form.
fn lookup_script(work: &Path, seeded: usize) -> anyhow::Result<PathBuf> {
    let read = invitations::find_by_token_sql().replace("$1", "'bench' || lpad(:n::text, 16, '0')").replace("$2", "1");
    let script = format!("\\set n random(1, {seeded})\n{read};\n");
    let path = work.join("lookup.sql");
    std::fs::write(&path, script)?;
    Ok(path)
}

/// pgbench with `concurrency` clients on two threads for `seconds`; latencies from its
/// per-transaction log.
async fn pgbench(database_url: &str, work: &Path, script: &Path, concurrency: usize, seconds: u64) -> anyhow::Result<Rates> {
    let prefix = format!("pgbench{concurrency}");
    let output = tokio::process::Command::new("pgbench")
        .args(["-n", "-j", "2", "-l", "-M", "prepared"])
        .arg(format!("--log-prefix={}", work.join(&prefix).display()))
        .arg("-f")
        .arg(script)
        .args(["-c", &concurrency.to_string(), "-T", &seconds.to_string()])
        .arg(database_url)
        .output()
        .await
        .context("run pgbench (koe setup --bench-tools installs it)")?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    anyhow::ensure!(output.status.success(), "pgbench failed: {}{}", stdout, String::from_utf8_lossy(&output.stderr));
    let mut latencies = Vec::new();
    for entry in std::fs::read_dir(work)? {
        let path = entry?.path();
        if !path.file_name().and_then(|name| name.to_str()).is_some_and(|name| name.starts_with(&format!("{prefix}."))) {
            continue;
        }
        // client_id transaction_no time_us script_no epoch epoch_us
        for line in std::fs::read_to_string(&path)?.lines() {
            if let Some(micros) = line.split(' ').nth(2).and_then(|field| field.parse::<u64>().ok()) {
                latencies.push(Duration::from_micros(micros));
            }
        }
        std::fs::remove_file(&path)?;
    }
    let transactions = latencies.len();
    let run = Run { elapsed: Duration::from_secs(seconds), latencies, ..Run::default() };
    let rates = run.summary();
    // pgbench's own figure excludes connecting; the log's count over the run's length agrees with it.
    let tps = stdout
        .lines()
        .find_map(|line| line.strip_prefix("tps = ")?.split(' ').next()?.parse::<f64>().ok())
        .unwrap_or(transactions as f64 / seconds as f64);
    Ok(Rates { per_second: tps, ..rates })
}

/// A port nothing listens on right now.
fn free_port() -> anyhow::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// A folder of this run's files (nginx's configuration and page, pgbench's script and logs,
/// koe's log), removed at the end.
struct WorkDir(PathBuf);

impl WorkDir {
    fn create() -> anyhow::Result<WorkDir> {
        let path = std::env::temp_dir().join(format!("koe-bench-ingest-{}", std::process::id()));
        std::fs::create_dir_all(&path)?;
        Ok(WorkDir(path))
    }
}

impl Drop for WorkDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A child process, stopped when dropped (also when the benchmark fails half-way).
struct ChildProcess(Child);

impl Drop for ChildProcess {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `koe serve` from this very executable, on the scratch database. Its worker folds the
/// rollups each second, as in production; with no SMTP server set, the emails wait.
struct Koe {
    process: ChildProcess,
    base: String,
}

impl Koe {
    fn start(database_url: &str, work: &Path) -> anyhow::Result<Koe> {
        let bind = format!("127.0.0.1:{}", free_port()?);
        let log = std::fs::File::create(work.join("koe.log"))?;
        let child = Command::new(std::env::current_exe()?)
            .arg("serve")
            .env("DATABASE_URL", database_url)
            .env("KOE_BIND", &bind)
            .env_remove("KOE_SMTP_URL")
            .env("KOE_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .context("start koe serve")?;
        Ok(Koe { process: ChildProcess(child), base: format!("http://{bind}") })
    }

    async fn wait_ready(&self, client: &reqwest::Client) -> anyhow::Result<()> {
        wait_until_up(client, &format!("{}/readyz", self.base), "koe serve").await
    }

    /// Peak and current resident memory, from /proc.
    fn memory(&self) -> anyhow::Result<Memory> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.process.0.id()))?;
        let field = |name: &str| -> Option<u64> {
            status.lines().find_map(|line| line.strip_prefix(name)?.trim().strip_suffix("kB")?.trim().parse().ok())
        };
        Ok(Memory { peak_kb: field("VmHWM:").context("no VmHWM")?, now_kb: field("VmRSS:").context("no VmRSS")? })
    }
}

struct Memory {
    peak_kb: u64,
    now_kb: u64,
}

/// nginx on `port` with a configuration of its own, serving `work/form.html`.
struct Nginx {
    process: ChildProcess,
    work: PathBuf,
    base: String,
}

impl Nginx {
    fn start(work: &Path, port: u16) -> anyhow::Result<Nginx> {
        let dir = work.display();
        let config = format!(
            "daemon off;\nworker_processes auto;\npid {dir}/nginx.pid;\nerror_log {dir}/nginx-error.log;\n\
             events {{ worker_connections 4096; }}\n\
             http {{\n  access_log off;\n  client_body_temp_path {dir}/nginx-body;\n\
             \x20 server {{\n    listen 127.0.0.1:{port};\n    root {dir};\n\
             \x20   location = /form.html {{ default_type \"text/html; charset=utf-8\"; add_header Cache-Control no-store; }}\n  }}\n}}\n"
        );
        std::fs::write(work.join("nginx.conf"), config)?;
        let child = Nginx::command(work).spawn().context("start nginx (koe setup --bench-tools installs nginx-light)")?;
        Ok(Nginx { process: ChildProcess(child), work: work.to_owned(), base: format!("http://127.0.0.1:{port}") })
    }

    /// `nginx` with this run's prefix, configuration and error log.
    fn command(work: &Path) -> Command {
        let mut command = Command::new("nginx");
        command
            .arg("-e")
            .arg(work.join("nginx-error.log"))
            .arg("-p")
            .arg(work)
            .arg("-c")
            .arg(work.join("nginx.conf"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        command
    }

    async fn wait_ready(&self, client: &reqwest::Client) -> anyhow::Result<()> {
        wait_until_up(client, &format!("{}/form.html", self.base), "nginx").await
    }
}

impl Drop for Nginx {
    /// Killing the master would leave its workers running, holding the port; `-s stop` has the
    /// master stop them first. The kill that follows (by `ChildProcess`) is for a master that
    /// did not stop within seconds.
    fn drop(&mut self) {
        let asked = Nginx::command(&self.work).arg("-s").arg("stop").status().is_ok_and(|status| status.success());
        let started = Instant::now();
        while asked && started.elapsed() < Duration::from_secs(10) {
            match self.process.0.try_wait() {
                Ok(None) => std::thread::sleep(Duration::from_millis(50)),
                _ => break,
            }
        }
    }
}

async fn wait_until_up(client: &reqwest::Client, url: &str, what: &str) -> anyhow::Result<()> {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(120) {
        if client.get(url).send().await.is_ok_and(|response| response.status().is_success()) {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    anyhow::bail!("{what} did not come up at {url}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_refused_connection_is_told_apart_from_other_failures() {
        // A port just given back by the kernel: nothing listens on it.
        let port = free_port().expect("a free port");
        let client = reqwest::Client::new();
        let (_, outcome) = send(&client, Method::Get, format!("http://127.0.0.1:{port}/"), String::new()).await;
        match outcome {
            Outcome::Failed(why) => assert!(why.starts_with("connect: Connection refused"), "{why}"),
            _ => panic!("a request to a closed port got a status"),
        }
    }

    #[tokio::test]
    async fn a_connection_closed_without_an_answer_is_told_by_its_cause_not_its_link() {
        // A server that reads the request and hangs up without a word.
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a listener");
        let port = listener.local_addr().expect("its address").port();
        std::thread::spawn(move || {
            use std::io::Read;
            if let Ok((mut socket, _)) = listener.accept() {
                let _ = socket.read(&mut [0; 4096]);
            }
        });
        let client = reqwest::Client::new();
        let (_, outcome) = send(&client, Method::Post, format!("http://127.0.0.1:{port}/s/some-link"), "score=9".into()).await;
        match outcome {
            Outcome::Failed(why) => {
                assert!(why.starts_with("other: "), "{why}");
                assert!(!why.contains("some-link"), "{why}");
            }
            _ => panic!("a request to a server that hung up got a status"),
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_open_loop_sends_no_more_requests_at_once_than_it_may_and_times_the_waits() {
        // A server that holds each answer 50 ms, then takes it.
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a listener");
        let port = listener.local_addr().expect("its address").port();
        let held = Arc::new(AtomicUsize::new(0));
        let most_held = Arc::new(AtomicUsize::new(0));
        let (counting, most) = (Arc::clone(&held), Arc::clone(&most_held));
        std::thread::spawn(move || {
            for socket in listener.incoming().flatten() {
                let (held, most_held) = (Arc::clone(&counting), Arc::clone(&most));
                std::thread::spawn(move || hold_then_take(socket, &held, &most_held));
            }
        });
        let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("a client");
        let url = format!("http://127.0.0.1:{port}/s/some-link");
        // 40 answers due one every 5 ms, 4 at a time: the last ones, due at 180-195 ms, are taken
        // in the tenth round of 50 ms, some 300 ms after they were due (sent as they came due,
        // each would take about 50 ms).
        let target = move |index: usize| (index < 40).then(|| (url.clone(), "score=9".to_owned()));
        let (run, _) = open_loop(&client, 200.0, Duration::from_millis(200), 4, Arc::new(AtomicUsize::new(0)), target).await;
        assert_eq!(most_held.load(Ordering::SeqCst), 4, "answers held at once");
        assert_eq!(run.acknowledged.len(), 40, "every answer taken");
        let slowest = run.latencies.iter().max().copied().unwrap_or_default();
        assert!(slowest >= Duration::from_millis(250), "the wait for a connection counts: slowest {slowest:?}");
    }

    /// Answers each request on `socket` with a 303 after 50 ms, counting the requests held.
    fn hold_then_take(mut socket: std::net::TcpStream, held: &AtomicUsize, most_held: &AtomicUsize) {
        use std::io::{Read, Write};
        let mut buffer = [0; 4096];
        while matches!(socket.read(&mut buffer), Ok(read) if read > 0) {
            let now = held.fetch_add(1, Ordering::SeqCst) + 1;
            most_held.fetch_max(now, Ordering::SeqCst);
            std::thread::sleep(Duration::from_millis(50));
            held.fetch_sub(1, Ordering::SeqCst);
            let taken = b"HTTP/1.1 303 See Other\r\nlocation: /s/some-link/thanks\r\ncontent-length: 0\r\n\r\n";
            if socket.write_all(taken).is_err() {
                break;
            }
        }
    }
}
