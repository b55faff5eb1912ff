//! The `koe` command line.

use crate::config::Config;
use crate::domain::role::Role;
use crate::error::AppError;
use crate::{seed, service, setup, startup, text};
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
    /// Also install what the benchmarks compare against (MeCab, wrk).
    #[arg(long)]
    pub bench_tools: bool,
}

#[derive(Debug, Subcommand)]
pub enum DictCommand {
    /// Build IPADIC from Debian's mecab-ipadic into koe's cache folder (KOE_DICT_DIR).
    Build,
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
        Command::Migrate => {
            startup::prepare_database(&config)?;
            println!("The database is up to date.");
        }
        Command::Seed { demo: _ } => seed_demo(&config)?,
        Command::Dict { command: DictCommand::Build } => {
            let started = std::time::Instant::now();
            text::build_dictionary(&config.ipadic_source, &config.dict_dir)?;
            println!("Built the dictionary into {} in {:.1?}.", config.dict_dir.display(), started.elapsed());
        }
        Command::User { command: UserCommand::Add { email, role, name, password_stdin: _ } } => {
            let mut password = String::new();
            std::io::stdin().read_to_string(&mut password).context("cannot read the password from standard input")?;
            let password = password.trim_end_matches(['\r', '\n']);
            let pool = startup::prepare_database(&config)?;
            let mut conn = pool.get()?;
            let user = service::users::add(&mut conn, &email, &name, role, password).map_err(explain)?;
            println!("{} can now sign in as {}.", user.email, user.role);
        }
        Command::Token { command: TokenCommand::Create { name, scope } } => {
            let pool = startup::prepare_database(&config)?;
            let mut conn = pool.get()?;
            let (_, plain) = service::api_tokens::create(&mut conn, &name, &scope).map_err(explain)?;
            eprintln!("This token is shown only once; store it now.");
            println!("{plain}");
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
    startup::prepare_database(&config)?;
    text::ensure_dictionary(&config.ipadic_source, &config.dict_dir)?;
    println!("koe is set up: database ready, dictionary in {}.", config.dict_dir.display());
    Ok(config)
}

fn seed_demo(config: &Config) -> anyhow::Result<()> {
    let pool = startup::prepare_database(config)?;
    let analyzer = startup::load_analyzer(config)?;
    let mut conn = pool.get()?;
    let summary = seed::demo(&mut conn, &analyzer, config).map_err(explain)?;
    println!("{summary}");
    Ok(())
}

async fn serve(config: Config) -> anyhow::Result<()> {
    let listener = startup::listen(&config.bind)?;
    let address = listener.local_addr()?;
    let state = startup::state(config)?;
    tracing::info!(%address, "koe is serving");
    startup::run(listener, state)?.await?;
    tracing::info!("koe stopped");
    Ok(())
}

/// Turns a refused command into a message for the person at the terminal.
fn explain(error: AppError) -> anyhow::Error {
    match error {
        AppError::Invalid { message, .. } | AppError::Conflict { message, .. } => anyhow::anyhow!(message),
        other => anyhow::anyhow!(other),
    }
}
