//! Real `koe serve` processes and a private PostgreSQL server, for the tests that kill,
//! restart and multiply them.

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|listener| listener.local_addr()).expect("a free port").port()
}

/// A `koe serve` process of its own, killed (SIGKILL) when dropped.
pub struct KoeServer {
    pub address: String,
    pub child: Child,
}

impl KoeServer {
    /// Starts `koe serve` on a free port with `env` on top of the database URL, and waits until
    /// it answers /healthz.
    pub fn start(database_url: &str, env: &[(&str, &str)]) -> KoeServer {
        KoeServer::spawn(Command::new(env!("CARGO_BIN_EXE_koe")), database_url, env)
    }

    /// As [`KoeServer::start`], with a soft limit of `open_files` (the hard limit left as it
    /// is), as a service manager may start it.
    pub fn start_with_open_file_limit(database_url: &str, env: &[(&str, &str)], open_files: u64) -> KoeServer {
        let mut command = Command::new("prlimit");
        command.arg(format!("--nofile={open_files}:")).arg(env!("CARGO_BIN_EXE_koe"));
        KoeServer::spawn(command, database_url, env)
    }

    fn spawn(mut command: Command, database_url: &str, env: &[(&str, &str)]) -> KoeServer {
        let port = free_port();
        let address = format!("http://127.0.0.1:{port}");
        command
            .arg("serve")
            .env("DATABASE_URL", database_url)
            .env("KOE_BIND", format!("127.0.0.1:{port}"))
            .env("KOE_BASE_URL", &address)
            .env("KOE_WORKER", "off")
            .env("KOE_LOG", "warn")
            .stdout(Stdio::null());
        for (name, value) in env {
            command.env(name, value);
        }
        let child = command.spawn().expect("start koe serve");
        let server = KoeServer { address, child };
        server.wait_until("/healthz", 200, Duration::from_secs(60));
        server
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// Polls `path` until it answers `status`; returns how long that took.
    pub fn wait_until(&self, path: &str, status: u16, limit: Duration) -> Duration {
        let started = Instant::now();
        loop {
            if get_status(&self.address, path) == Some(status) {
                return started.elapsed();
            }
            assert!(started.elapsed() < limit, "{path} did not answer {status} within {limit:?}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// SIGKILL: no graceful shutdown, no flushing, as a crash.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for KoeServer {
    fn drop(&mut self) {
        self.kill();
    }
}

/// The status of a plain GET, or None if nothing answered: a blocking probe, usable from
/// any thread (the async client needs a runtime).
pub fn get_status(address: &str, path: &str) -> Option<u16> {
    use std::io::{Read, Write};
    let host = address.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(host).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").ok()?;
    let mut head = [0u8; 12];
    stream.read_exact(&mut head).ok()?;
    std::str::from_utf8(&head[9..12]).ok()?.parse().ok()
}

/// A PostgreSQL server of its own (initdb in a temporary folder, trust auth, a free port), so
/// that a test can stop and start it without disturbing the shared one.
pub struct PrivatePostgres {
    pub port: u16,
    folder: tempfile::TempDir,
}

const PG_BIN: &str = "/usr/lib/postgresql/15/bin";

impl PrivatePostgres {
    pub fn start() -> PrivatePostgres {
        let folder = tempfile::tempdir().expect("a folder for the cluster");
        // PostgreSQL refuses to run as root: as root, the cluster belongs to `postgres`.
        if is_root() {
            run(Command::new("chown").args(["-R", "postgres:postgres"]).arg(folder.path()));
        }
        let data = folder.path().join("data");
        run(as_owner("initdb").args(["-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8", "-D"]).arg(&data));
        let postgres = PrivatePostgres { port: free_port(), folder };
        postgres.resume();
        postgres
    }

    pub fn url(&self, database: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{database}?sslmode=disable", self.port)
    }

    fn data(&self) -> std::path::PathBuf {
        self.folder.path().join("data")
    }

    /// Starts the server (again) and waits until it accepts connections.
    pub fn resume(&self) {
        let options = format!("-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off", self.port, self.folder.path().display());
        run(as_owner("pg_ctl").arg("-D").arg(self.data()).args(["-o", &options, "-w", "-l"]).arg(self.folder.path().join("log")).arg("start"));
    }

    /// Stops the server at once, cutting every connection (`-m fast`).
    pub fn stop(&self) {
        run(as_owner("pg_ctl").arg("-D").arg(self.data()).args(["-m", "fast", "-w", "stop"]));
    }
}

impl Drop for PrivatePostgres {
    fn drop(&mut self) {
        let _ = as_owner("pg_ctl").arg("-D").arg(self.data()).args(["-m", "immediate", "stop"]).output();
    }
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|output| output.stdout.starts_with(b"0\n"))
}

fn as_owner(program: &str) -> Command {
    let program = Path::new(PG_BIN).join(program);
    if is_root() {
        let mut command = Command::new("runuser");
        command.args(["-u", "postgres", "--"]).arg(program);
        command
    } else {
        Command::new(program)
    }
}

fn run(command: &mut Command) {
    let output = command.output().expect("run a PostgreSQL tool");
    assert!(output.status.success(), "{command:?}: {}", String::from_utf8_lossy(&output.stderr));
}
