//! Email addresses as koe keeps them: trimmed, lower-case, plausibly deliverable.

use serde::Serialize;

/// A syntactically plausible email address, lower-cased so that lookups are exact.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Email(String);

impl Email {
    /// Accepts `local@domain.tld` with no spaces or control characters, up to 254 bytes (RFC 5321).
    pub fn parse(text: &str) -> Option<Email> {
        let text = text.trim().to_lowercase();
        let (local, domain) = text.split_once('@')?;
        let plausible = text.len() <= 254
            && !local.is_empty()
            && local.len() <= 64
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !text.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | ',' | ';' | '"'))
            && !domain.contains('@');
        plausible.then_some(Email(text))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl std::fmt::Display for Email {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_trimmed_and_lower_cased() {
        assert_eq!(Email::parse("  Sato@Example.CO.jp ").map(Email::into_string), Some("sato@example.co.jp".into()));
    }

    #[test]
    fn implausible_addresses_are_refused() {
        for bad in ["", "sato", "sato@", "@example.com", "sato@example", "sa to@example.com", "a@b@c.com", "x@.com", "<a@b.com>", "a@b.com\0"] {
            assert_eq!(Email::parse(bad), None, "{bad:?}");
        }
    }
}
