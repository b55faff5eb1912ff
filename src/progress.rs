//! Progress of long commands on the terminal: a bar when standard error is a terminal,
//! plain lines (for logs and CI) when it is not.

use crate::service::reindex::Progress;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::time::{Duration, Instant};

/// How often plain progress lines are written.
const LINE_EVERY: Duration = Duration::from_secs(5);

/// Reports the progress of `what` (e.g. "comments") on standard error.
pub fn terminal(what: &'static str) -> Box<dyn Progress> {
    if std::io::stderr().is_terminal() {
        Box::new(Bar { bar: None, what })
    } else {
        Box::new(Lines { what, total: 0, started: Instant::now(), last: None })
    }
}

struct Bar {
    bar: Option<ProgressBar>,
    what: &'static str,
}

impl Progress for Bar {
    fn started(&mut self, total: u64) {
        let bar = ProgressBar::new(total);
        let template = format!("{{elapsed_precise}} [{{wide_bar}}] {{human_pos}}/{{human_len}} {} ({{per_sec}}, {{eta}} left)", self.what);
        if let Ok(style) = ProgressStyle::with_template(&template) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.enable_steady_tick(Duration::from_millis(200));
        self.bar = Some(bar);
    }

    fn advanced(&mut self, done: u64) {
        if let Some(bar) = &self.bar {
            bar.set_position(done);
            if Some(done) >= bar.length() {
                bar.finish();
            }
        }
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.abandon();
        }
    }
}

struct Lines {
    what: &'static str,
    total: u64,
    started: Instant,
    last: Option<Instant>,
}

impl Progress for Lines {
    fn started(&mut self, total: u64) {
        self.total = total;
        self.started = Instant::now();
        eprintln!("{total} {} to go", self.what);
    }

    fn advanced(&mut self, done: u64) {
        let now = Instant::now();
        let finished = done >= self.total;
        if !finished && self.last.is_some_and(|last| now - last < LINE_EVERY) {
            return;
        }
        self.last = Some(now);
        let elapsed = now - self.started;
        let rate = done as f64 / elapsed.as_secs_f64().max(0.001);
        let percent = if self.total == 0 { 100.0 } else { 100.0 * done as f64 / self.total as f64 };
        eprintln!("{done}/{} {} ({percent:.0}%) in {:.0?}, {rate:.0}/s", self.total, self.what, elapsed);
    }
}
