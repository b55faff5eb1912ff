//! koe's own login role, for servers that do not let `postgres` in over TCP (plain Debian:
//! peer on the socket, scram-sha-256 on 127.0.0.1). Never touches pg_hba.conf and never
//! gives the `postgres` superuser a password.

use std::path::PathBuf;

use rand::distributions::Alphanumeric;
use rand::Rng;

use super::config::{config_file_path, write_database_url};
use super::postgres::{self, PgUrl, Probe};
use super::{system, SetupError};

/// The login role koe creates for itself.
pub(crate) const ROLE: &str = "koe";
const PASSWORD_LEN: usize = 32;

pub(crate) struct Provisioned {
    pub(crate) database_url: String,
    pub(crate) config_path: PathBuf,
}

/// 32 letters and digits from the operating system's CSPRNG (about 190 bits).
pub(crate) fn random_password() -> String {
    rand::rngs::OsRng
        .sample_iter(&Alphanumeric)
        .take(PASSWORD_LEN)
        .map(char::from)
        .collect()
}

/// SQL that creates the role, or resets its password when it exists. `password` must be
/// alphanumeric (it is put in a literal).
pub(crate) fn upsert_role_sql(password: &str) -> String {
    format!(
        "DO $koe$\n\
         BEGIN\n\
         \x20 IF EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = '{ROLE}') THEN\n\
         \x20   ALTER ROLE {ROLE} WITH LOGIN CREATEDB PASSWORD '{password}';\n\
         \x20   RAISE NOTICE 'koe-setup: role updated';\n\
         \x20 ELSE\n\
         \x20   CREATE ROLE {ROLE} WITH LOGIN CREATEDB PASSWORD '{password}';\n\
         \x20   RAISE NOTICE 'koe-setup: role created';\n\
         \x20 END IF;\n\
         END\n\
         $koe$;\n"
    )
}

/// Arguments for `runuser` that run psql as the cluster owner over the Unix socket.
fn psql_args<'a>(
    owner: &'a str,
    port: &'a str,
    socket_dir: Option<&'a str>,
    extra: &[&'a str],
) -> Vec<&'a str> {
    let mut args = vec![
        "-u",
        owner,
        "--",
        "psql",
        "-X",
        "-q",
        "-v",
        "ON_ERROR_STOP=1",
        "-p",
        port,
        "-d",
        "postgres",
    ];
    if let Some(dir) = socket_dir {
        args.extend(["-h", dir]);
    }
    args.extend_from_slice(extra);
    args
}

/// The default URL was refused: create (or reset) role `koe` as root, save its URL in
/// koe's config file, and return that URL.
pub(crate) fn provision_koe_role(
    default: &PgUrl,
    refusal: &str,
    root: bool,
) -> Result<Provisioned, SetupError> {
    let config_path = config_file_path().ok_or(SetupError::NoConfigPath)?;
    let port = default.port();
    let port_text = port.to_string();
    let host = default.host();
    let owner = postgres::cluster_on_port(port)
        .map(|c| c.owner)
        .unwrap_or_else(|| "postgres".to_string());

    if !default.is_local() {
        return Err(SetupError::AccessDenied {
            target: default.redacted(),
            detail: refusal.to_string(),
            fix: format!(
                "koe creates its own role only on a PostgreSQL on this machine. On {}, create a login role with CREATEDB and set DATABASE_URL to use it.",
                default.server_display()
            ),
        });
    }
    if !root {
        let url_host = if host.is_empty() || host.starts_with('/') {
            "127.0.0.1".to_string()
        } else {
            host.clone()
        };
        let dir = config_path
            .parent()
            .map(|d| d.display().to_string())
            .unwrap_or_else(|| ".".to_string());
        let path = config_path.display();
        return Err(SetupError::AccessDenied {
            target: default.redacted(),
            detail: refusal.to_string(),
            fix: format!(
                "koe never weakens PostgreSQL's authentication; it needs a login role of its own. Run\n\
                 \x20   sudo koe setup\n\
                 which creates the role `koe` with a random password and saves DATABASE_URL in {path}. Or do it by hand:\n\
                 \x20   sudo -u {owner} psql -p {port} -c \"CREATE ROLE koe LOGIN CREATEDB PASSWORD 'CHOOSE-A-PASSWORD'\"\n\
                 (ALTER ROLE instead of CREATE ROLE if koe exists), then put this line in {path} \
                 (mkdir -p {dir}; chmod 600 the file), replacing any DATABASE_URL line there:\n\
                 \x20   DATABASE_URL=postgres://koe:CHOOSE-A-PASSWORD@{url_host}:{port}/{db}\n\
                 and run `koe setup` again.",
                db = default.database(),
            ),
        });
    }

    tracing::info!(
        "PostgreSQL refuses {} at {} ({refusal}); setting up login role {ROLE} with a new random password",
        default.user().unwrap_or_else(|| "the default user".to_string()),
        default.server_display()
    );
    let password = random_password();
    let sql = upsert_role_sql(&password);
    let socket_dir = host.starts_with('/').then_some(host.as_str());
    let args = psql_args(&owner, &port_text, socket_dir, &[]);
    let mut out = system::capture("runuser", &args, Some(&sql))?;
    if !out.success && out.stderr.contains("already exists") {
        // Another setup created the role between our check and our CREATE: now it exists.
        out = system::capture("runuser", &args, Some(&sql))?;
    }
    if !out.success {
        return Err(SetupError::CommandFailed {
            command: system::display_command("runuser", &args),
            status: out.status,
            output: format!(
                " (SQL on standard input):\n{}",
                format!("{}\n{}", out.stdout.trim(), out.stderr.trim())
                    .trim()
                    .replace(&password, "***")
            ),
        });
    }
    if out.stderr.contains("koe-setup: role created") {
        tracing::info!("created login role {ROLE} (CREATEDB)");
    } else {
        tracing::info!("role {ROLE} existed; gave it a new password");
    }

    let url = default.with_credentials(ROLE, &password)?;
    match postgres::probe(&url) {
        Probe::Ready | Probe::DatabaseMissing => {}
        Probe::AuthFailed(detail) => {
            return Err(SetupError::AccessDenied {
                target: url.redacted(),
                detail,
                fix: format!(
                    "Role {ROLE} now has a password, but PostgreSQL does not accept password logins for it at {}. \
                     koe never edits pg_hba.conf: allow scram-sha-256 logins for {ROLE} there (for example the line \
                     `host all {ROLE} 127.0.0.1/32 scram-sha-256` in /etc/postgresql/<version>/<cluster>/pg_hba.conf, then \
                     `sudo pg_ctlcluster <version> <cluster> reload`), and run `sudo koe setup` again.",
                    url.server_display()
                ),
            })
        }
        Probe::Starting(detail) | Probe::Unreachable(detail) | Probe::Other(detail) => {
            return Err(SetupError::Postgres {
                target: url.redacted(),
                detail,
            })
        }
    }

    write_database_url(&config_path, url.as_str())?;
    tracing::info!(
        "saved DATABASE_URL for role {ROLE} in {}",
        config_path.display()
    );
    warn_if_database_owned_by_other(&owner, &port_text, socket_dir, &default.database());

    Ok(Provisioned {
        database_url: url.as_str().to_string(),
        config_path,
    })
}

/// A database made earlier by someone else would not let role koe create its tables.
fn warn_if_database_owned_by_other(
    owner: &str,
    port: &str,
    socket_dir: Option<&str>,
    database: &str,
) {
    let literal = database.replace('\'', "''");
    let query = format!("SELECT pg_catalog.pg_get_userbyid(datdba) FROM pg_catalog.pg_database WHERE datname = '{literal}'");
    let args = psql_args(owner, port, socket_dir, &["-A", "-t", "-c", &query]);
    let Ok(out) = system::capture("runuser", &args, None) else {
        return;
    };
    let db_owner = out.stdout.trim();
    if out.success && !db_owner.is_empty() && db_owner != ROLE {
        tracing::warn!(
            "database {database} already exists and belongs to {db_owner}, so role {ROLE} may not be able to create its tables. \
             If it holds nothing you need, hand it over with:\n    sudo -u {owner} psql -p {port} -c 'ALTER DATABASE \"{ident}\" OWNER TO {ROLE}'",
            ident = database.replace('"', "\"\"").replace('\'', "'\\''"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_long_random_and_alphanumeric() {
        let a = random_password();
        let b = random_password();
        assert_eq!(a.len(), 32);
        assert!(a.chars().all(|c| c.is_ascii_alphanumeric()));
        assert_ne!(a, b);
    }

    #[test]
    fn role_sql_creates_or_resets() {
        let sql = upsert_role_sql("abc123");
        assert!(sql.contains("CREATE ROLE koe WITH LOGIN CREATEDB PASSWORD 'abc123'"));
        assert!(sql.contains("ALTER ROLE koe WITH LOGIN CREATEDB PASSWORD 'abc123'"));
        assert!(!sql.to_lowercase().contains("superuser"));
    }

    #[test]
    fn psql_runs_as_the_cluster_owner_over_the_socket() {
        let args = psql_args("postgres", "5433", None, &["-c", "SELECT 1"]);
        assert_eq!(
            system::display_command("runuser", &args),
            "runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -p 5433 -d postgres -c 'SELECT 1'"
        );
        let args = psql_args("postgres", "5432", Some("/run/pg"), &[]);
        assert!(args.ends_with(&["-h", "/run/pg"]));
    }
}
