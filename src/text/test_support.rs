//! One dictionary build and one analyser per test process.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use super::{default_ipadic_source, ensure_dictionary, Analyzer};

/// Admin-defined words: one IPADIC would split (コエ + 分析), one with a space in it.
pub(crate) const EXTRA_WORDS: [&str; 2] = ["コエ分析", "Koe Cloud"];

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
        Analyzer::load(built_dictionary(), &EXTRA_WORDS.map(String::from))
            .unwrap_or_else(|error| panic!("{error}"))
    })
}

/// A fresh folder under the system temp dir, removed when dropped.
pub(crate) struct ScratchDir(PathBuf);

impl ScratchDir {
    pub(crate) fn new(name: &str) -> ScratchDir {
        let path = std::env::temp_dir().join(format!("koe-text-{name}-{}", std::process::id()));
        // A leftover from an earlier run with the same pid would make the test meaningless.
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap_or_else(|error| panic!("{error}"));
        ScratchDir(path)
    }

    pub(crate) fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for ScratchDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
