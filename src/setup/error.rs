use std::io;
use std::path::PathBuf;

/// Why `koe setup` (or [`super::ensure_database_exists`]) could not finish. Every message
/// says what to run or change.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    #[error(
        "`dpkg-query` was not found, so this does not look like Debian or Ubuntu, and `koe setup` \
         only knows Debian's packages. Install the equivalents of these Debian packages with your \
         system's package manager: {packages}. Then start PostgreSQL, set DATABASE_URL, and run \
         `koe setup` again"
    )]
    NotDebian { packages: String },

    #[error(
        "missing Debian packages: {missing}. Install them as root:\n    {command}\n\
         (or run `sudo koe setup`), then run `koe setup` again"
    )]
    MissingPackages { missing: String, command: String },

    #[error(
        "apt-get finished but these packages are still not installed: {missing}. \
         Look at the apt-get output above, then run `koe setup` again"
    )]
    StillMissing { missing: String },

    #[error("could not run `{command}`: {source}. {fix}")]
    Spawn {
        command: String,
        #[source]
        source: io::Error,
        fix: String,
    },

    #[error("`{command}` failed ({status}){output}")]
    CommandFailed {
        command: String,
        status: String,
        output: String,
    },

    #[error("DATABASE_URL {url} is not a usable PostgreSQL URL: {reason}")]
    InvalidUrl { url: String, reason: String },

    #[error("PostgreSQL is not reachable at {target}: {detail}\n{fix}")]
    PostgresUnreachable {
        target: String,
        detail: String,
        fix: String,
    },

    #[error(
        "PostgreSQL at {target} did not accept connections within {waited_secs} s: {detail}\n\
         Look at {log} for the reason, fix it, then run `koe setup` again"
    )]
    PostgresNotReady {
        target: String,
        waited_secs: u64,
        detail: String,
        log: String,
    },

    #[error("PostgreSQL at {target} refused the connection: {detail}\n{fix}")]
    AccessDenied {
        target: String,
        detail: String,
        fix: String,
    },

    #[error("{what} needs root. {fix}")]
    NeedsRoot { what: String, fix: String },

    #[error("could not create database {database} at {target}: {detail}\n{fix}")]
    CreateDatabase {
        database: String,
        target: String,
        detail: String,
        fix: String,
    },

    #[error("PostgreSQL at {target}: {detail}")]
    Postgres { target: String, detail: String },

    #[error("could not write koe's config file {}: {source}. Set KOE_CONFIG to a writable path, or fix the permissions, then run `koe setup` again", path.display())]
    Config {
        path: PathBuf,
        #[source]
        source: io::Error,
    },

    #[error(
        "no config file path: neither KOE_CONFIG, XDG_CONFIG_HOME nor HOME is set. \
         Set KOE_CONFIG=/path/to/koe.env and run `koe setup` again"
    )]
    NoConfigPath,

    #[error("could not replace the virtualenv {}: {source}. Remove it by hand, then run `koe setup --test-tools` again", path.display())]
    Venv {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}
