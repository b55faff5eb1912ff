//! The analyser on the team's corpus (tests/corpus/README.md): 344 realistic NPS comments with
//! planted themes. What a keyword report can show is what these terms are, so: no stop words,
//! no particles or auxiliaries, no punctuation, symbols or emoji, and every planted theme comes
//! out as a term about as often as it was planted.
#![allow(clippy::expect_used)] // a test may stop at the first thing that goes wrong

mod common;

use koe::text::{for_analysis, NEGATED_SUFFIX};
use std::collections::{BTreeMap, HashSet};

const CORPUS: &str = include_str!("corpus/comments.tsv");
const STOP_WORDS: &str = include_str!("../dictionaries/stop_words.txt");

/// Particles (助詞) and auxiliaries (助動詞), in their surface and base forms.
const FUNCTION_WORDS: [&str; 34] = [
    "は", "が", "を", "に", "で", "と", "も", "の", "へ", "や", "から", "まで", "より", "けど", "ね", "よ", "か", "な", "て", "ば", "です",
    "ます", "た", "だ", "ない", "ん", "ぬ", "れる", "られる", "せる", "させる", "たい", "らしい", "う",
];

struct Comment {
    category: &'static str,
    text: &'static str,
    terms: Vec<String>,
}

fn analysed_corpus() -> Vec<Comment> {
    let analyzer = common::analyzer();
    CORPUS
        .lines()
        .skip(1)
        .map(|line| {
            let mut fields = line.splitn(3, '\t');
            let (category, _score, text) = (fields.next().expect("category"), fields.next(), fields.next().expect("comment"));
            Comment { category, text, terms: analyzer.terms(text) }
        })
        .collect()
}

fn base(term: &str) -> &str {
    term.strip_suffix(NEGATED_SUFFIX).unwrap_or(term)
}

/// Comments per category whose terms satisfy `matches`.
fn document_frequency(corpus: &[Comment], matches: impl Fn(&[String]) -> bool) -> BTreeMap<&'static str, usize> {
    let mut counts = BTreeMap::from([("detractor", 0), ("passive", 0), ("promoter", 0)]);
    for comment in corpus.iter().filter(|comment| matches(&comment.terms)) {
        *counts.entry(comment.category).or_default() += 1;
    }
    counts
}

fn has(term: &'static str) -> impl Fn(&[String]) -> bool {
    move |terms| terms.iter().any(|t| t == term)
}

/// The term itself or a compound that contains it (サポート対応, チャットサポート).
fn contains(word: &'static str) -> impl Fn(&[String]) -> bool {
    move |terms| terms.iter().any(|term| base(term).contains(word))
}

#[test]
fn the_corpus_is_the_one_its_readme_describes() {
    let corpus = analysed_corpus();
    assert_eq!(corpus.len(), 344);
    let per_category = document_frequency(&corpus, |_| true);
    assert_eq!(per_category, BTreeMap::from([("detractor", 141), ("passive", 71), ("promoter", 132)]));
}

#[test]
fn no_term_is_a_stop_word() {
    let stop_words: HashSet<String> =
        STOP_WORDS.lines().map(str::trim).filter(|line| !line.is_empty() && !line.starts_with('#')).map(for_analysis).collect();
    for comment in analysed_corpus() {
        for term in &comment.terms {
            assert!(!stop_words.contains(&for_analysis(base(term))), "stop word {term:?} from {:?}", comment.text);
        }
    }
}

#[test]
fn no_term_is_or_carries_a_particle_or_an_auxiliary() {
    for comment in analysed_corpus() {
        for term in &comment.terms {
            let base = base(term);
            assert!(!FUNCTION_WORDS.contains(&base), "function word {term:?} from {:?}", comment.text);
            for glued in ["です", "ます", "でした", "ました", "ません"] {
                assert!(!base.ends_with(glued), "{term:?} carries {glued} (from {:?})", comment.text);
            }
        }
    }
}

#[test]
fn no_term_holds_punctuation_symbols_emoji_or_white_space() {
    for comment in analysed_corpus() {
        for term in &comment.terms {
            assert!(
                base(term).chars().all(char::is_alphanumeric),
                "{term:?} holds a mark that is not a letter or digit (from {:?})",
                comment.text
            );
            assert!(!term.is_empty());
        }
    }
}

#[test]
fn terms_are_distinct_within_each_comment() {
    for comment in analysed_corpus() {
        let distinct: HashSet<&String> = comment.terms.iter().collect();
        assert_eq!(distinct.len(), comment.terms.len(), "{:?} gave {:?}", comment.text, comment.terms);
    }
}

/// The README's minimums (a substring count) hold for the terms too.
#[test]
fn the_planted_detractor_themes_come_out_as_terms() {
    let corpus = analysed_corpus();
    let admin_screen = document_frequency(&corpus, has("管理画面"));
    assert!(admin_screen["detractor"] >= 35 && admin_screen["promoter"] <= 3, "管理画面: {admin_screen:?}");
    let invoice = document_frequency(&corpus, has("請求書"));
    assert!(invoice["detractor"] >= 25 && invoice["promoter"] == 0, "請求書: {invoice:?}");
    let garbled = document_frequency(&corpus, has("文字化け"));
    assert!(garbled["detractor"] >= 20 && garbled["promoter"] == 0, "文字化け: {garbled:?}");
    let slow_reply = document_frequency(&corpus, |terms| has("返信")(terms) && has("遅い")(terms));
    assert!(slow_reply["detractor"] >= 20 && slow_reply["promoter"] == 0, "返信 + 遅い: {slow_reply:?}");

    // 使いやすくない and 使いにくい: never the plain 使いやすい.
    let hard_to_use = document_frequency(&corpus, |terms| has("使いにくい")(terms) || has("使いやすい(否定)")(terms));
    assert!(hard_to_use["detractor"] >= 15 && hard_to_use["promoter"] == 0, "使いにくい: {hard_to_use:?}");
    for comment in corpus.iter().filter(|comment| comment.text.contains("使いやすくない")) {
        assert!(comment.terms.iter().any(|term| term == "使いやすい(否定)"), "{:?} gave {:?}", comment.text, comment.terms);
        assert!(!comment.terms.iter().any(|term| term == "使いやすい"), "{:?} gave {:?}", comment.text, comment.terms);
    }
}

#[test]
fn the_planted_promoter_themes_come_out_as_terms() {
    let corpus = analysed_corpus();
    let easy = document_frequency(&corpus, has("使いやすい"));
    assert!(easy["promoter"] >= 30, "使いやすい: {easy:?}");
    let dashboard = document_frequency(&corpus, has("ダッシュボード"));
    assert!(dashboard["promoter"] >= 20, "ダッシュボード: {dashboard:?}");
    let adoption = document_frequency(&corpus, has("導入"));
    assert!(adoption["promoter"] >= 15, "導入: {adoption:?}");
    // Praise for support is worded many ways (サポートの方, サポート対応, チャットサポート):
    // the theme is every term that is or contains サポート.
    let support = document_frequency(&corpus, contains("サポート"));
    assert!(support["promoter"] >= 30, "サポート: {support:?}");
}

/// The README counts substrings; a few mentions are inside compounds (有料サービス,
/// サービス全体, 機能追加, 機能要望), which are terms of their own, so a compound counts here.
#[test]
fn the_words_common_to_every_category_are_counted_in_every_category() {
    let corpus = analysed_corpus();
    let service = document_frequency(&corpus, contains("サービス"));
    assert!(service["detractor"] >= 25 && service["passive"] >= 12 && service["promoter"] >= 25, "サービス: {service:?}");
    let feature = document_frequency(&corpus, contains("機能"));
    assert!(feature["detractor"] >= 24 && feature["passive"] >= 15 && feature["promoter"] >= 25, "機能: {feature:?}");
}
