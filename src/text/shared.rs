//! The analyser a running process uses, replaceable without a restart.
//!
//! Admins add words while koe runs, so the analyser is swapped, never mutated: each
//! request takes a snapshot (`current`) and keeps using it even if a newer analyser is
//! installed meanwhile. Each analyser carries the *version* of the word list it was built
//! from (an opaque number kept by the caller, e.g. the database's dictionary version).

use std::sync::{Arc, Mutex, PoisonError, RwLock};

use super::Analyzer;

/// A process-wide, swappable analyser; cloning shares the same one.
#[derive(Clone)]
pub struct SharedAnalyzer {
    inner: Arc<Inner>,
}

struct Inner {
    installed: RwLock<Installed>,
    /// Serialises updates, so that a slow update that read an older word list can never
    /// install it over a newer one.
    updating: Mutex<()>,
}

struct Installed {
    analyzer: Arc<Analyzer>,
    version: i64,
}

impl SharedAnalyzer {
    /// Starts with `analyzer`, built from the word list at `version`.
    pub fn new(analyzer: Analyzer, version: i64) -> SharedAnalyzer {
        SharedAnalyzer {
            inner: Arc::new(Inner {
                installed: RwLock::new(Installed {
                    analyzer: Arc::new(analyzer),
                    version,
                }),
                updating: Mutex::new(()),
            }),
        }
    }

    /// The analyser to use for the work at hand.
    pub fn current(&self) -> Arc<Analyzer> {
        self.read(|installed| installed.analyzer.clone())
    }

    /// The version of the word list the current analyser was built from.
    pub fn version(&self) -> i64 {
        self.read(|installed| installed.version)
    }

    /// Runs `update` with the current analyser and version, one update at a time, and
    /// installs the analyser it returns (with its version). Returns whether it installed one.
    pub fn update<E>(
        &self,
        update: impl FnOnce(&Analyzer, i64) -> Result<Option<(Analyzer, i64)>, E>,
    ) -> Result<bool, E> {
        let _one_at_a_time = self
            .inner
            .updating
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let (current, version) = self.read(|installed| (installed.analyzer.clone(), installed.version));
        let Some((analyzer, version)) = update(&current, version)? else {
            return Ok(false);
        };
        let mut installed = self
            .inner
            .installed
            .write()
            .unwrap_or_else(PoisonError::into_inner);
        *installed = Installed {
            analyzer: Arc::new(analyzer),
            version,
        };
        Ok(true)
    }

    fn read<T>(&self, read: impl FnOnce(&Installed) -> T) -> T {
        // The lock only guards a pointer swap, which cannot panic half-way.
        read(&self
            .inner
            .installed
            .read()
            .unwrap_or_else(PoisonError::into_inner))
    }
}

/// Where the analyser for one piece of work comes from: a fixed [`Analyzer`], or the
/// process's [`SharedAnalyzer`], of which one snapshot is taken for the whole piece of work.
pub trait AnalyzerSource {
    fn with_analyzer<T>(&self, work: impl FnOnce(&Analyzer) -> T) -> T;
}

impl AnalyzerSource for Analyzer {
    fn with_analyzer<T>(&self, work: impl FnOnce(&Analyzer) -> T) -> T {
        work(self)
    }
}

impl AnalyzerSource for Arc<Analyzer> {
    fn with_analyzer<T>(&self, work: impl FnOnce(&Analyzer) -> T) -> T {
        work(self)
    }
}

impl AnalyzerSource for SharedAnalyzer {
    fn with_analyzer<T>(&self, work: impl FnOnce(&Analyzer) -> T) -> T {
        work(&self.current())
    }
}

#[cfg(test)]
mod tests {
    use super::SharedAnalyzer;
    use crate::text::test_support::built_dictionary;
    use crate::text::Analyzer;

    fn load(words: &[&str]) -> Analyzer {
        let words: Vec<String> = words.iter().map(|word| word.to_string()).collect();
        Analyzer::load(built_dictionary(), &words).unwrap_or_else(|error| panic!("{error}"))
    }

    #[test]
    fn a_snapshot_keeps_working_after_an_update_and_the_next_one_sees_the_new_words() {
        let shared = SharedAnalyzer::new(load(&[]), 0);
        let before = shared.current();
        assert_eq!(before.terms("らくらく精算が便利"), ["精算", "便利"]);

        let installed = shared.update(|current, version| {
            assert_eq!(version, 0);
            current
                .with_words(&["らくらく精算".to_owned()])
                .map(|analyzer| Some((analyzer, 1)))
        });
        assert!(matches!(installed, Ok(true)));

        assert_eq!(before.terms("らくらく精算が便利"), ["精算", "便利"]);
        assert_eq!(shared.current().terms("らくらく精算が便利"), ["らくらく精算", "便利"]);
        assert_eq!(shared.version(), 1);
        assert_ne!(before.fingerprint(), shared.current().fingerprint());
    }

    #[test]
    fn an_update_that_finds_nothing_new_keeps_the_analyser() {
        let shared = SharedAnalyzer::new(load(&[]), 7);
        let before = shared.current();
        let installed = shared.update(|_, _| Ok::<_, ()>(None));
        assert_eq!(installed, Ok(false));
        assert!(std::sync::Arc::ptr_eq(&before, &shared.current()));
        assert_eq!(shared.version(), 7);
    }

    #[test]
    fn the_fingerprint_depends_on_the_words_only() {
        let plain = load(&[]);
        assert_eq!(plain.fingerprint(), load(&[]).fingerprint());
        assert_eq!(plain.fingerprint().len(), 16);
        let with_word = plain
            .with_words(&["らくらく精算".to_owned()])
            .unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(with_word.fingerprint(), load(&["らくらく精算"]).fingerprint());
        assert_ne!(with_word.fingerprint(), plain.fingerprint());
    }
}
