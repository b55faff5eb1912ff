//! Building and running the server; used by `koe serve` and by the integration tests alike.

use crate::config::Config;
use crate::db::{self, DbPool};
use crate::http::{self, AppState, Pools};
use crate::service;
use crate::service::answer_queue::AnswerQueue;
use crate::service::link_opens::LinkOpens;
use crate::service::link_reader::LinkReader;
use crate::text::{self, Analyzer, SharedAnalyzer};
use actix_web::dev::Server;
use actix_web::{web, App, HttpServer};
use diesel::{Connection, PgConnection};
use socket2::{Domain, Protocol, Socket, Type};
use std::net::{SocketAddr, TcpListener, ToSocketAddrs};
use std::sync::{Arc, Weak};
use std::time::Duration;
use tracing_actix_web::TracingLogger;

/// In-flight requests get this long to finish after SIGTERM.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(30);
/// Connections one server worker holds open at most; past them it stops accepting until some
/// close, so that a flood waits in the kernel's queue (or a load balancer's) instead of in
/// koe's memory, each with its buffers.
const MAX_CONNECTIONS_PER_WORKER: usize = 1024;
/// New connections the kernel holds for koe until a worker accepts them (capped by
/// `net.core.somaxconn`). Rust's default, 128, overflowed within a moment of a burst while the
/// workers were busy: the kernel then drops the customers' connection requests, and each
/// retries only after a second or more, or gives up.
const LISTEN_BACKLOG: i32 = 4096;
/// Files koe keeps open beside its customers' connections: its database connections, the
/// dictionary, logs.
const OPEN_FILES_BESIDE_CONNECTIONS: usize = 256;
/// How long koe keeps a connection open with no request on it (actix-web's default, named
/// here because whoever reuses koe's connections must give them up sooner: actix's coarse
/// timer closes them from about 4.5 s, and a request sent on one just as it closes is lost).
pub const KEEP_ALIVE: Duration = Duration::from_secs(5);

/// Why koe cannot start. A variant with a cause leaves it out of its message: whoever prints
/// the error's chain prints the cause after it.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("cannot prepare the database: {0}")]
    Database(String),
    #[error("cannot load the Japanese dictionary")]
    Dictionary(#[from] text::TextError),
    #[error("cannot listen on {address}")]
    Listen { address: String, source: std::io::Error },
}

/// Creates the database if needed, applies migrations and returns a pool, for the server.
pub fn prepare_database(config: &Config) -> Result<DbPool, StartupError> {
    drop(connect(config)?);
    db::pool(&config.database_url, config.pool_size).map_err(|error| StartupError::Database(error.to_string()))
}

/// Creates the database if needed, applies migrations and returns one connection, for a
/// command that runs and exits. (A pool keeps opening connections on its own threads; a
/// process that exits while one is in its TLS handshake can crash in libpq's exit handlers.)
pub fn connect(config: &Config) -> Result<PgConnection, StartupError> {
    crate::setup::ensure_database_exists(&config.database_url).map_err(|error| StartupError::Database(error.to_string()))?;
    let mut conn = PgConnection::establish(&config.database_url).map_err(|error| StartupError::Database(error.to_string()))?;
    let applied = db::run_migrations(&mut conn).map_err(|error| StartupError::Database(error.to_string()))?;
    if !applied.is_empty() {
        tracing::info!(migrations = ?applied, "applied migrations");
    }
    Ok(conn)
}

/// Builds the dictionary if it is missing, then loads it once for every worker (without the
/// admins' custom words: see `load_shared_analyzer`).
pub fn load_analyzer(config: &Config) -> Result<Arc<Analyzer>, StartupError> {
    text::ensure_dictionary(&config.ipadic_source, &config.dict_dir)?;
    Ok(Arc::new(Analyzer::load(&config.dict_dir, &[])?))
}

/// The process's analyser with the custom words in the database, swapped when they change.
pub fn load_shared_analyzer(config: &Config, conn: &mut PgConnection) -> Result<SharedAnalyzer, StartupError> {
    let base = load_analyzer(config)?;
    service::dictionary::shared_analyzer(conn, &base).map_err(|error| StartupError::Database(error.to_string()))
}

/// Everything the handlers need, ready to serve.
pub fn state(config: Config) -> Result<AppState, StartupError> {
    let mut conn = connect(&config)?;
    let analyzer = load_shared_analyzer(&config, &mut conn)?;
    drop(conn);
    let pools = Pools::open(&config).map_err(|error| StartupError::Database(error.to_string()))?;
    Ok(AppState::new(pools, config, analyzer))
}

/// Binds the configured address (the first of its addresses that can be bound).
pub fn listen(address: &str) -> Result<TcpListener, StartupError> {
    let failed = |source| StartupError::Listen { address: address.to_owned(), source };
    let mut last_error = None;
    for socket_address in address.to_socket_addrs().map_err(failed)? {
        match listen_on(socket_address) {
            Ok(listener) => return Ok(listener),
            Err(error) => last_error = Some(error),
        }
    }
    Err(failed(last_error.unwrap_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidInput, "the address names no host"))))
}

/// A listening socket with koe's backlog, set up as `TcpListener::bind` sets one up otherwise.
fn listen_on(address: SocketAddr) -> std::io::Result<TcpListener> {
    let socket = Socket::new(Domain::for_address(address), Type::STREAM, Some(Protocol::TCP))?;
    socket.set_reuse_address(true)?;
    socket.bind(&address.into())?;
    socket.listen(LISTEN_BACKLOG)?;
    Ok(socket.into())
}

/// Server workers: one a core, as actix itself would choose.
fn server_workers() -> usize {
    std::thread::available_parallelism().map_or(2, usize::from)
}

/// Connections `koe serve` holds open at once, all its workers together; past them new ones
/// wait in the kernel's queue.
pub fn connection_limit() -> usize {
    server_workers() * MAX_CONNECTIONS_PER_WORKER
}

/// Raises this process's limit on open files to the most the system allows it, and returns
/// the limit now in force. Every connection is a file, and the soft limit many systems start a
/// service with (1,024) is below the connections the workers may hold: past it, accepting
/// fails and a burst waits in the kernel's queue as though koe were busy. Go's runtime and
/// nginx's `worker_rlimit_nofile` raise it the same way.
pub fn raise_open_file_limit() -> std::io::Result<u64> {
    rlimit::increase_nofile_limit(u64::MAX)
}

/// [`raise_open_file_limit`] for the server, with a warning if the limit stays below the
/// connections the workers may hold.
pub fn raise_open_file_limit_for_serving() {
    let wanted = (connection_limit() + OPEN_FILES_BESIDE_CONNECTIONS) as u64;
    match raise_open_file_limit() {
        Ok(limit) if limit < wanted => {
            tracing::warn!(limit, wanted, "the open-file limit is below the connections koe may hold; raise it (LimitNOFILE in systemd, ulimit -n)")
        }
        Ok(_) => {}
        Err(error) => tracing::warn!(%error, "cannot raise the open-file limit"),
    }
}

/// The HTTP server on `listener`; actix stops it gracefully on SIGTERM and SIGINT. While it
/// runs, the analyser follows custom-word changes made by other processes.
pub fn run(listener: TcpListener, state: AppState) -> std::io::Result<Server> {
    let poll = state.config.dictionary_poll;
    let answers = web::Data::new(AnswerQueue::start(state.answer_pool.clone(), state.config.answer_queue, state.config.answer_wait)?);
    let opens = web::Data::new(LinkOpens::start(state.pool.clone())?);
    let links = web::Data::new(LinkReader::start(state.link_pool.clone())?);
    let data = web::Data::new(state);
    watch_dictionary(Arc::downgrade(&data.clone().into_inner()), poll);
    let server = HttpServer::new(move || {
        App::new()
            .wrap(http::security::headers())
            .wrap(TracingLogger::default())
            .app_data(data.clone())
            .app_data(answers.clone())
            .app_data(opens.clone())
            .app_data(links.clone())
            .configure(http::configure)
    })
    .shutdown_timeout(SHUTDOWN_GRACE.as_secs())
    .keep_alive(KEEP_ALIVE)
    .workers(server_workers())
    .max_connections(MAX_CONNECTIONS_PER_WORKER)
    .listen(listener)?
    .run();
    Ok(server)
}

/// Polls the dictionary version every `every` and reloads the analyser when it changed. The
/// task ends once the server has stopped and dropped its state.
fn watch_dictionary(state: Weak<AppState>, every: Duration) {
    actix_web::rt::spawn(async move {
        let mut ticks = actix_web::rt::time::interval(every);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        ticks.tick().await; // the first tick is immediate; the state was just loaded
        loop {
            ticks.tick().await;
            let Some(state) = state.upgrade() else { break };
            let shared = state.analyzer.clone();
            match state.db(move |conn| service::dictionary::refresh(conn, &shared)).await {
                Ok(true) => tracing::info!(version = state.analyzer.version(), "custom words changed; analyser reloaded"),
                Ok(false) => {}
                Err(error) => tracing::warn!(%error, "cannot check the custom words; retrying at the next poll"),
            }
        }
    });
}

/// Resolves on SIGTERM or Ctrl-C, as the server stops on them.
pub async fn stop_signal() {
    let interrupt = tokio::signal::ctrl_c();
    match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
        Ok(mut terminate) => {
            tokio::select! {
                _ = interrupt => {}
                _ = terminate.recv() => {}
            }
        }
        Err(_) => {
            let _ = interrupt.await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpStream;

    /// A mailing's burst waits in the kernel's queue while the workers are busy: connections
    /// complete their handshake though none has been accepted yet (past Rust's default backlog
    /// of 128, the kernel would drop them).
    #[test]
    fn a_burst_of_connections_is_queued_before_any_is_accepted() {
        let listener = listen("127.0.0.1:0").expect("a free port");
        let address = listener.local_addr().expect("its address");
        let burst: Vec<_> = (0..500).map(|_| TcpStream::connect_timeout(&address, Duration::from_millis(200))).collect();
        let queued = burst.iter().filter(|connection| connection.is_ok()).count();
        assert_eq!(queued, burst.len());
    }

    #[test]
    fn an_address_that_names_no_host_is_refused_naming_the_address() {
        let error = listen("nohost.invalid:8080").expect_err("no such host");
        assert!(matches!(&error, StartupError::Listen { address, .. } if address == "nohost.invalid:8080"), "{error:?}");
    }
}
