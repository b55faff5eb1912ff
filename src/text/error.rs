//! What can go wrong while building or loading the dictionary.

use std::path::PathBuf;

use lindera::error::LinderaError;

/// A failure to build or load the Japanese dictionary; each message says what to do next.
#[derive(Debug, thiserror::Error)]
pub enum TextError {
    #[error(
        "IPADIC sources not found at {} (missing {missing}) — install Debian's mecab-ipadic (koe setup)",
        path.display()
    )]
    SourceMissing {
        path: PathBuf,
        missing: &'static str,
    },

    #[error("{} is not valid EUC-JP; reinstall Debian's mecab-ipadic", path.display())]
    SourceEncoding { path: PathBuf },

    #[error("no complete dictionary at {} — run `koe dict build`", path.display())]
    NotBuilt { path: PathBuf },

    #[error("cannot {action} {}: {source}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("lindera cannot {action}: {source}")]
    Lindera {
        action: &'static str,
        source: LinderaError,
    },

    #[error("dictionaries/{file} line {line}: {reason}")]
    BundledData {
        file: &'static str,
        line: usize,
        reason: String,
    },
}

impl TextError {
    pub(crate) fn io(
        action: &'static str,
        path: impl Into<PathBuf>,
    ) -> impl FnOnce(std::io::Error) -> TextError {
        let path = path.into();
        move |source| TextError::Io {
            action,
            path,
            source,
        }
    }

    pub(crate) fn lindera(action: &'static str) -> impl FnOnce(LinderaError) -> TextError {
        move |source| TextError::Lindera { action, source }
    }
}
