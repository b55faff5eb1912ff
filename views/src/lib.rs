//! koe-views: koe's HTML. Plain view-model structs in, maud `Markup` out; no database, no I/O.
//!
//! All user-facing text lives in [`i18n`] (one `Strings` constant per language). Pages never
//! use inline styles or scripts, so koe can send a Content-Security-Policy without
//! `'unsafe-inline'`; the stylesheet is served from [`STYLESHEET_PATH`].
// Unit tests may stop at the first thing that goes wrong; the code they test may not.
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

pub use maud::Markup;

pub mod components;
pub mod i18n;
pub mod layout;
pub mod mail;
pub mod pages;

pub use pages::{errors, respond, staff, unsubscribe};

#[cfg(test)]
mod test_support;

/// Where koe serves [`stylesheet`]; every page links to it.
pub const STYLESHEET_PATH: &str = "/assets/koe.css";
/// Where koe serves [`staff_stylesheet`]; staff pages link it after the base one.
pub const STAFF_STYLESHEET_PATH: &str = "/assets/staff.css";

/// The base stylesheet, all a customer's page needs (served as `text/css` at [`STYLESHEET_PATH`]).
pub fn stylesheet() -> &'static str {
    include_str!("koe.css")
}

/// The staff pages' additions (served as `text/css` at [`STAFF_STYLESHEET_PATH`]).
pub fn staff_stylesheet() -> &'static str {
    include_str!("staff.css")
}

/// A language koe speaks. Japanese first; English for contacts whose locale is `en`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Hash)]
pub enum Lang {
    #[default]
    Ja,
    En,
}

impl Lang {
    /// Every supported language, default first.
    pub const ALL: [Lang; 2] = [Lang::Ja, Lang::En];

    /// The BCP 47 code used in `<html lang>`: `"ja"` or `"en"`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::En => "en",
        }
    }

    /// Parses a language tag by its primary subtag (`ja`, `ja-JP`, `en_US`, `EN`…).
    pub fn from_code(code: &str) -> Option<Lang> {
        let primary = code.trim().split(['-', '_']).next().unwrap_or("");
        if primary.eq_ignore_ascii_case("ja") {
            Some(Lang::Ja)
        } else if primary.eq_ignore_ascii_case("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The first supported language of an `Accept-Language` header by q order
    /// (RFC 9110 §12.5.4; ties keep header order, `q=0` means "not acceptable"); `Ja` if none.
    pub fn from_accept_language(header: &str) -> Lang {
        let mut ranges: Vec<(u16, usize, &str)> = header
            .split(',')
            .enumerate()
            .filter_map(|(i, item)| {
                let mut parts = item.split(';');
                let tag = parts.next()?.trim();
                let mut q = 1000u16;
                for param in parts {
                    let Some((key, value)) = param.split_once('=') else {
                        continue;
                    };
                    if key.trim().eq_ignore_ascii_case("q") {
                        q = parse_qvalue(value.trim())?;
                    }
                }
                (q > 0 && !tag.is_empty()).then_some((q, i, tag))
            })
            .collect();
        ranges.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        ranges
            .iter()
            .find_map(|(_, _, tag)| Lang::from_code(tag))
            .unwrap_or_default()
    }
}

/// A qvalue as thousandths (`"0.8"` -> 800); `None` if malformed.
fn parse_qvalue(value: &str) -> Option<u16> {
    let q: f32 = value.parse().ok()?;
    (0.0..=1.0)
        .contains(&q)
        .then(|| (q * 1000.0).round() as u16)
}

/// Codes of the default exit-survey reasons, in display order. Stored in the database;
/// never translated (labels come from [`i18n::ExitReasonLabels`]).
pub const EXIT_REASON_CODES: [&str; 7] = [
    "price",
    "support_quality",
    "could_not_use",
    "missing_feature",
    "switched_competitor",
    "budget",
    "other",
];

/// The default exit-survey reasons as `(code, label)` pairs, in display order.
pub fn default_exit_reasons(lang: Lang) -> Vec<(&'static str, &'static str)> {
    let l = &i18n::strings(lang).exit_reasons;
    let labels = [
        l.price,
        l.support_quality,
        l.could_not_use,
        l.missing_feature,
        l.switched_competitor,
        l.budget,
        l.other,
    ];
    EXIT_REASON_CODES.into_iter().zip(labels).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lang_codes_round_trip() {
        for lang in Lang::ALL {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
        }
    }

    #[test]
    fn from_code_accepts_regions_and_any_case() {
        assert_eq!(Lang::from_code("ja-JP"), Some(Lang::Ja));
        assert_eq!(Lang::from_code("JA"), Some(Lang::Ja));
        assert_eq!(Lang::from_code("en-US"), Some(Lang::En));
        assert_eq!(Lang::from_code("en_gb"), Some(Lang::En));
        assert_eq!(Lang::from_code(" En "), Some(Lang::En));
        assert_eq!(Lang::from_code("fr"), None);
        assert_eq!(Lang::from_code(""), None);
        assert_eq!(Lang::from_code("jav"), None);
    }

    #[test]
    fn accept_language_picks_first_supported_by_q() {
        assert_eq!(
            Lang::from_accept_language("en-US,en;q=0.9,ja;q=0.8"),
            Lang::En
        );
        assert_eq!(
            Lang::from_accept_language("fr-FR, ja;q=0.5, en;q=0.4"),
            Lang::Ja
        );
        assert_eq!(Lang::from_accept_language("en;q=0.3, ja;q=0.7"), Lang::Ja);
        assert_eq!(Lang::from_accept_language("ja;q=0.5, en;q=0.5"), Lang::Ja);
        assert_eq!(Lang::from_accept_language("EN-gb"), Lang::En);
    }

    #[test]
    fn accept_language_falls_back_to_japanese() {
        assert_eq!(Lang::from_accept_language(""), Lang::Ja);
        assert_eq!(
            Lang::from_accept_language("fr, de;q=0.9, *;q=0.1"),
            Lang::Ja
        );
        assert_eq!(Lang::from_accept_language("en;q=0"), Lang::Ja);
        assert_eq!(Lang::from_accept_language("en;q=abc, ;;, ="), Lang::Ja);
    }

    #[test]
    fn default_exit_reasons_have_the_contract_codes_and_japanese_labels() {
        let ja = default_exit_reasons(Lang::Ja);
        assert_eq!(
            ja,
            vec![
                ("price", "価格"),
                ("support_quality", "サポートの品質"),
                ("could_not_use", "使いこなせなかった"),
                ("missing_feature", "必要な機能がない"),
                ("switched_competitor", "他社に乗り換え"),
                ("budget", "予算・事業上の理由"),
                ("other", "その他"),
            ]
        );
        let en = default_exit_reasons(Lang::En);
        assert_eq!(
            en.iter().map(|(c, _)| *c).collect::<Vec<_>>(),
            EXIT_REASON_CODES.to_vec()
        );
        assert!(en.iter().all(|(_, label)| label.is_ascii()));
    }
}
