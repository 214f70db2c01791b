//! SQL for second factors: the authenticator app of each account and its recovery codes, and
//! the organisation's rule on who must use one.

use chrono::{DateTime, Utc};

use super::model::SecondFactorRule;
use crate::auth::model::{TeamRole, UserId};
use crate::db::{Db, WritePool};
use crate::error::{AppError, FieldProblem};
use crate::{execute, fetch_all, fetch_optional, on_db};

/// Deletes an account's recovery codes and inserts new ones, inside the transaction `$tx`.
macro_rules! replace_codes {
    ($tx:expr, $user:expr, $hashes:expr) => {{
        sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
            .bind($user)
            .execute(&mut *$tx)
            .await?;
        for hash in $hashes {
            sqlx::query(
                "INSERT INTO recovery_codes (user_id, code_hash, used_at) VALUES ($1, $2, NULL)",
            )
            .bind($user)
            .bind(hash)
            .execute(&mut *$tx)
            .await?;
        }
    }};
}

/// The second factors an account has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::FromRow)]
pub struct Factors {
    /// A confirmed authenticator app.
    pub app: bool,
    pub passkeys: i64,
    pub recovery_left: i64,
}

impl Factors {
    pub fn any(self) -> bool {
        self.app || self.passkeys > 0
    }
}

pub async fn factors(db: &Db, user: UserId) -> Result<Factors, AppError> {
    const SQL: &str = "SELECT \
         EXISTS (SELECT 1 FROM totp_factors WHERE user_id = $1 AND confirmed_at IS NOT NULL) AS app, \
         (SELECT COUNT(*) FROM passkeys WHERE user_id = $1) AS passkeys, \
         (SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL) AS recovery_left";
    Ok(on_db!(db, p => sqlx::query_as::<_, Factors>(SQL).bind(user).fetch_one(p).await)?)
}

/// What decides whether an account must use a second factor.
pub struct Requirement {
    pub rule: SecondFactorRule,
    pub is_admin: bool,
    pub roles: Vec<TeamRole>,
}

impl Requirement {
    pub fn applies(&self) -> bool {
        self.rule
            .applies_to(self.is_admin, self.roles.iter().copied())
    }
}

pub async fn requirement(db: &Db, user: UserId) -> Result<Requirement, AppError> {
    const USER: &str = "SELECT o.second_factor_rule, u.is_admin FROM users u \
         JOIN organisations o ON o.id = u.organisation_id WHERE u.id = $1";
    const ROLES: &str = "SELECT role FROM memberships WHERE user_id = $1";
    let row: Option<(String, bool)> = fetch_optional!(db, USER, user)?;
    let (rule, is_admin) = row.ok_or(AppError::NotFound)?;
    let roles: Vec<(String,)> = fetch_all!(db, ROLES, user)?;
    Ok(Requirement {
        rule: SecondFactorRule::parse(&rule).unwrap_or(SecondFactorRule::Off),
        is_admin,
        roles: roles.iter().filter_map(|(r,)| TeamRole::parse(r)).collect(),
    })
}

/// The secret of the account's authenticator, with the last step used; `confirmed` chooses
/// between a working one and one still being set up.
pub async fn app_secret(
    db: &Db,
    user: UserId,
    confirmed: bool,
) -> Result<Option<(String, i64)>, AppError> {
    const SQL: &str = "SELECT secret, last_step FROM totp_factors \
         WHERE user_id = $1 AND (confirmed_at IS NOT NULL) = $2";
    Ok(fetch_optional!(db, SQL, user, confirmed)?)
}

/// An authenticator set up since `fresh_since` and not yet confirmed, so a page shown again
/// shows the same code to scan.
pub async fn unconfirmed_since(
    db: &Db,
    user: UserId,
    fresh_since: DateTime<Utc>,
) -> Result<Option<String>, AppError> {
    const SQL: &str = "SELECT secret FROM totp_factors \
         WHERE user_id = $1 AND confirmed_at IS NULL AND created_at > $2";
    let row: Option<(String,)> = fetch_optional!(db, SQL, user, fresh_since)?;
    Ok(row.map(|(s,)| s))
}

/// Begins setting up an authenticator. An account that has a working one keeps it: that one
/// is removed first, on purpose.
pub async fn start_app(
    db: &Db,
    user: UserId,
    secret: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    const SQL: &str = "INSERT INTO totp_factors (user_id, secret, confirmed_at, last_step, created_at) \
         VALUES ($1, $2, NULL, 0, $3) \
         ON CONFLICT (user_id) DO UPDATE SET secret = excluded.secret, created_at = excluded.created_at, last_step = 0 \
         WHERE totp_factors.confirmed_at IS NULL";
    if execute!(db, SQL, user, secret, now)? == 0 {
        return Err(AppError::invalid("code", FieldProblem::NotNow));
    }
    Ok(())
}

/// Confirms the authenticator being set up, with the step of the code that confirmed it, and
/// gives the account new recovery codes, all in one transaction.
pub async fn confirm_app(
    db: &Db,
    user: UserId,
    step: i64,
    code_hashes: &[String],
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    const CONFIRM: &str = "UPDATE totp_factors SET confirmed_at = $1, last_step = $2 \
         WHERE user_id = $3 AND confirmed_at IS NULL";
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        let confirmed = sqlx::query(CONFIRM).bind(now).bind(step).bind(user).execute(&mut *tx).await?.rows_affected();
        if confirmed != 1 {
            return Err(AppError::invalid("code", FieldProblem::NotNow));
        }
        replace_codes!(tx, user, code_hashes);
        tx.commit().await?;
        Ok(())
    })
}

/// Replaces every recovery code of an account that has a second factor.
pub async fn replace_recovery_codes(
    db: &Db,
    user: UserId,
    code_hashes: &[String],
) -> Result<(), AppError> {
    const HAS_APP: &str = "SELECT \
         (SELECT COUNT(*) FROM totp_factors WHERE user_id = $1 AND confirmed_at IS NOT NULL) \
         + (SELECT COUNT(*) FROM passkeys WHERE user_id = $1)";
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        let (has,): (i64,) = sqlx::query_as(HAS_APP).bind(user).fetch_one(&mut *tx).await?;
        if has == 0 {
            return Err(AppError::invalid("current_password", FieldProblem::NotNow));
        }
        replace_codes!(tx, user, code_hashes);
        tx.commit().await?;
        Ok(())
    })
}

/// Uses the code of `step`, unless a code of this step or a later one was used before: each
/// code works once, even when two requests race with it.
pub async fn use_app_step(db: &Db, user: UserId, step: i64) -> Result<bool, AppError> {
    const SQL: &str = "UPDATE totp_factors SET last_step = $1 \
         WHERE user_id = $2 AND confirmed_at IS NOT NULL AND last_step < $1";
    Ok(execute!(db, SQL, step, user)? == 1)
}

/// Spends a recovery code; `false` if it is not one of the account's unused codes.
pub async fn use_recovery_code(
    db: &Db,
    user: UserId,
    code_hash: &str,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    const SQL: &str = "UPDATE recovery_codes SET used_at = $1 \
         WHERE user_id = $2 AND code_hash = $3 AND used_at IS NULL";
    Ok(execute!(db, SQL, now, user, code_hash)? == 1)
}

/// Removes the account's authenticator app. When no passkey is left either, the recovery
/// codes go too; with `required`, the last second factor cannot go.
pub async fn remove_app(db: &Db, user: UserId, required: bool) -> Result<(), AppError> {
    const PASSKEYS: &str = "SELECT COUNT(*) FROM passkeys WHERE user_id = $1";
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        let (passkeys,): (i64,) = sqlx::query_as(PASSKEYS).bind(user).fetch_one(&mut *tx).await?;
        if passkeys == 0 && required {
            return Err(AppError::invalid("current_password", FieldProblem::SecondFactorRequired));
        }
        sqlx::query("DELETE FROM totp_factors WHERE user_id = $1").bind(user).execute(&mut *tx).await?;
        if passkeys == 0 {
            sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1").bind(user).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    })
}

/// What makes up an account's second factors, each removed by a reset.
const FACTOR_TABLES: [&str; 4] = [
    "DELETE FROM totp_factors WHERE user_id = $1",
    "DELETE FROM passkeys WHERE user_id = $1",
    "DELETE FROM passkey_ceremonies WHERE user_id = $1",
    "DELETE FROM recovery_codes WHERE user_id = $1",
];

/// Removes every second factor of an account; `true` if it had any.
pub async fn remove_factors(db: &Db, user: UserId) -> Result<bool, AppError> {
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        let mut removed = 0;
        for sql in FACTOR_TABLES {
            removed += sqlx::query(sql).bind(user).execute(&mut *tx).await?.rows_affected();
        }
        tx.commit().await?;
        Ok::<bool, AppError>(removed > 0)
    })
}
