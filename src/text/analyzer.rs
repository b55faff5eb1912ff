//! The analyser: the dictionary loaded once, shared by every worker.

use std::borrow::Cow;
use std::cell::RefCell;
use std::path::Path;

use lindera::dictionary::{DictionaryBuilder, Lattice, Metadata};
use lindera::mode::Mode;
use lindera::segmenter::Segmenter;
use lindera::token::Token;

use super::error::TextError;
use super::terms::{Features, TermCollector, Word, WordLists};
use super::{dictionary, lexicon, normalize};

thread_local! {
    /// Viterbi scratch space, reused by every comment analysed on this thread.
    static LATTICE: RefCell<Lattice> = RefCell::new(Lattice::default());
}

/// Segments comments with IPADIC plus koe's domain words and turns them into terms.
pub struct Analyzer {
    segmenter: Segmenter,
    word_lists: WordLists,
}

impl Analyzer {
    /// Loads the built dictionary in `dict_dir` and adds `extra_words` (admin-defined
    /// product and feature names) as nouns that always stay one token.
    pub fn load(dict_dir: &Path, extra_words: &[String]) -> Result<Analyzer, TextError> {
        let system = dictionary::load(dict_dir)?;
        let user_words = lexicon::user_words(extra_words)?;
        let user = DictionaryBuilder::new(Metadata::clone(&system.metadata))
            .build_user_dict_from_reader(lexicon::user_dictionary_csv(&user_words).as_bytes())
            .map_err(TextError::lindera("build koe's user dictionary"))?;
        Ok(Analyzer {
            segmenter: Segmenter::new(Mode::Normal, system, Some(user)),
            word_lists: WordLists { stop_words: lexicon::stop_words(), negation_cues: lexicon::negation_cues() },
        })
    }

    /// The distinct terms of one comment, in first-occurrence order (see `terms.rs` for
    /// what a term is). The comment itself is not changed.
    pub fn terms(&self, comment: &str) -> Vec<String> {
        let normalized = normalize::for_analysis(comment);
        let segmented = LATTICE.with_borrow_mut(|lattice| {
            self.segmenter.segment_with_lattice(Cow::Borrowed(normalized.as_str()), lattice)
        });
        let tokens = match segmented {
            Ok(tokens) => tokens,
            Err(error) => {
                // Segmentation only fails on a corrupt dictionary; the answer is still stored.
                tracing::error!(%error, "cannot segment a comment; storing it without terms");
                return Vec::new();
            }
        };

        let mut collector = TermCollector::new(&self.word_lists);
        let mut previous_end = 0;
        for token in &tokens {
            // lindera drops white-space tokens; a gap between two tokens is where one was.
            if token.byte_start != previous_end {
                collector.boundary();
            }
            previous_end = token.byte_end;
            let Some(surface) = normalized.get(token.byte_start..token.byte_end) else { continue };
            collector.push(&Word { surface, features: features(token), is_user_word: is_user_word(token) });
        }
        collector.finish()
    }
}

/// The token's IPADIC columns, read in place from the dictionary without allocating.
fn features<'a>(token: &Token<'a>) -> Features<'a> {
    let id = token.word_id.id() as usize;
    let columns = if token.word_id.is_unknown() {
        token.dictionary.unknown_word_details_iter(id)
    } else if let (false, Some(user)) = (token.word_id.is_system(), token.user_dictionary) {
        user.word_details_iter(id)
    } else {
        token.dictionary.word_details_iter(id)
    };
    Features::from_columns(columns)
}

fn is_user_word(token: &Token<'_>) -> bool {
    !token.word_id.is_unknown() && !token.word_id.is_system()
}

#[cfg(test)]
mod tests {
    use crate::text::test_support::analyzer;

    #[test]
    fn dump() {
        for s in std::fs::read_to_string("/tmp/koe-samples.txt").unwrap().lines() {
            eprintln!("{s}  =>  {:?}", analyzer().terms(s));
        }
    }
}
