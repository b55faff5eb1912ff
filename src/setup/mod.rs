//! `koe setup`: make a Debian machine ready to run koe, idempotently.
//!
//! 1. Debian packages (`postgresql`, `mecab-ipadic`, optional test and bench tools), and with
//!    the test tools schemathesis from PyPI in a virtualenv under koe's cache folder.
//! 2. A running PostgreSQL cluster for the target URL (started or created with
//!    Debian's postgresql-common tools when we are root).
//! 3. Database access that never weakens authentication: the default URL
//!    (`postgres://postgres@127.0.0.1:5432/koe`) where the server trusts it, else a
//!    login role `koe` with a random password, saved in koe's config file.
//! 4. The database itself (`CREATE DATABASE`, tolerant of a concurrent creator).
//!
//! Running it twice changes nothing the second time.

mod config;
mod database;
mod error;
mod packages;
mod postgres;
mod roles;
mod schemathesis;
mod system;

use std::path::PathBuf;

pub use config::{config_file_path, saved_database_url};
pub use database::ensure_database_exists;
pub use error::SetupError;
pub use schemathesis::{schemathesis_program, SCHEMATHESIS_VERSION};

use postgres::{PgUrl, Probe};

/// What `koe setup` should do.
#[derive(Debug, Clone, Default)]
pub struct SetupOptions {
    /// Also install the browser, SMTP server and schemathesis used by the tests.
    pub test_tools: bool,
    /// Also install MeCab (the benchmark reference) and `wrk`.
    pub bench_tools: bool,
    /// `DATABASE_URL` as the user set it (environment or flag), not as read from koe's
    /// config file. When set, it is used as it is and problems are only reported.
    pub explicit_database_url: Option<String>,
}

/// What `koe setup` did.
#[derive(Debug, Clone)]
pub struct SetupOutcome {
    /// The URL that works; the database in it exists.
    pub database_url: String,
    /// Debian packages installed by this run.
    pub installed: Vec<String>,
    /// Whether this run started (or created and started) a PostgreSQL cluster.
    pub started_postgres: bool,
    /// The config file this run wrote `DATABASE_URL` into, if any.
    pub wrote_config: Option<PathBuf>,
}

/// Make this machine ready to run koe. Safe to run again.
pub fn run(opts: &SetupOptions) -> Result<SetupOutcome, SetupError> {
    run_with_default(opts, crate::config::DEFAULT_DATABASE_URL)
}

/// Where a candidate database URL came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    Explicit,
    Saved,
    Default,
}

/// [`run`] with the default URL as a parameter, so that it can be pointed at another
/// cluster (for example a test cluster on another port).
pub fn run_with_default(
    opts: &SetupOptions,
    default_url: &str,
) -> Result<SetupOutcome, SetupError> {
    let root = system::is_root();

    // 1. Packages.
    let wanted = packages::wanted(opts.test_tools, opts.bench_tools);
    let installed = packages::ensure_installed(&wanted, root)?;
    if opts.test_tools {
        schemathesis::ensure_installed()?;
    }

    // 2 and 3. A running server and a URL that gets in.
    let mut candidates: Vec<(Source, String)> = Vec::new();
    match &opts.explicit_database_url {
        Some(url) => candidates.push((Source::Explicit, url.clone())),
        None => {
            if let Some(saved) = saved_database_url() {
                if saved != default_url {
                    candidates.push((Source::Saved, saved));
                }
            }
            candidates.push((Source::Default, default_url.to_string()));
        }
    }

    let mut started_postgres = false;
    let mut wrote_config = None;
    let mut chosen: Option<String> = None;

    for (source, url) in candidates {
        let pg = PgUrl::parse(&url)?;
        match postgres::ensure_running(&pg, root) {
            Ok(started) => started_postgres |= started,
            Err(err) if source == Source::Saved => {
                tracing::warn!(
                    "the DATABASE_URL saved in {} does not reach a server ({err}); trying the default",
                    config_path_display()
                );
                continue;
            }
            Err(err) => return Err(err),
        }
        match postgres::probe(&pg) {
            Probe::Ready | Probe::DatabaseMissing => {
                match source {
                    Source::Explicit => tracing::info!("using DATABASE_URL {}", pg.redacted()),
                    Source::Saved => tracing::info!(
                        "using the DATABASE_URL saved in {} ({})",
                        config_path_display(),
                        pg.redacted()
                    ),
                    Source::Default => tracing::info!("using the default DATABASE_URL {}", pg.redacted()),
                }
                chosen = Some(url);
                break;
            }
            Probe::AuthFailed(detail) => match source {
                Source::Explicit => {
                    return Err(SetupError::AccessDenied {
                        target: pg.redacted(),
                        detail,
                        fix: "koe uses a DATABASE_URL you set as it is. Fix the user or password in it, \
                              or unset DATABASE_URL and run `sudo koe setup`, which creates a login role \
                              `koe` with a random password and saves the URL in koe's config file."
                            .to_string(),
                    })
                }
                Source::Saved => {
                    tracing::warn!(
                        "the DATABASE_URL saved in {} is refused ({detail}); trying the default",
                        config_path_display()
                    );
                    continue;
                }
                Source::Default => {
                    let provisioned = roles::provision_koe_role(&pg, &detail, root)?;
                    wrote_config = Some(provisioned.config_path);
                    chosen = Some(provisioned.database_url);
                    break;
                }
            },
            Probe::Starting(detail) | Probe::Unreachable(detail) => {
                return Err(SetupError::PostgresUnreachable {
                    target: pg.redacted(),
                    detail,
                    fix: "Check that PostgreSQL is running and listening there, then run `koe setup` again."
                        .to_string(),
                })
            }
            Probe::Other(detail) => {
                return Err(SetupError::Postgres {
                    target: pg.redacted(),
                    detail,
                })
            }
        }
    }

    let database_url = match chosen {
        Some(url) => url,
        // Unreachable in practice: the default candidate always ends the loop.
        None => {
            return Err(SetupError::Postgres {
                target: default_url.to_string(),
                detail: "no database URL could be used".to_string(),
            })
        }
    };

    // 4. The database.
    ensure_database_exists(&database_url)?;
    let pg = PgUrl::parse(&database_url)?;
    match postgres::server_version(&pg) {
        Some(version) => tracing::info!(
            "PostgreSQL {version} is running at {}; database {} is ready",
            pg.server_display(),
            pg.database()
        ),
        None => tracing::info!(
            "PostgreSQL is running at {}; database {} is ready",
            pg.server_display(),
            pg.database()
        ),
    }

    Ok(SetupOutcome {
        database_url,
        installed,
        started_postgres,
        wrote_config,
    })
}

fn config_path_display() -> String {
    config_file_path()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| "koe's config file".to_string())
}
