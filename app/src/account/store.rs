//! SQL for one's own account: the password, the live sign-ins, the chosen language. Every
//! query names the account, so nobody reaches another's.

use chrono::{DateTime, Utc};

use super::views::SignInView;
use crate::auth::model::UserId;
use crate::db::{Db, WritePool};
use crate::error::AppError;
use crate::{execute, on_db};

#[derive(sqlx::FromRow)]
struct SignInRow {
    id: String,
    device: String,
    address: String,
    created_at: DateTime<Utc>,
    last_seen_at: DateTime<Utc>,
}

/// The account's sign-ins that are still live: of the current session epoch, and active
/// since `idle_since`. `current` is marked and comes first.
pub async fn live_sign_ins(
    db: &Db,
    user: UserId,
    current: &str,
    idle_since: DateTime<Utc>,
) -> Result<Vec<SignInView>, AppError> {
    const SQL: &str = "SELECT s.id, s.device, s.address, s.created_at, s.last_seen_at FROM sign_ins s \
         JOIN users u ON u.id = s.user_id \
         WHERE s.user_id = $1 AND s.epoch = u.session_epoch AND (s.last_seen_at >= $2 OR s.id = $3) \
         ORDER BY s.last_seen_at DESC, s.id";
    let rows: Vec<SignInRow> = on_db!(db, p => sqlx::query_as(SQL).bind(user).bind(idle_since).bind(current).fetch_all(p).await)?;
    let mut views: Vec<SignInView> = rows
        .into_iter()
        .map(|r| SignInView {
            this_one: r.id == current,
            id: r.id,
            device: r.device,
            address: r.address,
            since: r.created_at,
            last_active: r.last_seen_at,
        })
        .collect();
    views.sort_by_key(|v| !v.this_one);
    Ok(views)
}

/// Ends one of the account's sign-ins; `false` when it has none by that id.
pub async fn end_sign_in(db: &Db, user: UserId, sign_in: &str) -> Result<bool, AppError> {
    let done = execute!(
        db,
        "DELETE FROM sign_ins WHERE id = $1 AND user_id = $2",
        sign_in,
        user
    )?;
    Ok(done == 1)
}

/// Ends every sign-in of the account but `keep`; returns how many ended.
pub async fn end_other_sign_ins(db: &Db, user: UserId, keep: &str) -> Result<u64, AppError> {
    Ok(execute!(
        db,
        "DELETE FROM sign_ins WHERE user_id = $1 AND id <> $2",
        user,
        keep
    )?)
}

/// Sets a new password and ends every other session of the account, in one transaction:
/// the epoch goes up, and this sign-in moves along with it. Returns the new epoch.
pub async fn change_password(
    db: &Db,
    user: UserId,
    new_hash: &str,
    keep: &str,
) -> Result<i64, AppError> {
    const SET: &str = "UPDATE users SET password_hash = $1, session_epoch = session_epoch + 1 \
         WHERE id = $2 AND active = TRUE RETURNING session_epoch";
    const KEEP: &str = "UPDATE sign_ins SET epoch = $1 WHERE id = $2 AND user_id = $3";
    const OTHERS: &str = "DELETE FROM sign_ins WHERE user_id = $1 AND id <> $2";
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        let Some((epoch,)): Option<(i64,)> = sqlx::query_as(SET).bind(new_hash).bind(user).fetch_optional(&mut *tx).await? else {
            return Err(AppError::Unauthenticated);
        };
        sqlx::query(KEEP).bind(epoch).bind(keep).bind(user).execute(&mut *tx).await?;
        sqlx::query(OTHERS).bind(user).bind(keep).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(epoch)
    })
}

pub async fn set_language(db: &Db, user: UserId, language: &str) -> Result<(), AppError> {
    execute!(
        db,
        "UPDATE users SET language = $1 WHERE id = $2",
        language,
        user
    )?;
    Ok(())
}

pub async fn language(db: &Db, user: UserId) -> Result<Option<String>, AppError> {
    let row: Option<(Option<String>,)> = on_db!(db, p => sqlx::query_as("SELECT language FROM users WHERE id = $1").bind(user).fetch_optional(p).await)?;
    Ok(row.and_then(|(l,)| l))
}
