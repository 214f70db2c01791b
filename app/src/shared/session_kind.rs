//! The kinds of session (intervisie, moreel beraad): words of the domain that sessions plan,
//! proposals ask for and notifications mention, so they live below all three.

use leptos_i18n::I18nContext;
use serde::{Deserialize, Serialize};

use crate::i18n::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum SessionKind {
    /// "How do I act?"
    Intervision,
    /// "What is right here?"
    MoralDeliberation,
}

impl SessionKind {
    pub const ALL: [SessionKind; 2] = [SessionKind::Intervision, SessionKind::MoralDeliberation];

    pub fn as_str(self) -> &'static str {
        match self {
            SessionKind::Intervision => "intervision",
            SessionKind::MoralDeliberation => "moral_deliberation",
        }
    }

    pub fn parse(s: &str) -> Option<SessionKind> {
        SessionKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

pub fn kind_text(i18n: I18nContext<Locale>, kind: SessionKind) -> &'static str {
    match kind {
        SessionKind::Intervision => t_string!(i18n, sessions.k_intervision),
        SessionKind::MoralDeliberation => t_string!(i18n, sessions.k_moral_deliberation),
    }
}
