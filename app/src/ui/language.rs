//! The language cookie: the reader's choice, remembered for a year for the whole site, and read
//! by the server for every page it renders.

use crate::i18n::*;

/// The cookie the server's i18n context reads.
pub const LANGUAGE_COOKIE: &str = "draagkracht_lang";
const YEAR_SECONDS: i64 = 365 * 24 * 60 * 60;

/// The i18n context sets the cookie the same way.
pub fn language_cookie() -> leptos_i18n::context::CookieOptions<Locale> {
    leptos_i18n::context::CookieOptions::default()
        .path("/")
        .max_age(YEAR_SECONDS * 1000)
}

/// The locale with this code, if the app speaks it.
pub fn locale(code: &str) -> Option<Locale> {
    <Locale as leptos_i18n::Locale>::get_all()
        .iter()
        .find(|l| l.as_str() == code)
        .copied()
}

/// Sets the language cookie on the answer to this request.
#[cfg(feature = "ssr")]
pub fn remember_on_this_device(locale: Locale) {
    use leptos::prelude::use_context;
    let cookie = format!(
        "{LANGUAGE_COOKIE}={}; Path=/; Max-Age={YEAR_SECONDS}; SameSite=Lax",
        locale.as_str()
    );
    if let (Some(response), Ok(value)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        axum::http::HeaderValue::from_str(&cookie),
    ) {
        response.append_header(axum::http::header::SET_COOKIE, value);
    }
}
