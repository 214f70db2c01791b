//! Proposals and limits in the reader's language: what was measured, against which limit,
//! over which window.

use super::model::{LimitKind, Proposes, ThresholdUnit};
use super::views::{Decision, ProposalRow};
use crate::i18n::*;
use leptos_i18n::I18nContext;

pub fn proposes_text(i18n: I18nContext<Locale>, proposes: Proposes) -> &'static str {
    match proposes {
        Proposes::CaseloadTalk => t_string!(i18n, proposals.p_caseload_talk),
        Proposes::Intervision => t_string!(i18n, proposals.p_intervision),
        Proposes::MoralDeliberation => t_string!(i18n, proposals.p_moral_deliberation),
        Proposes::NeighbourVisit => t_string!(i18n, proposals.p_neighbour_visit),
    }
}

/// A number without needless decimals: 3, 36, 37.5.
pub fn figure(value: f64) -> String {
    if (value - value.round()).abs() < 0.05 {
        format!("{:.0}", value)
    } else {
        format!("{:.1}", value)
    }
}

pub fn reason_text(i18n: I18nContext<Locale>, p: &ProposalRow) -> String {
    let subject = if p.subject_name.is_empty() {
        t_string!(i18n, proposals.whole_team).to_string()
    } else {
        p.subject_name.clone()
    };
    let measured = figure(p.measured);
    let threshold = figure(p.threshold);
    let window = p.window_weeks.unwrap_or(0);
    let Some(kind) = p.kind else {
        return t_string!(i18n, proposals.r_brought_in, subject = subject).to_string();
    };
    match kind {
        LimitKind::LoadPerFte => t_string!(
            i18n,
            proposals.r_load_per_fte,
            subject = subject,
            measured = measured,
            threshold = threshold
        )
        .to_string(),
        LimitKind::AvoidersPerMember => t_string!(
            i18n,
            proposals.r_avoiders_per_member,
            subject = subject,
            measured = measured,
            threshold = threshold
        )
        .to_string(),
        LimitKind::AvoiderSharePerMember => t_string!(
            i18n,
            proposals.r_avoider_share_per_member,
            subject = subject,
            measured = measured,
            threshold = threshold
        )
        .to_string(),
        LimitKind::PersonalLimit => {
            t_string!(i18n, proposals.r_personal_limit, measured = measured).to_string()
        }
        LimitKind::SignalsByMember => t_string!(
            i18n,
            proposals.r_signals_by_member,
            measured = measured,
            window = window,
            threshold = threshold
        )
        .to_string(),
        LimitKind::SignalsOnClient => t_string!(
            i18n,
            proposals.r_signals_on_client,
            subject = subject,
            measured = measured,
            window = window,
            threshold = threshold
        )
        .to_string(),
        LimitKind::MoralDilemmaSignal => t_string!(
            i18n,
            proposals.r_moral_dilemma_signal,
            subject = subject,
            measured = measured,
            window = window
        )
        .to_string(),
        LimitKind::MoralDilemmasInTeam => t_string!(
            i18n,
            proposals.r_moral_dilemmas_in_team,
            measured = measured,
            window = window,
            threshold = threshold
        )
        .to_string(),
        LimitKind::TeamShareStuck => t_string!(
            i18n,
            proposals.r_team_share_stuck,
            measured = measured,
            window = window,
            threshold = threshold
        )
        .to_string(),
        LimitKind::NoIntervision => t_string!(
            i18n,
            proposals.r_no_intervision,
            measured = measured,
            threshold = threshold
        )
        .to_string(),
        LimitKind::NoNeighbourVisit => t_string!(
            i18n,
            proposals.r_no_neighbour_visit,
            measured = measured,
            threshold = threshold
        )
        .to_string(),
        LimitKind::NoMovement => t_string!(
            i18n,
            proposals.r_no_movement,
            subject = subject,
            measured = measured,
            threshold = threshold
        )
        .to_string(),
    }
}

pub fn decision_text(
    i18n: I18nContext<Locale>,
    decision: Decision,
    by: &str,
    date: String,
) -> String {
    match decision {
        Decision::Accept => t_string!(i18n, proposals.d_accepted, by = by, date = date).to_string(),
        Decision::Decline => {
            t_string!(i18n, proposals.d_declined, by = by, date = date).to_string()
        }
        Decision::Snooze => t_string!(i18n, proposals.d_snoozed, by = by, date = date).to_string(),
    }
}

pub fn limit_name(i18n: I18nContext<Locale>, kind: LimitKind) -> &'static str {
    match kind {
        LimitKind::LoadPerFte => t_string!(i18n, limit_editor.k_load_per_fte),
        LimitKind::AvoidersPerMember => t_string!(i18n, limit_editor.k_avoiders_per_member),
        LimitKind::AvoiderSharePerMember => {
            t_string!(i18n, limit_editor.k_avoider_share_per_member)
        }
        LimitKind::PersonalLimit => t_string!(i18n, limit_editor.k_personal_limit),
        LimitKind::SignalsByMember => t_string!(i18n, limit_editor.k_signals_by_member),
        LimitKind::SignalsOnClient => t_string!(i18n, limit_editor.k_signals_on_client),
        LimitKind::MoralDilemmaSignal => t_string!(i18n, limit_editor.k_moral_dilemma_signal),
        LimitKind::MoralDilemmasInTeam => t_string!(i18n, limit_editor.k_moral_dilemmas_in_team),
        LimitKind::TeamShareStuck => t_string!(i18n, limit_editor.k_team_share_stuck),
        LimitKind::NoIntervision => t_string!(i18n, limit_editor.k_no_intervision),
        LimitKind::NoMovement => t_string!(i18n, limit_editor.k_no_movement),
        LimitKind::NoNeighbourVisit => t_string!(i18n, limit_editor.k_no_neighbour_visit),
    }
}

pub fn unit_text(i18n: I18nContext<Locale>, unit: ThresholdUnit) -> &'static str {
    match unit {
        ThresholdUnit::PointsPerFte => t_string!(i18n, limit_editor.u_points_per_fte),
        ThresholdUnit::Count => t_string!(i18n, limit_editor.u_count),
        ThresholdUnit::Percent => t_string!(i18n, limit_editor.u_percent),
        ThresholdUnit::Weeks => t_string!(i18n, limit_editor.u_weeks),
        ThresholdUnit::Days => t_string!(i18n, limit_editor.u_days),
        ThresholdUnit::None => t_string!(i18n, limit_editor.u_none),
    }
}
