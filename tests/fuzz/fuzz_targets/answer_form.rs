//! A posted survey form, as bytes off the wire: decoding never panics, and an answer that
//! passes the checks keeps every promise the checks make.
#![no_main]

use koe::domain::answer::{Answer, COMMENT_MAX_GRAPHEMES};
use koe::domain::fields::is_forbidden_in_text;
use koe::domain::survey::{default_exit_reasons, SurveyKind};
use koe::http::respond::form::decode;
use libfuzzer_sys::fuzz_target;
use unicode_segmentation::UnicodeSegmentation;

fuzz_target!(|data: &[u8]| {
    let Ok(form) = decode(data) else { return };
    let reasons = default_exit_reasons();
    for kind in [SurveyKind::Nps, SurveyKind::Csat, SurveyKind::Exit] {
        let Ok(answer) = Answer::parse(kind, &reasons, &form) else { continue };
        if let Some(comment) = &answer.comment {
            assert!(comment.graphemes(true).count() <= COMMENT_MAX_GRAPHEMES);
            assert!(!comment.chars().any(is_forbidden_in_text), "{comment:?}");
        }
        match (kind.score_range(), answer.score) {
            (Some(range), Some(score)) => assert!(range.contains(&score), "{score} for {kind:?}"),
            (None, None) => {}
            (range, score) => panic!("{kind:?} with range {range:?} gave score {score:?}"),
        }
        if kind == SurveyKind::Exit {
            let reason = answer.reason.as_deref().unwrap_or_default();
            assert!(reasons.iter().any(|known| known.code == reason), "{reason:?}");
        }
    }
});
