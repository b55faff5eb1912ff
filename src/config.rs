//! Settings from the environment, with defaults that work on a fresh machine.
//!
//! | variable            | default                                              |
//! |---------------------|------------------------------------------------------|
//! | `DATABASE_URL`      | the URL `koe setup` saved, else `postgres://postgres@127.0.0.1:5432/koe` |
//! | `KOE_BIND`          | `127.0.0.1:8080`                                     |
//! | `KOE_BASE_URL`      | `http://` + the bind address (used in survey links)  |
//! | `KOE_DB_POOL_SIZE`  | `16`: eight requests may wait for each connection; more get 503 at once |
//! | `KOE_DICT_DIR`      | `$XDG_CACHE_HOME/koe/ipadic` (else `~/.cache/koe/ipadic`) |
//! | `KOE_IPADIC_SOURCE` | `/usr/share/mecab/dic/ipadic` (Debian's `mecab-ipadic`) |
//! | `KOE_DICTIONARY_POLL_MS` | `5000`: how often a process checks for custom words added by another |
//! | `KOE_DORMANT_DAYS`  | `90`: days without an answer or CRM activity after which an account is dormant |
//! | `KOE_SMTP_URL`      | none: emails wait in the outbox until it is set. `smtp://host:25`, `smtps://user:pass@host`, `smtp://host:587?tls=required` |
//! | `KOE_MAIL_FROM`     | `koe <koe@` + the base URL's host + `>`              |
//! | `KOE_WORKER`        | `on`: `koe serve` also does the outbox's jobs and folds the report rollups; `off` leaves both to `koe worker` |
//! | `KOE_WORKER_POLL_MS` | `1000`: how often an idle worker looks for due jobs  |
//! | `KOE_OUTBOX_LEASE_SECS` | `120`: how long a claimed job is held before another worker may take it |
//! | `KOE_WEBHOOK_PRIVATE_NETWORKS` | `refuse`: webhook endpoints must be on public addresses; `allow` lets them be on loopback and private networks too |
//! | `KOE_ANSWER_QUEUE`  | `512`: answers waiting to be written; when full, a new answer is refused with 503 and Retry-After |
//! | `KOE_ANSWER_WAIT_MS` | `2000`: an answer that waited longer to be written is refused the same way |
//! | `KOE_RESPONDENTS`   | `512`: survey forms and answers in progress at once; more are refused at once with 503 and Retry-After |
//! | `KOE_LOG`           | `info` (a tracing filter, e.g. `koe=debug,actix_web=info`) |
//! | `KOE_LOG_FORMAT`    | `text`; `json` for one JSON object per line          |

use crate::domain::webhook::Reach;
use std::path::PathBuf;
use std::time::Duration;

/// The database URL koe uses when nothing else is configured.
pub const DEFAULT_DATABASE_URL: &str = "postgres://postgres@127.0.0.1:5432/koe";
pub const DEFAULT_BIND: &str = "127.0.0.1:8080";
const DEFAULT_POOL_SIZE: u32 = 16;
const DEFAULT_DICTIONARY_POLL: Duration = Duration::from_secs(5);
const DEFAULT_WORKER_POLL_MS: u64 = 1000;
// Longer than the SMTP and webhook timeouts, so that a slow delivery is not taken over.
const DEFAULT_OUTBOX_LEASE_SECS: u64 = 120;
const DEFAULT_DORMANT_DAYS: u32 = 90;
// A bound on memory and on waiting: past it, people are told at once to send again in a moment
// rather than left waiting for a page that may never come.
const DEFAULT_ANSWER_QUEUE: usize = 512;
// Below the connections the server workers hold (1,024 each): past it, a request is refused
// as soon as it arrives. Without a bound nearer than those connections, an overload filled
// them with requests that waited without being refused, and the rest waited, unseen, in the
// kernel's queue until their clients gave up.
const DEFAULT_RESPONDENTS: usize = 512;
const DEFAULT_ANSWER_WAIT_MS: u64 = 2000;

#[derive(Debug, Clone)]
pub struct Config {
    pub database_url: String,
    pub bind: String,
    pub base_url: String,
    pub pool_size: u32,
    pub dict_dir: PathBuf,
    pub ipadic_source: PathBuf,
    /// How often each process looks for custom-word changes made through another process.
    pub dictionary_poll: Duration,
    /// Where emails go out; None keeps them in the outbox.
    pub smtp_url: Option<String>,
    pub mail_from: String,
    /// Whether `koe serve` runs the outbox worker too.
    pub run_worker: bool,
    pub worker_poll: Duration,
    pub outbox_lease: Duration,
    /// Days of silence after which the accounts pages flag an account as dormant.
    pub dormant_days: u32,
    /// Answers waiting for a writer (group commit); a full queue answers 503.
    pub answer_queue: usize,
    /// Longest an answer may wait for a writer before it is refused with 503.
    pub answer_wait: Duration,
    /// Survey forms and answers in progress at once; more are refused with 503 at once.
    pub respondents: usize,
    /// Which addresses webhook endpoints may be on.
    pub webhook_reach: Reach,
}

impl Config {
    /// Reads the environment; nothing here can fail, bad values fall back to defaults with a warning.
    pub fn from_env() -> Config {
        let database_url = explicit_database_url()
            .or_else(crate::setup::saved_database_url)
            .unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned());
        let bind = env("KOE_BIND").unwrap_or_else(|| DEFAULT_BIND.to_owned());
        let base_url = env("KOE_BASE_URL").unwrap_or_else(|| format!("http://{bind}"));
        let pool_size = match env("KOE_DB_POOL_SIZE").map(|text| text.parse::<u32>()) {
            Some(Ok(size)) if size > 0 => size,
            Some(_) => {
                tracing::warn!("KOE_DB_POOL_SIZE is not a positive whole number; using {DEFAULT_POOL_SIZE}");
                DEFAULT_POOL_SIZE
            }
            None => DEFAULT_POOL_SIZE,
        };
        let mail_from = env("KOE_MAIL_FROM").unwrap_or_else(|| default_mail_from(&base_url));
        Config {
            smtp_url: env("KOE_SMTP_URL"),
            mail_from,
            run_worker: !env("KOE_WORKER").is_some_and(|value| value.eq_ignore_ascii_case("off")),
            worker_poll: Duration::from_millis(positive("KOE_WORKER_POLL_MS", DEFAULT_WORKER_POLL_MS)),
            outbox_lease: Duration::from_secs(positive("KOE_OUTBOX_LEASE_SECS", DEFAULT_OUTBOX_LEASE_SECS)),
            database_url,
            base_url: base_url.trim_end_matches('/').to_owned(),
            bind,
            pool_size,
            dict_dir: env("KOE_DICT_DIR").map(PathBuf::from).unwrap_or_else(default_dict_dir),
            ipadic_source: env("KOE_IPADIC_SOURCE")
                .map(PathBuf::from)
                .unwrap_or_else(crate::text::default_ipadic_source),
            dictionary_poll: match env("KOE_DICTIONARY_POLL_MS").map(|text| text.parse::<u64>()) {
                Some(Ok(ms)) if ms > 0 => Duration::from_millis(ms),
                Some(_) => {
                    tracing::warn!("KOE_DICTIONARY_POLL_MS is not a positive whole number; using {DEFAULT_DICTIONARY_POLL:?}");
                    DEFAULT_DICTIONARY_POLL
                }
                None => DEFAULT_DICTIONARY_POLL,
            },
            webhook_reach: webhook_reach(),
            answer_queue: positive("KOE_ANSWER_QUEUE", DEFAULT_ANSWER_QUEUE),
            answer_wait: Duration::from_millis(positive("KOE_ANSWER_WAIT_MS", DEFAULT_ANSWER_WAIT_MS)),
            respondents: positive("KOE_RESPONDENTS", DEFAULT_RESPONDENTS),
            dormant_days: match env("KOE_DORMANT_DAYS").map(|text| text.parse::<u32>()) {
                Some(Ok(days)) if days > 0 => days,
                Some(_) => {
                    tracing::warn!("KOE_DORMANT_DAYS is not a positive whole number; using {DEFAULT_DORMANT_DAYS}");
                    DEFAULT_DORMANT_DAYS
                }
                None => DEFAULT_DORMANT_DAYS,
            },
        }
    }

    /// The public address of a survey link.
    pub fn survey_url(&self, token: &str) -> String {
        format!("{}/s/{token}", self.base_url)
    }
}

/// `DATABASE_URL` when the person running koe set it.
pub fn explicit_database_url() -> Option<String> {
    env("DATABASE_URL")
}

fn webhook_reach() -> Reach {
    match env("KOE_WEBHOOK_PRIVATE_NETWORKS") {
        Some(value) if value.eq_ignore_ascii_case("allow") => Reach::Any,
        Some(value) if !value.eq_ignore_ascii_case("refuse") => {
            tracing::warn!("KOE_WEBHOOK_PRIVATE_NETWORKS is neither allow nor refuse; refusing private addresses");
            Reach::Public
        }
        _ => Reach::Public,
    }
}

/// A positive whole number from the environment, or `default` (with a warning if it was set wrong).
fn positive<T>(name: &str, default: T) -> T
where
    T: std::str::FromStr + PartialOrd + Default + std::fmt::Display,
{
    match env(name).map(|text| text.parse::<T>()) {
        Some(Ok(value)) if value > T::default() => value,
        Some(_) => {
            tracing::warn!("{name} is not a positive whole number; using {default}");
            default
        }
        None => default,
    }
}

fn default_mail_from(base_url: &str) -> String {
    let host = url::Url::parse(base_url).ok().and_then(|url| url.host_str().map(str::to_owned)).unwrap_or_default();
    // An address needs a dotted domain; "localhost" or an IP address is not one a mail server takes.
    let domain = if host.contains('.') && host.parse::<std::net::IpAddr>().is_err() { host } else { "koe.invalid".to_owned() };
    format!("koe <koe@{domain}>")
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|value| !value.trim().is_empty())
}

fn default_dict_dir() -> PathBuf {
    cache_dir().join("ipadic")
}

/// koe's cache folder: `$XDG_CACHE_HOME/koe`, else `~/.cache/koe`.
pub fn cache_dir() -> PathBuf {
    let cache = env("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| env("HOME").map(|home| PathBuf::from(home).join(".cache")))
        .unwrap_or_else(std::env::temp_dir);
    cache.join("koe")
}
