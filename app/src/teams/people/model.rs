//! A person as the organisation admin manages them: their memberships, and the forms that
//! change them. Pure, so the browser parses what the server parses.

use serde::{Deserialize, Serialize};

use crate::auth::model::{TeamId, TeamRole, UserId};
use crate::error::{AppError, FieldProblem};
use crate::teams::model::parse_fte;

/// One team the person belongs to, and the clients they still carry there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MembershipRow {
    pub team: TeamId,
    pub team_name: String,
    pub role: TeamRole,
    pub fte: f64,
    /// Active clients of this team for whom the person is primary or secondary professional.
    pub carries: u32,
}

/// Everything the admin's page about one person shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonFile {
    pub id: UserId,
    pub display_name: String,
    pub email: String,
    pub is_admin: bool,
    pub active: bool,
    /// Has an authenticator app (or another second factor).
    pub second_factor: bool,
    pub memberships: Vec<MembershipRow>,
    /// Every team of the organisation, by name, to add or move the person to.
    pub teams: Vec<(TeamId, String)>,
}

impl PersonFile {
    /// The organisation's teams this person is not in yet.
    pub fn other_teams(&self) -> Vec<(TeamId, String)> {
        self.teams
            .iter()
            .filter(|(id, _)| !self.memberships.iter().any(|m| m.team == *id))
            .cloned()
            .collect()
    }

    pub fn carries_any(&self) -> bool {
        self.memberships.iter().any(|m| m.carries > 0)
    }
}

fn parse_team(field: &str, raw: &str) -> Result<TeamId, AppError> {
    raw.trim()
        .parse()
        .map_err(|_| AppError::invalid(field, FieldProblem::UnknownTeam))
}

fn parse_role(raw: &str) -> Result<TeamRole, AppError> {
    TeamRole::parse(raw.trim())
        .ok_or_else(|| AppError::invalid("role", FieldProblem::UnknownChoice))
}

/// A membership to add, or a new role and FTE for an existing one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MembershipForm {
    pub team: TeamId,
    pub role: TeamRole,
    pub fte: f64,
}

impl MembershipForm {
    pub fn parse(team: &str, role: &str, fte: &str) -> Result<MembershipForm, AppError> {
        Ok(MembershipForm {
            team: parse_team("team", team)?,
            role: parse_role(role)?,
            fte: parse_fte(fte)?,
        })
    }
}

/// Moving a person from one team to another, with their role in the new team. The FTE goes
/// with them: it is their contract, not the team's.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TeamMove {
    pub from: TeamId,
    pub to: TeamId,
    pub role: TeamRole,
}

impl TeamMove {
    pub fn parse(from: &str, to: &str, role: &str) -> Result<TeamMove, AppError> {
        let from = parse_team("from", from)?;
        let to = parse_team("to", to)?;
        if from == to {
            return Err(AppError::invalid("to", FieldProblem::SameTeam));
        }
        Ok(TeamMove {
            from,
            to,
            role: parse_role(role)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_membership_needs_a_team_a_known_role_and_a_sensible_fte() {
        let ok = MembershipForm::parse("4", "leader", "0,6").unwrap();
        assert_eq!(
            ok,
            MembershipForm {
                team: TeamId(4),
                role: TeamRole::Leader,
                fte: 0.6
            }
        );
        let err = MembershipForm::parse("", "leader", "").unwrap_err();
        assert_eq!(err.at_field("team"), Some(FieldProblem::UnknownTeam));
        let err = MembershipForm::parse("4", "baas", "").unwrap_err();
        assert_eq!(err.at_field("role"), Some(FieldProblem::UnknownChoice));
        let err = MembershipForm::parse("4", "member", "3").unwrap_err();
        assert_eq!(err.at_field("fte"), Some(FieldProblem::OutOfRange));
    }

    #[test]
    fn a_move_goes_somewhere_else() {
        let ok = TeamMove::parse("1", "2", "leader").unwrap();
        assert_eq!(
            ok,
            TeamMove {
                from: TeamId(1),
                to: TeamId(2),
                role: TeamRole::Leader
            }
        );
        let err = TeamMove::parse("2", "2", "member").unwrap_err();
        assert_eq!(err.at_field("to"), Some(FieldProblem::SameTeam));
        let err = TeamMove::parse("1", "", "member").unwrap_err();
        assert_eq!(err.at_field("to"), Some(FieldProblem::UnknownTeam));
    }

    fn file(memberships: &[(i64, u32)], teams: &[i64]) -> PersonFile {
        PersonFile {
            id: UserId(1),
            display_name: "Anna".into(),
            email: "anna@example.org".into(),
            is_admin: false,
            active: true,
            second_factor: false,
            memberships: memberships
                .iter()
                .map(|(t, carries)| MembershipRow {
                    team: TeamId(*t),
                    team_name: format!("T{t}"),
                    role: TeamRole::Member,
                    fte: 1.0,
                    carries: *carries,
                })
                .collect(),
            teams: teams
                .iter()
                .map(|t| (TeamId(*t), format!("T{t}")))
                .collect(),
        }
    }

    proptest! {
        #[test]
        fn other_teams_are_exactly_the_teams_the_person_is_not_in(
            teams in proptest::collection::btree_set(1i64..20, 0..10),
            pick in proptest::collection::vec(any::<bool>(), 10),
        ) {
            let teams: Vec<i64> = teams.into_iter().collect();
            let mine: Vec<(i64, u32)> = teams.iter().zip(&pick).filter(|(_, p)| **p).map(|(t, _)| (*t, 0)).collect();
            let person = file(&mine, &teams);
            let others = person.other_teams();
            prop_assert_eq!(others.len() + mine.len(), teams.len());
            for (id, _) in others {
                prop_assert!(!mine.iter().any(|(t, _)| TeamId(*t) == id));
            }
        }
    }

    #[test]
    fn carrying_clients_in_any_team_counts() {
        assert!(!file(&[(1, 0), (2, 0)], &[1, 2]).carries_any());
        assert!(file(&[(1, 0), (2, 3)], &[1, 2]).carries_any());
    }
}
