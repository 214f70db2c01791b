//! Team limits (drempels) as data: one row per limit, with a kind, a number, a window where the
//! kind needs one, and the kind of conversation it proposes. Pure; compiled for the browser too.
//! The caseload limits are read here; the rule engine of the signals issue adds its kinds.

use serde::{Deserialize, Serialize};

use crate::caseload::balance::TeamPolicy;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LimitKind {
    /// Weighted load per FTE above the threshold (points per FTE).
    LoadPerFte,
    /// More zorgmijders per member than the threshold.
    AvoidersPerMember,
    /// A larger share (threshold in percent) of a member's clients are zorgmijders.
    AvoiderSharePerMember,
}

impl LimitKind {
    pub const CASELOAD: [LimitKind; 3] = [
        LimitKind::LoadPerFte,
        LimitKind::AvoidersPerMember,
        LimitKind::AvoiderSharePerMember,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            LimitKind::LoadPerFte => "load_per_fte",
            LimitKind::AvoidersPerMember => "avoiders_per_member",
            LimitKind::AvoiderSharePerMember => "avoider_share_per_member",
        }
    }

    pub fn parse(s: &str) -> Option<LimitKind> {
        LimitKind::CASELOAD.into_iter().find(|k| k.as_str() == s)
    }

    /// The range a threshold of this kind may take.
    pub fn bounds(self) -> (f64, f64) {
        match self {
            LimitKind::LoadPerFte => (1.0, 200.0),
            LimitKind::AvoidersPerMember => (0.0, 100.0),
            LimitKind::AvoiderSharePerMember => (0.0, 100.0),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Proposes {
    CaseloadTalk,
    Intervision,
    MoralDeliberation,
}

impl Proposes {
    pub fn as_str(self) -> &'static str {
        match self {
            Proposes::CaseloadTalk => "caseload_talk",
            Proposes::Intervision => "intervision",
            Proposes::MoralDeliberation => "moral_deliberation",
        }
    }

    pub fn parse(s: &str) -> Option<Proposes> {
        [
            Proposes::CaseloadTalk,
            Proposes::Intervision,
            Proposes::MoralDeliberation,
        ]
        .into_iter()
        .find(|p| p.as_str() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TeamLimit {
    pub kind: LimitKind,
    pub threshold: f64,
    pub window_weeks: Option<u32>,
    pub proposes: Proposes,
    pub active: bool,
}

/// What a new team starts with: 120 % of a 30-point norm, and at most four zorgmijders each.
/// The share limit exists but is off until the team decides it wants one.
pub fn default_caseload_limits() -> Vec<TeamLimit> {
    let limit = |kind, threshold, active| TeamLimit {
        kind,
        threshold,
        window_weeks: None,
        proposes: Proposes::CaseloadTalk,
        active,
    };
    vec![
        limit(LimitKind::LoadPerFte, 36.0, true),
        limit(LimitKind::AvoidersPerMember, 4.0, true),
        limit(LimitKind::AvoiderSharePerMember, 40.0, false),
    ]
}

/// Puts the team's active caseload limits into the policy the balance algorithms read.
pub fn apply_caseload_limits(limits: &[TeamLimit], policy: &mut TeamPolicy) {
    policy.max_load_per_fte = None;
    policy.max_avoiders = None;
    policy.max_avoider_share = None;
    for limit in limits.iter().filter(|l| l.active) {
        match limit.kind {
            LimitKind::LoadPerFte => policy.max_load_per_fte = Some(limit.threshold),
            LimitKind::AvoidersPerMember => {
                policy.max_avoiders = Some(limit.threshold.max(0.0).floor() as u32)
            }
            LimitKind::AvoiderSharePerMember => {
                policy.max_avoider_share = Some((limit.threshold / 100.0).clamp(0.0, 1.0))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_and_defaults_fill_the_policy() {
        for kind in LimitKind::CASELOAD {
            assert_eq!(LimitKind::parse(kind.as_str()), Some(kind));
        }
        let mut policy = TeamPolicy {
            norm_per_fte: 30.0,
            secondary_fraction: 0.5,
            max_load_per_fte: None,
            max_avoiders: None,
            max_avoider_share: Some(0.9),
        };
        apply_caseload_limits(&default_caseload_limits(), &mut policy);
        assert_eq!(policy.max_load_per_fte, Some(36.0));
        assert_eq!(policy.max_avoiders, Some(4));
        assert_eq!(policy.max_avoider_share, None);
    }
}
