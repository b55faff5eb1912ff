use clap::Parser;
use koe::cli::{self, Cli};
use tracing_subscriber::EnvFilter;

#[actix_web::main]
async fn main() -> std::process::ExitCode {
    init_tracing();
    let cli = Cli::parse();
    match cli::run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("koe: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// Logs go to standard error: text by default, JSON lines with KOE_LOG_FORMAT=json.
fn init_tracing() {
    let filter = EnvFilter::try_from_env("KOE_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    if std::env::var("KOE_LOG_FORMAT").is_ok_and(|format| format == "json") {
        builder.json().init();
    } else {
        builder.init();
    }
}
