//! Text normalisation for analysis only: what is stored and shown is never changed.
//!
//! The same function normalises comments, the surfaces of the system dictionary (at build
//! time) and koe's own word lists, so that all three meet in one form.

use unicode_normalization::UnicodeNormalization;

/// Returns the analysis form of `text`: NFKC (half-width katakana and full-width ASCII
/// folded), ASCII lower-cased, links and e-mail addresses removed, white space collapsed,
/// long-vowel marks unified and repeated punctuation collapsed.
pub fn for_analysis(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    folded.extend(text.nfkc().map(|c| c.to_ascii_lowercase()));

    let mut normalized = String::with_capacity(folded.len());
    let mut rest = folded.as_str();
    while let Some(c) = rest.chars().next() {
        if c.is_ascii_graphic() {
            // ASCII graphic characters are one byte each, so the run ends at the first other byte.
            let run_len = rest
                .bytes()
                .position(|b| !b.is_ascii_graphic())
                .unwrap_or(rest.len());
            let (run, tail) = rest.split_at(run_len);
            if is_link(run) {
                push_space(&mut normalized);
            } else {
                run.chars().for_each(|c| push_folded(&mut normalized, c));
            }
            rest = tail;
        } else {
            push_folded(&mut normalized, c);
            rest = &rest[c.len_utf8()..];
        }
    }
    let trimmed_len = normalized.trim_end().len();
    normalized.truncate(trimmed_len);
    normalized
}

/// A URL or an e-mail address: segmenting one only yields fragments such as `https` or `com`.
fn is_link(run: &str) -> bool {
    run.starts_with("http://")
        || run.starts_with("https://")
        || run.starts_with("www.")
        || run
            .split_once('@')
            .is_some_and(|(local, domain)| !local.is_empty() && domain.contains('.'))
}

fn push_folded(out: &mut String, c: char) {
    if c.is_whitespace() {
        push_space(out);
        return;
    }
    let previous = out.chars().next_back();
    if is_long_vowel_variant(c) {
        match previous {
            // Standard hiragana never contains ー, so after hiragana it only stretches a
            // sound (すごーい, よかったー) and dropping it restores the dictionary form.
            Some(p) if is_hiragana(p) => return,
            Some('ー') => return,
            Some(p) if is_katakana(p) => {
                out.push('ー');
                return;
            }
            _ => {}
        }
    }
    // ！！！ and 。。。 (already !!! and ... after NFKC) carry no more meaning than one mark.
    if previous == Some(c) && !c.is_alphanumeric() {
        return;
    }
    out.push(c);
}

fn push_space(out: &mut String) {
    if !out.is_empty() && !out.ends_with(' ') {
        out.push(' ');
    }
}

/// Marks that people type for the katakana long vowel ー: dashes, hyphens, minus and the
/// wave dashes (〜, and ～ which NFKC has already turned into ~).
fn is_long_vowel_variant(c: char) -> bool {
    matches!(
        c,
        'ー' | '-' | '~' | '\u{2010}'
            ..='\u{2015}'
                | '\u{2212}'
                | '\u{2500}'
                | '\u{2501}'
                | '\u{223C}'
                | '\u{223E}'
                | '\u{301C}'
                | '\u{3030}'
    )
}

fn is_hiragana(c: char) -> bool {
    ('\u{3041}'..='\u{3096}').contains(&c)
}

fn is_katakana(c: char) -> bool {
    ('\u{30A1}'..='\u{30FA}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::for_analysis;

    #[test]
    fn half_width_katakana_becomes_full_width() {
        assert_eq!(for_analysis("ｻﾎﾟｰﾄ"), "サポート");
    }

    #[test]
    fn full_width_ascii_is_folded_and_lower_cased() {
        assert_eq!(for_analysis("ＡＰＩとSaaS"), "apiとsaas");
    }

    #[test]
    fn long_vowel_variants_after_katakana_become_one_mark() {
        assert_eq!(for_analysis("サポ〜ト"), "サポート");
        assert_eq!(for_analysis("サポ～ト"), "サポート");
        assert_eq!(for_analysis("サポ-ト"), "サポート");
        assert_eq!(for_analysis("サポーーート"), "サポート");
    }

    #[test]
    fn stretched_hiragana_loses_its_long_vowel_marks() {
        assert_eq!(for_analysis("すごーーい"), "すごい");
        assert_eq!(for_analysis("よかった〜〜"), "よかった");
    }

    #[test]
    fn dashes_elsewhere_are_kept() {
        assert_eq!(for_analysis("10〜20"), "10〜20");
        assert_eq!(for_analysis("e-mail"), "e-mail");
    }

    #[test]
    fn repeated_punctuation_collapses_to_one_mark() {
        assert_eq!(for_analysis("最高！！！"), "最高!");
        assert_eq!(for_analysis("微妙。。。"), "微妙。");
        assert_eq!(for_analysis("えっ……"), "えっ.");
    }

    #[test]
    fn white_space_collapses_and_is_trimmed() {
        assert_eq!(for_analysis("  管理\u{3000}\n\t画面  "), "管理 画面");
    }

    #[test]
    fn links_and_mail_addresses_are_removed() {
        assert_eq!(
            for_analysis("詳細はhttps://example.com/help?x=1を参照"),
            "詳細は を参照"
        );
        assert_eq!(
            for_analysis("連絡先 support@example.co.jp まで"),
            "連絡先 まで"
        );
    }

    #[test]
    fn the_input_is_left_untouched() {
        let stored = String::from("ｻﾎﾟｰﾄが最高！！");
        let normalized = for_analysis(&stored);
        assert_eq!(stored, "ｻﾎﾟｰﾄが最高！！");
        assert_eq!(normalized, "サポートが最高!");
    }
}
