//! The language a reader chose: remembered in a cookie for a year, for the whole site, and
//! read by the server for every page it renders.

use leptos::prelude::*;

use crate::error::AppError;
use crate::i18n::*;

/// The cookie the server's i18n context reads; `language_cookie` sets it the same way.
pub const LANGUAGE_COOKIE: &str = "draagkracht_lang";
const YEAR_SECONDS: i64 = 365 * 24 * 60 * 60;

/// The language choice is remembered for a year, for the whole site.
pub fn language_cookie() -> leptos_i18n::context::CookieOptions<Locale> {
    leptos_i18n::context::CookieOptions::default()
        .path("/")
        .max_age(YEAR_SECONDS * 1000)
}

/// Switches the reader's language. A plain form post, so it works before (and without) any
/// script; the reader comes back to the page they were on.
#[server(prefix = "/api", endpoint = "set_language")]
pub async fn set_language(lang: String) -> Result<(), AppError> {
    use crate::error::FieldProblem;
    let Some(locale) = <Locale as leptos_i18n::Locale>::get_all()
        .iter()
        .find(|l| l.as_str() == lang)
    else {
        return crate::error::with_status(Err(AppError::invalid(
            "lang",
            FieldProblem::UnknownChoice,
        )));
    };
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
    Ok(())
}

#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let current = i18n.get_locale_untracked();
    let choose = ServerAction::<SetLanguage>::new();
    let button = move |locale: Locale, short: &'static str, full: &'static str| {
        view! {
            <button
                type="submit"
                name="lang"
                value=locale.as_str()
                lang=locale.as_str()
                aria-pressed=(current == locale).to_string()
                title=full
            >
                {short}
            </button>
        }
    };
    view! {
        <ActionForm action=choose attr:class="lang-switch" attr:role="group" attr:aria-label=t_string!(i18n, lang.label) attr:data-testid="lang-switch">
            {button(Locale::nl, "NL", t_string!(i18n, lang.nl_full))}
            {button(Locale::en, "EN", t_string!(i18n, lang.en_full))}
        </ActionForm>
    }
}
