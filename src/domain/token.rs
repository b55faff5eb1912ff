//! Unguessable tokens for survey links and API access.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::rngs::OsRng;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// 192 bits from the operating system's CSPRNG: far beyond the 128 bits a link needs.
const LINK_TOKEN_BYTES: usize = 24;
const API_TOKEN_BYTES: usize = 32;
const SESSION_TOKEN_BYTES: usize = 32;
const CSRF_TOKEN_BYTES: usize = 24;
const API_TOKEN_PREFIX: &str = "koe_";

/// A fresh URL-safe token for a survey link (32 characters).
pub fn new_link_token() -> String {
    random_url_safe(LINK_TOKEN_BYTES)
}

/// Whether `text` could be a link token at all. Anything else is answered 404 without a query.
pub fn looks_like_link_token(text: &str) -> bool {
    (16..=64).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// A fresh API token, shown once; the database keeps only [`token_digest`].
pub fn new_api_token() -> String {
    format!("{API_TOKEN_PREFIX}{}", random_url_safe(API_TOKEN_BYTES))
}

/// A fresh staff-session token for the cookie (256 bits); stored only as [`token_digest`].
pub fn new_session_token() -> String {
    random_url_safe(SESSION_TOKEN_BYTES)
}

/// A fresh webhook signing secret (256 bits), shown once to whoever adds the endpoint.
pub fn new_webhook_secret() -> String {
    format!("whsec_{}", random_url_safe(SESSION_TOKEN_BYTES))
}

/// A fresh CSRF token for a session or a sign-in form.
pub fn new_csrf_token() -> String {
    random_url_safe(CSRF_TOKEN_BYTES)
}

/// Compares secrets in time that does not depend on where they first differ.
pub fn same_secret(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |diff, (x, y)| diff | (x ^ y)) == 0
}

/// The SHA-256 under which API and session tokens are stored and looked up.
pub fn token_digest(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

fn random_url_safe(bytes: usize) -> String {
    let mut buffer = vec![0u8; bytes];
    OsRng.fill_bytes(&mut buffer);
    URL_SAFE_NO_PAD.encode(buffer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_tokens_are_long_url_safe_and_distinct() {
        let a = new_link_token();
        let b = new_link_token();
        assert_eq!(a.len(), 32);
        assert_ne!(a, b);
        assert!(looks_like_link_token(&a));
    }

    #[test]
    fn odd_strings_are_not_link_tokens() {
        for bad in ["", "short", "../../etc/passwd0000000", "abc%2e%2e/abcdefghijklmnop", "<script>alert(1)</script>", &"a".repeat(65)] {
            assert!(!looks_like_link_token(bad), "{bad:?}");
        }
    }

    #[test]
    fn secrets_compare_equal_only_when_identical() {
        let token = new_csrf_token();
        assert!(same_secret(&token, &token.clone()));
        assert!(!same_secret(&token, &new_csrf_token()));
        assert!(!same_secret(&token, &token[1..]));
        assert!(!same_secret("", "a"));
        assert_eq!(new_session_token().len(), 43);
    }

    #[test]
    fn api_tokens_hash_to_stable_digests() {
        let token = new_api_token();
        assert!(token.starts_with("koe_"));
        assert_eq!(token_digest(&token), token_digest(&token));
        assert_ne!(token_digest(&token), token_digest(&new_api_token()));
    }
}
