//! The analyser on any text: normalise, segment with IPADIC, collect terms. It must not panic,
//! and it gives distinct, non-empty terms.
#![no_main]

use koe::config::Config;
use koe::text::Analyzer;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

/// Loaded once per process, as koe does (from `KOE_DICT_DIR`, built first if missing).
fn analyzer() -> &'static Analyzer {
    static ANALYZER: OnceLock<Analyzer> = OnceLock::new();
    ANALYZER.get_or_init(|| {
        let config = Config::from_env();
        koe::text::ensure_dictionary(&config.ipadic_source, &config.dict_dir).unwrap_or_else(|error| panic!("dictionary: {error}"));
        Analyzer::load(&config.dict_dir, &[]).unwrap_or_else(|error| panic!("analyser: {error}"))
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(comment) = std::str::from_utf8(data) else { return };
    let terms = analyzer().terms(comment);
    let mut seen = std::collections::HashSet::new();
    for term in &terms {
        assert!(!term.is_empty(), "an empty term from {comment:?}");
        assert!(seen.insert(term), "{term:?} twice from {comment:?}");
    }
});
