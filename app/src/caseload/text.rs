//! The caseload's words in the reader's language: neutral avoidance labels, perspectives,
//! limits, fit reasons and import problems.

use crate::caseload::balance::intake::FitReason;
use crate::caseload::balance::model::{Breach, PersonalLimitKind};
use crate::caseload::import::model::{FileProblem, ImportColumn, RowProblem};
use crate::caseload::model::{AvoidanceLevel, Perspective};
use crate::caseload::views::{Domain, LimitView};
use crate::i18n::*;
use crate::shared::ids::DomainId;
use crate::ui::form::problem_text;
use leptos_i18n::I18nContext;

pub fn level_text(i18n: I18nContext<Locale>, level: AvoidanceLevel) -> &'static str {
    match level {
        AvoidanceLevel::None => t_string!(i18n, avoidance.level0),
        AvoidanceLevel::Some => t_string!(i18n, avoidance.level1),
        AvoidanceLevel::Considerable => t_string!(i18n, avoidance.level2),
        AvoidanceLevel::Strong => t_string!(i18n, avoidance.level3),
    }
}

pub fn maybe_level_text(i18n: I18nContext<Locale>, level: Option<AvoidanceLevel>) -> &'static str {
    level.map_or_else(
        || t_string!(i18n, avoidance.unknown),
        |l| level_text(i18n, l),
    )
}

pub fn perspective_text(i18n: I18nContext<Locale>, perspective: Perspective) -> &'static str {
    match perspective {
        Perspective::Professional => t_string!(i18n, avoidance.professional),
        Perspective::FamilyOrNetwork => t_string!(i18n, avoidance.family),
        Perspective::ThirdParty => t_string!(i18n, avoidance.third_party),
        Perspective::ClientThemself => t_string!(i18n, avoidance.client),
    }
}

pub fn limit_text(i18n: I18nContext<Locale>, limit: &LimitView) -> String {
    let max = limit.max;
    match limit.kind {
        PersonalLimitKind::Clients => t_string!(i18n, limits.clients, max = max).to_string(),
        PersonalLimitKind::Avoiders(level) => {
            t_string!(i18n, limits.avoiders, max = max, level = level.number()).to_string()
        }
        PersonalLimitKind::Domain(_) => t_string!(
            i18n,
            limits.domain,
            max = max,
            domain = limit.domain_name.clone().unwrap_or_default()
        )
        .to_string(),
    }
}

pub fn breach_text(i18n: I18nContext<Locale>, breach: &Breach, limits: &[LimitView]) -> String {
    match breach {
        Breach::Load { load, ceiling } => t_string!(
            i18n,
            balance.breach_load,
            load = format!("{load:.0}"),
            ceiling = format!("{ceiling:.0}")
        )
        .to_string(),
        Breach::Avoiders { count, max } => {
            t_string!(i18n, balance.breach_avoiders, count = *count, max = *max).to_string()
        }
        Breach::AvoiderShare { share, max } => t_string!(
            i18n,
            balance.breach_share,
            share = format!("{:.0}", share * 100.0),
            max = format!("{:.0}", max * 100.0)
        )
        .to_string(),
        Breach::Personal { limit, count, .. } => {
            let what = limits
                .iter()
                .find(|l| l.id == *limit)
                .map(|l| limit_text(i18n, l))
                .unwrap_or_default();
            t_string!(i18n, balance.breach_personal, limit = what, count = *count).to_string()
        }
    }
}

fn domain_name(domains: &[Domain], id: DomainId) -> String {
    domains
        .iter()
        .find(|d| d.id == id)
        .map(|d| d.name.clone())
        .unwrap_or_default()
}

pub fn reason_text(
    i18n: I18nContext<Locale>,
    reason: &FitReason,
    domains: &[Domain],
    limits: &[LimitView],
) -> String {
    let pct = |r: &f64| format!("{:.0}", r * 100.0);
    match reason {
        FitReason::Headroom { ratio_after } => {
            t_string!(i18n, intake.headroom, pct = pct(ratio_after)).to_string()
        }
        FitReason::OverCapacity { ratio_after } => {
            t_string!(i18n, intake.over_capacity, pct = pct(ratio_after)).to_string()
        }
        FitReason::LoadLimit { after, ceiling } => t_string!(
            i18n,
            intake.load_limit,
            after = format!("{after:.0}"),
            ceiling = format!("{ceiling:.0}")
        )
        .to_string(),
        FitReason::AvoiderLimit { after, max } => {
            t_string!(i18n, intake.avoider_limit, after = *after, max = *max).to_string()
        }
        FitReason::AvoiderShareLimit { after, max } => t_string!(
            i18n,
            intake.avoider_share_limit,
            after = pct(after),
            max = pct(max)
        )
        .to_string(),
        FitReason::PersonalLimit { limit, after, .. } => {
            let what = limits
                .iter()
                .find(|l| l.id == *limit)
                .map(|l| limit_text(i18n, l))
                .unwrap_or_default();
            t_string!(i18n, intake.personal_limit, limit = what, after = *after).to_string()
        }
        FitReason::Avoiders { count } => {
            t_string!(i18n, intake.avoiders, count = *count).to_string()
        }
        FitReason::VarietyUp => t_string!(i18n, intake.variety_up).to_string(),
        FitReason::VarietyDown => t_string!(i18n, intake.variety_down).to_string(),
        FitReason::Experience { domain, clients } => t_string!(
            i18n,
            intake.experience,
            domain = domain_name(domains, *domain),
            count = *clients
        )
        .to_string(),
        FitReason::NoExperience => t_string!(i18n, intake.no_experience).to_string(),
    }
}

pub fn column_text(i18n: I18nContext<Locale>, column: ImportColumn) -> &'static str {
    match column {
        ImportColumn::Code => t_string!(i18n, import.col_code),
        ImportColumn::Weight => t_string!(i18n, import.col_weight),
        ImportColumn::Domains => t_string!(i18n, import.col_domains),
        ImportColumn::Primary => t_string!(i18n, import.col_primary),
        ImportColumn::Secondary => t_string!(i18n, import.col_secondary),
        ImportColumn::Start => t_string!(i18n, import.col_start),
        ImportColumn::Avoidance => t_string!(i18n, import.col_avoidance),
    }
}

pub fn row_problem_text(i18n: I18nContext<Locale>, problem: &RowProblem) -> String {
    match problem {
        RowProblem::Missing(c) => {
            t_string!(i18n, import.missing, column = column_text(i18n, *c)).to_string()
        }
        RowProblem::InvalidCode(p) => {
            format!(
                "{}: {}",
                t_string!(i18n, import.col_code),
                problem_text(i18n, *p)
            )
        }
        RowProblem::DuplicateCode { first_line } => {
            t_string!(i18n, import.duplicate, line = *first_line).to_string()
        }
        RowProblem::WeightOutOfRange => t_string!(i18n, import.weight).to_string(),
        RowProblem::UnknownDomain(d) => {
            t_string!(i18n, import.unknown_domain, domain = d.clone()).to_string()
        }
        RowProblem::UnknownMember(c, who) => t_string!(
            i18n,
            import.unknown_member,
            column = column_text(i18n, *c),
            who = who.clone()
        )
        .to_string(),
        RowProblem::SameMemberTwice => t_string!(i18n, errors.same_member_twice).to_string(),
        RowProblem::InvalidDate => t_string!(i18n, import.date).to_string(),
        RowProblem::LevelOutOfRange => t_string!(i18n, import.level).to_string(),
        RowProblem::TooManyColumns => t_string!(i18n, import.too_many_columns).to_string(),
    }
}

pub fn file_problem_text(i18n: I18nContext<Locale>, problem: &FileProblem) -> String {
    match problem {
        FileProblem::Empty => t_string!(i18n, import.empty).to_string(),
        FileProblem::UnknownColumn(c) => {
            t_string!(i18n, import.unknown_column, column = c.clone()).to_string()
        }
        FileProblem::MissingColumn(c) => {
            t_string!(i18n, import.missing_column, column = column_text(i18n, *c)).to_string()
        }
        FileProblem::NotCsv => t_string!(i18n, import.not_csv).to_string(),
        FileProblem::TooManyRows => t_string!(i18n, import.too_many_rows).to_string(),
    }
}
