//! The analyser: the dictionary loaded once, shared by every worker.

use std::borrow::Cow;
use std::cell::RefCell;
use std::path::Path;

use lindera::dictionary::{Dictionary, DictionaryBuilder, Lattice, Metadata};
use lindera::mode::Mode;
use lindera::segmenter::Segmenter;
use lindera::token::Token;
use sha2::{Digest, Sha256};

use super::error::TextError;
use super::terms::{Features, TermCollector, Word, WordLists};
use super::{dictionary, lexicon, normalize};

thread_local! {
    /// Viterbi scratch space, reused by every comment analysed on this thread.
    static LATTICE: RefCell<Lattice> = RefCell::new(Lattice::default());
}

/// Bump when the rules that turn tokens into terms change (`terms.rs`, `normalize.rs`), so
/// that the fingerprint changes and `koe text reindex` re-analyses stored comments.
const ANALYSIS_REVISION: u32 = 2;

/// Segments comments with IPADIC plus koe's domain words and turns them into terms.
pub struct Analyzer {
    segmenter: Segmenter,
    word_lists: WordLists,
    /// The dictionary build's marker: which recipe and which sources made it.
    build: String,
    fingerprint: String,
}

impl Analyzer {
    /// Loads the built dictionary in `dict_dir` and adds `extra_words` (admin-defined
    /// product and feature names) as nouns that always stay one token.
    pub fn load(dict_dir: &Path, extra_words: &[String]) -> Result<Analyzer, TextError> {
        let (system, build) = dictionary::load(dict_dir)?;
        Analyzer::build(system, build, extra_words)
    }

    /// The same system dictionary (shared, not loaded again) with other `extra_words`:
    /// what an admin's change to the custom words costs, a few milliseconds.
    pub fn with_words(&self, extra_words: &[String]) -> Result<Analyzer, TextError> {
        Analyzer::build(self.segmenter.dictionary.clone(), self.build.clone(), extra_words)
    }

    fn build(system: Dictionary, build: String, extra_words: &[String]) -> Result<Analyzer, TextError> {
        let user_words = lexicon::user_words(extra_words)?;
        let user = DictionaryBuilder::new(Metadata::clone(&system.metadata))
            .build_user_dict_from_reader(lexicon::user_dictionary_csv(&user_words).as_bytes())
            .map_err(TextError::lindera("build koe's user dictionary"))?;
        Ok(Analyzer {
            segmenter: Segmenter::new(Mode::Normal, system, Some(user)),
            word_lists: WordLists {
                stop_words: lexicon::stop_words(),
                negation_cues: lexicon::negation_cues(),
                detached_nouns: lexicon::detached_nouns(),
            },
            fingerprint: fingerprint(&build, &user_words),
            build,
        })
    }

    /// Identifies what this analyser makes of a comment: the dictionary build, koe's word
    /// lists and rules, and the extra words. Two analysers with the same fingerprint give
    /// the same terms; stored terms made by another fingerprint are out of date.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// The distinct terms of one comment, in first-occurrence order (see `terms.rs` for
    /// what a term is). The comment itself is not changed.
    pub fn terms(&self, comment: &str) -> Vec<String> {
        let normalized = normalize::for_analysis(comment);
        let segmented = LATTICE.with_borrow_mut(|lattice| {
            self.segmenter
                .segment_with_lattice(Cow::Borrowed(normalized.as_str()), lattice)
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
        let mut rest = tokens.as_slice();
        while let Some(first) = rest.first() {
            // lindera drops white-space tokens; a gap between two tokens is where one was.
            if first.byte_start != previous_end {
                collector.boundary();
            }
            let (word_tokens, tail) = rest.split_at(ascii_word_len(&normalized, rest).max(1));
            rest = tail;
            previous_end = word_tokens
                .last()
                .map_or(previous_end, |last| last.byte_end);
            if let Some(word) = word(&normalized, word_tokens) {
                collector.push(&word);
            }
        }
        collector.finish()
    }
}

/// 16 hex digits of SHA-256 over everything that decides the terms of a comment.
fn fingerprint(build: &str, user_words: &[lexicon::UserWord]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(build);
    hasher.update(format!("analysis revision {ANALYSIS_REVISION}\n"));
    for list in lexicon::bundled_lists() {
        hasher.update(list);
        hasher.update([0]);
    }
    // The bundled words are in the list above; what the extra words add is their spelling.
    for word in user_words {
        hasher.update(word.spelling.as_bytes());
        hasher.update([0]);
    }
    hasher.finalize()[..8]
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// The word spelled by `tokens`: one token, or several that make up one ASCII word.
fn word<'a>(text: &'a str, tokens: &[Token<'a>]) -> Option<Word<'a>> {
    let (first, last) = (tokens.first()?, tokens.last()?);
    let surface = text.get(first.byte_start..last.byte_end)?;
    Some(match tokens {
        [token] => Word {
            surface,
            features: features(token),
            is_user_word: is_user_word(token),
        },
        _ => Word {
            surface,
            features: Features::GENERAL_NOUN,
            is_user_word: false,
        },
    })
}

/// How many tokens at the start of `tokens` spell one ASCII word without a gap. IPADIC
/// knows single letters, and koe's short words (UI, API) would otherwise be cut out of
/// longer ones (b + ui + ld): an ASCII word is always kept whole.
fn ascii_word_len(text: &str, tokens: &[Token<'_>]) -> usize {
    let mut previous_end = None;
    tokens
        .iter()
        .take_while(|token| {
            let contiguous = previous_end.is_none_or(|end| end == token.byte_start);
            previous_end = Some(token.byte_end);
            let surface = text
                .get(token.byte_start..token.byte_end)
                .unwrap_or_default();
            contiguous && !surface.is_empty() && surface.bytes().all(|b| b.is_ascii_alphanumeric())
        })
        .count()
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
    use std::borrow::Cow;

    use super::Analyzer;
    use crate::text::lexicon;
    use crate::text::normalize;
    use crate::text::test_support::{analyzer, ScratchDir, EXTRA_WORDS};
    use crate::text::TextError;

    fn terms(comment: &str) -> Vec<String> {
        analyzer().terms(comment)
    }

    fn token_count(text: &str) -> usize {
        let normalized = normalize::for_analysis(text);
        let tokens = analyzer()
            .segmenter
            .segment(Cow::Borrowed(normalized.as_str()));
        tokens
            .map(|tokens| tokens.len())
            .unwrap_or_else(|error| panic!("{error}"))
    }

    #[test]
    fn the_analyzer_can_be_shared_across_workers() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Analyzer>();
    }

    #[test]
    fn every_user_dictionary_word_is_one_token_and_one_term() {
        let words = lexicon::user_words(&[]).unwrap_or_else(|error| panic!("{error}"));
        assert!(words.len() >= 17);
        for word in words {
            assert_eq!(token_count(&word.spelling), 1, "{} is split", word.spelling);
            assert_eq!(terms(&word.spelling), [word.spelling.as_str()]);
        }
    }

    #[test]
    fn extra_words_given_to_load_are_one_token_each() {
        for word in EXTRA_WORDS {
            assert_eq!(token_count(word), 1, "{word} is split");
            assert_eq!(terms(&format!("{word}が便利")), [word, "便利"]);
        }
    }

    #[test]
    fn extra_words_need_no_csv_escaping_by_the_caller() {
        let tricky = ["a,b".to_owned(), "say \"hi\"".to_owned(), "  ".to_owned()];
        let analyzer = Analyzer::load(crate::text::test_support::built_dictionary(), &tricky);
        assert!(analyzer.is_ok());
    }

    #[test]
    fn nouns_and_predicates_come_out_as_base_forms() {
        assert_eq!(terms("管理画面が使いにくい"), ["管理画面", "使いにくい"]);
        assert_eq!(
            terms("ダッシュボードが重くて表示が遅かった"),
            ["ダッシュボード", "重い", "表示", "遅い"]
        );
    }

    #[test]
    fn generic_nouns_neither_join_a_compound_nor_count_as_terms() {
        assert_eq!(terms("サービス全体が重い"), ["サービス", "重い"]);
        assert_eq!(terms("機能自体は良い"), ["機能", "良い"]);
    }

    #[test]
    fn consecutive_nouns_form_one_compound() {
        assert_eq!(terms("解約理由は料金です"), ["解約理由", "料金"]);
        assert_eq!(terms("対応時間が短い"), ["対応時間", "短い"]);
        assert_eq!(terms("再設定がうまくいかない"), ["再設定", "うまい(否定)"]);
    }

    #[test]
    fn a_negated_predicate_never_counts_as_the_plain_one() {
        assert_eq!(terms("使いやすくない"), ["使いやすい(否定)"]);
        assert_eq!(terms("使えなかった"), ["使える(否定)"]);
        assert_eq!(terms("ログインできません"), ["ログイン(否定)"]);
        assert_eq!(terms("サポート対応してくれない"), ["サポート対応(否定)"]);
        assert_eq!(terms("便利ではない"), ["便利(否定)"]);
        assert_eq!(terms("問題ありません"), ["問題(否定)"]);
        assert_eq!(
            terms("使いやすい。でも使いやすくない"),
            ["使いやすい", "使いやすい(否定)"]
        );
    }

    #[test]
    fn half_width_katakana_is_analysed_as_full_width() {
        assert_eq!(terms("ｻﾎﾟｰﾄが最高！！！"), ["サポート", "最高"]);
    }

    #[test]
    fn stop_words_symbols_and_emoji_are_dropped() {
        assert_eq!(terms("今回のことはとても感じがよかった😊"), ["よい"]);
        assert_eq!(terms("サポート対応する"), ["サポート対応"]);
        assert_eq!(terms("最高wwww (笑)"), ["最高"]);
    }

    #[test]
    fn ascii_words_stay_whole() {
        assert_eq!(terms("buildとguideとUI"), ["build", "guide", "UI"]);
        assert_eq!(terms("slack連携とapi"), ["Slack連携", "API"]);
    }

    #[test]
    fn terms_are_distinct_in_first_occurrence_order() {
        assert_eq!(
            terms("請求書が遅い。請求書の金額も請求書も遅い"),
            ["請求書", "遅い", "金額"]
        );
    }

    #[test]
    fn empty_blank_and_symbol_only_comments_have_no_terms() {
        for comment in [
            "",
            "   ",
            "\u{3000}\n",
            "！？。、…",
            "😊😊",
            "123",
            "https://example.com",
        ] {
            assert!(
                terms(comment).is_empty(),
                "{comment:?} gave {:?}",
                terms(comment)
            );
        }
    }

    #[test]
    fn loading_a_folder_without_a_complete_build_fails_clearly() {
        let scratch = ScratchDir::new("not-built");
        match Analyzer::load(scratch.path(), &[]) {
            Err(error @ TextError::NotBuilt { .. }) => {
                assert!(error.to_string().contains("koe dict build"))
            }
            Err(error) => panic!("unexpected error: {error}"),
            Ok(_) => panic!("loaded an empty folder"),
        }
    }
}
