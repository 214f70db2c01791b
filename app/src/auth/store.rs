//! SQL for accounts, log-in attempts and one-time password links.

use chrono::{DateTime, Utc};

use super::model::{Actor, Membership, TeamRole, UserId};
use crate::db::Db;
use crate::error::AppError;
use crate::{execute, on_db};

#[derive(sqlx::FromRow)]
pub struct LoginRow {
    pub id: i64,
    pub password_hash: Option<String>,
    pub active: bool,
}

pub async fn find_login(db: &Db, email: &str) -> Result<Option<LoginRow>, AppError> {
    const SQL: &str = "SELECT id, password_hash, active FROM users WHERE email = $1";
    Ok(on_db!(db, p => sqlx::query_as::<_, LoginRow>(SQL).bind(email).fetch_optional(p).await)?)
}

#[derive(sqlx::FromRow)]
struct ActorRow {
    id: i64,
    organisation_id: i64,
    organisation_name: String,
    display_name: String,
    email: String,
    is_admin: bool,
}

#[derive(sqlx::FromRow)]
struct MembershipRow {
    team_id: i64,
    team_name: String,
    role: String,
}

/// The active account behind a session, with its team memberships; `None` if deactivated.
pub async fn load_actor(db: &Db, user: UserId) -> Result<Option<Actor>, AppError> {
    const USER_SQL: &str = "SELECT u.id, u.organisation_id, o.name AS organisation_name, u.display_name, u.email, u.is_admin \
         FROM users u JOIN organisations o ON o.id = u.organisation_id WHERE u.id = $1 AND u.active = TRUE";
    const TEAMS_SQL: &str = "SELECT m.team_id, t.name AS team_name, m.role FROM memberships m \
         JOIN teams t ON t.id = m.team_id WHERE m.user_id = $1 ORDER BY t.name";
    let Some(row) = on_db!(db, p => sqlx::query_as::<_, ActorRow>(USER_SQL).bind(user).fetch_optional(p).await)?
    else {
        return Ok(None);
    };
    let memberships = on_db!(db, p => sqlx::query_as::<_, MembershipRow>(TEAMS_SQL).bind(user).fetch_all(p).await)?
        .into_iter()
        .filter_map(|m| {
            Some(Membership { team_id: m.team_id, team_name: m.team_name, role: TeamRole::parse(&m.role)? })
        })
        .collect();
    Ok(Some(Actor {
        user_id: row.id,
        organisation_id: row.organisation_id,
        organisation_name: row.organisation_name,
        display_name: row.display_name,
        email: row.email,
        is_admin: row.is_admin,
        memberships,
    }))
}

pub async fn record_attempt(
    db: &Db,
    account_key: &str,
    client: &str,
    succeeded: bool,
    at: DateTime<Utc>,
) -> Result<(), AppError> {
    const SQL: &str = "INSERT INTO login_attempts (account_key, client_addr, succeeded, attempted_at) VALUES ($1, $2, $3, $4)";
    execute!(db, SQL, account_key, client, succeeded, at)?;
    Ok(())
}

/// Failed attempts since `since`, for one account and for one client address.
pub async fn recent_failures(
    db: &Db,
    account_key: &str,
    client: &str,
    since: DateTime<Utc>,
) -> Result<(i64, i64), AppError> {
    const SQL: &str = "SELECT \
         COALESCE(SUM(CASE WHEN account_key = $1 THEN 1 ELSE 0 END), 0) AS by_account, \
         COALESCE(SUM(CASE WHEN client_addr = $2 THEN 1 ELSE 0 END), 0) AS by_client \
         FROM login_attempts WHERE succeeded = FALSE AND attempted_at > $3 AND (account_key = $1 OR client_addr = $2)";
    let row: (i64, i64) = on_db!(db, p => sqlx::query_as(SQL).bind(account_key).bind(client).bind(since).fetch_one(p).await)?;
    Ok(row)
}

pub async fn create_password_link(
    db: &Db,
    user: UserId,
    token_hash: &str,
    expires_at: DateTime<Utc>,
) -> Result<(), AppError> {
    const SQL: &str =
        "INSERT INTO password_links (token_hash, user_id, expires_at) VALUES ($1, $2, $3)";
    execute!(db, SQL, token_hash, user, expires_at)?;
    Ok(())
}

#[derive(sqlx::FromRow)]
pub struct LinkTarget {
    pub user_id: i64,
    pub display_name: String,
    pub email: String,
}

/// The account a one-time link opens, if the link is unused, unexpired and the account active.
pub async fn password_link_target(
    db: &Db,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<LinkTarget>, AppError> {
    const SQL: &str = "SELECT u.id AS user_id, u.display_name, u.email FROM password_links l JOIN users u ON u.id = l.user_id \
         WHERE l.token_hash = $1 AND l.used_at IS NULL AND l.expires_at > $2 AND u.active = TRUE";
    Ok(
        on_db!(db, p => sqlx::query_as::<_, LinkTarget>(SQL).bind(token_hash).bind(now).fetch_optional(p).await)?,
    )
}

/// Spends the link and sets the password in one transaction: a link works exactly once, even
/// when two requests race for it.
pub async fn redeem_password_link(
    db: &Db,
    token_hash: &str,
    new_hash: &str,
    now: DateTime<Utc>,
) -> Result<UserId, AppError> {
    const SPEND: &str = "UPDATE password_links SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1 RETURNING user_id";
    const SET: &str = "UPDATE users SET password_hash = $1 WHERE id = $2 AND active = TRUE";
    on_db!(db, p => {
        let mut tx = p.begin().await?;
        let user: Option<(i64,)> = sqlx::query_as(SPEND).bind(now).bind(token_hash).fetch_optional(&mut *tx).await?;
        let Some((user,)) = user else { return Err(AppError::LinkInvalid) };
        let updated = sqlx::query(SET).bind(new_hash).bind(user).execute(&mut *tx).await.map(|r| r.rows_affected())?;
        if updated != 1 {
            return Err(AppError::LinkInvalid);
        }
        tx.commit().await?;
        Ok(user)
    })
}
