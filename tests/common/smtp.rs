//! A real SMTP server on loopback for the tests that send email (aiosmtpd, see smtp_server.py).

use serde::Deserialize;
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Debian's python3-aiosmtpd is installed for the system Python (`koe setup --test-tools`).
const PYTHON: &str = "/usr/bin/python3";

/// One message the server accepted.
#[derive(Debug, Clone, Deserialize)]
pub struct Received {
    pub mail_from: String,
    pub rcpt_tos: Vec<String>,
    /// Decoded (RFC 2047 words read back into text).
    pub headers: BTreeMap<String, String>,
    /// Decoded bodies by content type.
    pub parts: BTreeMap<String, String>,
    pub raw: String,
}

impl Received {
    pub fn header(&self, name: &str) -> &str {
        self.headers.iter().find(|(key, _)| key.eq_ignore_ascii_case(name)).map(|(_, value)| value.as_str()).unwrap_or("")
    }

    /// The plain-text part, with SMTP's CRLF line ends read as "\n".
    pub fn text(&self) -> String {
        self.parts.get("text/plain").map(|text| text.replace("\r\n", "\n")).unwrap_or_default()
    }
}

pub struct SmtpServer {
    pub port: u16,
    spool: tempfile::TempDir,
    child: Child,
}

impl SmtpServer {
    pub fn start() -> SmtpServer {
        let port = free_port();
        let spool = tempfile::tempdir().expect("spool folder");
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/common/smtp_server.py");
        let mut child = Command::new(PYTHON)
            .arg(&script)
            .arg(port.to_string())
            .arg(spool.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start the SMTP server (needs python3-aiosmtpd: koe setup --test-tools)");
        let mut ready = String::new();
        let stdout = child.stdout.take().expect("server output");
        BufReader::new(stdout).read_line(&mut ready).expect("read the server's output");
        assert_eq!(ready.trim(), "ready", "the SMTP server did not start");
        SmtpServer { port, spool, child }
    }

    /// For `KOE_SMTP_URL`.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every message accepted so far, in order.
    pub fn received(&self) -> Vec<Received> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(self.spool.path())
            .expect("read the spool")
            .filter_map(|entry| entry.ok().map(|entry| entry.path()))
            .filter(|path| path.extension().is_some_and(|ext| ext == "json") && !file_name(path).starts_with('.'))
            .collect();
        files.sort();
        files
            .iter()
            .map(|path| serde_json::from_str(&std::fs::read_to_string(path).expect("read a message")).expect("parse a message"))
            .collect()
    }

    /// Waits until `count` messages have arrived (or fails after a while).
    pub fn wait_for(&self, count: usize) -> Vec<Received> {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let received = self.received();
            if received.len() >= count || Instant::now() > deadline {
                return received;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Turns a switch of smtp_server.py on or off ("refuse", "hold").
    pub fn set(&self, switch: &str, on: bool) {
        let path = self.spool.path().join(switch);
        if on {
            std::fs::write(path, b"").expect("set a switch");
        } else {
            let _ = std::fs::remove_file(path);
        }
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn file_name(path: &Path) -> String {
    path.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default()
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|listener| listener.local_addr()).expect("a free port").port()
}
