//! Japanese text analysis: the terms of a comment, for keyword counts.
//!
//! `ensure_dictionary`/`build_dictionary` compile Debian's IPADIC into lindera's format
//! (`dictionary.rs`); `Analyzer::load` maps it once per process and adds koe's word lists
//! from `dictionaries/` (`lexicon.rs`); `Analyzer::terms` normalises a comment
//! (`normalize.rs`), segments it and keeps the base forms of its content words
//! (`terms.rs`, which also documents how negation is represented).

mod analyzer;
mod dictionary;
mod error;
mod lexicon;
mod normalize;
mod shared;
pub mod snippet;
mod terms;
#[cfg(test)]
mod test_support;

pub use analyzer::Analyzer;
pub use dictionary::{build_dictionary, default_ipadic_source, ensure_dictionary};
pub use error::TextError;
pub use normalize::for_analysis;
pub use shared::{AnalyzerSource, SharedAnalyzer};
pub use terms::NEGATED_SUFFIX;
