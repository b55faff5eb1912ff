//! Decoding an `application/x-www-form-urlencoded` answer strictly: invalid UTF-8 and a field
//! sent twice are refused rather than guessed at (lossy decoders would store U+FFFD or keep
//! whichever copy came last).

use crate::domain::answer::AnswerForm;
use crate::http::forms::{decode_component, pairs};

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("the form is not valid UTF-8")]
    InvalidUtf8,
    #[error("the field {0} was sent more than once")]
    Duplicated(&'static str),
}

/// The fields koe reads; unknown ones are ignored.
pub fn decode(body: &[u8]) -> Result<AnswerForm, DecodeError> {
    let mut form = AnswerForm::default();
    let mut contact_ok: Option<bool> = None;
    for (name, value) in pairs(body) {
        let name = decode_utf8(name)?;
        let slot = match name.as_str() {
            "score" => &mut form.score,
            "comment" => &mut form.comment,
            "reason" => &mut form.reason,
            "contact_ok" => {
                if contact_ok.replace(matches!(decode_utf8(value)?.as_str(), "1" | "on" | "true")).is_some() {
                    return Err(DecodeError::Duplicated("contact_ok"));
                }
                continue;
            }
            _ => continue,
        };
        if slot.replace(decode_utf8(value)?).is_some() {
            return Err(DecodeError::Duplicated(field_name(&name)));
        }
    }
    form.contact_ok = contact_ok.unwrap_or(false);
    Ok(form)
}

fn field_name(name: &str) -> &'static str {
    match name {
        "score" => "score",
        "comment" => "comment",
        _ => "reason",
    }
}

fn decode_utf8(raw: &[u8]) -> Result<String, DecodeError> {
    decode_component(raw).ok_or(DecodeError::InvalidUtf8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_percent_and_plus_decoded() {
        let form = decode(b"score=9&comment=%E3%81%A8%E3%81%A6%E3%82%82+%E8%89%AF%E3%81%84%0D%0A&csrf=x").unwrap();
        assert_eq!(form.score.as_deref(), Some("9"));
        assert_eq!(form.comment.as_deref(), Some("とても 良い\r\n"));
        assert!(!form.contact_ok);
    }

    #[test]
    fn the_exit_opt_in_is_a_checkbox() {
        let form = decode(b"reason=price&contact_ok=1").unwrap();
        assert_eq!(form.reason.as_deref(), Some("price"));
        assert!(form.contact_ok);
    }

    #[test]
    fn a_field_sent_twice_is_refused() {
        assert_eq!(decode(b"score=1&score=10").unwrap_err(), DecodeError::Duplicated("score"));
        assert_eq!(decode(b"comment=a&comment=b").unwrap_err(), DecodeError::Duplicated("comment"));
        assert_eq!(decode(b"contact_ok=1&contact_ok=0").unwrap_err(), DecodeError::Duplicated("contact_ok"));
    }

    #[test]
    fn invalid_utf8_is_refused_not_replaced() {
        assert_eq!(decode(b"comment=%FF%FE").unwrap_err(), DecodeError::InvalidUtf8);
        assert_eq!(decode(b"score=5&comment=\xff").unwrap_err(), DecodeError::InvalidUtf8);
    }

    #[test]
    fn empty_and_odd_bodies_decode_to_empty_forms() {
        assert_eq!(decode(b"").unwrap().score, None);
        assert_eq!(decode(b"&&score&=").unwrap().score.as_deref(), Some(""));
    }
}
