//! SQL for one person's memberships, always scoped to the admin's organisation. Every change
//! is one transaction that checks the person and the teams belong to that organisation.

use super::model::{MembershipForm, MembershipRow, PersonFile, TeamMove};
use crate::auth::model::{OrganisationId, TeamId, TeamRole, UserId};
use crate::db::{Db, WritePool};
use crate::error::{AppError, FieldProblem};
use crate::on_db;

const PERSON: &str = "SELECT display_name, email, is_admin, active FROM users WHERE id = $1 AND organisation_id = $2";
const TEAM_IN_ORG: &str = "SELECT COUNT(*) FROM teams WHERE id = $1 AND organisation_id = $2";
const USER_IN_ORG: &str =
    "SELECT COUNT(*) FROM users WHERE id = $1 AND organisation_id = $2 AND erased_at IS NULL";
/// Active clients of a team the person works with now, as primary or secondary.
const CARRIES: &str = "SELECT COUNT(DISTINCT a.client_id) FROM assignments a JOIN clients c ON c.id = a.client_id \
     WHERE c.team_id = $1 AND c.status = 'active' AND a.user_id = $2 AND a.to_date IS NULL";
const MEMBERSHIP: &str = "SELECT role, fte FROM memberships WHERE team_id = $1 AND user_id = $2";
const INSERT: &str =
    "INSERT INTO memberships (team_id, user_id, role, fte) VALUES ($1, $2, $3, $4)";
const UPDATE: &str =
    "UPDATE memberships SET role = $1, fte = $2 WHERE team_id = $3 AND user_id = $4";
const DELETE: &str = "DELETE FROM memberships WHERE team_id = $1 AND user_id = $2";

#[derive(sqlx::FromRow)]
struct Person {
    display_name: String,
    email: String,
    is_admin: bool,
    active: bool,
}

#[derive(sqlx::FromRow)]
struct Membership {
    team_id: TeamId,
    name: String,
    role: String,
    fte: f64,
    carries: i64,
}

/// The person with their memberships, or `NotFound` for an account of another organisation.
pub async fn person_file(
    db: &Db,
    org: OrganisationId,
    user: UserId,
) -> Result<PersonFile, AppError> {
    const MEMBERSHIPS: &str = "SELECT m.team_id, t.name, m.role, m.fte, \
         (SELECT COUNT(DISTINCT a.client_id) FROM assignments a JOIN clients c ON c.id = a.client_id \
          WHERE c.team_id = m.team_id AND c.status = 'active' AND a.user_id = m.user_id AND a.to_date IS NULL) AS carries \
         FROM memberships m JOIN teams t ON t.id = m.team_id \
         WHERE m.user_id = $1 AND t.organisation_id = $2 ORDER BY t.name";
    const TEAMS: &str = "SELECT id, name FROM teams WHERE organisation_id = $1 ORDER BY name";
    let person: Person =
        on_db!(db, p => sqlx::query_as(PERSON).bind(user).bind(org).fetch_optional(p).await)?
            .ok_or(AppError::NotFound)?;
    let memberships: Vec<Membership> =
        on_db!(db, p => sqlx::query_as(MEMBERSHIPS).bind(user).bind(org).fetch_all(p).await)?;
    let teams: Vec<(TeamId, String)> =
        on_db!(db, p => sqlx::query_as(TEAMS).bind(org).fetch_all(p).await)?;
    Ok(PersonFile {
        id: user,
        display_name: person.display_name,
        email: person.email,
        is_admin: person.is_admin,
        active: person.active,
        // The service fills this in from the second factors.
        second_factor: false,
        memberships: memberships
            .into_iter()
            .filter_map(|m| {
                Some(MembershipRow {
                    team: m.team_id,
                    team_name: m.name,
                    role: TeamRole::parse(&m.role)?,
                    fte: m.fte,
                    carries: u32::try_from(m.carries).unwrap_or(0),
                })
            })
            .collect(),
        teams,
    })
}

/// Adds the person to a team. Already being a member is a field error at `team`.
pub async fn add_membership(
    db: &Db,
    org: OrganisationId,
    user: UserId,
    form: MembershipForm,
) -> Result<(), AppError> {
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        let (user_ok,): (i64,) = sqlx::query_as(USER_IN_ORG).bind(user).bind(org).fetch_one(&mut *tx).await?;
        if user_ok != 1 {
            return Err(AppError::NotFound);
        }
        let (team_ok,): (i64,) = sqlx::query_as(TEAM_IN_ORG).bind(form.team).bind(org).fetch_one(&mut *tx).await?;
        if team_ok != 1 {
            return Err(AppError::invalid("team", FieldProblem::UnknownTeam));
        }
        let existing: Option<(String, f64)> = sqlx::query_as(MEMBERSHIP).bind(form.team).bind(user).fetch_optional(&mut *tx).await?;
        if existing.is_some() {
            return Err(AppError::invalid("team", FieldProblem::AlreadyTaken));
        }
        sqlx::query(INSERT).bind(form.team).bind(user).bind(form.role.as_str()).bind(form.fte).execute(&mut *tx).await
            .map_err(AppError::unique_as("team", FieldProblem::AlreadyTaken))?;
        tx.commit().await?;
        Ok(())
    })
}

/// Changes the person's role and FTE in a team they are in.
pub async fn change_membership(
    db: &Db,
    org: OrganisationId,
    user: UserId,
    form: MembershipForm,
) -> Result<(), AppError> {
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        let (team_ok,): (i64,) = sqlx::query_as(TEAM_IN_ORG).bind(form.team).bind(org).fetch_one(&mut *tx).await?;
        if team_ok != 1 {
            return Err(AppError::NotFound);
        }
        let done = sqlx::query(UPDATE).bind(form.role.as_str()).bind(form.fte).bind(form.team).bind(user).execute(&mut *tx).await?.rows_affected();
        if done != 1 {
            return Err(AppError::NotFound);
        }
        tx.commit().await?;
        Ok(())
    })
}

/// Takes the person out of a team. Refused while they still carry clients there: those are
/// handed over first, so no client is left with a professional outside their team.
pub async fn remove_membership(
    db: &Db,
    org: OrganisationId,
    user: UserId,
    team: TeamId,
) -> Result<(), AppError> {
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        let (team_ok,): (i64,) = sqlx::query_as(TEAM_IN_ORG).bind(team).bind(org).fetch_one(&mut *tx).await?;
        if team_ok != 1 {
            return Err(AppError::NotFound);
        }
        let (carries,): (i64,) = sqlx::query_as(CARRIES).bind(team).bind(user).fetch_one(&mut *tx).await?;
        if carries > 0 {
            return Err(AppError::invalid("team", FieldProblem::StillCarries));
        }
        let done = sqlx::query(DELETE).bind(team).bind(user).execute(&mut *tx).await?.rows_affected();
        if done != 1 {
            return Err(AppError::NotFound);
        }
        tx.commit().await?;
        Ok(())
    })
}

/// Moves the person from one team to another in one step, keeping their FTE. Refused while
/// they carry clients in the team they leave, and when they are already in the other team.
pub async fn move_membership(
    db: &Db,
    org: OrganisationId,
    user: UserId,
    change: TeamMove,
) -> Result<(), AppError> {
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        for (team, field) in [(change.from, "from"), (change.to, "to")] {
            let (ok,): (i64,) = sqlx::query_as(TEAM_IN_ORG).bind(team).bind(org).fetch_one(&mut *tx).await?;
            if ok != 1 {
                return Err(AppError::invalid(field, FieldProblem::UnknownTeam));
            }
        }
        let Some((_, fte)): Option<(String, f64)> = sqlx::query_as(MEMBERSHIP).bind(change.from).bind(user).fetch_optional(&mut *tx).await? else {
            return Err(AppError::invalid("from", FieldProblem::Stale));
        };
        let there: Option<(String, f64)> = sqlx::query_as(MEMBERSHIP).bind(change.to).bind(user).fetch_optional(&mut *tx).await?;
        if there.is_some() {
            return Err(AppError::invalid("to", FieldProblem::AlreadyTaken));
        }
        let (carries,): (i64,) = sqlx::query_as(CARRIES).bind(change.from).bind(user).fetch_one(&mut *tx).await?;
        if carries > 0 {
            return Err(AppError::invalid("from", FieldProblem::StillCarries));
        }
        sqlx::query(DELETE).bind(change.from).bind(user).execute(&mut *tx).await?;
        sqlx::query(INSERT).bind(change.to).bind(user).bind(change.role.as_str()).bind(fte).execute(&mut *tx).await
            .map_err(AppError::unique_as("to", FieldProblem::AlreadyTaken))?;
        tx.commit().await?;
        Ok(())
    })
}
