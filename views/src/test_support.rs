//! Helpers for the view tests: reading rendered HTML the way a person or a CSP would.

/// The text a person reads: everything outside tags (entities left as written).
pub fn visible_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for ch in html.chars() {
        match ch {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(ch),
            _ => {}
        }
    }
    out
}

/// Fails if the page would need `'unsafe-inline'` (inline style or script of any kind).
pub fn assert_csp_clean(html: &str) {
    let lower = html.to_ascii_lowercase();
    assert!(
        !lower.contains("style="),
        "inline style attribute in {html}"
    );
    assert!(!lower.contains("<style"), "<style> block in {html}");
    assert!(!lower.contains("<script"), "<script> in {html}");
    assert!(!lower.contains("javascript:"), "javascript: URL in {html}");
    for handler in [
        " onclick=",
        " onload=",
        " onerror=",
        " onsubmit=",
        " onchange=",
    ] {
        assert!(
            !lower.contains(handler),
            "event handler {handler} in {html}"
        );
    }
}

/// Fails if the page and the stylesheet together weigh 20 KB or more.
pub fn assert_small(html: &str) {
    let total = html.len() + crate::stylesheet().len();
    assert!(total < 20 * 1024, "page + CSS is {total} bytes");
}

/// Hostile text for escaping tests.
pub const HOSTILE: &str = "<script>alert(\"x\")</script>&'\"";
/// How maud writes [`HOSTILE`] in text and attribute values.
pub const HOSTILE_ESCAPED: &str = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;'&quot;";
