//! Which language a page is shown in.

use actix_web::http::header::ACCEPT_LANGUAGE;
use actix_web::HttpRequest;
use koe_views::Lang;

/// The contact's own locale when known, else the browser's Accept-Language, else Japanese.
pub fn page_lang(req: &HttpRequest, contact_locale: Option<&str>) -> Lang {
    contact_locale
        .and_then(Lang::from_code)
        .unwrap_or_else(|| browser_lang(req))
}

/// The browser's preference alone (for pages not tied to a contact).
pub fn browser_lang(req: &HttpRequest) -> Lang {
    req.headers()
        .get(ACCEPT_LANGUAGE)
        .and_then(|value| value.to_str().ok())
        .map(Lang::from_accept_language)
        .unwrap_or_default()
}
