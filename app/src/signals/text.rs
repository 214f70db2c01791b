//! The signal words in the reader's language.

use super::model::{KindOfWork, Reaction, Strain, Visibility};
use crate::i18n::*;
use leptos_i18n::I18nContext;

pub fn kind_text(i18n: I18nContext<Locale>, kind: KindOfWork) -> &'static str {
    match kind {
        KindOfWork::Role => t_string!(i18n, signals.kind_role),
        KindOfWork::Relationship => t_string!(i18n, signals.kind_relationship),
        KindOfWork::Reasoning => t_string!(i18n, signals.kind_reasoning),
        KindOfWork::Identity => t_string!(i18n, signals.kind_identity),
        KindOfWork::Emotion => t_string!(i18n, signals.kind_emotion),
        KindOfWork::TacitKnowledge => t_string!(i18n, signals.kind_tacit_knowledge),
        KindOfWork::Teamwork => t_string!(i18n, signals.kind_teamwork),
    }
}

pub fn kinds_text(i18n: I18nContext<Locale>, kinds: &[KindOfWork]) -> String {
    kinds
        .iter()
        .map(|k| kind_text(i18n, *k))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What a kind of work means, in a line: few people know the study's words.
pub fn kind_definition(i18n: I18nContext<Locale>, kind: KindOfWork) -> &'static str {
    match kind {
        KindOfWork::Role => t_string!(i18n, signals.def_role),
        KindOfWork::Relationship => t_string!(i18n, signals.def_relationship),
        KindOfWork::Reasoning => t_string!(i18n, signals.def_reasoning),
        KindOfWork::Identity => t_string!(i18n, signals.def_identity),
        KindOfWork::Emotion => t_string!(i18n, signals.def_emotion),
        KindOfWork::TacitKnowledge => t_string!(i18n, signals.def_tacit_knowledge),
        KindOfWork::Teamwork => t_string!(i18n, signals.def_teamwork),
    }
}

pub fn strain_text(i18n: I18nContext<Locale>, strain: Strain) -> &'static str {
    match strain {
        Strain::Context => t_string!(i18n, signals.strain_context),
        Strain::Relational => t_string!(i18n, signals.strain_relational),
        Strain::Energy => t_string!(i18n, signals.strain_energy),
        Strain::Identity => t_string!(i18n, signals.strain_identity),
    }
}

pub fn reaction_text(i18n: I18nContext<Locale>, reaction: Reaction) -> &'static str {
    match reaction {
        Reaction::CarryOn => t_string!(i18n, signals.reaction_carry_on),
        Reaction::DoMore => t_string!(i18n, signals.reaction_do_more),
        Reaction::Refer => t_string!(i18n, signals.reaction_refer),
        Reaction::Withdraw => t_string!(i18n, signals.reaction_withdraw),
        Reaction::TakeOver => t_string!(i18n, signals.reaction_take_over),
        Reaction::SlowDown => t_string!(i18n, signals.reaction_slow_down),
    }
}

pub fn visibility_text(i18n: I18nContext<Locale>, visibility: Visibility) -> &'static str {
    match visibility {
        Visibility::Private => t_string!(i18n, signals.vis_private),
        Visibility::Leader => t_string!(i18n, signals.vis_leader),
        Visibility::Team => t_string!(i18n, signals.vis_team),
    }
}

pub const STUCK_PROMPTS: usize = 9;

pub fn stuck_prompt(i18n: I18nContext<Locale>, index: usize) -> &'static str {
    match index % STUCK_PROMPTS {
        0 => t_string!(i18n, prompts.stuck1),
        1 => t_string!(i18n, prompts.stuck2),
        2 => t_string!(i18n, prompts.stuck3),
        3 => t_string!(i18n, prompts.stuck4),
        4 => t_string!(i18n, prompts.stuck5),
        5 => t_string!(i18n, prompts.stuck6),
        6 => t_string!(i18n, prompts.stuck7),
        7 => t_string!(i18n, prompts.stuck8),
        _ => t_string!(i18n, prompts.stuck9),
    }
}
