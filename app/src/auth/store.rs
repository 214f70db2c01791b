//! SQL for accounts, log-in attempts and one-time password links.

use chrono::{DateTime, Utc};

use super::model::{Actor, Membership, OrganisationId, TeamId, TeamRole, UserId};
use super::second_factor::model::SecondFactorRule;
use crate::db::{Db, WritePool};
use crate::error::AppError;
use crate::{execute, on_db};

#[derive(sqlx::FromRow)]
pub struct LoginRow {
    pub id: UserId,
    pub password_hash: Option<String>,
    pub active: bool,
    pub session_epoch: i64,
    /// The language the person chose, if any, which log-in restores on this device.
    pub language: Option<String>,
}

/// The most accounts one email address may have across organisations that log-in tries.
pub const MAX_ACCOUNTS_PER_EMAIL: i64 = 5;

/// The active accounts with this email address, one per organisation at most, oldest first.
pub async fn find_logins(db: &Db, email: &str) -> Result<Vec<LoginRow>, AppError> {
    const SQL: &str = "SELECT id, password_hash, active, session_epoch, language FROM users \
         WHERE email = $1 AND active = TRUE ORDER BY id LIMIT $2";
    Ok(
        on_db!(db, p => sqlx::query_as::<_, LoginRow>(SQL).bind(email).bind(MAX_ACCOUNTS_PER_EMAIL).fetch_all(p).await)?,
    )
}

#[derive(sqlx::FromRow)]
struct ActorRow {
    id: UserId,
    organisation_id: OrganisationId,
    organisation_name: String,
    display_name: String,
    email: String,
    is_admin: bool,
    second_factor_rule: String,
}

#[derive(sqlx::FromRow)]
struct MembershipRow {
    team_id: TeamId,
    team_name: String,
    role: String,
}

/// The active account behind a session of `epoch` and its sign-in, with its team
/// memberships and its organisation's rule on second factors; `None` if the account was
/// deactivated, its sessions were ended since, or this sign-in was ended.
pub async fn load_actor(
    db: &Db,
    user: UserId,
    epoch: i64,
    sign_in: &str,
) -> Result<Option<(Actor, SecondFactorRule)>, AppError> {
    const USER_SQL: &str = "SELECT u.id, u.organisation_id, o.name AS organisation_name, u.display_name, u.email, u.is_admin, o.second_factor_rule \
         FROM users u JOIN organisations o ON o.id = u.organisation_id \
         WHERE u.id = $1 AND u.active = TRUE AND u.session_epoch = $2 \
         AND EXISTS (SELECT 1 FROM sign_ins s WHERE s.id = $3 AND s.user_id = u.id)";
    const TEAMS_SQL: &str = "SELECT m.team_id, t.name AS team_name, m.role FROM memberships m \
         JOIN teams t ON t.id = m.team_id WHERE m.user_id = $1 ORDER BY t.name";
    let Some(row) = on_db!(db, p => sqlx::query_as::<_, ActorRow>(USER_SQL).bind(user).bind(epoch).bind(sign_in).fetch_optional(p).await)?
    else {
        return Ok(None);
    };
    let memberships = on_db!(db, p => sqlx::query_as::<_, MembershipRow>(TEAMS_SQL).bind(user).fetch_all(p).await)?
        .into_iter()
        .filter_map(|m| {
            Some(Membership { team_id: m.team_id, team_name: m.team_name, role: TeamRole::parse(&m.role)? })
        })
        .collect();
    let rule = SecondFactorRule::parse(&row.second_factor_rule).unwrap_or(SecondFactorRule::Off);
    let actor = Actor {
        user_id: row.id,
        organisation_id: row.organisation_id,
        organisation_name: row.organisation_name,
        display_name: row.display_name,
        email: row.email,
        is_admin: row.is_admin,
        memberships,
    };
    Ok(Some((actor, rule)))
}

/// How many password checks log-in may make for one account, and for one address.
#[derive(Debug, Clone, Copy)]
pub struct AttemptLimits {
    pub per_account: i64,
    pub per_address: i64,
    /// Failures count from this moment on.
    pub since: DateTime<Utc>,
    /// An account that logged in from an address after this moment is known there.
    pub known_since: DateTime<Utc>,
}

/// The answer to a request for one password check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Claim {
    /// Go ahead; the attempt is already counted as a failure until [`attempt_succeeded`].
    Granted(i64),
    Refused,
}

/// Counts an attempt *before* its password is checked, so that a burst of parallel guesses can
/// never make more checks than the limit: the count and the insert hold the write lock
/// together (SQLite) or an advisory lock on the account and the address (PostgreSQL).
///
/// The per-address limit skips accounts that logged in from that address before: a whole care
/// organisation may sit behind one address, and one person's burst must not lock out the rest.
pub async fn claim_attempt(
    db: &Db,
    account_key: &str,
    client: &str,
    limits: AttemptLimits,
    now: DateTime<Utc>,
) -> Result<Claim, AppError> {
    const LOCK: &str =
        "SELECT pg_advisory_xact_lock(1, hashtext($1)), pg_advisory_xact_lock(2, hashtext($2))";
    const COUNTS: &str = "SELECT \
         COALESCE(SUM(CASE WHEN account_key = $1 AND succeeded = FALSE AND attempted_at > $3 THEN 1 ELSE 0 END), 0), \
         COALESCE(SUM(CASE WHEN client_addr = $2 AND succeeded = FALSE AND attempted_at > $3 THEN 1 ELSE 0 END), 0), \
         COALESCE(SUM(CASE WHEN account_key = $1 AND client_addr = $2 AND succeeded = TRUE AND attempted_at > $4 THEN 1 ELSE 0 END), 0) \
         FROM login_attempts WHERE (account_key = $1 OR client_addr = $2) AND attempted_at > $4";
    const INSERT: &str = "INSERT INTO login_attempts (account_key, client_addr, succeeded, attempted_at) VALUES ($1, $2, FALSE, $3) RETURNING id";
    let oldest = limits.since.min(limits.known_since);
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        if matches!(db, Db::Postgres(_)) {
            sqlx::query(LOCK).bind(account_key).bind(client).execute(&mut *tx).await?;
        }
        let (by_account, by_address, known): (i64, i64, i64) = sqlx::query_as(COUNTS)
            .bind(account_key).bind(client).bind(limits.since).bind(oldest)
            .fetch_one(&mut *tx).await?;
        let over_address = known == 0 && by_address >= limits.per_address;
        if by_account >= limits.per_account || over_address {
            return Ok(Claim::Refused);
        }
        let (id,): (i64,) = sqlx::query_as(INSERT).bind(account_key).bind(client).bind(now).fetch_one(&mut *tx).await?;
        tx.commit().await?;
        Ok::<Claim, AppError>(Claim::Granted(id))
    })
}

/// The claimed attempt found the right password: it no longer counts as a failure.
pub async fn attempt_succeeded(db: &Db, attempt: i64) -> Result<(), AppError> {
    execute!(
        db,
        "UPDATE login_attempts SET succeeded = TRUE WHERE id = $1",
        attempt
    )?;
    Ok(())
}

/// Ends every session of `user`, on every server: sessions remember the epoch they began in.
pub async fn end_sessions(db: &Db, user: UserId) -> Result<(), AppError> {
    execute!(
        db,
        "UPDATE users SET session_epoch = session_epoch + 1 WHERE id = $1",
        user
    )?;
    Ok(())
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
    pub user_id: UserId,
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
    // A password set through a link also ends every session from before it.
    const SET: &str = "UPDATE users SET password_hash = $1, session_epoch = session_epoch + 1 WHERE id = $2 AND active = TRUE";
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        let user: Option<(UserId,)> = sqlx::query_as(SPEND).bind(now).bind(token_hash).fetch_optional(&mut *tx).await?;
        let Some((user,)) = user else { return Err(AppError::LinkInvalid) };
        let updated = sqlx::query(SET).bind(new_hash).bind(user).execute(&mut *tx).await.map(|r| r.rows_affected())?;
        if updated != 1 {
            return Err(AppError::LinkInvalid);
        }
        tx.commit().await?;
        Ok(user)
    })
}

/// A new log-in: which account, in which session epoch, on which device, from where.
#[derive(Debug, Clone)]
pub struct NewSignIn<'a> {
    pub id: &'a str,
    pub user: UserId,
    pub epoch: i64,
    pub device: &'a str,
    pub address: &'a str,
}

/// Records a log-in. The account's sign-ins that have ended (idle since `idle_since`, or of an
/// older epoch) go at the same time, so the list stays as long as the live ones.
pub async fn create_sign_in(
    db: &Db,
    sign_in: NewSignIn<'_>,
    now: DateTime<Utc>,
    idle_since: DateTime<Utc>,
) -> Result<(), AppError> {
    const DEAD: &str =
        "DELETE FROM sign_ins WHERE user_id = $1 AND (last_seen_at < $2 OR epoch < $3)";
    const INSERT: &str = "INSERT INTO sign_ins (id, user_id, epoch, device, address, created_at, last_seen_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $6)";
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        sqlx::query(DEAD).bind(sign_in.user).bind(idle_since).bind(sign_in.epoch).execute(&mut *tx).await?;
        sqlx::query(INSERT).bind(sign_in.id).bind(sign_in.user).bind(sign_in.epoch).bind(sign_in.device)
            .bind(sign_in.address).bind(now).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(())
    })
}

/// The sign-in was active now; written as seldom as the session's idle timer slides.
pub async fn touch_sign_in(db: &Db, sign_in: &str, now: DateTime<Utc>) -> Result<(), AppError> {
    execute!(
        db,
        "UPDATE sign_ins SET last_seen_at = $1 WHERE id = $2",
        now,
        sign_in
    )?;
    Ok(())
}

/// Logging out ends this sign-in.
pub async fn end_sign_in(db: &Db, sign_in: &str) -> Result<(), AppError> {
    execute!(db, "DELETE FROM sign_ins WHERE id = $1", sign_in)?;
    Ok(())
}

/// The password hash of an active account, if it has one.
pub async fn password_hash(db: &Db, user: UserId) -> Result<Option<String>, AppError> {
    const SQL: &str = "SELECT password_hash FROM users WHERE id = $1 AND active = TRUE";
    let row: Option<(Option<String>,)> =
        on_db!(db, p => sqlx::query_as(SQL).bind(user).fetch_optional(p).await)?;
    Ok(row.and_then(|(hash,)| hash))
}
