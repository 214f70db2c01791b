//! Who someone is and what they may do. Pure: compiled for the browser too.

use serde::{Deserialize, Serialize};

use crate::error::{AppError, FieldProblem};
pub use crate::shared::ids::{OrganisationId, TeamId, UserId};

/// A person's role within one team. Organisation admin is not a team role; see [`Actor::is_admin`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TeamRole {
    Leader,
    Member,
    Facilitator,
}

impl TeamRole {
    pub const ALL: [TeamRole; 3] = [TeamRole::Leader, TeamRole::Member, TeamRole::Facilitator];

    pub fn as_str(self) -> &'static str {
        match self {
            TeamRole::Leader => "leader",
            TeamRole::Member => "member",
            TeamRole::Facilitator => "facilitator",
        }
    }

    pub fn parse(s: &str) -> Option<TeamRole> {
        TeamRole::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Membership {
    pub team_id: TeamId,
    pub team_name: String,
    pub role: TeamRole,
}

/// The person behind a request, as established by the authorisation helper.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Actor {
    pub user_id: UserId,
    pub organisation_id: OrganisationId,
    pub organisation_name: String,
    pub display_name: String,
    pub email: String,
    pub is_admin: bool,
    pub memberships: Vec<Membership>,
}

impl Actor {
    pub fn role_in(&self, team: TeamId) -> Option<TeamRole> {
        self.memberships
            .iter()
            .find(|m| m.team_id == team)
            .map(|m| m.role)
    }

    pub fn leads_any_team(&self) -> bool {
        self.memberships.iter().any(|m| m.role == TeamRole::Leader)
    }
}

/// What a server function needs from the person asking. The helper denies anything else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Any active, logged-in account.
    SignedIn,
    /// An admin of the person's own organisation.
    OrganisationAdmin,
    /// Membership of this team with one of these roles.
    TeamRole(TeamId, &'static [TeamRole]),
    /// The team's leader, or an organisation admin. The caller still checks that the team
    /// belongs to the admin's organisation, which only the database knows.
    LeaderOrAdmin(TeamId),
}

/// The pure decision of the authorisation helper: may `actor` do what `need` asks?
pub fn permits(actor: &Actor, need: Need) -> Result<(), AppError> {
    let allowed = match need {
        Need::SignedIn => true,
        Need::OrganisationAdmin => actor.is_admin,
        Need::TeamRole(team, roles) => actor.role_in(team).is_some_and(|r| roles.contains(&r)),
        Need::LeaderOrAdmin(team) => {
            actor.is_admin || actor.role_in(team) == Some(TeamRole::Leader)
        }
    };
    if allowed {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// An email address, normalised to lower case. Only constructible valid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    pub fn parse(field: &str, raw: &str) -> Result<Email, AppError> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(AppError::invalid(field, FieldProblem::Required));
        }
        if trimmed.len() > 254 || !email_address::EmailAddress::is_valid(trimmed) {
            return Err(AppError::invalid(field, FieldProblem::InvalidEmail));
        }
        Ok(Email(trimmed.to_lowercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

pub const PASSWORD_MIN_CHARS: usize = 12;
const PASSWORD_MAX_CHARS: usize = 128;

/// A new password that meets the policy: long enough (length beats complexity rules, as NIST
/// SP 800-63B advises), not absurdly long (argon2 input), and typed twice the same.
#[derive(Debug, Clone)]
pub struct NewPassword(String);

impl NewPassword {
    pub fn parse(password: &str, repeated: &str) -> Result<NewPassword, AppError> {
        let chars = password.chars().count();
        if chars < PASSWORD_MIN_CHARS {
            return Err(AppError::invalid(
                "password",
                FieldProblem::PasswordTooShort,
            ));
        }
        if chars > PASSWORD_MAX_CHARS {
            return Err(AppError::invalid("password", FieldProblem::TooLong));
        }
        if password != repeated {
            return Err(AppError::invalid(
                "password_repeat",
                FieldProblem::PasswordsDiffer,
            ));
        }
        Ok(NewPassword(password.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// A required single-line name (team, person), trimmed, at most `max` characters.
pub fn parse_name(field: &str, raw: &str, max: usize) -> Result<String, AppError> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(AppError::invalid(field, FieldProblem::Required));
    }
    if trimmed.chars().count() > max {
        return Err(AppError::invalid(field, FieldProblem::TooLong));
    }
    Ok(trimmed.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn actor(is_admin: bool, memberships: Vec<(TeamId, TeamRole)>) -> Actor {
        Actor {
            user_id: UserId(1),
            organisation_id: OrganisationId(1),
            organisation_name: "Org".into(),
            display_name: "A".into(),
            email: "a@example.org".into(),
            is_admin,
            memberships: memberships
                .into_iter()
                .map(|(team_id, role)| Membership {
                    team_id,
                    team_name: "T".into(),
                    role,
                })
                .collect(),
        }
    }

    #[test]
    fn admin_need_denies_non_admins() {
        assert_eq!(
            permits(
                &actor(false, vec![(TeamId(1), TeamRole::Leader)]),
                Need::OrganisationAdmin
            ),
            Err(AppError::Forbidden)
        );
        assert!(permits(&actor(true, vec![]), Need::OrganisationAdmin).is_ok());
    }

    #[test]
    fn team_need_requires_the_role_in_that_team() {
        let a = actor(
            false,
            vec![(TeamId(1), TeamRole::Member), (TeamId(2), TeamRole::Leader)],
        );
        assert!(permits(&a, Need::TeamRole(TeamId(2), &[TeamRole::Leader])).is_ok());
        assert!(permits(&a, Need::TeamRole(TeamId(1), &[TeamRole::Leader])).is_err());
        assert!(permits(&a, Need::TeamRole(TeamId(3), &TeamRole::ALL)).is_err());
    }

    #[test]
    fn leader_or_admin_admits_exactly_those_two() {
        let team = TeamId(4);
        assert!(permits(&actor(true, vec![]), Need::LeaderOrAdmin(team)).is_ok());
        let leader = actor(false, vec![(team, TeamRole::Leader)]);
        assert!(permits(&leader, Need::LeaderOrAdmin(team)).is_ok());
        assert!(permits(&leader, Need::LeaderOrAdmin(TeamId(5))).is_err());
        for role in [TeamRole::Member, TeamRole::Facilitator] {
            let a = actor(false, vec![(team, role)]);
            assert_eq!(
                permits(&a, Need::LeaderOrAdmin(team)),
                Err(AppError::Forbidden)
            );
        }
    }

    #[test]
    fn admins_get_no_team_access_by_being_admin() {
        let a = actor(true, vec![]);
        assert!(permits(&a, Need::TeamRole(TeamId(1), &TeamRole::ALL)).is_err());
    }

    #[test]
    fn email_is_normalised_and_checked() {
        assert_eq!(
            Email::parse("email", "  Anna@Example.ORG ")
                .unwrap()
                .as_str(),
            "anna@example.org"
        );
        assert_eq!(
            Email::parse("email", "").unwrap_err().at_field("email"),
            Some(FieldProblem::Required)
        );
        assert_eq!(
            Email::parse("email", "anna").unwrap_err().at_field("email"),
            Some(FieldProblem::InvalidEmail)
        );
    }

    #[test]
    fn password_policy() {
        assert!(NewPassword::parse("kort", "kort").is_err());
        assert_eq!(
            NewPassword::parse("lang genoeg wachtwoord", "anders")
                .unwrap_err()
                .at_field("password_repeat"),
            Some(FieldProblem::PasswordsDiffer)
        );
        assert!(NewPassword::parse("lang genoeg wachtwoord", "lang genoeg wachtwoord").is_ok());
    }

    proptest! {
        #[test]
        fn role_round_trips(i in 0usize..3) {
            let role = TeamRole::ALL[i];
            prop_assert_eq!(TeamRole::parse(role.as_str()), Some(role));
        }

        #[test]
        fn team_need_never_grants_a_team_one_is_not_in(teams in proptest::collection::vec(0i64..20, 0..5), probe in 0i64..20) {
            let a = actor(true, teams.iter().map(|t| (TeamId(*t), TeamRole::Leader)).collect());
            let result = permits(&a, Need::TeamRole(TeamId(probe), &TeamRole::ALL));
            prop_assert_eq!(result.is_ok(), teams.contains(&probe));
        }

        #[test]
        fn short_passwords_are_always_refused(p in ".{0,11}") {
            prop_assert!(NewPassword::parse(&p, &p).is_err());
        }
    }
}
