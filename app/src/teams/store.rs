//! SQL for teams, accounts and memberships, always scoped to one organisation.

use chrono::{DateTime, Utc};

use super::model::{AccountSummary, NewAccount, NewTeam, PersonChoice, TeamSummary};
use crate::auth::model::{OrganisationId, TeamId, TeamRole, UserId};
use crate::db::{Db, WritePool};
use crate::error::{AppError, FieldProblem};
use crate::{execute, on_db};

pub async fn organisation_name(db: &Db, org: OrganisationId) -> Result<String, AppError> {
    const SQL: &str = "SELECT name FROM organisations WHERE id = $1";
    let (name,): (String,) = on_db!(db, p => sqlx::query_as(SQL).bind(org).fetch_one(p).await)?;
    Ok(name)
}

pub async fn list_teams(db: &Db, org: OrganisationId) -> Result<Vec<TeamSummary>, AppError> {
    const SQL: &str = "SELECT t.id, t.name, t.kind_of_work, \
         (SELECT COUNT(*) FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.team_id = t.id AND u.active = TRUE) AS member_count \
         FROM teams t WHERE t.organisation_id = $1 ORDER BY t.name";
    let rows: Vec<(TeamId, String, String, i64)> =
        on_db!(db, p => sqlx::query_as(SQL).bind(org).fetch_all(p).await)?;
    Ok(rows
        .into_iter()
        .map(|(id, name, kind_of_work, member_count)| TeamSummary {
            id,
            name,
            kind_of_work,
            member_count,
        })
        .collect())
}

pub async fn team_in_organisation(
    db: &Db,
    org: OrganisationId,
    team: TeamId,
) -> Result<bool, AppError> {
    const SQL: &str = "SELECT COUNT(*) FROM teams WHERE id = $1 AND organisation_id = $2";
    let (n,): (i64,) =
        on_db!(db, p => sqlx::query_as(SQL).bind(team).bind(org).fetch_one(p).await)?;
    Ok(n == 1)
}

pub async fn create_team(
    db: &Db,
    org: OrganisationId,
    team: &NewTeam,
    now: DateTime<Utc>,
) -> Result<TeamId, AppError> {
    const EXISTS: &str =
        "SELECT COUNT(*) FROM teams WHERE organisation_id = $1 AND LOWER(name) = LOWER($2)";
    const SQL: &str = "INSERT INTO teams (organisation_id, name, kind_of_work, created_at) VALUES ($1, $2, $3, $4) RETURNING id";
    let (taken,): (i64,) =
        on_db!(db, p => sqlx::query_as(EXISTS).bind(org).bind(&team.name).fetch_one(p).await)?;
    if taken > 0 {
        return Err(AppError::invalid("name", FieldProblem::AlreadyTaken));
    }
    let (id,): (TeamId,) = on_db!(db, p => sqlx::query_as(SQL).bind(org).bind(&team.name).bind(&team.kind_of_work).bind(now).fetch_one(p).await)
        .map_err(AppError::unique_as("name", FieldProblem::AlreadyTaken))?;
    // Every team starts with the common problem domains and extends the list itself.
    crate::caseload::directory::seed_domains(db, id).await?;
    Ok(id)
}

#[derive(sqlx::FromRow)]
struct AccountRow {
    id: UserId,
    display_name: String,
    email: String,
    is_admin: bool,
    active: bool,
    has_password: bool,
    created_at: DateTime<Utc>,
}

pub async fn list_accounts(db: &Db, org: OrganisationId) -> Result<Vec<AccountSummary>, AppError> {
    const USERS: &str = "SELECT id, display_name, email, is_admin, active, (password_hash IS NOT NULL) AS has_password, created_at \
         FROM users WHERE organisation_id = $1 AND erased_at IS NULL ORDER BY display_name";
    const TEAMS: &str = "SELECT m.user_id, t.name, m.role FROM memberships m JOIN teams t ON t.id = m.team_id \
         WHERE t.organisation_id = $1 ORDER BY t.name";
    let users =
        on_db!(db, p => sqlx::query_as::<_, AccountRow>(USERS).bind(org).fetch_all(p).await)?;
    let teams: Vec<(UserId, String, String)> =
        on_db!(db, p => sqlx::query_as(TEAMS).bind(org).fetch_all(p).await)?;
    Ok(users
        .into_iter()
        .map(|u| AccountSummary {
            teams: teams
                .iter()
                .filter(|(user, _, _)| *user == u.id)
                .filter_map(|(_, name, role)| Some((name.clone(), TeamRole::parse(role)?)))
                .collect(),
            id: u.id,
            display_name: u.display_name,
            email: u.email,
            is_admin: u.is_admin,
            active: u.active,
            has_password: u.has_password,
            created_at: u.created_at,
        })
        .collect())
}

/// Creates the account and its first membership together, or neither.
pub async fn create_account(
    db: &Db,
    org: OrganisationId,
    account: &NewAccount,
    is_admin: bool,
    now: DateTime<Utc>,
) -> Result<UserId, AppError> {
    // Only this organisation's accounts count: an email another organisation uses is no
    // concern of this one, and saying it is taken would tell it that account exists.
    const EXISTS: &str = "SELECT COUNT(*) FROM users WHERE email = $1 AND organisation_id = $2";
    const USER: &str = "INSERT INTO users (organisation_id, email, display_name, is_admin, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id";
    const MEMBER: &str =
        "INSERT INTO memberships (team_id, user_id, role, fte) VALUES ($1, $2, $3, $4)";
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        let (taken,): (i64,) = sqlx::query_as(EXISTS).bind(account.email.as_str()).bind(org).fetch_one(&mut *tx).await?;
        if taken > 0 {
            return Err(AppError::invalid("email", FieldProblem::AlreadyTaken));
        }
        let (id,): (UserId,) = sqlx::query_as(USER)
            .bind(org)
            .bind(account.email.as_str())
            .bind(&account.display_name)
            .bind(is_admin)
            .bind(now)
            .fetch_one(&mut *tx)
            .await
            .map_err(AppError::unique_as("email", FieldProblem::AlreadyTaken))?;
        if let Some((team, role)) = account.team {
            sqlx::query(MEMBER).bind(team).bind(id).bind(role.as_str()).bind(account.fte).execute(&mut *tx).await.map(|r| r.rows_affected())?;
        }
        tx.commit().await?;
        Ok(id)
    })
}

/// Adds or changes a membership (used by the demo seed and the admin page).
pub async fn set_membership(
    db: &Db,
    team: TeamId,
    user: UserId,
    role: TeamRole,
    fte: f64,
) -> Result<(), AppError> {
    const SQL: &str = "INSERT INTO memberships (team_id, user_id, role, fte) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (team_id, user_id) DO UPDATE SET role = excluded.role, fte = excluded.fte";
    execute!(db, SQL, team, user, role.as_str(), fte)?;
    Ok(())
}

/// The display name of an account in `org`, or `NotFound` for anyone else's account.
pub async fn account_name(db: &Db, org: OrganisationId, user: UserId) -> Result<String, AppError> {
    const SQL: &str = "SELECT display_name FROM users WHERE id = $1 AND organisation_id = $2 AND erased_at IS NULL";
    let (name,): (String,) =
        on_db!(db, p => sqlx::query_as(SQL).bind(user).bind(org).fetch_one(p).await)?;
    Ok(name)
}

pub async fn set_active(
    db: &Db,
    org: OrganisationId,
    user: UserId,
    active: bool,
) -> Result<(), AppError> {
    // Either way the account's sessions end: reactivating never brings old sessions back.
    const SQL: &str = "UPDATE users SET active = $1, session_epoch = session_epoch + 1 WHERE id = $2 AND organisation_id = $3 AND erased_at IS NULL";
    let done = execute!(db, SQL, active, user, org)?;
    if done == 1 {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

pub async fn team_name(db: &Db, team: TeamId) -> Result<String, AppError> {
    let (name,): (String,) = on_db!(db, p => sqlx::query_as("SELECT name FROM teams WHERE id = $1").bind(team).fetch_one(p).await)?;
    Ok(name)
}

/// The team's active members of every role, who can be presenter or participant.
pub async fn team_people(db: &Db, team: TeamId) -> Result<Vec<PersonChoice>, AppError> {
    const SQL: &str = "SELECT u.id, u.display_name FROM memberships m JOIN users u ON u.id = m.user_id \
         WHERE m.team_id = $1 AND u.active = TRUE ORDER BY u.display_name, u.id";
    let rows: Vec<(UserId, String)> =
        on_db!(db, p => sqlx::query_as(SQL).bind(team).fetch_all(p).await)?;
    Ok(rows
        .into_iter()
        .map(|(id, name)| PersonChoice { id, name })
        .collect())
}
