//! Outgoing webhooks: the events koe sends, the two body formats, and the signature.

use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

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

/// Which addresses endpoints may be called at. Calls are made from inside the network koe runs
/// in, so an endpoint on a private address would let whoever holds an API token post to, and
/// probe, machines that the internet cannot reach (the cloud's metadata service, a database's
/// admin port). Only the people who run koe can allow that.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// Public addresses only (the default).
    Public,
    /// Any address, private and loopback ones included (an endpoint inside the company's network).
    Any,
}

impl Reach {
    pub fn allows(self, ip: IpAddr) -> bool {
        self == Reach::Any || is_public(ip)
    }

    /// Whether the URL's host is, on its face, an address this reach refuses: an IP address
    /// that is not public, or `localhost`. Other names are checked when they are resolved, at
    /// each call, since what a name points at can change after the endpoint is added.
    pub fn refuses_host_of(self, url: &str) -> bool {
        let Ok(url) = url::Url::parse(url) else { return false };
        match url.host() {
            Some(url::Host::Ipv4(ip)) => !self.allows(IpAddr::V4(ip)),
            Some(url::Host::Ipv6(ip)) => !self.allows(IpAddr::V6(ip)),
            Some(url::Host::Domain(name)) => {
                let name = name.trim_end_matches('.').to_ascii_lowercase();
                self == Reach::Public && (name == "localhost" || name.ends_with(".localhost"))
            }
            None => false,
        }
    }
}

/// Whether `ip` is an address on the public internet: not loopback, private, link-local,
/// shared (carrier-grade NAT), unspecified, broadcast, multicast, documentation, benchmarking
/// or reserved, including the IPv4 addresses carried inside IPv6 ones.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(ip) => is_public_v4(ip),
        IpAddr::V6(ip) => match ip.to_ipv4_mapped() {
            Some(v4) => is_public_v4(v4),
            None => is_public_v6(ip),
        },
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(a == 0                                     // "this network"
        || a == 10                               // private
        || a == 127                              // loopback
        || (a == 100 && (64..128).contains(&b))  // shared address space (carrier-grade NAT)
        || (a == 169 && b == 254)                // link-local, the cloud metadata service
        || (a == 172 && (16..32).contains(&b))   // private
        || (a == 192 && b == 0 && c == 0)        // IETF protocol assignments
        || (a == 192 && b == 0 && c == 2)        // documentation
        || (a == 192 && b == 168)                // private
        || (a == 198 && (18..20).contains(&b))   // benchmarking
        || (a == 198 && b == 51 && c == 100)     // documentation
        || (a == 203 && b == 0 && c == 113)      // documentation
        || a >= 224) // multicast, reserved, broadcast
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    let first = ip.segments()[0];
    !(ip.is_unspecified()
        || ip.is_loopback()
        || (first & 0xfe00) == 0xfc00       // unique local
        || (first & 0xffc0) == 0xfe80       // link-local
        || (first & 0xff00) == 0xff00       // multicast
        || first == 0x2001 && ip.segments()[1] == 0x0db8 // documentation
        || first == 0x0064 && ip.segments()[1] == 0xff9b // NAT64, which reaches IPv4 addresses
        || first == 0x2002                  // 6to4, which carries an IPv4 address
        || first == 0)                      // IPv4-compatible and other reserved addresses
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

    fn public(text: &str) -> bool {
        is_public(text.parse().unwrap())
    }

    #[test]
    fn public_addresses_are_the_internet_s_and_nothing_inside_a_network() {
        for address in ["8.8.8.8", "1.1.1.1", "203.0.114.1", "100.128.0.1", "172.32.0.1", "2606:4700::1111", "::ffff:8.8.8.8"] {
            assert!(public(address), "{address} is public");
        }
        for address in [
            "0.0.0.0", "10.1.2.3", "127.0.0.1", "127.255.255.254", "100.64.0.1", "169.254.169.254", "172.16.0.1",
            "172.31.255.255", "192.168.1.1", "192.0.2.1", "198.18.0.1", "224.0.0.1", "255.255.255.255", "::", "::1",
            "fc00::1", "fd12:3456::1", "fe80::1", "ff02::1", "2001:db8::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1",
            "64:ff9b::a00:1", "2002:a00:1::1", "::127.0.0.1",
        ] {
            assert!(!public(address), "{address} is not public");
        }
    }

    #[test]
    fn the_public_reach_refuses_private_and_local_hosts_on_their_face() {
        for url in [
            "http://127.0.0.1:9000/koe", "http://[::1]/x", "http://169.254.169.254/latest/meta-data", "http://10.0.0.5/",
            "http://LOCALHOST:8080/", "http://api.localhost/", "http://localhost./", "http://0x7f000001/", "http://2130706433/",
        ] {
            assert!(Reach::Public.refuses_host_of(url), "{url}");
            assert!(!Reach::Any.refuses_host_of(url), "{url}");
        }
        // A name is checked when it is resolved, at each call.
        assert!(!Reach::Public.refuses_host_of("https://hooks.example.com/x"));
        assert!(!Reach::Public.refuses_host_of("https://8.8.8.8/x"));
    }
}
