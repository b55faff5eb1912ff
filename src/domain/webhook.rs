//! Outgoing webhooks: the events koe sends, the two body formats, and the signature.

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// An event an endpoint can subscribe to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Event {
    /// A new answer (an edit of an answer is not a new one).
    ResponseCreated,
    /// A new follow-up case.
    FollowUpCreated,
}

impl Event {
    pub const ALL: [Event; 2] = [Event::ResponseCreated, Event::FollowUpCreated];

    pub fn as_str(self) -> &'static str {
        match self {
            Event::ResponseCreated => "response.created",
            Event::FollowUpCreated => "follow_up.created",
        }
    }

    pub fn parse(text: &str) -> Option<Event> {
        Event::ALL.into_iter().find(|event| event.as_str() == text)
    }
}

/// What an endpoint receives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// koe's event JSON, signed.
    Koe,
    /// A Slack-compatible `{"text": …}` for a chat channel's incoming webhook.
    Chat,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Koe => "koe",
            Format::Chat => "chat",
        }
    }

    pub fn parse(text: &str) -> Option<Format> {
        match text {
            "koe" => Some(Format::Koe),
            "chat" => Some(Format::Chat),
            _ => None,
        }
    }
}

/// The header that carries [`signature`].
pub const SIGNATURE_HEADER: &str = "Koe-Signature";
/// The header that names the delivery; a retry carries the same one, so receivers can
/// ignore a delivery they already processed.
pub const DELIVERY_HEADER: &str = "Koe-Delivery";

/// `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. The time is inside the signed
/// text so that a receiver can refuse an old delivery replayed by someone who captured it.
pub fn signature(secret: &str, unix_time: i64, body: &[u8]) -> String {
    // HMAC accepts a key of any length, so this cannot fail.
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes()).unwrap_or_else(|_| unreachable!());
    mac.update(unix_time.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    let digest = mac.finalize().into_bytes();
    let hex: String = digest.iter().map(|byte| format!("{byte:02x}")).collect();
    format!("t={unix_time},v1={hex}")
}

/// Whether `url` may be an endpoint: http or https, with a host.
pub fn valid_url(url: &str) -> bool {
    url::Url::parse(url).is_ok_and(|url| matches!(url.scheme(), "http" | "https") && url.host().is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_is_the_hmac_of_time_and_body() {
        // Computed independently: printf '1700000000.{"a":1}' | openssl dgst -sha256 -hmac secret
        assert_eq!(
            signature("secret", 1_700_000_000, br#"{"a":1}"#),
            "t=1700000000,v1=49f24e537407743fa4a0242bb63b94b9a47ee99cbbe071ccd8a22550ae411686"
        );
    }

    #[test]
    fn a_different_secret_time_or_body_changes_the_signature() {
        let base = signature("secret", 1, b"body");
        assert_ne!(base, signature("secret2", 1, b"body"));
        assert_ne!(base, signature("secret", 2, b"body"));
        assert_ne!(base, signature("secret", 1, b"bodY"));
    }

    #[test]
    fn events_and_formats_round_trip() {
        for event in Event::ALL {
            assert_eq!(Event::parse(event.as_str()), Some(event));
        }
        assert_eq!(Event::parse("response.deleted"), None);
        assert_eq!(Format::parse("chat"), Some(Format::Chat));
        assert_eq!(Format::parse("slack"), None);
    }

    #[test]
    fn only_http_urls_with_a_host_are_endpoints() {
        assert!(valid_url("https://hooks.example.com/services/T0/B0/x"));
        assert!(valid_url("http://127.0.0.1:9000/koe"));
        assert!(!valid_url("ftp://example.com/"));
        assert!(!valid_url("javascript:alert(1)"));
        assert!(!valid_url("not a url"));
    }
}
