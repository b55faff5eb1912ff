//! Analysis throughput: koe's whole pipeline (`Analyzer::terms`: normalise, segment, terms)
//! against Debian's MeCab segmenting the same text, in the same run.
//!
//! `cargo bench --bench analysis` (MeCab comes with `cargo run -- setup --bench-tools`).
//! The corpus (tests/corpus/comments.tsv) is repeated to about 1 MB of UTF-8. Both sides are
//! timed on one thread without start-up: koe's dictionary is loaded before the clock starts,
//! and MeCab's run on empty input is subtracted from its runs. Each figure is the median of
//! several runs.
#![allow(clippy::expect_used, clippy::unwrap_used)] // a benchmark may stop at the first failure

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use koe::config::Config;
use koe::text::Analyzer;

const TARGET_BYTES: usize = 1_000_000;
const RUNS: usize = 7;
const MECAB_DICTIONARY: &str = "/var/lib/mecab/dic/ipadic-utf8";

fn main() {
    let corpus = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/comments.tsv"))
        .expect("read tests/corpus/comments.tsv");
    let base: Vec<&str> = corpus.lines().skip(1).filter_map(|line| line.splitn(3, '\t').nth(2)).collect();
    let mut comments = Vec::new();
    while comments.iter().map(|comment: &&str| comment.len() + 1).sum::<usize>() < TARGET_BYTES {
        comments.extend_from_slice(&base);
    }
    let chars: usize = comments.iter().map(|comment| comment.chars().count()).sum();
    let bytes: usize = comments.iter().map(|comment| comment.len() + 1).sum();
    println!(
        "corpus: {} comments ({} distinct), {chars} characters, {bytes} bytes (one comment a line)",
        comments.len(),
        base.len()
    );

    let config = Config::from_env();
    koe::text::ensure_dictionary(&config.ipadic_source, &config.dict_dir).expect("build the dictionary");
    let analyzer = Analyzer::load(&config.dict_dir, &[]).expect("load the dictionary");
    let koe_time = median(RUNS, || {
        let started = Instant::now();
        let terms: usize = comments.iter().map(|comment| analyzer.terms(comment).len()).sum();
        std::hint::black_box(terms);
        started.elapsed()
    });
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let koe_parallel_time = median(RUNS, || {
        let started = Instant::now();
        std::thread::scope(|scope| {
            for chunk in comments.chunks(comments.len().div_ceil(threads)) {
                let analyzer = &analyzer;
                scope.spawn(move || chunk.iter().map(|comment| analyzer.terms(comment).len()).sum::<usize>());
            }
        });
        started.elapsed()
    });
    let normalize_time = median(RUNS, || {
        let started = Instant::now();
        let bytes: usize = comments.iter().map(|comment| koe::text::for_analysis(comment).len()).sum();
        std::hint::black_box(bytes);
        started.elapsed()
    });
    let koe_rate = rate(chars, koe_time);
    println!("koe  terms (normalise + segment + terms), 1 thread : {:>10.0} chars/s ({koe_time:.2?})", koe_rate);
    println!("     of which normalisation (NFKC, width, case, marks)  : {normalize_time:.2?}");
    println!(
        "koe  terms, {threads} threads                             : {:>10.0} chars/s ({koe_parallel_time:.2?})",
        rate(chars, koe_parallel_time)
    );

    let text = comments.iter().fold(String::with_capacity(bytes), |mut text, comment| {
        text.push_str(comment);
        text.push('\n');
        text
    });
    let Some(startup) = mecab_time(&[], "") else {
        println!("mecab: not found — install it with `cargo run -- setup --bench-tools`");
        return;
    };
    for (label, args) in [("mecab -Owakati (plain segmentation)", &["-Owakati"][..]), ("mecab (default output, features)", &[][..])] {
        let startup = median(3, || mecab_time(args, "").unwrap_or(startup));
        let time = median(RUNS, || mecab_time(args, &text).expect("run mecab").saturating_sub(startup));
        let mecab_rate = rate(chars, time);
        println!("{label:<48}: {mecab_rate:>10.0} chars/s ({time:.2?}, start-up {startup:.2?} subtracted)");
        println!("  ratio koe (1 thread) / {label}: {:.2}", koe_rate / mecab_rate);
    }
}

/// How long MeCab takes to read `input` and write its whole output; None when it is missing.
fn mecab_time(args: &[&str], input: &str) -> Option<Duration> {
    let started = Instant::now();
    let mut child = Command::new("mecab")
        .args(["-d", MECAB_DICTIONARY])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .ok()?;
    let mut stdin = child.stdin.take()?;
    let input = input.to_owned();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().ok()?;
    writer.join().ok()?.ok()?;
    assert!(output.status.success(), "mecab failed");
    std::hint::black_box(output.stdout.len());
    Some(started.elapsed())
}

fn median(runs: usize, mut run: impl FnMut() -> Duration) -> Duration {
    let mut times: Vec<Duration> = (0..runs).map(|_| run()).collect();
    times.sort();
    times[times.len() / 2]
}

fn rate(chars: usize, time: Duration) -> f64 {
    chars as f64 / time.as_secs_f64()
}
