//! Custom dictionary words: product and feature names an admin adds to the analyser.

use super::fields::is_bidi_control;
use crate::error::AppError;
use unicode_segmentation::UnicodeSegmentation;

/// Longest custom word, in grapheme clusters: a product or feature name, not a phrase.
pub const MAX_GRAPHEMES: usize = 50;

/// A word the analyser must keep as one token: trimmed, 1 to 50 graphemes, no white space or
/// control characters (a token never spans a space), and at least one letter or digit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomWord(String);

impl CustomWord {
    pub fn parse(text: &str) -> Result<CustomWord, AppError> {
        let word = text.trim();
        if word.is_empty() {
            return Err(AppError::invalid("missing_field", "word", "word must not be empty"));
        }
        if word.graphemes(true).count() > MAX_GRAPHEMES {
            return Err(AppError::invalid("too_long", "word", format!("word must be at most {MAX_GRAPHEMES} characters")));
        }
        if word.chars().any(|c| c.is_whitespace() || c.is_control() || is_bidi_control(c)) {
            return Err(AppError::invalid("invalid_word", "word", "word must be one word: no spaces or control characters"));
        }
        if !word.chars().any(char::is_alphanumeric) {
            return Err(AppError::invalid("invalid_word", "word", "word must contain a letter or a digit"));
        }
        Ok(CustomWord(word.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(text: &str) -> Option<&'static str> {
        match CustomWord::parse(text) {
            Err(AppError::Invalid { code, field: "word", .. }) => Some(code),
            _ => None,
        }
    }

    #[test]
    fn words_are_trimmed() {
        assert_eq!(CustomWord::parse(" らくらく精算\u{3000}").map(|word| word.as_str().to_owned()).ok(), Some("らくらく精算".into()));
    }

    #[test]
    fn the_limit_counts_graphemes_not_bytes_or_code_points() {
        assert!(CustomWord::parse(&"精".repeat(50)).is_ok());
        assert_eq!(code(&"精".repeat(51)), Some("too_long"));
        // 👨‍👩‍👧 is five code points and one grapheme.
        assert!(CustomWord::parse(&format!("a{}", "👨‍👩‍👧".repeat(49))).is_ok());
    }

    #[test]
    fn blank_spaced_control_and_symbol_only_words_are_refused() {
        assert_eq!(code(""), Some("missing_field"));
        assert_eq!(code(" \t "), Some("missing_field"));
        assert_eq!(code("Koe Cloud"), Some("invalid_word"));
        assert_eq!(code("コエ\u{3000}分析"), Some("invalid_word"));
        assert_eq!(code("コエ\u{7}"), Some("invalid_word"));
        assert_eq!(code("コエ\u{202E}"), Some("invalid_word"));
        assert_eq!(code("!!!"), Some("invalid_word"));
        assert_eq!(code("😊"), Some("invalid_word"));
    }
}
