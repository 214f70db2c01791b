//! Pure caseload types and figures, compiled for the browser too so a leader can preview load
//! without a round trip.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::{AppError, FieldProblem};
use crate::shared::privacy::looks_like_bsn;

/// A client's pseudonymous code, unique within a team (e.g. `K-0142`). It can only be built
/// from input that is not a citizen service number (BSN) and not an email address, because the
/// app must never store who a client is.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ClientCode(String);

pub const CLIENT_CODE_MAX: usize = 20;

impl ClientCode {
    pub fn parse(field: &str, raw: &str) -> Result<ClientCode, AppError> {
        let code = raw.trim().to_uppercase();
        if code.is_empty() {
            return Err(AppError::invalid(field, FieldProblem::Required));
        }
        if code.chars().count() > CLIENT_CODE_MAX {
            return Err(AppError::invalid(field, FieldProblem::TooLong));
        }
        if code.contains('@') || looks_like_bsn(&code) {
            return Err(AppError::invalid(field, FieldProblem::IdentifyingDetail));
        }
        if !code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(AppError::invalid(field, FieldProblem::InvalidCode));
        }
        Ok(ClientCode(code))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// How heavy a client's support question is: 1 (light) to 5 (very heavy).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Weight(u8);

impl Weight {
    pub fn new(points: u8) -> Option<Weight> {
        (1..=5).contains(&points).then_some(Weight(points))
    }

    pub fn points(self) -> u8 {
        self.0
    }
}

/// Care avoidance, 0 (none) to 3 (strong); always one perspective's view on one date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum AvoidanceLevel {
    None,
    Some,
    Considerable,
    Strong,
}

impl AvoidanceLevel {
    pub const ALL: [AvoidanceLevel; 4] = [
        AvoidanceLevel::None,
        AvoidanceLevel::Some,
        AvoidanceLevel::Considerable,
        AvoidanceLevel::Strong,
    ];

    pub fn number(self) -> u8 {
        self as u8
    }

    pub fn from_number(n: i64) -> Option<AvoidanceLevel> {
        usize::try_from(n)
            .ok()
            .and_then(|i| Self::ALL.get(i).copied())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Perspective {
    Professional,
    FamilyOrNetwork,
    ThirdParty,
    ClientThemself,
}

impl Perspective {
    pub const ALL: [Perspective; 4] = [
        Perspective::Professional,
        Perspective::FamilyOrNetwork,
        Perspective::ThirdParty,
        Perspective::ClientThemself,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Perspective::Professional => "professional",
            Perspective::FamilyOrNetwork => "family",
            Perspective::ThirdParty => "third_party",
            Perspective::ClientThemself => "client",
        }
    }

    pub fn parse(s: &str) -> Option<Perspective> {
        Self::ALL.into_iter().find(|p| p.as_str() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AvoidanceObservation {
    pub observed_on: NaiveDate,
    pub level: AvoidanceLevel,
    pub perspective: Perspective,
}

/// The client's current avoidance, derived and never stored: for each perspective its latest
/// observation, and of those the highest level. Older views do not linger once someone has
/// seen the situation change, yet one perspective cannot silently overrule another.
pub fn current_avoidance(observations: &[AvoidanceObservation]) -> Option<AvoidanceLevel> {
    let mut latest: Vec<&AvoidanceObservation> = Vec::new();
    for obs in observations {
        match latest.iter_mut().find(|l| l.perspective == obs.perspective) {
            Some(existing) if existing.observed_on <= obs.observed_on => *existing = obs,
            Some(_) => {}
            None => latest.push(obs),
        }
    }
    latest.iter().map(|o| o.level).max()
}

/// A member's capacity in points: FTE × the team's norm, unless the leader set an override.
pub fn capacity(fte: f64, norm_per_fte: f64, override_points: Option<f64>) -> f64 {
    override_points.unwrap_or(fte * norm_per_fte).max(0.0)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AssignmentRole {
    Primary,
    Secondary,
}

impl AssignmentRole {
    pub fn as_str(self) -> &'static str {
        match self {
            AssignmentRole::Primary => "primary",
            AssignmentRole::Secondary => "secondary",
        }
    }

    pub fn parse(s: &str) -> Option<AssignmentRole> {
        match s {
            "primary" => Some(AssignmentRole::Primary),
            "secondary" => Some(AssignmentRole::Secondary),
            _ => None,
        }
    }
}

/// Weighted load: primary assignments count fully, secondary ones at the team's fraction.
pub fn weighted_load(assignments: &[(Weight, AssignmentRole)], secondary_fraction: f64) -> f64 {
    let fraction = secondary_fraction.clamp(0.0, 1.0);
    assignments
        .iter()
        .map(|(weight, role)| match role {
            AssignmentRole::Primary => f64::from(weight.points()),
            AssignmentRole::Secondary => f64::from(weight.points()) * fraction,
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn obs(day: u32, level: AvoidanceLevel, perspective: Perspective) -> AvoidanceObservation {
        AvoidanceObservation {
            observed_on: NaiveDate::from_ymd_opt(2026, 1, day).unwrap(),
            level,
            perspective,
        }
    }

    #[test]
    fn client_codes_refuse_bsns_and_emails() {
        assert_eq!(
            ClientCode::parse("code", " k-0142 ").unwrap().as_str(),
            "K-0142"
        );
        // 111222333 passes the elfproef; 123456789 does not.
        assert_eq!(
            ClientCode::parse("code", "111222333")
                .unwrap_err()
                .at_field("code"),
            Some(FieldProblem::IdentifyingDetail)
        );
        assert_eq!(
            ClientCode::parse("code", "1112.22.333")
                .unwrap_err()
                .at_field("code"),
            Some(FieldProblem::IdentifyingDetail)
        );
        assert!(ClientCode::parse("code", "123456789").is_ok());
        assert_eq!(
            ClientCode::parse("code", "jan@example.org")
                .unwrap_err()
                .at_field("code"),
            Some(FieldProblem::IdentifyingDetail)
        );
        assert_eq!(
            ClientCode::parse("code", "Jan Jansen")
                .unwrap_err()
                .at_field("code"),
            Some(FieldProblem::InvalidCode)
        );
    }

    #[test]
    fn the_latest_view_per_perspective_counts() {
        let history = [
            obs(1, AvoidanceLevel::Strong, Perspective::Professional),
            obs(20, AvoidanceLevel::Some, Perspective::Professional),
            obs(
                5,
                AvoidanceLevel::Considerable,
                Perspective::FamilyOrNetwork,
            ),
        ];
        assert_eq!(
            current_avoidance(&history),
            Some(AvoidanceLevel::Considerable)
        );
        assert_eq!(current_avoidance(&history[..2]), Some(AvoidanceLevel::Some));
        assert_eq!(current_avoidance(&[]), None);
    }

    #[test]
    fn load_counts_secondary_assignments_at_a_fraction() {
        let w = |p| Weight::new(p).unwrap();
        let load = weighted_load(
            &[
                (w(3), AssignmentRole::Primary),
                (w(4), AssignmentRole::Secondary),
            ],
            0.5,
        );
        assert_eq!(load, 5.0);
        assert_eq!(capacity(0.8, 30.0, None), 24.0);
        assert_eq!(capacity(0.8, 30.0, Some(20.0)), 20.0);
    }

    proptest! {
        #[test]
        fn weights_outside_one_to_five_do_not_exist(p in 0u8..=255) {
            prop_assert_eq!(Weight::new(p).is_some(), (1..=5).contains(&p));
        }

        #[test]
        fn nine_digit_numbers_are_refused_exactly_when_they_pass_the_elfproef(n in 100_000_000u64..1_000_000_000) {
            let text = n.to_string();
            let d: Vec<i64> = text.chars().map(|c| c.to_digit(10).unwrap() as i64).collect();
            let sum: i64 = (0..8).map(|i| (9 - i as i64) * d[i]).sum::<i64>() - d[8];
            prop_assert_eq!(ClientCode::parse("code", &text).is_err(), sum % 11 == 0);
        }

        #[test]
        fn load_never_exceeds_all_primary(points in proptest::collection::vec((1u8..=5, any::<bool>()), 0..40), fraction in -1.0f64..2.0) {
            let assignments: Vec<_> = points.iter().map(|(p, primary)| (Weight::new(*p).unwrap(), if *primary { AssignmentRole::Primary } else { AssignmentRole::Secondary })).collect();
            let all_primary: f64 = points.iter().map(|(p, _)| f64::from(*p)).sum();
            let load = weighted_load(&assignments, fraction);
            prop_assert!(load >= 0.0 && load <= all_primary);
        }

        #[test]
        fn current_avoidance_is_one_of_the_observed_levels(levels in proptest::collection::vec((0usize..4, 0usize..4, 1u32..28), 1..12)) {
            const LEVELS: [AvoidanceLevel; 4] = [AvoidanceLevel::None, AvoidanceLevel::Some, AvoidanceLevel::Considerable, AvoidanceLevel::Strong];
            const VIEWS: [Perspective; 4] = [Perspective::Professional, Perspective::FamilyOrNetwork, Perspective::ThirdParty, Perspective::ClientThemself];
            let history: Vec<_> = levels.iter().map(|(l, p, d)| obs(*d, LEVELS[*l], VIEWS[*p])).collect();
            let current = current_avoidance(&history).unwrap();
            prop_assert!(history.iter().any(|o| o.level == current));
        }
    }
}
