//! `koe text reindex`: re-analyses the stored comments after a dictionary change.
//!
//! Comments are read in id order, a batch at a time. Each batch is analysed on every core
//! (the database work stays on one connection, in order) and written in one transaction that
//! also marks each response with the analyser's fingerprint. Responses already marked with the
//! current fingerprint are skipped, so a run that was interrupted (killed, Ctrl-C, `--limit`)
//! continues where it stopped when started again, and a run with nothing to do does nothing.
//!
//! Only the difference is written: after a custom word is added, most comments keep their
//! terms, and those cost one UPDATE of their fingerprint and no term rows.

use crate::db::custom_words;
use crate::db::terms::{self, StaleComment};
use crate::domain::ids::ResponseId;
use crate::error::AppError;
use crate::service::dictionary;
use crate::text::Analyzer;
use diesel::prelude::*;
use diesel::sql_query;
use diesel::sql_types::{BigInt, Bool};
use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

/// Responses per transaction: large enough for one statement per batch to pay, small
/// enough that an interruption loses a second's work.
pub const DEFAULT_BATCH_SIZE: usize = 1_000;

/// One reindex at a time per database; two would do the same work twice.
const REINDEX_LOCK_KEY: i64 = 0x006b_6f65_5f72_6478; // "koe_rdx"

#[derive(Debug, Clone)]
pub struct Options {
    pub batch_size: usize,
    /// Stop after this many comments (the rest is left for the next run).
    pub limit: Option<u64>,
    /// Analysis threads; defaults to the number of cores.
    pub threads: usize,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            batch_size: DEFAULT_BATCH_SIZE,
            limit: None,
            threads: std::thread::available_parallelism().map_or(1, |threads| threads.get()),
        }
    }
}

/// Told how far the run is; the command line draws a bar or prints lines.
pub trait Progress {
    /// `total` comments are out of date (within the limit).
    fn started(&mut self, total: u64);
    /// `done` of them are re-analysed and committed.
    fn advanced(&mut self, done: u64);
}

/// No progress reports (tests, library callers).
pub struct Quiet;

impl Progress for Quiet {
    fn started(&mut self, _: u64) {}
    fn advanced(&mut self, _: u64) {}
}

/// What a run did.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// The analyser's fingerprint, now stored on every re-analysed response.
    pub fingerprint: String,
    /// Comments re-analysed and committed.
    pub analysed: u64,
    /// Of those, the comments whose terms changed.
    pub changed: u64,
    pub terms_added: u64,
    pub terms_removed: u64,
    /// Comments answered again while the run read them: the new answer brought its own terms.
    pub skipped: u64,
    /// Comments still out of date after the run (the limit was reached, or new answers came in).
    pub remaining: u64,
    /// The custom words changed during the run: another run will be needed.
    pub dictionary_changed: bool,
    pub elapsed: Duration,
}

/// Re-analyses every comment not analysed by the current analyser: `base` (any analyser on
/// the system dictionary) with the custom words now in the database.
pub fn run(conn: &mut PgConnection, base: &Analyzer, options: &Options, progress: &mut dyn Progress) -> Result<Summary, AppError> {
    #[derive(QueryableByName)]
    struct Locked {
        #[diesel(sql_type = Bool)]
        locked: bool,
    }
    let locked: Locked = sql_query("SELECT pg_try_advisory_lock($1) AS locked").bind::<BigInt, _>(REINDEX_LOCK_KEY).get_result(conn)?;
    if !locked.locked {
        return Err(AppError::Conflict { code: "reindex_running", message: "another `koe text reindex` is running on this database".into() });
    }
    let result = run_locked(conn, base, options, progress);
    let unlocked = sql_query("SELECT pg_advisory_unlock($1)").bind::<BigInt, _>(REINDEX_LOCK_KEY).execute(conn);
    let summary = result?;
    unlocked?;
    Ok(summary)
}

fn run_locked(conn: &mut PgConnection, base: &Analyzer, options: &Options, progress: &mut dyn Progress) -> Result<Summary, AppError> {
    let started = Instant::now();
    let (analyzer, version) = dictionary::current_analyzer(conn, base)?;
    let fingerprint = analyzer.fingerprint().to_owned();
    let stale = terms::count_stale(conn, &fingerprint)?.max(0) as u64;
    let total = options.limit.map_or(stale, |limit| limit.min(stale));
    progress.started(total);

    let mut summary = Summary { fingerprint: fingerprint.clone(), ..Summary::default() };
    let mut after = ResponseId(0);
    let mut seen = 0u64;
    loop {
        let wanted = options.limit.map_or(options.batch_size as u64, |limit| (limit - seen).min(options.batch_size as u64));
        if wanted == 0 {
            break;
        }
        let batch = terms::stale_comments(conn, &fingerprint, after, wanted as i64)?;
        let Some(last) = batch.last() else { break };
        after = last.id;
        seen += batch.len() as u64;
        let batch_terms = analyse(&analyzer, &batch, options.threads);
        conn.transaction(|conn| write_batch(conn, &batch, &batch_terms, &fingerprint, &mut summary))?;
        progress.advanced(summary.analysed + summary.skipped);
    }

    summary.remaining = terms::count_stale(conn, &fingerprint)?.max(0) as u64;
    summary.dictionary_changed = custom_words::version(conn)? != version;
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// The terms of each comment, in order, analysed on `threads` threads.
fn analyse(analyzer: &Analyzer, batch: &[StaleComment], threads: usize) -> Vec<Vec<String>> {
    let chunk = batch.len().div_ceil(threads.max(1)).max(1);
    std::thread::scope(|scope| {
        let workers: Vec<_> = batch
            .chunks(chunk)
            .map(|comments| scope.spawn(move || comments.iter().map(|comment| analyzer.terms(&comment.comment)).collect::<Vec<_>>()))
            .collect();
        // A panic in the analyser is a bug; it surfaces here as it would on one thread.
        workers.into_iter().flat_map(|worker| worker.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))).collect()
    })
}

/// Marks the batch and writes the difference between its stored and its new terms.
fn write_batch(
    conn: &mut PgConnection,
    batch: &[StaleComment],
    batch_terms: &[Vec<String>],
    fingerprint: &str,
    summary: &mut Summary,
) -> Result<(), AppError> {
    let ids: Vec<i64> = batch.iter().map(|comment| comment.id.0).collect();
    let updated_at: Vec<_> = batch.iter().map(|comment| comment.updated_at).collect();
    let marked: HashSet<ResponseId> = terms::mark_analyzed(conn, &ids, &updated_at, fingerprint)?.into_iter().collect();
    let marked_ids: Vec<i64> = marked.iter().map(|id| id.0).collect();

    let mut stored: HashMap<ResponseId, HashSet<String>> = HashMap::new();
    for (id, term) in terms::pairs_for(conn, &marked_ids)? {
        stored.entry(id).or_default().insert(term);
    }
    let (mut added_ids, mut added_terms, mut removed_ids, mut removed_terms) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut changed = 0;
    for (comment, new_terms) in batch.iter().zip(batch_terms) {
        if !marked.contains(&comment.id) {
            continue;
        }
        let old_terms = stored.remove(&comment.id).unwrap_or_default();
        let before = added_ids.len() + removed_ids.len();
        for term in new_terms.iter().filter(|term| !old_terms.contains(*term)) {
            added_ids.push(comment.id.0);
            added_terms.push(term.as_str());
        }
        let new_terms: HashSet<&str> = new_terms.iter().map(String::as_str).collect();
        for term in old_terms.iter().filter(|term| !new_terms.contains(term.as_str())) {
            removed_ids.push(comment.id.0);
            removed_terms.push(term.clone());
        }
        if added_ids.len() + removed_ids.len() > before {
            changed += 1;
        }
    }
    let removed_terms: Vec<&str> = removed_terms.iter().map(String::as_str).collect();
    terms::delete_pairs(conn, &removed_ids, &removed_terms)?;
    terms::insert_pairs(conn, &added_ids, &added_terms)?;

    summary.analysed += marked.len() as u64;
    summary.skipped += (batch.len() - marked.len()) as u64;
    summary.changed += changed;
    summary.terms_added += added_ids.len() as u64;
    summary.terms_removed += removed_ids.len() as u64;
    Ok(())
}

impl std::fmt::Display for Summary {
    /// What the person who ran `koe text reindex` needs to know, last line first if anything is left.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let seconds = self.elapsed.as_secs_f64();
        write!(
            f,
            "Re-analysed {} comments in {seconds:.1} s ({:.0} a second): {} with changed terms (+{} / -{} term rows). Analyser {}.",
            self.analysed,
            self.analysed as f64 / seconds.max(0.001),
            self.changed,
            self.terms_added,
            self.terms_removed,
            self.fingerprint,
        )?;
        if self.skipped > 0 {
            write!(f, "\n{} comments were answered again meanwhile and keep the terms of their new answer.", self.skipped)?;
        }
        if self.dictionary_changed {
            write!(f, "\nThe custom words changed during the run: run `koe text reindex` again.")?;
        } else if self.remaining > 0 {
            write!(f, "\n{} comments are still out of date: run `koe text reindex` again to continue.", self.remaining)?;
        } else {
            write!(f, "\nEvery comment is up to date.")?;
        }
        Ok(())
    }
}
