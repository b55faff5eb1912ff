//! Free-text fields sent by integrations and admins: names, ids, labels.

use crate::error::AppError;

/// A required single-line field: trimmed, not empty, at most `max` characters, no control characters.
pub fn required<'a>(field: &'static str, value: &'a str, max: usize) -> Result<&'a str, AppError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(AppError::invalid("missing_field", field, format!("{field} must not be empty")));
    }
    single_line(field, value, max)
}

/// An optional single-line field; empty counts as absent.
pub fn optional<'a>(field: &'static str, value: Option<&'a str>, max: usize) -> Result<Option<&'a str>, AppError> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(value) => single_line(field, value, max).map(Some),
    }
}

fn single_line<'a>(field: &'static str, value: &'a str, max: usize) -> Result<&'a str, AppError> {
    if value.chars().count() > max {
        return Err(AppError::invalid("too_long", field, format!("{field} must be at most {max} characters")));
    }
    if value.chars().any(|c| c.is_control() || is_bidi_control(c)) {
        return Err(AppError::invalid("invalid_characters", field, format!("{field} must not contain control characters")));
    }
    Ok(value)
}

/// The bidirectional embeddings, overrides and isolates, which can make text read backwards
/// on a staff screen (a name or comment that hides what it says).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Characters no keyboard produces in free text and that would corrupt storage or display:
/// NUL and other C0/C1 controls (tab and line breaks aside) and the bidirectional controls.
pub fn is_forbidden_in_text(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || is_bidi_control(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_fields_are_trimmed_and_must_not_be_blank() {
        assert_eq!(required("name", "  株式会社サンプル ", 10).ok(), Some("株式会社サンプル"));
        assert!(matches!(required("name", " \t", 10), Err(AppError::Invalid { code: "missing_field", field: "name", .. })));
    }

    #[test]
    fn limits_count_characters_and_control_characters_are_refused() {
        assert!(required("name", &"あ".repeat(10), 10).is_ok());
        assert!(matches!(required("name", &"あ".repeat(11), 10), Err(AppError::Invalid { code: "too_long", .. })));
        assert!(matches!(optional("plan", Some("a\0b"), 10), Err(AppError::Invalid { code: "invalid_characters", .. })));
        assert_eq!(optional("plan", Some("  "), 10).ok(), Some(None));
    }

    #[test]
    fn bidirectional_controls_are_refused_in_single_line_fields() {
        for hostile in ["a\u{202E}b", "\u{2067}a"] {
            assert!(matches!(required("name", hostile, 10), Err(AppError::Invalid { code: "invalid_characters", .. })), "{hostile:?}");
        }
        assert!(!is_forbidden_in_text('\n') && is_forbidden_in_text('\0') && is_forbidden_in_text('\u{85}'));
    }
}
