//! SQL for calendar feed tokens. Only a token's hash is stored.

use chrono::{DateTime, Utc};

use crate::auth::links::{hash_token, new_token};
use crate::auth::model::UserId;
use crate::db::Db;
use crate::error::AppError;
use crate::{execute, on_db};

/// The active account a feed token opens, if any: a token that was never issued, was revoked,
/// or belongs to a deactivated account opens nothing.
pub async fn feed_owner(db: &Db, token: &str) -> Result<Option<UserId>, AppError> {
    let owner: Option<(UserId,)> = on_db!(db, p => sqlx::query_as(
        "SELECT t.user_id FROM calendar_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1 AND u.active = TRUE")
        .bind(hash_token(token)).fetch_optional(p).await)?;
    Ok(owner.map(|(user,)| user))
}

/// A new feed token for `user`; the old one stops working at once.
pub async fn renew_token(db: &Db, user: UserId, now: DateTime<Utc>) -> Result<String, AppError> {
    let token = new_token();
    execute!(db, "DELETE FROM calendar_tokens WHERE user_id = $1", user)?;
    execute!(
        db,
        "INSERT INTO calendar_tokens (user_id, token_hash, created_at) VALUES ($1, $2, $3)",
        user,
        hash_token(&token),
        now
    )?;
    Ok(token)
}

pub async fn revoke_token(db: &Db, user: UserId) -> Result<(), AppError> {
    execute!(db, "DELETE FROM calendar_tokens WHERE user_id = $1", user)?;
    Ok(())
}

pub async fn has_token(db: &Db, user: UserId) -> Result<bool, AppError> {
    let (n,): (i64,) = on_db!(db, p => sqlx::query_as("SELECT COUNT(*) FROM calendar_tokens WHERE user_id = $1")
        .bind(user).fetch_one(p).await)?;
    Ok(n > 0)
}
