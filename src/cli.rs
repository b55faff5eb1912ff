//! The `koe` command line.

use crate::config::Config;
use crate::domain::role::Role;
use crate::error::AppError;
use crate::jobs::Worker;
use crate::service::reindex;
use crate::{bench, progress, seed, service, setup, startup, text};
use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use std::io::Read;

#[derive(Debug, Parser)]
#[command(name = "koe", version, about = "koe (声): voice-of-customer surveys, analysis and follow-ups")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Install and start what koe needs (PostgreSQL, mecab-ipadic), create the database, migrate, build the dictionary.
    Setup(SetupArgs),
    /// Set up, load the demo data, and serve it: the quick start.
    Demo,
    /// Serve the web application and the API.
    Serve,
    /// Do the outbox's jobs (notification emails, webhook calls) and fold the report rollups,
    /// without serving pages. `koe serve` does both too unless KOE_WORKER=off; run more
    /// workers to scale out.
    Worker {
        /// Do the jobs that are due now and fold the rollups, then exit.
        #[arg(long)]
        once: bool,
    },
    /// Create the database if needed and apply pending migrations.
    Migrate,
    /// Load data.
    Seed {
        /// A demo organisation with accounts, three surveys and a year of answers.
        #[arg(long, required = true)]
        demo: bool,
    },
    /// The Japanese dictionary.
    Dict {
        #[command(subcommand)]
        command: DictCommand,
    },
    /// Japanese comment analysis.
    Text {
        #[command(subcommand)]
        command: TextCommand,
    },
    /// Benchmarks on a scratch database (never on koe's own data).
    Bench {
        #[command(subcommand)]
        command: BenchCommand,
    },
    /// Import accounts or contacts from a CSV file (UTF-8 or Shift_JIS), all or nothing.
    Import {
        #[command(subcommand)]
        what: ImportCommand,
    },
    /// Email a survey to a segment's contacts or to the addresses in a CSV file (its `email`
    /// column), honouring unsubscribes and the throttle; safe to run again after a crash.
    Invite {
        /// The survey's id.
        #[arg(long)]
        survey: i64,
        /// Every contact of the accounts in this segment.
        #[arg(long, conflicts_with = "csv", required_unless_present = "csv")]
        segment: Option<String>,
        /// A CSV file (UTF-8 or Shift_JIS) with an `email` column.
        #[arg(long)]
        csv: Option<std::path::PathBuf>,
    },
    /// Staff users.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// API tokens.
    Token {
        #[command(subcommand)]
        command: TokenCommand,
    },
}

#[derive(Debug, Args)]
pub struct SetupArgs {
    /// Also install what the test suite needs (Chromium, ChromeDriver, an SMTP server).
    #[arg(long)]
    pub test_tools: bool,
    /// Also install what the benchmarks compare against (MeCab, wrk, nginx).
    #[arg(long)]
    pub bench_tools: bool,
}

#[derive(Debug, Subcommand)]
pub enum DictCommand {
    /// Build IPADIC from Debian's mecab-ipadic into koe's cache folder (KOE_DICT_DIR).
    Build,
}

#[derive(Debug, Subcommand)]
pub enum TextCommand {
    /// Re-analyse the comments analysed with another dictionary (after `koe dict build`, a koe
    /// upgrade or a change to the custom words). Resumable: after an interruption, run it again.
    Reindex {
        /// Answers per transaction.
        #[arg(long, default_value_t = reindex::DEFAULT_BATCH_SIZE as u64, value_parser = clap::value_parser!(u64).range(1..=100_000))]
        batch_size: u64,
        /// Stop after this many comments; the next run continues from there.
        #[arg(long)]
        limit: Option<u64>,
    },
}

#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Seed synthetic answers (the test corpus's comments) into the scratch database
    /// koe_bench_reindex and time `koe text reindex` on them.
    Reindex {
        #[arg(long, default_value_t = 1_000_000)]
        answers: u64,
        /// Keep the scratch database afterwards.
        #[arg(long)]
        keep: bool,
    },
    /// Seed analysed answers into the scratch database koe_bench_keywords and time keyword
    /// reports over twelve months against the same reports computed from the answers.
    Keywords {
        #[arg(long, default_value_t = 1_000_000)]
        answers: u64,
        /// Keep the scratch database afterwards.
        #[arg(long)]
        keep: bool,
    },
    /// Post answers on survey links to the release server (koe serve, a child process) on the
    /// scratch database koe_bench_ingest at each concurrency, beside pgbench inserting the same
    /// rows and nginx serving the form as a static page; check every acknowledged answer is stored.
    Ingest {
        /// Invitations seeded; each is answered at most once, so enough for every run.
        #[arg(long, default_value_t = 300_000, value_parser = clap::value_parser!(u64).range(2..))]
        answers: u64,
        #[arg(long, value_delimiter = ',', default_values_t = [8, 32, 64])]
        concurrency: Vec<usize>,
        /// Length of each measured run.
        #[arg(long, default_value_t = 15)]
        seconds: u64,
        /// Then offer twice the best sustained rate of answers for this long (0: skip).
        #[arg(long, default_value_t = 0)]
        overload_seconds: u64,
        /// Keep the scratch database afterwards.
        #[arg(long)]
        keep: bool,
    },
    /// Seed NPS answers into the scratch database koe_bench_scores and time the summary and
    /// trends over twelve months against the same figures grouped from the answers.
    Scores {
        #[arg(long, default_value_t = 5_000_000)]
        answers: u64,
        /// Keep the scratch database afterwards.
        #[arg(long)]
        keep: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Columns: external_id, name, owner_email, segment, plan, mrr (upsert by external_id).
    Accounts(ImportArgs),
    /// Columns: account_external_id, email, name, locale (upsert by email).
    Contacts(ImportArgs),
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The CSV file, with a header row.
    pub file: std::path::PathBuf,
    /// Check every row and report, without writing anything.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a staff user (or reset an existing one's role and password).
    Add {
        #[arg(long)]
        email: String,
        #[arg(long)]
        role: Role,
        #[arg(long, default_value = "")]
        name: String,
        /// Read the password from standard input (required: passwords never go on the command line).
        #[arg(long, required = true)]
        password_stdin: bool,
    },
    /// Someone leaves: no more sign-in, sessions ended, their accounts unowned and their open
    /// follow-ups back in the shared queue.
    Disable {
        #[arg(long)]
        email: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create an API token and print it once.
    Create {
        #[arg(long)]
        name: String,
        #[arg(long, default_value = "write", value_parser = ["read", "write"])]
        scope: String,
    },
    /// List the API tokens: id, name, scope, created, last used, revoked.
    List,
    /// Revoke an API token by its id (see `koe token list`); requests with it are refused at once.
    Revoke {
        #[arg(long)]
        id: i64,
    },
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let config = Config::from_env();
    match cli.command {
        Command::Setup(args) => {
            set_up(&args)?;
        }
        Command::Demo => {
            let config = set_up(&SetupArgs { test_tools: false, bench_tools: false })?;
            seed_demo(&config)?;
            serve(config).await?;
        }
        Command::Serve => serve(config).await?,
        Command::Worker { once } => worker(config, once).await?,
        Command::Migrate => {
            startup::connect(&config)?;
            println!("The database is up to date.");
        }
        Command::Seed { demo: _ } => seed_demo(&config)?,
        Command::Dict { command: DictCommand::Build } => {
            let started = std::time::Instant::now();
            text::build_dictionary(&config.ipadic_source, &config.dict_dir)?;
            println!("Built the dictionary into {} in {:.1?}.", config.dict_dir.display(), started.elapsed());
        }
        Command::Text { command: TextCommand::Reindex { batch_size, limit } } => {
            let options = reindex::Options { batch_size: batch_size as usize, limit, ..reindex::Options::default() };
            text_reindex(&config, &options)?;
        }
        Command::Bench { command: BenchCommand::Reindex { answers, keep } } => bench::reindex(&config, answers, keep)?,
        Command::Bench { command: BenchCommand::Keywords { answers, keep } } => bench::keywords(&config, answers, keep)?,
        Command::Bench { command: BenchCommand::Scores { answers, keep } } => bench::scores(&config, answers, keep)?,
        Command::Bench { command: BenchCommand::Ingest { answers, concurrency, seconds, overload_seconds, keep } } => {
            bench::ingest(&config, &bench::IngestOptions { answers, concurrency, seconds, overload_seconds, keep })?
        }
        Command::User { command: UserCommand::Add { email, role, name, password_stdin: _ } } => {
            let mut password = String::new();
            std::io::stdin().read_to_string(&mut password).context("cannot read the password from standard input")?;
            let password = password.trim_end_matches(['\r', '\n']);
            let mut conn = startup::connect(&config)?;
            let user = service::users::add(&mut conn, &email, &name, role, password).map_err(explain)?;
            println!("{} can now sign in as {}.", user.email, user.role);
        }
        Command::Import { what } => {
            let (kind, args) = match what {
                ImportCommand::Accounts(args) => (service::import::Kind::Accounts, args),
                ImportCommand::Contacts(args) => (service::import::Kind::Contacts, args),
            };
            import(&config, kind, &args)?;
        }
        Command::Invite { survey, segment, csv } => invite(&config, survey, segment, csv)?,
        Command::User { command: UserCommand::Disable { email } } => {
            let mut conn = startup::connect(&config)?;
            let done = service::users::disable(&mut conn, &email, chrono::Utc::now()).map_err(explain)?;
            println!(
                "{} can no longer sign in: {} sessions ended, {} accounts now without an owner, {} open follow-ups back in the shared queue.",
                done.email, done.sessions_ended, done.accounts_released, done.cases_returned
            );
        }
        Command::Token { command: TokenCommand::Create { name, scope } } => {
            let mut conn = startup::connect(&config)?;
            let (_, plain) = service::api_tokens::create(&mut conn, &name, &scope).map_err(explain)?;
            eprintln!("This token is shown only once; store it now.");
            println!("{plain}");
        }
        Command::Token { command: TokenCommand::List } => {
            let mut conn = startup::connect(&config)?;
            let tokens = service::api_tokens::list(&mut conn).map_err(explain)?;
            println!("id\tname\tscope\tcreated\tlast used\trevoked");
            let date = |at: Option<chrono::DateTime<chrono::Utc>>| at.map_or_else(|| "-".to_owned(), |at| at.format("%Y-%m-%d %H:%M").to_string());
            for token in tokens {
                println!(
                    "{}\t{}\t{}\t{}\t{}\t{}",
                    token.id,
                    token.name,
                    token.scope,
                    date(Some(token.created_at)),
                    date(token.last_used_at),
                    date(token.revoked_at)
                );
            }
        }
        Command::Token { command: TokenCommand::Revoke { id } } => {
            let mut conn = startup::connect(&config)?;
            service::api_tokens::revoke(&mut conn, crate::domain::ids::ApiTokenId(id), chrono::Utc::now())
                .map_err(|error| match error {
                    AppError::NotFound => anyhow::anyhow!("no active API token has the id {id} (see koe token list)"),
                    other => explain(other),
                })?;
            println!("Token {id} is revoked; requests made with it are refused from now on.");
        }
    }
    Ok(())
}

/// `koe setup`: everything a fresh machine needs before `koe serve`.
fn set_up(args: &SetupArgs) -> anyhow::Result<Config> {
    let outcome = setup::run(&setup::SetupOptions {
        test_tools: args.test_tools,
        bench_tools: args.bench_tools,
        explicit_database_url: crate::config::explicit_database_url(),
    })?;
    let mut config = Config::from_env();
    config.database_url = outcome.database_url;
    startup::connect(&config)?;
    text::ensure_dictionary(&config.ipadic_source, &config.dict_dir)?;
    println!("koe is set up: database ready, dictionary in {}.", config.dict_dir.display());
    Ok(config)
}

fn seed_demo(config: &Config) -> anyhow::Result<()> {
    let mut conn = startup::connect(config)?;
    let analyzer = startup::load_shared_analyzer(config, &mut conn)?.current();
    let summary = seed::demo(&mut conn, &analyzer, config).map_err(explain)?;
    println!("{summary}");
    Ok(())
}

fn text_reindex(config: &Config, options: &reindex::Options) -> anyhow::Result<()> {
    let mut conn = startup::connect(config)?;
    let base = startup::load_analyzer(config)?;
    let mut progress = progress::terminal("comments");
    let summary = reindex::run(&mut conn, &base, options, progress.as_mut()).map_err(explain)?;
    drop(progress);
    println!("{summary}");
    Ok(())
}

async fn serve(config: Config) -> anyhow::Result<()> {
    startup::raise_open_file_limit_for_serving();
    let listener = startup::listen(&config.bind)?;
    let address = listener.local_addr()?;
    let state = startup::state(config)?;
    let worker = match state.config.run_worker {
        true => Some(Worker::new(state.pool.clone(), (*state.config).clone())?.spawn()),
        false => None,
    };
    tracing::info!(%address, "koe is serving");
    startup::run(listener, state)?.await?;
    if let Some(worker) = worker {
        worker.stop();
    }
    tracing::info!("koe stopped");
    Ok(())
}

async fn worker(config: Config, once: bool) -> anyhow::Result<()> {
    let pool = startup::prepare_database(&config)?;
    let worker = Worker::new(pool, config)?;
    if once {
        let done = tokio::task::spawn_blocking(move || {
            let done = worker.run_due()?;
            worker.fold_rollups()?;
            Ok::<_, AppError>(done)
        })
        .await??;
        println!("Did {done} jobs.");
        return Ok(());
    }
    let running = worker.spawn();
    tracing::info!("koe worker is running");
    startup::stop_signal().await;
    running.stop();
    tracing::info!("koe worker stopped");
    Ok(())
}

fn invite(config: &Config, survey: i64, segment: Option<String>, csv: Option<std::path::PathBuf>) -> anyhow::Result<()> {
    use service::mailings::{self, Audience};
    let audience = match (segment, csv) {
        (Some(segment), _) => Audience::Segment(segment),
        (None, Some(path)) => {
            let bytes = std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
            let emails = mailings::emails_from_csv(&service::import::decode(&bytes)?).map_err(explain)?;
            Audience::Emails { file: path.display().to_string(), emails }
        }
        (None, None) => anyhow::bail!("name a --segment or a --csv file"),
    };
    let mut conn = startup::connect(config)?;
    let survey_id = crate::domain::ids::SurveyId(survey);
    let mut mailing = mailings::start(&mut conn, survey_id, &audience, None, chrono::Utc::now()).map_err(explain)?;
    // The command works the mailing itself (a worker may help: batches are locked one at a time).
    let mut progress = progress::terminal("addresses");
    progress.started(mailing.emails.len() as u64);
    while mailing.finished_at.is_none() {
        mailing = mailings::advance(&mut conn, mailing.id, chrono::Utc::now()).map_err(explain)?;
        progress.advanced(mailing.processed as u64);
    }
    let refused = mailings::refusals(&mailing);
    for refusal in &refused {
        eprintln!("{}: {}", refusal.email, refusal.message);
    }
    println!(
        "Invited {} contacts; {} not invited (listed above). The emails leave through the outbox (koe serve or koe worker).",
        mailing.invited,
        refused.len()
    );
    Ok(())
}

fn import(config: &Config, kind: service::import::Kind, args: &ImportArgs) -> anyhow::Result<()> {
    use service::import::{self, ImportError};
    let bytes = std::fs::read(&args.file).with_context(|| format!("cannot read {}", args.file.display()))?;
    let text = import::decode(&bytes)?;
    let mut conn = startup::connect(config)?;
    match import::run(&mut conn, kind, &text, args.dry_run) {
        Ok(done) if args.dry_run => println!("Dry run: {} would be created, {} updated; nothing was written.", done.created, done.updated),
        Ok(done) => println!("Imported: {} created, {} updated.", done.created, done.updated),
        Err(ImportError::Rows(rows)) => {
            for row in &rows {
                eprintln!("line {}: {}", row.line, row.problem);
            }
            anyhow::bail!("{} rows cannot be imported; nothing was written", rows.len());
        }
        Err(other) => return Err(other.into()),
    }
    Ok(())
}

/// Turns a refused command into a message for the person at the terminal.
fn explain(error: AppError) -> anyhow::Error {
    match error {
        AppError::Invalid { message, .. } | AppError::Conflict { message, .. } => anyhow::anyhow!(message),
        other => anyhow::anyhow!(other),
    }
}
