//! SQL for passkeys: each account's passkeys, and the challenges in progress.

use chrono::{DateTime, Utc};

use super::model::Ceremony;
use super::views::PasskeyView;
use crate::auth::model::UserId;
use crate::db::{Db, WritePool};
use crate::error::{AppError, FieldProblem};
use crate::shared::ids::PasskeyId;
use crate::{execute, fetch_all, fetch_optional, on_db};

/// The person's passkeys, oldest first.
pub async fn list(db: &Db, user: UserId) -> Result<Vec<PasskeyView>, AppError> {
    const SQL: &str = "SELECT id, name, created_at, last_used_at FROM passkeys \
         WHERE user_id = $1 ORDER BY created_at, id";
    Ok(fetch_all!(db, SQL, user)?)
}

/// The stored credentials of the person's passkeys, as the WebAuthn library wrote them.
pub async fn credentials(db: &Db, user: UserId) -> Result<Vec<(PasskeyId, String)>, AppError> {
    const SQL: &str = "SELECT id, credential FROM passkeys WHERE user_id = $1 ORDER BY id";
    Ok(fetch_all!(db, SQL, user)?)
}

/// The random id the person's authenticators know them by, if they have a passkey.
pub async fn user_handle(db: &Db, user: UserId) -> Result<Option<String>, AppError> {
    const SQL: &str = "SELECT user_handle FROM passkeys WHERE user_id = $1 ORDER BY id LIMIT 1";
    let row: Option<(String,)> = fetch_optional!(db, SQL, user)?;
    Ok(row.map(|(h,)| h))
}

/// A passkey to keep.
pub struct NewPasskey<'a> {
    pub user: UserId,
    pub name: &'a str,
    pub credential_id: &'a str,
    pub user_handle: &'a str,
    pub credential: &'a str,
}

/// Keeps a new passkey. When it is the account's first second factor, `first_codes` become
/// its recovery codes, in the same transaction; `true` if they did.
pub async fn add(
    db: &Db,
    new: NewPasskey<'_>,
    first_codes: &[String],
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    const LOCK: &str = "SELECT id FROM users WHERE id = $1 FOR UPDATE";
    const HAS_FACTOR: &str = "SELECT \
         EXISTS (SELECT 1 FROM totp_factors WHERE user_id = $1 AND confirmed_at IS NOT NULL) \
         OR EXISTS (SELECT 1 FROM passkeys WHERE user_id = $1)";
    const INSERT: &str = "INSERT INTO passkeys \
         (user_id, name, credential_id, user_handle, credential, created_at, last_used_at) \
         VALUES ($1, $2, $3, $4, $5, $6, NULL)";
    const CODE: &str =
        "INSERT INTO recovery_codes (user_id, code_hash, used_at) VALUES ($1, $2, NULL)";
    let postgres = matches!(db, Db::Postgres(_));
    let made = on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        // Two first passkeys at once: the second waits, and then is no longer the first.
        if postgres {
            sqlx::query(LOCK).bind(new.user).execute(&mut *tx).await?;
        }
        let (had,): (bool,) = sqlx::query_as(HAS_FACTOR).bind(new.user).fetch_one(&mut *tx).await?;
        sqlx::query(INSERT)
            .bind(new.user)
            .bind(new.name)
            .bind(new.credential_id)
            .bind(new.user_handle)
            .bind(new.credential)
            .bind(now)
            .execute(&mut *tx)
            .await
            .map_err(AppError::unique_as("passkey", FieldProblem::AlreadyTaken))?;
        if !had {
            sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1").bind(new.user).execute(&mut *tx).await?;
            for hash in first_codes {
                sqlx::query(CODE).bind(new.user).bind(hash).execute(&mut *tx).await?;
            }
        }
        tx.commit().await?;
        Ok::<bool, AppError>(!had)
    })?;
    Ok(made)
}

/// Keeps what a log-in with the passkey taught: its signature counter, and when it was used.
pub async fn used(
    db: &Db,
    passkey: PasskeyId,
    credential: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    const SQL: &str = "UPDATE passkeys SET credential = $1, last_used_at = $2 WHERE id = $3";
    execute!(db, SQL, credential, now, passkey)?;
    Ok(())
}

/// Removes one of the person's passkeys; `NotFound` when it is not theirs. With `required`,
/// the last second factor cannot go. When none is left, the recovery codes go too.
pub async fn remove(
    db: &Db,
    user: UserId,
    passkey: PasskeyId,
    required: bool,
) -> Result<(), AppError> {
    const DELETE: &str = "DELETE FROM passkeys WHERE id = $1 AND user_id = $2";
    const LEFT: &str = "SELECT \
         (SELECT COUNT(*) FROM totp_factors WHERE user_id = $1 AND confirmed_at IS NOT NULL) \
         + (SELECT COUNT(*) FROM passkeys WHERE user_id = $1)";
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        let gone = sqlx::query(DELETE).bind(passkey).bind(user).execute(&mut *tx).await?.rows_affected();
        if gone == 0 {
            return Err(AppError::NotFound);
        }
        let (left,): (i64,) = sqlx::query_as(LEFT).bind(user).fetch_one(&mut *tx).await?;
        if left == 0 {
            if required {
                // Rolled back: the organisation requires a second factor of this person.
                return Err(AppError::invalid("current_password", FieldProblem::SecondFactorRequired));
            }
            sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1").bind(user).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    })
}

/// Begins a ceremony: keeps the library's state for its challenge under `id`. Earlier
/// unfinished ones of the same kind end, so at most one waits per person and kind.
pub async fn open_ceremony(
    db: &Db,
    id: &str,
    user: UserId,
    ceremony: Ceremony,
    state: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    const CLEAR: &str = "DELETE FROM passkey_ceremonies WHERE user_id = $1 AND kind = $2";
    const INSERT: &str = "INSERT INTO passkey_ceremonies (id, user_id, kind, state, created_at) \
         VALUES ($1, $2, $3, $4, $5)";
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        sqlx::query(CLEAR).bind(user).bind(ceremony.as_str()).execute(&mut *tx).await?;
        sqlx::query(INSERT).bind(id).bind(user).bind(ceremony.as_str()).bind(state).bind(now).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(())
    })
}

/// Takes the state of a ceremony begun after `since`, removing it: of several requests that
/// answer the same challenge, one gets it.
pub async fn take_ceremony(
    db: &Db,
    id: &str,
    user: UserId,
    ceremony: Ceremony,
    since: DateTime<Utc>,
) -> Result<Option<String>, AppError> {
    const SQL: &str = "DELETE FROM passkey_ceremonies \
         WHERE id = $1 AND user_id = $2 AND kind = $3 AND created_at > $4 RETURNING state";
    let row: Option<(String,)> = fetch_optional!(db, SQL, id, user, ceremony.as_str(), since)?;
    Ok(row.map(|(s,)| s))
}
