//! A team's limits (drempels) as data: one row per limit, with a kind, a number, a window where
//! the kind needs one, and the kind of conversation it proposes. The team sets them; the
//! caseload reads its ceilings from them and the rules (`limits`) compare against them. Pure;
//! compiled for the browser too.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum LimitKind {
    /// Weighted load per FTE above the threshold (points per FTE).
    LoadPerFte,
    /// More zorgmijders per member than the threshold.
    AvoidersPerMember,
    /// A larger share (threshold in percent) of a member's clients are zorgmijders.
    AvoiderSharePerMember,
    /// A member's own limit is exceeded; the proposal is private to that member.
    PersonalLimit,
    /// At least N stuck signals by one member within W weeks (private to that member first).
    SignalsByMember,
    /// At least N stuck signals on one client within W weeks, by any member.
    SignalsOnClient,
    /// A stuck signal flagged as a moral dilemma, within the last W weeks.
    MoralDilemmaSignal,
    /// At least N moral dilemmas in the team within W weeks.
    MoralDilemmasInTeam,
    /// More than P percent of the members logged a stuck signal within W weeks.
    TeamShareStuck,
    /// No intervision held for N weeks (the team's cadence).
    NoIntervision,
    /// No movement logged on a client for N days: the stagnation clock, off by default.
    NoMovement,
    /// No neighbour visit (hosted or made) for N weeks: Turen bij de Buren.
    NoNeighbourVisit,
}

/// What a limit's threshold counts, so the editor can say it in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ThresholdUnit {
    PointsPerFte,
    Count,
    Percent,
    Weeks,
    Days,
    /// The kind has no number: it fires whenever its condition holds.
    None,
}

impl LimitKind {
    pub const CASELOAD: [LimitKind; 3] = [
        LimitKind::LoadPerFte,
        LimitKind::AvoidersPerMember,
        LimitKind::AvoiderSharePerMember,
    ];

    pub const ALL: [LimitKind; 12] = [
        LimitKind::LoadPerFte,
        LimitKind::AvoidersPerMember,
        LimitKind::AvoiderSharePerMember,
        LimitKind::PersonalLimit,
        LimitKind::SignalsByMember,
        LimitKind::SignalsOnClient,
        LimitKind::MoralDilemmaSignal,
        LimitKind::MoralDilemmasInTeam,
        LimitKind::TeamShareStuck,
        LimitKind::NoIntervision,
        LimitKind::NoMovement,
        LimitKind::NoNeighbourVisit,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            LimitKind::LoadPerFte => "load_per_fte",
            LimitKind::AvoidersPerMember => "avoiders_per_member",
            LimitKind::AvoiderSharePerMember => "avoider_share_per_member",
            LimitKind::PersonalLimit => "personal_limit",
            LimitKind::SignalsByMember => "signals_by_member",
            LimitKind::SignalsOnClient => "signals_on_client",
            LimitKind::MoralDilemmaSignal => "moral_dilemma_signal",
            LimitKind::MoralDilemmasInTeam => "moral_dilemmas_in_team",
            LimitKind::TeamShareStuck => "team_share_stuck",
            LimitKind::NoIntervision => "no_intervision",
            LimitKind::NoMovement => "no_movement",
            LimitKind::NoNeighbourVisit => "no_neighbour_visit",
        }
    }

    pub fn parse(s: &str) -> Option<LimitKind> {
        LimitKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn unit(self) -> ThresholdUnit {
        match self {
            LimitKind::LoadPerFte => ThresholdUnit::PointsPerFte,
            LimitKind::AvoidersPerMember
            | LimitKind::SignalsByMember
            | LimitKind::SignalsOnClient
            | LimitKind::MoralDilemmasInTeam => ThresholdUnit::Count,
            LimitKind::AvoiderSharePerMember | LimitKind::TeamShareStuck => ThresholdUnit::Percent,
            LimitKind::NoIntervision | LimitKind::NoNeighbourVisit => ThresholdUnit::Weeks,
            LimitKind::NoMovement => ThresholdUnit::Days,
            LimitKind::PersonalLimit | LimitKind::MoralDilemmaSignal => ThresholdUnit::None,
        }
    }

    /// Whether the kind looks back over a window of weeks.
    pub fn needs_window(self) -> bool {
        matches!(
            self,
            LimitKind::SignalsByMember
                | LimitKind::SignalsOnClient
                | LimitKind::MoralDilemmaSignal
                | LimitKind::MoralDilemmasInTeam
                | LimitKind::TeamShareStuck
        )
    }

    /// The range a threshold of this kind may take.
    pub fn bounds(self) -> (f64, f64) {
        match self.unit() {
            ThresholdUnit::PointsPerFte => (1.0, 200.0),
            ThresholdUnit::Count => (
                if self == LimitKind::AvoidersPerMember {
                    0.0
                } else {
                    1.0
                },
                100.0,
            ),
            ThresholdUnit::Percent => (0.0, 100.0),
            ThresholdUnit::Weeks => (1.0, 104.0),
            ThresholdUnit::Days => (7.0, 730.0),
            ThresholdUnit::None => (0.0, 0.0),
        }
    }

    /// The conversations a team may let this kind propose. A moral dilemma always leads to
    /// moreel beraad; the caseload kinds to a caseload talk or intervision.
    pub fn allowed_proposals(self) -> &'static [Proposes] {
        match self {
            LimitKind::LoadPerFte
            | LimitKind::AvoidersPerMember
            | LimitKind::AvoiderSharePerMember
            | LimitKind::PersonalLimit => &[Proposes::CaseloadTalk, Proposes::Intervision],
            LimitKind::MoralDilemmaSignal | LimitKind::MoralDilemmasInTeam => {
                &[Proposes::MoralDeliberation]
            }
            LimitKind::SignalsByMember
            | LimitKind::SignalsOnClient
            | LimitKind::TeamShareStuck
            | LimitKind::NoIntervision
            | LimitKind::NoMovement => &[Proposes::Intervision, Proposes::MoralDeliberation],
            LimitKind::NoNeighbourVisit => &[Proposes::NeighbourVisit],
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Proposes {
    CaseloadTalk,
    Intervision,
    MoralDeliberation,
    /// Turen bij de Buren: visit a neighbouring team, or invite one.
    NeighbourVisit,
}

impl Proposes {
    pub fn as_str(self) -> &'static str {
        match self {
            Proposes::CaseloadTalk => "caseload_talk",
            Proposes::Intervision => "intervision",
            Proposes::MoralDeliberation => "moral_deliberation",
            Proposes::NeighbourVisit => "neighbour_visit",
        }
    }

    pub const ALL: [Proposes; 4] = [
        Proposes::CaseloadTalk,
        Proposes::Intervision,
        Proposes::MoralDeliberation,
        Proposes::NeighbourVisit,
    ];

    pub fn parse(s: &str) -> Option<Proposes> {
        Proposes::ALL.into_iter().find(|p| p.as_str() == s)
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
    default_limits()
        .into_iter()
        .filter(|l| LimitKind::CASELOAD.contains(&l.kind))
        .collect()
}

/// Every kind with a sensible starting point. Signal rules are on: three stuck moments in a
/// few weeks is worth looking at together. The cadence and the stagnation clock are off until
/// the team chooses them, because relationship work must not feel overdue.
pub fn default_limits() -> Vec<TeamLimit> {
    let limit = |kind, threshold, window_weeks, proposes, active| TeamLimit {
        kind,
        threshold,
        window_weeks,
        proposes,
        active,
    };
    use LimitKind as K;
    use Proposes as P;
    vec![
        limit(K::LoadPerFte, 36.0, None, P::CaseloadTalk, true),
        limit(K::AvoidersPerMember, 4.0, None, P::CaseloadTalk, true),
        limit(K::AvoiderSharePerMember, 40.0, None, P::CaseloadTalk, false),
        limit(K::PersonalLimit, 0.0, None, P::CaseloadTalk, true),
        limit(K::SignalsByMember, 3.0, Some(4), P::Intervision, true),
        limit(K::SignalsOnClient, 3.0, Some(6), P::Intervision, true),
        limit(
            K::MoralDilemmaSignal,
            0.0,
            Some(4),
            P::MoralDeliberation,
            true,
        ),
        limit(
            K::MoralDilemmasInTeam,
            3.0,
            Some(8),
            P::MoralDeliberation,
            true,
        ),
        limit(K::TeamShareStuck, 50.0, Some(4), P::Intervision, true),
        limit(K::NoIntervision, 8.0, None, P::Intervision, false),
        limit(K::NoMovement, 90.0, None, P::Intervision, false),
        // Half a year without looking along: an invitation, on from the start because visits
        // work best before problems arise.
        limit(K::NoNeighbourVisit, 26.0, None, P::NeighbourVisit, true),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_and_every_kind_has_a_sensible_default() {
        for kind in LimitKind::ALL {
            assert_eq!(LimitKind::parse(kind.as_str()), Some(kind));
        }
        let defaults = default_limits();
        for kind in LimitKind::ALL {
            let limit = defaults
                .iter()
                .find(|l| l.kind == kind)
                .expect("a default per kind");
            assert!(
                kind.allowed_proposals().contains(&limit.proposes),
                "{kind:?}"
            );
            assert_eq!(
                limit.window_weeks.is_some(),
                kind.needs_window(),
                "{kind:?}"
            );
            let (low, high) = kind.bounds();
            assert!(
                limit.threshold >= low && limit.threshold <= high,
                "{kind:?}"
            );
        }
    }
}
