//! Keyword in context: where a term occurs in a comment as typed, and the text around it.
//!
//! Terms are base forms of normalised text (使いやすい, csv), while the comment is stored as
//! typed (使いやすかった, ＣＳＶ). The occurrence is found by comparing each grapheme's NFKC,
//! lower-cased form, and an inflected word by its stem; snippets are cut on grapheme
//! boundaries so that no character, emoji or combining mark is ever split.

use super::terms::NEGATED_SUFFIX;
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

/// A piece of a comment around one occurrence of a term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    pub before: String,
    /// The occurrence as typed; empty when the term could not be placed (the snippet is
    /// then the start of the comment).
    pub matched: String,
    pub after: String,
    /// Whether text was left out before `before` / after `after`.
    pub cut_before: bool,
    pub cut_after: bool,
}

/// `text` cut to at most `max` graphemes, with an ellipsis when something was left out.
pub fn shorten(text: &str, max: usize) -> String {
    let mut graphemes = text.graphemes(true);
    let kept: String = graphemes.by_ref().take(max).collect();
    if graphemes.next().is_some() {
        format!("{}…", kept.trim_end())
    } else {
        kept
    }
}

/// The first occurrence of `term` in `comment`, with up to `context` graphemes either side.
pub fn snippet(comment: &str, term: &str, context: usize) -> Snippet {
    let graphemes: Vec<&str> = comment.graphemes(true).collect();
    let found = needles(term).iter().find_map(|needle| find(&graphemes, needle));
    let (start, end) = found.unwrap_or((0, 0));
    let from = start.saturating_sub(context);
    let to = (end + context).min(graphemes.len());
    let (from, to) = if found.is_some() { (from, to) } else { (0, (2 * context).min(graphemes.len())) };
    Snippet {
        before: graphemes[from..start].concat(),
        matched: graphemes[start..end].concat(),
        after: graphemes[end.max(from)..to].concat(),
        cut_before: from > 0,
        cut_after: to < graphemes.len(),
    }
}

/// What to look for: the term itself, then, for a word that inflects, its stem
/// (使いやすい -> 使いやす, 遅れる -> 遅れ), so that 使いやすかった is found too.
fn needles(term: &str) -> Vec<String> {
    let base = fold(term.strip_suffix(NEGATED_SUFFIX).unwrap_or(term));
    let mut needles = vec![base.clone()];
    let mut chars: Vec<char> = base.chars().collect();
    if chars.len() >= 2 && chars.last().is_some_and(|c| ('\u{3041}'..='\u{3096}').contains(c)) {
        chars.pop();
        needles.push(chars.into_iter().collect());
    }
    needles
}

fn fold(text: &str) -> String {
    text.nfkc().flat_map(char::to_lowercase).collect()
}

/// The grapheme range whose folded text starts with `needle`, earliest first.
fn find(graphemes: &[&str], needle: &str) -> Option<(usize, usize)> {
    if needle.is_empty() {
        return None;
    }
    let folded: Vec<String> = graphemes.iter().map(|grapheme| fold(grapheme)).collect();
    (0..folded.len()).find_map(|start| {
        let mut matched = String::new();
        for (end, piece) in folded.iter().enumerate().skip(start) {
            matched.push_str(piece);
            if matched == needle {
                return Some((start, end + 1));
            }
            if !needle.starts_with(matched.as_str()) {
                return None;
            }
        }
        None
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortening_never_splits_a_grapheme() {
        assert_eq!(shorten("請求書が分かりにくい", 4), "請求書が…");
        assert_eq!(shorten("短い", 4), "短い");
        // A family emoji is one grapheme of several code points; a flag is two.
        assert_eq!(shorten("👨‍👩‍👧🇯🇵あ", 2), "👨‍👩‍👧🇯🇵…");
        assert_eq!(shorten("が", 1), "が");
    }

    #[test]
    fn the_occurrence_is_found_as_typed_with_context_either_side() {
        let cut = snippet("先月から管理画面がとても重くて困っています。", "管理画面", 4);
        assert_eq!((cut.before.as_str(), cut.matched.as_str(), cut.after.as_str()), ("先月から", "管理画面", "がとても"));
        assert!(!cut.cut_before && cut.cut_after);
    }

    #[test]
    fn width_and_case_variants_and_inflections_are_found() {
        assert_eq!(snippet("ＣＳＶ出力が文字化けする", "csv", 3).matched, "ＣＳＶ");
        assert_eq!(snippet("前は使いやすかったのに", "使いやすい", 3).matched, "使いやす");
        assert_eq!(snippet("正直使いやすくないです", "使いやすい(否定)", 3).matched, "使いやす");
        assert_eq!(snippet("ｻﾎﾟｰﾄが親切", "サポート", 2).matched, "ｻﾎﾟｰﾄ");
    }

    #[test]
    fn snippets_never_split_a_grapheme() {
        let family = "👨\u{200d}👩\u{200d}👧";
        let comment = format!("{family}{family}請求書{family}{family}");
        let cut = snippet(&comment, "請求書", 1);
        assert_eq!(cut.before, family);
        assert_eq!(cut.after, family);
        assert!(cut.cut_before && cut.cut_after);
    }

    #[test]
    fn a_term_that_cannot_be_placed_gives_the_start_of_the_comment() {
        let cut = snippet("とても良いサービスです", "解約", 3);
        assert_eq!(cut.matched, "");
        assert_eq!(cut.after, "とても良いサ", "twice the context from the start");
        assert!(cut.cut_after);
        assert_eq!(snippet("", "解約", 3).after, "");
    }
}
