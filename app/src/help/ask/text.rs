//! The words of a request for help in the reader's language: where it stands, seen from the
//! reader's side.

use leptos_i18n::I18nContext;

use super::model::{HelpStatus, Side};
use super::views::HelpItem;
use crate::i18n::*;

/// Where the request stands, for the person reading it.
pub fn status_text(i18n: I18nContext<Locale>, item: &HelpItem) -> &'static str {
    match item.status {
        HelpStatus::Open if item.may_answer() => t_string!(i18n, help.status_your_answer),
        HelpStatus::Open => t_string!(i18n, help.status_waiting),
        HelpStatus::Accepted => t_string!(i18n, help.status_accepted),
        HelpStatus::Declined => t_string!(i18n, help.status_declined),
        HelpStatus::Withdrawn => t_string!(i18n, help.status_withdrawn),
    }
}

/// One line on who started it: "Sanne vraagt je mee te kijken", "Je vroeg Bram", …
pub fn who_line(i18n: I18nContext<Locale>, item: &HelpItem) -> String {
    let other = item.other.clone();
    match (item.initiative.initiator() == item.side, item.side) {
        (true, Side::Author) => t_string!(i18n, help.you_asked, name = other).to_string(),
        (true, Side::Helper) => t_string!(i18n, help.you_offered, name = other).to_string(),
        (false, Side::Helper) => t_string!(i18n, help.asks_you, name = other).to_string(),
        (false, Side::Author) => t_string!(i18n, help.offers_you, name = other).to_string(),
    }
}
