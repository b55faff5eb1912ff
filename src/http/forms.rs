//! Form bodies read strictly, for customers and staff alike: only
//! `application/x-www-form-urlencoded`, capped as they arrive, and every name and value valid
//! UTF-8 (a lossy decoder would store U+FFFD where the person typed something else).

use actix_web::http::header::CONTENT_TYPE;
use actix_web::{web, HttpRequest};
use futures_util::StreamExt;
use percent_encoding::percent_decode;

/// Why a body could not be read.
#[derive(Debug, thiserror::Error)]
pub enum BodyError {
    #[error("the body is larger than allowed")]
    TooLarge,
    #[error("the body broke off: {0}")]
    Broken(String),
}

/// Whether the request says it carries a urlencoded form.
pub fn is_form(req: &HttpRequest) -> bool {
    req.headers()
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.trim_start().to_ascii_lowercase().starts_with("application/x-www-form-urlencoded"))
}

/// Reads a request body, stopping as soon as it passes `limit` bytes.
pub async fn read_limited(mut payload: web::Payload, limit: usize) -> Result<web::BytesMut, BodyError> {
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|error| match error {
            actix_web::error::PayloadError::Overflow => BodyError::TooLarge,
            other => BodyError::Broken(other.to_string()),
        })?;
        if body.len() + chunk.len() > limit {
            return Err(BodyError::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// The raw `name=value` pairs of a body (a pair without `=` has an empty value).
pub fn pairs(body: &[u8]) -> impl Iterator<Item = (&[u8], &[u8])> {
    body.split(|&b| b == b'&').filter(|pair| !pair.is_empty()).map(|pair| match pair.iter().position(|&b| b == b'=') {
        Some(at) => (&pair[..at], &pair[at + 1..]),
        None => (pair, &[][..]),
    })
}

/// One name or value with `+` and percent escapes decoded; `None` when that is not UTF-8.
pub fn decode_component(raw: &[u8]) -> Option<String> {
    let spaced: Vec<u8> = raw.iter().map(|&b| if b == b'+' { b' ' } else { b }).collect();
    percent_decode(&spaced).decode_utf8().ok().map(|text| text.into_owned())
}

/// Whether every name and value of a body decodes to UTF-8.
pub fn is_utf8(body: &[u8]) -> bool {
    pairs(body).all(|(name, value)| decode_component(name).is_some() && decode_component(value).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_split_on_ampersands_and_the_first_equals_sign() {
        let split: Vec<(&[u8], &[u8])> = pairs(b"a=1&&b&c=x=y").collect();
        assert_eq!(split, vec![(&b"a"[..], &b"1"[..]), (&b"b"[..], &b""[..]), (&b"c"[..], &b"x=y"[..])]);
    }

    #[test]
    fn components_are_plus_and_percent_decoded_and_must_be_utf8() {
        assert_eq!(decode_component(b"%E3%81%82+b").as_deref(), Some("あ b"));
        assert_eq!(decode_component(b"%FF"), None);
        assert!(is_utf8(b"a=%E3%81%82&b=%"));
        assert!(!is_utf8(b"a=1&b%C0=2"));
    }
}
