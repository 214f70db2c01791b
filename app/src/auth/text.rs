//! Words for what the account and team models hold, in the reader's language.

use leptos_i18n::I18nContext;

use crate::auth::model::TeamRole;
use crate::i18n::*;

pub fn role_text(i18n: I18nContext<Locale>, role: TeamRole) -> &'static str {
    match role {
        TeamRole::Leader => t_string!(i18n, roles.leader),
        TeamRole::Member => t_string!(i18n, roles.member),
        TeamRole::Facilitator => t_string!(i18n, roles.facilitator),
    }
}
