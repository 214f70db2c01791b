//! The language switch in the top bar: a plain form post, so it works before (and without) any
//! script; the reader comes back to the page they were on.

use leptos::prelude::*;

use crate::account::api::SetLanguage;
use crate::i18n::*;

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
