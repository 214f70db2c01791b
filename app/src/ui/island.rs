//! What every island needs: islands are brought to life in the browser one by one, without the
//! page around them, so they cannot read the page's context.

use leptos::prelude::*;
use leptos_i18n::I18nContext;

use crate::i18n::Locale;

/// Islands run in the browser without the page's context, so each brings its own translations,
/// in the language the server rendered the page in (`<html lang>`). On the server they find the
/// page's context and use that.
pub fn island_i18n() -> I18nContext<Locale> {
    if let Some(i18n) = use_context::<I18nContext<Locale>>() {
        return i18n;
    }
    let options =
        leptos_i18n::context::I18nContextOptions::<Locale>::default().enable_cookie(false);
    let i18n = leptos_i18n::context::init_i18n_context_with_options::<Locale>(options);
    provide_context(i18n);
    i18n
}
