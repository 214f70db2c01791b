//! Teams and accounts as the organisation admin manages them.

use serde::{Deserialize, Serialize};

use crate::auth::model::{Email, TeamId, TeamRole, UserId, parse_name};
use crate::error::{AppError, FieldProblem};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TeamSummary {
    pub id: TeamId,
    pub name: String,
    pub kind_of_work: String,
    pub member_count: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountSummary {
    pub id: UserId,
    pub display_name: String,
    pub email: String,
    pub is_admin: bool,
    pub active: bool,
    pub has_password: bool,
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// "Team name (role)" entries, for the overview.
    pub teams: Vec<(String, TeamRole)>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrganisationOverview {
    pub organisation_name: String,
    pub teams: Vec<TeamSummary>,
    pub accounts: Vec<AccountSummary>,
}

/// A one-time link to hand to a new or locked-out person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OneTimeLink {
    pub for_name: String,
    pub url: String,
}

pub const NAME_MAX: usize = 80;
pub const KIND_OF_WORK_MAX: usize = 200;

#[derive(Debug, Clone, PartialEq)]
pub struct NewTeam {
    pub name: String,
    pub kind_of_work: String,
}

impl NewTeam {
    pub fn parse(name: &str, kind_of_work: &str) -> Result<NewTeam, AppError> {
        let name = parse_name("name", name, NAME_MAX)?;
        let kind_of_work = kind_of_work.trim();
        if kind_of_work.chars().count() > KIND_OF_WORK_MAX {
            return Err(AppError::invalid("kind_of_work", FieldProblem::TooLong));
        }
        Ok(NewTeam {
            name,
            kind_of_work: kind_of_work.to_owned(),
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct NewAccount {
    pub email: Email,
    pub display_name: String,
    /// The first team and role, if any. A person may join more teams later.
    pub team: Option<(TeamId, TeamRole)>,
    pub fte: f64,
}

impl NewAccount {
    pub fn parse(
        email: &str,
        display_name: &str,
        team: &str,
        role: &str,
        fte: &str,
    ) -> Result<NewAccount, AppError> {
        let display_name = parse_name("display_name", display_name, NAME_MAX)?;
        let email = Email::parse("email", email)?;
        let team = match team.trim() {
            "" => None,
            id => {
                let id: TeamId = id
                    .parse()
                    .map_err(|_| AppError::invalid("team", FieldProblem::UnknownTeam))?;
                let role = TeamRole::parse(role).unwrap_or(TeamRole::Member);
                Some((id, role))
            }
        };
        let fte = parse_fte(fte)?;
        Ok(NewAccount {
            email,
            display_name,
            team,
            fte,
        })
    }
}

/// FTE between 0.1 and 1.2 (some contracts exceed full time a little); comma or point decimals.
pub fn parse_fte(raw: &str) -> Result<f64, AppError> {
    let raw = raw.trim().replace(',', ".");
    if raw.is_empty() {
        return Ok(1.0);
    }
    match raw.parse::<f64>() {
        Ok(v) if (0.1..=1.2).contains(&v) => Ok((v * 100.0).round() / 100.0),
        _ => Err(AppError::invalid("fte", FieldProblem::OutOfRange)),
    }
}

/// A person to choose from, with the name shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonChoice {
    pub id: UserId,
    pub name: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn new_account_reports_the_first_bad_field() {
        let err = NewAccount::parse("anna@example.org", "  ", "", "", "").unwrap_err();
        assert_eq!(err.at_field("display_name"), Some(FieldProblem::Required));
        let err = NewAccount::parse("geen-email", "Anna", "", "", "").unwrap_err();
        assert_eq!(err.at_field("email"), Some(FieldProblem::InvalidEmail));
        let ok =
            NewAccount::parse("Anna@Example.org", "Anna de Vries", "3", "leader", "0,8").unwrap();
        assert_eq!(ok.team, Some((TeamId(3), TeamRole::Leader)));
        assert_eq!(ok.fte, 0.8);
        assert_eq!(ok.email.as_str(), "anna@example.org");
    }

    #[test]
    fn fte_defaults_to_full_time() {
        assert_eq!(parse_fte(""), Ok(1.0));
        assert!(parse_fte("2").is_err());
        assert!(parse_fte("nul").is_err());
    }

    proptest! {
        #[test]
        fn accepted_fte_is_always_in_range(v in -5.0f64..5.0) {
            if let Ok(fte) = parse_fte(&format!("{v}")) {
                prop_assert!((0.1..=1.2).contains(&fte));
            }
        }
    }
}
