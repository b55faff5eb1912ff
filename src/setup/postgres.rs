//! The PostgreSQL server: URLs, connection probing, and Debian clusters (postgresql-common).

use std::path::Path;
use std::time::{Duration, Instant};

use diesel::{Connection, PgConnection, RunQueryDsl};
use url::Url;

use super::{system, SetupError};

/// How long to wait for a (just started) server to accept connections.
pub(crate) const READY_TIMEOUT: Duration = Duration::from_secs(30);
const DEFAULT_PORT: u16 = 5432;

/// A PostgreSQL URL (`postgres://user:password@host:port/database?params`).
#[derive(Debug, Clone)]
pub(crate) struct PgUrl {
    url: Url,
}

impl PgUrl {
    pub(crate) fn parse(raw: &str) -> Result<Self, SetupError> {
        let invalid = |reason: String| SetupError::InvalidUrl {
            url: redact_raw(raw),
            reason,
        };
        let url = Url::parse(raw).map_err(|e| {
            invalid(format!(
                "{e}; koe needs the URL form postgres://USER:PASSWORD@HOST:PORT/DATABASE"
            ))
        })?;
        if !matches!(url.scheme(), "postgres" | "postgresql") {
            return Err(invalid(format!(
                "the scheme is `{}`; it must be postgres:// or postgresql://",
                url.scheme()
            )));
        }
        Ok(Self { url })
    }

    /// The URL exactly as given.
    pub(crate) fn as_str(&self) -> &str {
        self.url.as_str()
    }

    /// The URL with its password replaced by `***`, for messages and logs.
    pub(crate) fn redacted(&self) -> String {
        let mut url = self.url.clone();
        if url.password().is_some() {
            // Only fails for URLs that cannot have credentials, which ours always can.
            let _ = url.set_password(Some("***"));
        }
        let mut pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
        if pairs.iter().any(|(k, _)| k == "password") {
            for (k, v) in &mut pairs {
                if k == "password" {
                    *v = "***".to_string();
                }
            }
            url.query_pairs_mut().clear().extend_pairs(pairs);
        }
        url.to_string()
    }

    fn query_param(&self, key: &str) -> Option<String> {
        self.url
            .query_pairs()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.into_owned())
    }

    /// The host, or a socket folder (`?host=/var/run/postgresql`), or "" for the default socket.
    pub(crate) fn host(&self) -> String {
        match self.url.host_str() {
            Some(host) if !host.is_empty() => percent_decode(host),
            _ => self.query_param("host").unwrap_or_default(),
        }
    }

    pub(crate) fn port(&self) -> u16 {
        self.url
            .port()
            .or_else(|| self.query_param("port").and_then(|p| p.parse().ok()))
            .unwrap_or(DEFAULT_PORT)
    }

    /// The user name in the URL, if any.
    pub(crate) fn user(&self) -> Option<String> {
        let user = percent_decode(self.url.username());
        (!user.is_empty())
            .then_some(user)
            .or_else(|| self.query_param("user"))
    }

    /// The database name; like libpq, it defaults to the user name.
    pub(crate) fn database(&self) -> String {
        let path = percent_decode(self.url.path().trim_start_matches('/'));
        if !path.is_empty() {
            return path;
        }
        self.query_param("dbname")
            .or_else(|| self.user())
            .unwrap_or_else(|| "postgres".to_string())
    }

    /// Whether the server is on this machine (loopback or a Unix socket).
    pub(crate) fn is_local(&self) -> bool {
        let host = self.host();
        let host = host.trim_start_matches('[').trim_end_matches(']');
        host.is_empty()
            || host.starts_with('/')
            || host.eq_ignore_ascii_case("localhost")
            || host == "::1"
            || host.starts_with("127.")
    }

    /// "127.0.0.1:5432", for messages.
    pub(crate) fn server_display(&self) -> String {
        let host = self.host();
        if host.is_empty() || host.starts_with('/') {
            format!("the local socket (port {})", self.port())
        } else {
            format!("{host}:{}", self.port())
        }
    }

    /// The same server and credentials, another database.
    pub(crate) fn with_database(&self, database: &str) -> Self {
        let mut url = self.url.clone();
        url.set_path(&format!("/{}", percent_encode(database)));
        let pairs: Vec<(String, String)> = url
            .query_pairs()
            .into_owned()
            .filter(|(k, _)| k != "dbname")
            .collect();
        if pairs.is_empty() {
            url.set_query(None);
        } else {
            url.query_pairs_mut().clear().extend_pairs(pairs);
        }
        Self { url }
    }

    /// The same server and database, other credentials.
    pub(crate) fn with_credentials(&self, user: &str, password: &str) -> Result<Self, SetupError> {
        let mut url = self.url.clone();
        let fail = |_| SetupError::InvalidUrl {
            url: self.redacted(),
            reason: "it cannot carry a user name and password".to_string(),
        };
        url.set_username(&percent_encode(user)).map_err(fail)?;
        url.set_password(Some(&percent_encode(password)))
            .map_err(fail)?;
        Ok(Self { url })
    }

    /// The string handed to libpq: the URL, with a connect timeout unless it has one.
    fn connect_string(&self) -> String {
        if self.query_param("connect_timeout").is_some() {
            return self.url.to_string();
        }
        let mut url = self.url.clone();
        url.query_pairs_mut().append_pair("connect_timeout", "10");
        url.to_string()
    }
}

/// Hide a password in a string that might not even parse as a URL.
pub(crate) fn redact_raw(raw: &str) -> String {
    match Url::parse(raw) {
        Ok(url) => PgUrl { url }.redacted(),
        Err(_) if raw.contains('@') || raw.contains("password") => {
            "(the given URL, hidden)".to_string()
        }
        Err(_) => raw.to_string(),
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(value) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(value);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// What happened when we tried to connect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Probe {
    /// Connected to the database.
    Ready,
    /// The server let us in, but the database does not exist yet.
    DatabaseMissing,
    /// The server answered and refused these credentials (or this user, or this host).
    AuthFailed(String),
    /// The server answered but is starting up, recovering or shutting down.
    Starting(String),
    /// Nothing answered (refused, no socket, timeout, unknown host).
    Unreachable(String),
    /// Anything else.
    Other(String),
}

/// Sort a libpq connection error message into a [`Probe`].
pub(crate) fn classify(message: &str) -> Probe {
    let detail = tidy_message(message);
    let lower = message.to_lowercase();
    let has = |needle: &str| lower.contains(needle);

    if has("authentication failed")
        || has("no password supplied")
        || has("password is required")
        || has("no pg_hba.conf entry")
        || has("pg_hba.conf rejects")
        || (has("role \"") && has("does not exist"))
        || has("is not permitted to log in")
        || has("permission denied for database")
    {
        Probe::AuthFailed(detail)
    } else if has("database \"") && has("does not exist") {
        Probe::DatabaseMissing
    } else if has("the database system is starting up")
        || has("the database system is not yet accepting connections")
        || has("the database system is in recovery mode")
        || has("the database system is shutting down")
        || has("consistent recovery state has not been yet reached")
    {
        Probe::Starting(detail)
    } else if has("connection refused")
        || has("no such file or directory")
        || has("could not connect to server")
        || has("timeout expired")
        || has("network is unreachable")
        || has("no route to host")
        || has("could not translate host name")
        || has("name or service not known")
        || has("cannot assign requested address")
        || has("server closed the connection unexpectedly")
        || has("connection reset")
    {
        Probe::Unreachable(detail)
    } else {
        Probe::Other(detail)
    }
}

/// libpq messages span lines and repeat "FATAL:  "; make them one readable line.
/// libpq repeats the same line when it retries (with and without SSL): say it once.
fn tidy_message(message: &str) -> String {
    let mut lines: Vec<String> = Vec::new();
    for line in message.lines() {
        let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if !line.is_empty() && !lines.contains(&line) {
            lines.push(line);
        }
    }
    lines.join(" ")
}

/// Connect, or say why not (never [`Probe::Ready`] in the error).
pub(crate) fn connect(pg: &PgUrl) -> Result<PgConnection, Probe> {
    PgConnection::establish(&pg.connect_string()).map_err(|e| classify(&e.to_string()))
}

pub(crate) fn probe(pg: &PgUrl) -> Probe {
    match connect(pg) {
        Ok(_) => Probe::Ready,
        Err(probe) => probe,
    }
}

/// "15.14" from `SELECT current_setting('server_version')`.
pub(crate) fn server_version(pg: &PgUrl) -> Option<String> {
    let mut conn = connect(pg).ok()?;
    let version: String = diesel::select(diesel::dsl::sql::<diesel::sql_types::Text>(
        "current_setting('server_version')",
    ))
    .get_result(&mut conn)
    .ok()?;
    version.split_whitespace().next().map(str::to_string)
}

/// A cluster as `pg_lsclusters` lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Cluster {
    pub(crate) version: String,
    pub(crate) name: String,
    pub(crate) port: u16,
    pub(crate) status: String,
    pub(crate) owner: String,
    pub(crate) log_file: Option<String>,
}

impl Cluster {
    pub(crate) fn online(&self) -> bool {
        self.status.split(',').any(|s| s == "online")
    }

    fn binaries_missing(&self) -> bool {
        self.status.contains("binaries_missing")
    }

    fn log_hint(&self) -> String {
        self.log_file.clone().unwrap_or_else(|| {
            format!(
                "/var/log/postgresql/postgresql-{}-{}.log",
                self.version, self.name
            )
        })
    }
}

/// Parse `pg_lsclusters --no-header`: "Ver Cluster Port Status Owner Data-directory Log-file".
pub(crate) fn parse_clusters(output: &str) -> Vec<Cluster> {
    output
        .lines()
        .filter_map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            if fields.len() < 5 || fields[0] == "Ver" {
                return None;
            }
            let port = fields[2].parse().ok()?;
            let log_file = fields
                .get(6..)
                .filter(|rest| !rest.is_empty())
                .map(|rest| rest.join(" "))
                .filter(|log| log.starts_with('/'));
            Some(Cluster {
                version: fields[0].to_string(),
                name: fields[1].to_string(),
                port,
                status: fields[3].to_string(),
                owner: fields[4].to_string(),
                log_file,
            })
        })
        .collect()
}

pub(crate) fn list_clusters() -> Result<Vec<Cluster>, SetupError> {
    if system::find_program("pg_lsclusters").is_none() {
        return Err(SetupError::Spawn {
            command: "pg_lsclusters".to_string(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "not found"),
            fix: "It comes with Debian's postgresql-common: run `sudo apt-get install -y postgresql`."
                .to_string(),
        });
    }
    let out = system::capture_ok("pg_lsclusters", &["--no-header"], None)?;
    Ok(parse_clusters(&out.stdout))
}

/// The cluster serving this port, if Debian's tools know one.
pub(crate) fn cluster_on_port(port: u16) -> Option<Cluster> {
    list_clusters().ok()?.into_iter().find(|c| c.port == port)
}

/// Server versions installed under /usr/lib/postgresql, newest first.
fn installed_versions(root: &Path) -> Vec<String> {
    let mut versions: Vec<(u32, String)> = std::fs::read_dir(root)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| e.path().join("bin/postgres").exists())
                .filter_map(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    let major = name.split('.').next()?.parse().ok()?;
                    Some((major, name))
                })
                .collect()
        })
        .unwrap_or_default();
    versions.sort_by_key(|v| std::cmp::Reverse(v.0));
    versions.into_iter().map(|(_, name)| name).collect()
}

/// Whether the environment's locale is a UTF-8 one (pg_createcluster takes it from there).
fn utf8_locale_in_env() -> bool {
    ["LC_ALL", "LC_CTYPE", "LANG"]
        .iter()
        .find_map(|key| std::env::var(key).ok().filter(|v| !v.is_empty()))
        .map(|locale| {
            let lower = locale.to_lowercase();
            lower.contains("utf-8") || lower.contains("utf8")
        })
        .unwrap_or(false)
}

/// Make sure a server answers at `pg`'s address, starting or creating a local Debian
/// cluster when we are root. Returns whether this call started one.
pub(crate) fn ensure_running(pg: &PgUrl, root: bool) -> Result<bool, SetupError> {
    let detail = match probe(pg) {
        Probe::Unreachable(detail) => detail,
        Probe::Starting(_) => {
            tracing::info!("PostgreSQL at {} is starting; waiting", pg.server_display());
            wait_until_ready(pg, None)?;
            return Ok(false);
        }
        _ => return Ok(false),
    };
    let target = pg.redacted();
    if !pg.is_local() {
        return Err(SetupError::PostgresUnreachable {
            target,
            detail,
            fix: format!(
                "koe only starts a PostgreSQL on this machine. Start the server at {}, or fix the host and port in DATABASE_URL, then run `koe setup` again.",
                pg.server_display()
            ),
        });
    }
    let port = pg.port();
    let clusters = list_clusters()?;

    if let Some(cluster) = clusters.iter().find(|c| c.port == port) {
        if cluster.binaries_missing() {
            return Err(SetupError::PostgresUnreachable {
                target,
                detail,
                fix: format!(
                    "Cluster {}/{} exists but the server for PostgreSQL {} is not installed. Run:\n    sudo apt-get install -y postgresql-{}",
                    cluster.version, cluster.name, cluster.version, cluster.version
                ),
            });
        }
        if cluster.online() {
            tracing::info!(
                "PostgreSQL {} cluster {} is running but does not answer at {} yet; waiting",
                cluster.version,
                cluster.name,
                pg.server_display()
            );
            wait_until_ready(pg, Some(cluster))?;
            return Ok(false);
        }
        if !root {
            return Err(SetupError::NeedsRoot {
                what: format!(
                    "PostgreSQL {} cluster {} (port {port}) is stopped; starting it",
                    cluster.version, cluster.name
                ),
                fix: format!(
                    "Run:\n    sudo pg_ctlcluster {} {} start\nthen `koe setup` again (or run `sudo koe setup`).",
                    cluster.version, cluster.name
                ),
            });
        }
        start_cluster(pg, cluster)?;
        return Ok(true);
    }

    if clusters.is_empty() {
        let version = installed_versions(Path::new("/usr/lib/postgresql"))
            .into_iter()
            .next()
            .ok_or_else(|| SetupError::PostgresUnreachable {
                target: target.clone(),
                detail: detail.clone(),
                fix: "No PostgreSQL server is installed (nothing under /usr/lib/postgresql). Run:\n    sudo apt-get install -y postgresql".to_string(),
            })?;
        let port_text = port.to_string();
        if !root {
            return Err(SetupError::NeedsRoot {
                what: "there is no PostgreSQL cluster yet; creating one".to_string(),
                fix: format!(
                    "Run:\n    sudo pg_createcluster {version} main --port {port_text} --start\nthen `koe setup` again (or run `sudo koe setup`)."
                ),
            });
        }
        tracing::info!(
            "there is no PostgreSQL cluster yet; creating cluster {version}/main on port {port}"
        );
        let mut args = vec![version.as_str(), "main", "--port", port_text.as_str()];
        if !utf8_locale_in_env() {
            // koe stores Japanese text: never let a C/POSIX environment make a SQL_ASCII cluster.
            args.extend(["--locale", "C.UTF-8"]);
        }
        system::stream("pg_createcluster", &args, &[])?;
        let created = cluster_on_port(port).unwrap_or(Cluster {
            version: version.clone(),
            name: "main".to_string(),
            port,
            status: "down".to_string(),
            owner: "postgres".to_string(),
            log_file: None,
        });
        start_cluster(pg, &created)?;
        return Ok(true);
    }

    let listed = clusters
        .iter()
        .map(|c| format!("{}/{} on port {} ({})", c.version, c.name, c.port, c.status))
        .collect::<Vec<_>>()
        .join(", ");
    Err(SetupError::PostgresUnreachable {
        target,
        detail,
        fix: format!(
            "No PostgreSQL cluster on this machine uses port {port}; there is {listed}. Point DATABASE_URL at one of them, or create one with:\n    sudo pg_createcluster VERSION NAME --port {port} --start"
        ),
    })
}

fn start_cluster(pg: &PgUrl, cluster: &Cluster) -> Result<(), SetupError> {
    tracing::info!(
        "starting PostgreSQL {} cluster {} on port {}",
        cluster.version,
        cluster.name,
        cluster.port
    );
    let mut args = Vec::new();
    if !system::systemd_is_init() {
        // No systemd (a container): start the server directly.
        args.push("--skip-systemctl-redirect");
    }
    args.extend([cluster.version.as_str(), cluster.name.as_str(), "start"]);
    if let Err(err) = system::stream("pg_ctlcluster", &args, &[]) {
        // Someone else may have started it in the meantime.
        if matches!(probe(pg), Probe::Unreachable(_)) {
            return Err(err);
        }
    }
    wait_until_ready(pg, Some(cluster))?;
    tracing::info!(
        "PostgreSQL {} is running on port {}",
        cluster.version,
        cluster.port
    );
    Ok(())
}

/// Poll until the server answers (even with "wrong password" or "no such database").
pub(crate) fn wait_until_ready(pg: &PgUrl, cluster: Option<&Cluster>) -> Result<(), SetupError> {
    let started = Instant::now();
    loop {
        match probe(pg) {
            Probe::Unreachable(detail) | Probe::Starting(detail) => {
                if started.elapsed() >= READY_TIMEOUT {
                    return Err(SetupError::PostgresNotReady {
                        target: pg.redacted(),
                        waited_secs: READY_TIMEOUT.as_secs(),
                        detail,
                        log: cluster
                            .map(Cluster::log_hint)
                            .unwrap_or_else(|| "the PostgreSQL server log".to_string()),
                    });
                }
                std::thread::sleep(Duration::from_millis(250));
            }
            _ => return Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> PgUrl {
        match PgUrl::parse(s) {
            Ok(u) => u,
            Err(e) => panic!("{s}: {e}"),
        }
    }

    #[test]
    fn classifies_libpq_messages() {
        let cases = [
            ("connection to server at \"127.0.0.1\", port 5433 failed: Connection refused\n\tIs the server running on that host and accepting TCP/IP connections?\n", "unreachable"),
            ("connection to server on socket \"/var/run/postgresql/.s.PGSQL.5433\" failed: No such file or directory\n\tIs the server running locally and accepting connections on that socket?\n", "unreachable"),
            ("could not connect to server: Connection refused", "unreachable"),
            ("connection to server at \"10.0.0.9\", port 5432 failed: timeout expired\n", "unreachable"),
            ("could not translate host name \"db.invalid\" to address: Name or service not known\n", "unreachable"),
            ("connection to server at \"127.0.0.1\", port 5433 failed: fe_sendauth: no password supplied\n", "auth"),
            ("connection to server at \"127.0.0.1\", port 5433 failed: FATAL:  password authentication failed for user \"postgres\"\n", "auth"),
            ("connection to server on socket \"/var/run/postgresql/.s.PGSQL.5433\" failed: FATAL:  Peer authentication failed for user \"postgres\"\n", "auth"),
            ("FATAL:  no pg_hba.conf entry for host \"127.0.0.1\", user \"koe\", database \"koe\", no encryption", "auth"),
            ("connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  role \"koe\" does not exist\n", "auth"),
            ("FATAL:  role \"koe\" is not permitted to log in", "auth"),
            ("connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  database \"koe\" does not exist\n", "missing"),
            ("connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  the database system is starting up\n", "starting"),
            ("FATAL:  the database system is shutting down", "starting"),
            ("FATAL:  sorry, too many clients already", "other"),
        ];
        for (message, want) in cases {
            let got = match classify(message) {
                Probe::Ready => "ready",
                Probe::DatabaseMissing => "missing",
                Probe::AuthFailed(_) => "auth",
                Probe::Starting(_) => "starting",
                Probe::Unreachable(_) => "unreachable",
                Probe::Other(_) => "other",
            };
            assert_eq!(got, want, "{message}");
        }
    }

    #[test]
    fn messages_are_tidied() {
        match classify("connection to server at \"127.0.0.1\", port 5433 failed: FATAL:  password authentication failed for user \"koe\"\n") {
            Probe::AuthFailed(d) => assert_eq!(
                d,
                "connection to server at \"127.0.0.1\", port 5433 failed: FATAL: password authentication failed for user \"koe\""
            ),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn repeated_attempts_are_said_once() {
        let twice = "connection to server at \"127.0.0.1\", port 5433 failed: FATAL:  password authentication failed for user \"koe\"\nconnection to server at \"127.0.0.1\", port 5433 failed: FATAL:  password authentication failed for user \"koe\"\n";
        assert_eq!(
            classify(twice),
            Probe::AuthFailed(
                "connection to server at \"127.0.0.1\", port 5433 failed: FATAL: password authentication failed for user \"koe\"".to_string()
            )
        );
    }

    #[test]
    fn parses_pg_lsclusters() {
        let out = "15  main    5432 online postgres /var/lib/postgresql/15/main /var/log/postgresql/postgresql-15-main.log\n\
                   15  plain   5433 down   postgres /var/lib/postgresql/15/plain /var/log/postgresql/postgresql-15-plain.log\n\
                   13  old     5434 down,binaries_missing postgres /var/lib/postgresql/13/old /var/log/postgresql/postgresql-13-old.log\n\
                   16  sys     5435 online,recovery postgres /var/lib/postgresql/16/sys syslog\n";
        let clusters = parse_clusters(out);
        assert_eq!(clusters.len(), 4);
        assert_eq!(clusters[0].version, "15");
        assert_eq!(clusters[0].name, "main");
        assert_eq!(clusters[0].port, 5432);
        assert!(clusters[0].online());
        assert_eq!(clusters[0].owner, "postgres");
        assert_eq!(
            clusters[0].log_file.as_deref(),
            Some("/var/log/postgresql/postgresql-15-main.log")
        );
        assert!(!clusters[1].online());
        assert!(clusters[2].binaries_missing());
        assert!(clusters[3].online());
        assert_eq!(clusters[3].log_file, None);
        assert_eq!(
            clusters[3].log_hint(),
            "/var/log/postgresql/postgresql-16-sys.log"
        );
    }

    #[test]
    fn pg_lsclusters_header_and_junk_are_skipped() {
        let out = "Ver Cluster Port Status Owner    Data directory              Log file\n\
                   \n\
                   Warning: something\n";
        assert!(parse_clusters(out).is_empty());
    }

    #[test]
    fn url_parts() {
        let u = url("postgres://postgres@127.0.0.1:5432/koe");
        assert_eq!(u.host(), "127.0.0.1");
        assert_eq!(u.port(), 5432);
        assert_eq!(u.user().as_deref(), Some("postgres"));
        assert_eq!(u.database(), "koe");
        assert!(u.is_local());
        assert_eq!(u.server_display(), "127.0.0.1:5432");

        let u = url("postgresql://koe:s%40cret@db.example.com/koe%20test?sslmode=require");
        assert_eq!(u.port(), 5432);
        assert_eq!(u.database(), "koe test");
        assert!(!u.is_local());
        assert_eq!(
            u.redacted(),
            "postgresql://koe:***@db.example.com/koe%20test?sslmode=require"
        );

        let u = url("postgres:///koe?host=/var/run/postgresql&port=5433");
        assert_eq!(u.host(), "/var/run/postgresql");
        assert_eq!(u.port(), 5433);
        assert!(u.is_local());

        let u = url("postgres://alice@[::1]:6000");
        assert!(u.is_local());
        assert_eq!(u.port(), 6000);
        assert_eq!(u.database(), "alice");

        assert!(url("postgres://localhost/koe").is_local());
    }

    #[test]
    fn url_rewrites() {
        let u = url("postgres://postgres@127.0.0.1:5433/koe?sslmode=disable");
        assert_eq!(
            u.with_database("postgres").as_str(),
            "postgres://postgres@127.0.0.1:5433/postgres?sslmode=disable"
        );
        let k = match u.with_credentials("koe", "abcXYZ123") {
            Ok(k) => k,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(
            k.as_str(),
            "postgres://koe:abcXYZ123@127.0.0.1:5433/koe?sslmode=disable"
        );
        assert_eq!(
            k.redacted(),
            "postgres://koe:***@127.0.0.1:5433/koe?sslmode=disable"
        );
        assert!(u
            .connect_string()
            .ends_with("sslmode=disable&connect_timeout=10"));
        let t = url("postgres://x@h/db?connect_timeout=3");
        assert_eq!(t.connect_string(), "postgres://x@h/db?connect_timeout=3");
    }

    #[test]
    fn bad_urls_are_refused_without_leaking_passwords() {
        match PgUrl::parse("mysql://u:pw@h/db") {
            Err(SetupError::InvalidUrl { url, reason }) => {
                assert!(!url.contains("pw"));
                assert!(reason.contains("postgres://"));
            }
            other => panic!("{other:?}"),
        }
        match PgUrl::parse("host=localhost password=secret") {
            Err(SetupError::InvalidUrl { url, .. }) => assert!(!url.contains("secret")),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn percent_coding_round_trips() {
        assert_eq!(percent_decode("s%40cret%2"), "s@cret%2");
        assert_eq!(percent_decode("%E5%A3%B0"), "声");
        assert_eq!(percent_encode("a b@c"), "a%20b%40c");
    }

    #[test]
    fn versions_are_found_newest_first() {
        let dir = std::env::temp_dir().join(format!("koe-setup-versions-{}", std::process::id()));
        for v in ["13", "15", "9.6"] {
            let bin = dir.join(v).join("bin");
            if let Err(e) = std::fs::create_dir_all(&bin) {
                panic!("{e}");
            }
            if let Err(e) = std::fs::write(bin.join("postgres"), "") {
                panic!("{e}");
            }
        }
        if let Err(e) = std::fs::create_dir_all(dir.join("16")) {
            panic!("{e}");
        }
        assert_eq!(installed_versions(&dir), vec!["15", "13", "9.6"]);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
