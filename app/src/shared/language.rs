//! Choosing between the Dutch and English versions of stored text.

use leptos_i18n::I18nContext;

use crate::i18n::*;

/// A method's name in the reader's language.
pub fn in_language<'a>(i18n: I18nContext<Locale>, nl: &'a str, en: &'a str) -> &'a str {
    match i18n.get_locale() {
        Locale::en => en,
        _ => nl,
    }
}
