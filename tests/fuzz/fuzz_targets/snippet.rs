//! Snippets and shortened comments on any text and term: no panic, and every piece is made
//! of whole graphemes of the comment, in order.
#![no_main]

use koe::text::snippet::{shorten, snippet};
use libfuzzer_sys::fuzz_target;
use unicode_segmentation::UnicodeSegmentation;

fuzz_target!(|data: &[u8]| {
    let Some((&context, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    // The term is what follows the first tab, so that inputs carry both.
    let (comment, term) = text.split_once('\t').unwrap_or((text, ""));
    let context = usize::from(context % 64);

    let cut = snippet(comment, term, context);
    let joined = format!("{}{}{}", cut.before, cut.matched, cut.after);
    assert!(comment.contains(joined.as_str()), "{joined:?} is not part of {comment:?}");
    let graphemes: Vec<&str> = comment.graphemes(true).collect();
    for piece in [&cut.before, &cut.matched, &cut.after] {
        let count = piece.graphemes(true).count();
        assert!(count <= graphemes.len(), "{piece:?} longer than {comment:?}");
    }

    let short = shorten(comment, context);
    let kept = short.strip_suffix('…').map(str::trim_end).unwrap_or(&short);
    assert!(comment.starts_with(kept), "{short:?} is not the start of {comment:?}");
    assert!(kept.graphemes(true).count() <= context, "{short:?} is longer than {context}");
});
