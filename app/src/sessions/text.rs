//! Sessions in the reader's language.

use crate::i18n::*;
use crate::sessions::model::{Answer, SessionKind, SessionStatus};
use leptos_i18n::I18nContext;

pub use crate::shared::language::in_language;
pub use crate::shared::session_kind::kind_text;

pub fn status_text(i18n: I18nContext<Locale>, status: SessionStatus) -> &'static str {
    match status {
        SessionStatus::Planned => t_string!(i18n, sessions.s_planned),
        SessionStatus::Done => t_string!(i18n, sessions.s_done),
        SessionStatus::Cancelled => t_string!(i18n, sessions.s_cancelled),
    }
}

pub fn answer_text(i18n: I18nContext<Locale>, answer: Answer) -> &'static str {
    match answer {
        Answer::Pending => t_string!(i18n, sessions.a_pending),
        Answer::Yes => t_string!(i18n, sessions.a_yes),
        Answer::No => t_string!(i18n, sessions.a_no),
    }
}

pub fn weekday_text(i18n: I18nContext<Locale>, weekday: u8) -> &'static str {
    match weekday {
        1 => t_string!(i18n, sessions.d1),
        2 => t_string!(i18n, sessions.d2),
        3 => t_string!(i18n, sessions.d3),
        4 => t_string!(i18n, sessions.d4),
        5 => t_string!(i18n, sessions.d5),
        6 => t_string!(i18n, sessions.d6),
        _ => t_string!(i18n, sessions.d7),
    }
}

pub fn absence_text(i18n: I18nContext<Locale>, reason: &str) -> &'static str {
    match reason {
        "leave" => t_string!(i18n, sessions.r_leave),
        "training" => t_string!(i18n, sessions.r_training),
        _ => t_string!(i18n, sessions.r_other),
    }
}

/// The presenter's preparation prompt `n` (1–3) for a kind of session.
pub fn prep_prompt(i18n: I18nContext<Locale>, kind: SessionKind, n: u8) -> &'static str {
    match (kind, n) {
        (SessionKind::Intervision, 1) => t_string!(i18n, prompts.prep_intervision1),
        (SessionKind::Intervision, 2) => t_string!(i18n, prompts.prep_intervision2),
        (SessionKind::Intervision, _) => t_string!(i18n, prompts.prep_intervision3),
        (SessionKind::MoralDeliberation, 1) => t_string!(i18n, prompts.prep_moral1),
        (SessionKind::MoralDeliberation, 2) => t_string!(i18n, prompts.prep_moral2),
        (SessionKind::MoralDeliberation, _) => t_string!(i18n, prompts.prep_moral3),
    }
}
