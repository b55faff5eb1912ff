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
use diesel::sql_types::{Array, BigInt, Int2, Text};
use std::time::Instant;

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
    let url = scratch_url(&config.database_url, REINDEX_DATABASE)?;
    drop_database(&config.database_url, REINDEX_DATABASE)?;
    let scratch = Config { database_url: url, pool_size: 2, ..config.clone() };
    let pool = startup::prepare_database(&scratch)?;
    let mut conn = pool.get()?;

    let started = Instant::now();
    let comments = seed(&mut conn, answers)?;
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

    drop(conn);
    drop(pool);
    if keep {
        println!("The scratch database {REINDEX_DATABASE} is kept.");
    } else {
        drop_database(&config.database_url, REINDEX_DATABASE)?;
    }
    Ok(())
}

fn run(conn: &mut PgConnection, base: &crate::text::Analyzer, label: &str) -> anyhow::Result<Summary> {
    let mut progress = progress::terminal("comments");
    let summary = reindex::run(conn, base, &Options::default(), progress.as_mut()).map_err(|error| anyhow::anyhow!(error))?;
    drop(progress);
    let seconds = summary.elapsed.as_secs_f64();
    println!(
        "  {label}: {} comments in {seconds:.1} s ({:.0} a second); {} changed, +{} / -{} term rows",
        summary.analysed,
        summary.analysed as f64 / seconds.max(0.001),
        summary.changed,
        summary.terms_added,
        summary.terms_removed,
    );
    Ok(summary)
}

/// Inserts `answers` answers on one NPS survey, cycling through the corpus, spread over a
/// year, with no terms yet (as if answered before koe analysed comments). One statement.
fn seed(conn: &mut PgConnection, answers: u64) -> anyhow::Result<usize> {
    let (scores, comments): (Vec<i16>, Vec<&str>) = CORPUS
        .lines()
        .skip(1)
        .filter_map(|line| {
            let mut fields = line.splitn(3, '\t');
            let (_, score, comment) = (fields.next(), fields.next()?, fields.next()?);
            Some((score.parse::<i16>().ok()?, comment))
        })
        .unzip();
    let input = SurveyInput { kind: "nps".into(), name: "reindex benchmark".into(), ..SurveyInput::default() };
    let survey = surveys::create(conn, &input).map_err(|error| anyhow::anyhow!(error))?;
    sql_query(
        "INSERT INTO responses (survey_id, score, comment, locale, answered_at, updated_at)
         SELECT $1, c.score, c.comment, 'ja',
                now() - (g % 365) * interval '1 day' - (g % 86400) * interval '1 second', now()
           FROM generate_series(0, $2 - 1) AS g
           JOIN unnest($3::smallint[], $4::text[]) WITH ORDINALITY AS c(score, comment, n)
             ON c.n = g % cardinality($3::smallint[]) + 1",
    )
    .bind::<BigInt, _>(survey.id.0)
    .bind::<BigInt, _>(answers as i64)
    .bind::<Array<Int2>, _>(&scores)
    .bind::<Array<Text>, _>(&comments)
    .execute(conn)
    .context("seed the answers")?;
    // As a database that has been running would be: statistics gathered, pages all-visible.
    sql_query("VACUUM (ANALYZE) responses").execute(conn)?;
    Ok(comments.len())
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
