//! From IPADIC tokens to terms: base forms of content words, compound nouns, negation.
//!
//! Tokens are read left to right. A content word opens a *predicate* (a noun compound, a
//! verb or an adjective); function words that can continue it (auxiliaries, て, は, が after
//! a noun, light verbs such as する) keep it open, so that a negation cue arriving later
//! still applies to it; anything else closes it and it becomes a term.
//!
//! A negated predicate is reported as its base form followed by `(否定)`:
//! 使いやすくない → `使いやすい(否定)`, ログインできません → `ログイン(否定)`,
//! 問題ない → `問題(否定)`. The plain base form is never counted for a negated predicate.

use std::collections::HashSet;

/// Appended to the base form of a negated predicate: 使いやすくない → 使いやすい(否定).
pub const NEGATED_SUFFIX: &str = "(否定)";

/// Adjectives that turn a verb stem into "easy/hard to …" (使い + やすい, わかり + づらい).
const EASE_ADJECTIVES: [&str; 4] = ["やすい", "にくい", "づらい", "がたい"];

/// Honorific prefixes (お問い合わせ, ご対応): dropped so that the term is the bare noun.
const HONORIFIC_PREFIXES: [&str; 3] = ["お", "ご", "御"];

/// The IPADIC columns the rules read, borrowed from the dictionary.
#[derive(Clone, Copy)]
pub(crate) struct Features<'a> {
    pub(crate) part_of_speech: &'a str,
    pub(crate) subcategory_1: &'a str,
    pub(crate) subcategory_2: &'a str,
    pub(crate) conjugation_form: &'a str,
    pub(crate) base_form: &'a str,
}

impl<'a> Features<'a> {
    /// A common noun (名詞,一般), for words put together from several tokens.
    pub(crate) const GENERAL_NOUN: Features<'static> = Features {
        part_of_speech: "名詞",
        subcategory_1: "一般",
        subcategory_2: "*",
        conjugation_form: "*",
        base_form: "*",
    };

    /// Reads IPADIC's detail columns (part of speech, three subcategories, conjugation
    /// type and form, base form, …); missing columns read as `*`.
    pub(crate) fn from_columns(columns: impl Iterator<Item = &'a str>) -> Features<'a> {
        let mut values = ["*"; 7];
        values
            .iter_mut()
            .zip(columns)
            .for_each(|(slot, value)| *slot = value);
        let [part_of_speech, subcategory_1, subcategory_2, _, _, conjugation_form, base_form] =
            values;
        Features {
            part_of_speech,
            subcategory_1,
            subcategory_2,
            conjugation_form,
            base_form,
        }
    }
}

/// One token of the normalised comment.
pub(crate) struct Word<'a> {
    pub(crate) surface: &'a str,
    pub(crate) features: Features<'a>,
    /// koe's own words report their display spelling, kept in the base-form column.
    pub(crate) is_user_word: bool,
}

/// What a token does in the rules below.
enum Role<'a> {
    Noun {
        text: &'a str,
        adverbial: bool,
    },
    NounSuffix(&'a str),
    Prefix(&'a str),
    Verb {
        base: &'a str,
        stem: &'a str,
        continuative: bool,
    },
    Adjective {
        base: &'a str,
        stem: &'a str,
        stem_form: bool,
    },
    Negation,
    Auxiliary,
    Particle {
        surface: &'a str,
        subcategory: &'a str,
    },
    Break,
}

#[derive(Clone, Copy, PartialEq)]
enum PredicateKind {
    Noun,
    Verb,
    Adjective,
}

struct Predicate<'a> {
    kind: PredicateKind,
    /// The term so far: the joined nouns, or the base form of the verb or adjective.
    text: String,
    /// Surface of the last content token (the 連用形 使い of a verb, for 使いやすい).
    stem: &'a str,
    /// A verb in 連用形, or an adjective in ガル接続 (the 使いやす of 使いやすさ).
    stem_form: bool,
    /// Nouns may still be appended (false after a 副詞可能 noun such as 時間 or 最近).
    accepts_nouns: bool,
    /// Function words have followed the content word, so nothing joins it any more.
    continued: bool,
    negated: bool,
}

/// The stop words and negation cues the rules consult.
pub(crate) struct WordLists {
    pub(crate) stop_words: HashSet<String>,
    pub(crate) negation_cues: HashSet<String>,
    pub(crate) detached_nouns: HashSet<String>,
}

/// Collects the distinct terms of one comment, in first-occurrence order.
pub(crate) struct TermCollector<'a> {
    lists: &'a WordLists,
    predicate: Option<Predicate<'a>>,
    prefix: Option<&'a str>,
    terms: Vec<String>,
}

impl<'a> TermCollector<'a> {
    pub(crate) fn new(lists: &'a WordLists) -> TermCollector<'a> {
        TermCollector {
            lists,
            predicate: None,
            prefix: None,
            terms: Vec::new(),
        }
    }

    /// Marks a point nothing may join across (white space between tokens).
    pub(crate) fn boundary(&mut self) {
        self.close();
        self.prefix = None;
    }

    pub(crate) fn push(&mut self, word: &Word<'a>) {
        // A prefix (再, 未, 新) only ever attaches to the token right after it.
        let prefix = self.prefix.take();
        match self.role(word) {
            Role::Noun { text, adverbial } => self.noun(prefix, text, adverbial),
            Role::NounSuffix(text) => self.noun_suffix(text),
            Role::Prefix(text) => {
                self.close();
                self.prefix = Some(text);
            }
            Role::Verb {
                base,
                stem,
                continuative,
            } => self.verb(base, stem, continuative),
            Role::Adjective {
                base,
                stem,
                stem_form,
            } => self.adjective(base, stem, stem_form),
            Role::Negation => {
                if let Some(predicate) = &mut self.predicate {
                    predicate.negated = true;
                    predicate.continued = true;
                }
            }
            Role::Auxiliary => self.continue_predicate(),
            Role::Particle {
                surface,
                subcategory,
            } => match &self.predicate {
                Some(predicate) if continues(predicate.kind, surface, subcategory) => {
                    self.continue_predicate()
                }
                _ => self.boundary(),
            },
            Role::Break => self.boundary(),
        }
    }

    pub(crate) fn finish(mut self) -> Vec<String> {
        self.close();
        self.terms
    }

    fn role(&self, word: &Word<'a>) -> Role<'a> {
        let Features {
            part_of_speech,
            subcategory_1,
            subcategory_2,
            conjugation_form,
            base_form,
        } = word.features;
        let base = if base_form == "*" {
            word.surface
        } else {
            base_form
        };
        match part_of_speech {
            // koe's own words are reported in their display spelling (SaaS), kept as base form.
            "名詞" if word.is_user_word => Role::Noun {
                text: base,
                adverbial: false,
            },
            // IPADIC's base form keeps the un-normalised spelling (ＦＡＸ): nouns use the
            // normalised surface.
            "名詞" => match subcategory_1 {
                "一般" | "固有名詞" | "サ変接続" | "形容動詞語幹" | "ナイ形容詞語幹" => {
                    Role::Noun {
                        text: word.surface,
                        adverbial: false,
                    }
                }
                "副詞可能" => Role::Noun {
                    text: word.surface,
                    adverbial: true,
                },
                "接尾" => match subcategory_2 {
                    "一般" | "サ変接続" | "形容動詞語幹" | "副詞可能" | "地域" | "特殊" => {
                        Role::NounSuffix(word.surface)
                    }
                    // さん, 様 (人名), 回, 個 (助数詞), そう (助動詞語幹)
                    _ => Role::Break,
                },
                // 代名詞, 数, 非自立 (こと, もの), 特殊, 引用文字列, 動詞非自立的, 接続詞的
                _ => Role::Break,
            },
            "接頭詞"
                if subcategory_1 == "名詞接続" && !HONORIFIC_PREFIXES.contains(&word.surface) =>
            {
                Role::Prefix(word.surface)
            }
            "助動詞" | "形容詞" if self.lists.negation_cues.contains(base) => Role::Negation,
            "動詞" if subcategory_1 == "自立" => Role::Verb {
                base,
                stem: word.surface,
                continuative: conjugation_form.starts_with("連用"),
            },
            "形容詞" if subcategory_1 == "自立" || EASE_ADJECTIVES.contains(&base) => {
                Role::Adjective {
                    base,
                    stem: word.surface,
                    stem_form: conjugation_form == "ガル接続",
                }
            }
            "助動詞" | "動詞" | "形容詞" => Role::Auxiliary,
            "助詞" => Role::Particle {
                surface: word.surface,
                subcategory: subcategory_1,
            },
            // 記号 (symbols, emoji), 副詞, 連体詞, 接続詞, 感動詞, フィラー, 接頭詞 of other kinds
            _ => Role::Break,
        }
    }

    fn noun(&mut self, prefix: Option<&'a str>, text: &'a str, adverbial: bool) {
        // www (laughter) or a stray letter must not glue onto the nouns around it, and
        // 全体 or 自体 must not turn サービス into サービス全体.
        if is_noise(text) || self.lists.detached_nouns.contains(text) {
            self.close();
            return;
        }
        if let Some(predicate) = &mut self.predicate {
            if predicate.kind == PredicateKind::Noun
                && predicate.accepts_nouns
                && !predicate.continued
            {
                predicate.text.push_str(text);
                predicate.stem = text;
                // A 副詞可能 noun ends a compound (対応時間) but never starts one, so that
                // 最近ログイン stays two terms.
                predicate.accepts_nouns = !adverbial;
                return;
            }
        }
        self.close();
        let mut joined = String::from(prefix.unwrap_or_default());
        joined.push_str(text);
        self.open(PredicateKind::Noun, joined, text, false)
            .accepts_nouns = !adverbial;
    }

    fn noun_suffix(&mut self, suffix: &'a str) {
        match &mut self.predicate {
            Some(predicate) if !predicate.continued && predicate.kind == PredicateKind::Noun => {
                predicate.text.push_str(suffix);
            }
            // 使いやす + さ, 高 + さ: the adjective becomes a noun (使いやすさ, 高さ).
            Some(predicate)
                if !predicate.continued
                    && predicate.stem_form
                    && predicate.kind == PredicateKind::Adjective =>
            {
                let stem_len = predicate.text.trim_end_matches('い').len();
                predicate.text.truncate(stem_len);
                predicate.text.push_str(suffix);
                predicate.kind = PredicateKind::Noun;
                predicate.stem_form = false;
            }
            _ => self.boundary(),
        }
    }

    fn verb(&mut self, base: &'a str, stem: &'a str, continuative: bool) {
        // Light verbs (する, できる, ある, なる, …) carry no meaning of their own, so they
        // continue the predicate before them: ログインできない is about ログイン.
        if self.predicate.is_some() && self.lists.stop_words.contains(base) {
            self.continue_predicate();
            return;
        }
        self.close();
        self.open(PredicateKind::Verb, base.to_owned(), stem, continuative);
    }

    fn adjective(&mut self, base: &'a str, stem: &'a str, stem_form: bool) {
        if EASE_ADJECTIVES.contains(&base) {
            if let Some(predicate) = &mut self.predicate {
                // IPADIC splits 使いやすい into 使い (a verb, or sometimes a noun) + やすい.
                let joins_verb = predicate.kind == PredicateKind::Verb && predicate.stem_form;
                let joins_noun =
                    predicate.kind == PredicateKind::Noun && predicate.text.ends_with(is_hiragana);
                if !predicate.continued && (joins_verb || joins_noun) {
                    let mut text = if joins_verb {
                        predicate.stem.to_owned()
                    } else {
                        std::mem::take(&mut predicate.text)
                    };
                    text.push_str(base);
                    predicate.text = text;
                    predicate.kind = PredicateKind::Adjective;
                    predicate.stem = stem;
                    predicate.stem_form = stem_form;
                    return;
                }
            }
        }
        self.close();
        self.open(PredicateKind::Adjective, base.to_owned(), stem, stem_form);
    }

    fn open(
        &mut self,
        kind: PredicateKind,
        text: String,
        stem: &'a str,
        stem_form: bool,
    ) -> &mut Predicate<'a> {
        self.predicate.insert(Predicate {
            kind,
            text,
            stem,
            stem_form,
            accepts_nouns: true,
            continued: false,
            negated: false,
        })
    }

    fn continue_predicate(&mut self) {
        if let Some(predicate) = &mut self.predicate {
            predicate.continued = true;
        }
    }

    /// Turns the open predicate, if any, into a term.
    fn close(&mut self) {
        let Some(predicate) = self.predicate.take() else {
            return;
        };
        if self.lists.stop_words.contains(&predicate.text) || is_noise(&predicate.text) {
            return;
        }
        let mut term = predicate.text;
        if predicate.negated {
            term.push_str(NEGATED_SUFFIX);
        }
        if !self.terms.contains(&term) {
            self.terms.push(term);
        }
    }
}

/// Whether a particle keeps a predicate open for a negation that may follow.
fn continues(kind: PredicateKind, particle: &str, subcategory: &str) -> bool {
    match (particle, subcategory) {
        // 使いやすくはない, 使えもしない, 問題はありません
        ("は" | "も", "係助詞") => true,
        // 使ってない, 読んでいない, 対応してくれない (after the light verb する)
        ("て" | "で", "接続助詞") => true,
        // 返事がない, 便利じゃない
        ("が", "格助詞") | ("じゃ", "副助詞") => kind == PredicateKind::Noun,
        _ => false,
    }
}

/// Fragments that are not words: digits and marks only, a lone kana or letter, or one
/// letter repeated (w, www: laughter).
fn is_noise(term: &str) -> bool {
    let mut chars = term.chars();
    let Some(first) = chars.next() else {
        return true;
    };
    let is_single = chars.next().is_none();
    !term.chars().any(char::is_alphabetic)
        || (is_single && (first.is_ascii() || is_hiragana(first)))
        || (term.is_ascii() && term.chars().all(|c| c == first))
}

fn is_hiragana(c: char) -> bool {
    ('\u{3041}'..='\u{3096}').contains(&c)
}
