//! `koe bench …`: benchmarks that need a database, run on a scratch database next to koe's
//! own (same server, its own name), never on koe's data.

use crate::config::Config;
use crate::service::dictionary::{self, WordInput};
use crate::service::reindex::{self, Options, Summary};
use crate::service::surveys::{self, SurveyInput};
use crate::{progress, startup};
use anyhow::Context;
use diesel::prelude::*;
use diesel::sql_query;
use diesel::sql_types::{Array, BigInt, Int2, Nullable, Text};
use std::time::Instant;

mod ingest;
pub use ingest::{ingest, Options as IngestOptions};

/// The scratch database `koe bench reindex` creates (and drops unless `--keep`).
pub const REINDEX_DATABASE: &str = "koe_bench_reindex";

/// The team's test corpus: 344 realistic comments (tests/corpus/README.md).
const CORPUS: &str = include_str!("../tests/corpus/comments.tsv");

/// A custom word the second run adds, as an admin would: it changes the terms of the
/// comments that mention it (顧客 + の + 声 becomes one term 顧客の声), and no others.
const BENCH_WORD: &str = "顧客の声";

/// Seeds `answers` NPS answers with the corpus's comments into a fresh scratch database and
/// times `koe text reindex` three ways: the first analysis of every comment, the run after an
/// admin adds a word, and a run with nothing left to do.
pub fn reindex(config: &Config, answers: u64, keep: bool) -> anyhow::Result<()> {
    let (scratch, mut conn) = Scratch::create(config, REINDEX_DATABASE)?;

    let started = Instant::now();
    let comments = seed(&mut conn, answers, 0)?;
    println!("Seeded {answers} answers ({comments} distinct comments, repeated) in {:.1?}.", started.elapsed());

    let base = startup::load_analyzer(config)?;
    let threads = Options::default().threads;
    println!("Reindex, {threads} analysis threads, {} answers a transaction:", reindex::DEFAULT_BATCH_SIZE);
    let first = run(&mut conn, &base, "first analysis of every comment")?;
    dictionary::add(&mut conn, &WordInput { word: BENCH_WORD.into() }).map_err(|error| anyhow::anyhow!(error))?;
    let after_word = run(&mut conn, &base, &format!("after adding the custom word {BENCH_WORD}"))?;
    let nothing = run(&mut conn, &base, "nothing left to do")?;
    let terms: i64 = diesel::select(diesel::dsl::sql::<BigInt>("(SELECT count(*) FROM response_terms)")).get_result(&mut conn)?;
    println!("{terms} term rows for {answers} answers.");
    for summary in [&first, &after_word, &nothing] {
        anyhow::ensure!(summary.remaining == 0, "the reindex left {} comments out of date", summary.remaining);
    }

    scratch.finish(conn, keep)
}

fn run(conn: &mut PgConnection, base: &crate::text::Analyzer, label: &str) -> anyhow::Result<Summary> {
    let mut progress = progress::terminal("comments");
    let summary = reindex::run(conn, base, &Options::default(), progress.as_mut()).map_err(|error| anyhow::anyhow!(error))?;
    drop(progress);
    println!("  {label}: {summary}");
    Ok(summary)
}

/// Inserts `answers` answers on one NPS survey, cycling through the corpus, spread over a
/// year, with no terms yet (as if answered before koe analysed comments). One statement.
fn seed(conn: &mut PgConnection, answers: u64, invitations: u64) -> anyhow::Result<usize> {
    let (scores, comments): (Vec<i16>, Vec<&str>) = corpus().into_iter().unzip();
    let input = SurveyInput { kind: "nps".into(), name: "reindex benchmark".into(), ..SurveyInput::default() };
    let survey = surveys::create(conn, &input).map_err(|error| anyhow::anyhow!(error))?;
    let first_invitation = match invitations {
        0 => None,
        count => Some(seed_invitations(conn, survey.id.0, count)?),
    };
    // Answer g answers invitation g (made an hour before), when there are invitations.
    sql_query(
        "INSERT INTO responses (survey_id, invitation_id, score, comment, locale, answered_at, updated_at)
         SELECT $1, $5 + g, c.score, c.comment, 'ja',
                now() - (g % 365) * interval '1 day' - (g % 86400) * interval '1 second', now()
           FROM generate_series(0, $2 - 1) AS g
           JOIN unnest($3::smallint[], $4::text[]) WITH ORDINALITY AS c(score, comment, n)
             ON c.n = g % cardinality($3::smallint[]) + 1",
    )
    .bind::<BigInt, _>(survey.id.0)
    .bind::<BigInt, _>(answers as i64)
    .bind::<Array<Int2>, _>(&scores)
    .bind::<Array<Text>, _>(&comments)
    .bind::<Nullable<BigInt>, _>(first_invitation)
    .execute(conn)
    .context("seed the answers")?;
    // As a database that has been running would be: rollups folded (by a worker, within a
    // second), statistics gathered, pages all-visible.
    crate::db::rollups::fold(conn)?;
    sql_query("VACUUM (ANALYZE) responses").execute(conn)?;
    Ok(comments.len())
}

/// `count` invitations of one contact over the last year, in the order the answers use them;
/// returns the first one's id.
fn seed_invitations(conn: &mut PgConnection, survey_id: i64, count: u64) -> anyhow::Result<i64> {
    #[derive(QueryableByName)]
    struct First {
        #[diesel(sql_type = BigInt)]
        id: i64,
    }
    sql_query("INSERT INTO accounts (external_id, name) VALUES ('bench', 'bench')").execute(conn)?;
    sql_query("INSERT INTO contacts (account_id, email) SELECT id, 'bench@example.com' FROM accounts").execute(conn)?;
    sql_query(
        "INSERT INTO invitations (survey_id, contact_id, token, created_at, expires_at)
         SELECT $1, (SELECT id FROM contacts), 'bench' || lpad(g::text, 24, '0'), at, at + interval '30 days'
           FROM generate_series(0, $2 - 1) AS g,
                LATERAL (SELECT now() - (g % 365) * interval '1 day' - (g % 86400) * interval '1 second' - interval '1 hour' AS at) t",
    )
    .bind::<BigInt, _>(survey_id)
    .bind::<BigInt, _>(count as i64)
    .execute(conn)
    .context("seed the invitations")?;
    sql_query("VACUUM (ANALYZE) invitations").execute(conn)?;
    Ok(sql_query("SELECT min(id) AS id FROM invitations").get_result::<First>(conn)?.id)
}

/// The corpus's scores and comments.
fn corpus() -> Vec<(i16, &'static str)> {
    CORPUS
        .lines()
        .skip(1)
        .filter_map(|line| {
            let mut fields = line.splitn(3, '\t');
            let (_, score, comment) = (fields.next(), fields.next()?, fields.next()?);
            Some((score.parse::<i16>().ok()?, comment))
        })
        .collect()
}

/// A fresh, migrated database of the benchmark's own, beside koe's on the same server.
struct Scratch {
    name: &'static str,
    server_url: String,
}

impl Scratch {
    fn create(config: &Config, name: &'static str) -> anyhow::Result<(Scratch, PgConnection)> {
        drop_database(&config.database_url, name)?;
        let scratch = Config { database_url: scratch_url(&config.database_url, name)?, pool_size: 2, ..config.clone() };
        let conn = startup::connect(&scratch)?;
        Ok((Scratch { name, server_url: config.database_url.clone() }, conn))
    }

    /// Drops the database, unless asked to keep it for a look.
    fn finish(self, conn: PgConnection, keep: bool) -> anyhow::Result<()> {
        let Scratch { name, server_url } = self;
        drop(conn);
        if keep {
            println!("The scratch database {name} is kept.");
            return Ok(());
        }
        drop_database(&server_url, name)
    }
}

/// `database_url` with its database name replaced by `name`.
fn scratch_url(database_url: &str, name: &str) -> anyhow::Result<String> {
    let mut url = url::Url::parse(database_url).context("DATABASE_URL is not a URL")?;
    url.set_path(&format!("/{name}"));
    Ok(url.into())
}

fn drop_database(database_url: &str, name: &str) -> anyhow::Result<()> {
    let mut conn = PgConnection::establish(&scratch_url(database_url, "postgres")?).context("connect to the postgres database")?;
    sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&mut conn).context("drop the scratch database")?;
    Ok(())
}

/// The scratch database `koe bench keywords` creates (and drops unless `--keep`).
pub const KEYWORDS_DATABASE: &str = "koe_bench_keywords";
/// Rare words (a customer's own product and people names) that real comments add to the
/// corpus's vocabulary; one per answer, from this many.
const LONG_TAIL_WORDS: i64 = 50_000;
/// Each report is timed this many times; the median and the slowest are printed.
const REPORT_RUNS: usize = 21;

/// Seeds `answers` analysed answers into a scratch database and times keyword reports over
/// the default period (twelve calendar months, read from the monthly counts) against the
/// same reports computed from the answers themselves.
pub fn keywords(config: &Config, answers: u64, keep: bool) -> anyhow::Result<()> {
    use crate::db::keywords::{self as queries, MonthRange};
    use crate::db::report_scope::Scope;
    use crate::domain::keywords::{distinctive, Category};
    use crate::domain::survey::NpsCategory;
    use crate::service::keywords as reports;
    use crate::service::report::ReportParams;

    let (scratch, mut conn) = Scratch::create(config, KEYWORDS_DATABASE)?;

    let started = Instant::now();
    seed(&mut conn, answers, 0)?;
    println!("Seeded {answers} answers in {:.1?}.", started.elapsed());
    let analyzer = startup::load_analyzer(config)?;
    run(&mut conn, &analyzer, "analysed every comment (the monthly counts follow through triggers)")?;
    let started = Instant::now();
    sql_query(format!("INSERT INTO response_terms (response_id, term) SELECT id, '固有名' || (id % {LONG_TAIL_WORDS}) FROM responses"))
        .execute(&mut conn)?;
    crate::db::rollups::fold(&mut conn)?;
    sql_query("VACUUM (ANALYZE)").execute(&mut conn)?;
    println!("Added a long tail of {LONG_TAIL_WORDS} rare words, one per answer, in {:.1?}.", started.elapsed());
    let terms: i64 = diesel::select(diesel::dsl::sql::<BigInt>("(SELECT count(*) FROM response_terms)")).get_result(&mut conn)?;
    let rollup: i64 = diesel::select(diesel::dsl::sql::<BigInt>("(SELECT count(*) FROM keyword_monthly)")).get_result(&mut conn)?;
    println!("{terms} term rows; {rollup} monthly keyword counts.");

    let survey = crate::db::surveys::all(&mut conn)?.into_iter().next().context("the benchmark survey")?;
    let now = chrono::Utc::now();
    let zone = crate::db::organization::zone(&mut conn)?;
    let period = crate::domain::period::Period::parse(None, None, zone, now).map_err(|error| anyhow::anyhow!(error))?;
    let (from, to) = period.whole_months(zone, now).context("the default period is whole months")?;
    let detractor = Category::Nps(NpsCategory::Detractor);
    println!("Keyword reports over {} to {} ({REPORT_RUNS} runs each; median / slowest):", period.from, period.to);
    println!("| report | koe (monthly counts) | reference: from the answers | ratio |");
    println!("| --- | ---: | ---: | ---: |");
    let cases: [(&str, Option<&str>, bool); 3] =
        [("top keywords, all answers", None, false), ("top keywords, detractors", Some("detractor"), false), ("distinctive, detractors vs the rest", Some("detractor"), true)];
    for (label, category, is_distinctive) in cases {
        let params = ReportParams {
            category: category.map(str::to_owned),
            mode: Some(if is_distinctive { "distinctive" } else { "top" }.to_owned()),
            ..ReportParams::default()
        };
        let koe = time(|| reports::report(&mut conn, survey.id, &params, now).map(|_| ()).map_err(|error| anyhow::anyhow!(error)))?;
        let selector = category.map(|_| detractor.selector());
        let scope = Scope { survey_id: survey.id.0, period, segment: None, plan: None, owner_email: None, stage: None, category: selector };
        let range = MonthRange { survey_id: survey.id.0, from, to, category: category.map(|_| detractor.name()) };
        // The reference answers the same question without the monthly counts.
        let reference = time(|| {
            queries::group_size(&mut conn, &scope)?;
            if is_distinctive {
                distinctive(&queries::term_counts(&mut conn, &scope)?);
            } else {
                queries::top_terms(&mut conn, &scope, 20)?;
            }
            Ok(())
        })?;
        // Both ways must agree, or the figures mean nothing.
        let by_month = queries::group_size_by_month(&mut conn, &range)?;
        let by_answer = queries::group_size(&mut conn, &scope)?;
        anyhow::ensure!(by_month.answers == by_answer.answers, "the monthly counts disagree with the answers");
        println!(
            "| {label} | {:.0} ms / {:.0} ms | {:.0} ms / {:.0} ms | {:.1}× |",
            koe.0, koe.1, reference.0, reference.1, reference.0 / koe.0.max(0.001)
        );
    }

    scratch.finish(conn, keep)
}

/// Median and slowest of [`REPORT_RUNS`] runs of `work`, in milliseconds.
fn time(mut work: impl FnMut() -> anyhow::Result<()>) -> anyhow::Result<(f64, f64)> {
    let mut runs = Vec::with_capacity(REPORT_RUNS);
    for _ in 0..REPORT_RUNS {
        let started = Instant::now();
        work()?;
        runs.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    runs.sort_by(f64::total_cmp);
    Ok((runs[runs.len() / 2], runs[runs.len() - 1]))
}

/// The scratch database `koe bench scores` creates (and drops unless `--keep`).
pub const SCORES_DATABASE: &str = "koe_bench_scores";

/// Seeds `answers` NPS answers (with their invitations, 70 % answered) over the last year and
/// times the summary and the trends, response rates included, over
/// the default period (twelve calendar months, from the daily counts) against the same
/// figures grouped from the answers themselves.
pub fn scores(config: &Config, answers: u64, keep: bool) -> anyhow::Result<()> {
    use crate::db::report_scope::Scope;
    use crate::db::scores::{score_counts, Interval};
    use crate::service::report::ReportParams;
    use crate::service::scores as reports;

    let (scratch, mut conn) = Scratch::create(config, SCORES_DATABASE)?;
    let started = Instant::now();
    // A response rate of 70 %: every answer has its invitation, and 3 in 10 invitations none.
    let invitations = answers * 10 / 7;
    seed(&mut conn, answers, invitations)?;
    println!(
        "Seeded {invitations} invitations and {answers} answers in two INSERT … SELECT (daily counts kept by triggers) in {:.1?}.",
        started.elapsed()
    );
    let survey = crate::db::surveys::all(&mut conn)?.into_iter().next().context("the benchmark survey")?;
    let now = chrono::Utc::now();
    let zone = crate::db::organization::zone(&mut conn)?;
    let period = crate::domain::period::Period::parse(None, None, zone, now).map_err(|error| anyhow::anyhow!(error))?;
    let scope = Scope { survey_id: survey.id.0, period, segment: None, plan: None, owner_email: None, stage: None, category: None };
    println!("Over {} to {} ({REPORT_RUNS} runs each; median / slowest):", period.from, period.to);
    println!("| figures | koe (daily counts) | reference: GROUP BY over the answers | ratio |");
    println!("| --- | ---: | ---: | ---: |");
    for (label, interval) in [("summary (NPS, n, margin, interval)", None), ("trend by month", Some(Interval::Month)), ("trend by week", Some(Interval::Week))] {
        let params = ReportParams { interval: interval.map(|interval| interval.as_str().to_owned()), ..ReportParams::default() };
        let koe = time(|| {
            match interval {
                None => reports::summary(&mut conn, survey.id, &params, now).map(|_| ()),
                Some(_) => reports::trend(&mut conn, survey.id, &params, now).map(|_| ()),
            }
            .map_err(|error| anyhow::anyhow!(error))
        })?;
        let reference = time(|| {
            score_counts(&mut conn, &scope, interval, zone.name())?;
            crate::db::invitations::counts(&mut conn, &scope, interval, zone.name())?;
            Ok(())
        })?;
        println!("| {label} | {:.1} ms / {:.1} ms | {:.0} ms / {:.0} ms | {:.0}× |", koe.0, koe.1, reference.0, reference.1, reference.0 / koe.0.max(0.001));
    }
    // The dashboard page's data: summary with the period before, monthly trend, response rates,
    // exit reasons and churn, as the staff page loads them.
    let monthly = ReportParams { interval: Some(Interval::Month.as_str().to_owned()), ..ReportParams::default() };
    let survey_choice = survey.id.to_string();
    let koe = time(|| {
        crate::service::dashboard::load(&mut conn, Some(&survey_choice), &monthly, now).map(|_| ()).map_err(|error| anyhow::anyhow!(error))
    })?;
    let reference = time(|| {
        for interval in [None, Some(Interval::Month)] {
            score_counts(&mut conn, &scope, interval, zone.name())?;
            crate::db::invitations::counts(&mut conn, &scope, interval, zone.name())?;
        }
        Ok(())
    })?;
    println!(
        "| dashboard page (all of its figures) | {:.1} ms / {:.1} ms | {:.0} ms / {:.0} ms | {:.0}× |",
        koe.0,
        koe.1,
        reference.0,
        reference.1,
        reference.0 / koe.0.max(0.001)
    );
    // Both ways must agree, or the figures mean nothing.
    let summary = reports::summary(&mut conn, survey.id, &ReportParams::default(), now).map_err(|error| anyhow::anyhow!(error))?;
    let grouped: i64 = score_counts(&mut conn, &scope, None, zone.name())?.iter().map(|row| row.answers).sum();
    if let reports::Figures::Nps { figures, .. } = summary.figures {
        anyhow::ensure!(figures.n == grouped, "the daily counts hold {} answers, the answers {grouped}", figures.n);
    }
    let invited: i64 = crate::db::invitations::counts(&mut conn, &scope, None, zone.name())?.iter().map(|row| row.sent).sum();
    anyhow::ensure!(
        summary.response_rate.sent == invited,
        "the daily counts hold {} invitations, the invitations {invited}",
        summary.response_rate.sent
    );
    scratch.finish(conn, keep)
}
