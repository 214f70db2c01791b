//! What an organisation admin does with a person's second factors: see whether they have one,
//! and reset them when the person lost their phone. The factors go, and so does every session of
//! the account, so the next log-in is with the password alone, followed by setting up a new app
//! where the organisation requires one.

use super::store;
use crate::auth::model::UserId;
use crate::db::Db;
use crate::error::AppError;

/// Removes every second factor of `user` and ends their sessions; `false`, changing nothing, if
/// they had none.
pub async fn reset(db: &Db, user: UserId) -> Result<bool, AppError> {
    let had = store::remove_factors(db, user).await?;
    if had {
        crate::auth::store::end_sessions(db, user).await?;
    }
    Ok(had)
}

/// Whether `user` has a second factor, as the person page shows it.
pub async fn has_second_factor(db: &Db, user: UserId) -> Result<bool, AppError> {
    Ok(store::factors(db, user).await?.any())
}
