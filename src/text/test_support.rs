//! One dictionary build and one analyser per test process.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use super::{default_ipadic_source, ensure_dictionary, Analyzer};

/// An admin-defined word that IPADIC would split (コエ + 分析).
pub(crate) const EXTRA_WORD: &str = "コエ分析";

/// A complete build shared by test processes; racing processes are safe by design.
pub(crate) fn built_dictionary() -> &'static Path {
    static DICTIONARY: OnceLock<PathBuf> = OnceLock::new();
    DICTIONARY.get_or_init(|| {
        let dir = std::env::temp_dir().join("koe-test-ipadic");
        ensure_dictionary(&default_ipadic_source(), &dir).unwrap_or_else(|error| panic!("{error}"));
        dir
    })
}

pub(crate) fn analyzer() -> &'static Analyzer {
    static ANALYZER: OnceLock<Analyzer> = OnceLock::new();
    ANALYZER.get_or_init(|| {
        Analyzer::load(built_dictionary(), &[EXTRA_WORD.to_owned()]).unwrap_or_else(|error| panic!("{error}"))
    })
}
