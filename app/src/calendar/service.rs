//! The server-side logic behind the feed's server functions.

use chrono::Utc;

use crate::audit;
use crate::auth::guard::authorize;
use crate::auth::model::Need;
use crate::calendar::store;
use crate::error::AppError;

pub async fn renew_feed() -> Result<String, AppError> {
    let (state, actor) = authorize(Need::SignedIn).await?;
    let token = store::renew_token(&state.db, actor.user_id, Utc::now()).await?;
    audit::by_actor(
        &state.db,
        &actor,
        "calendar.renew",
        &format!("user:{}", actor.user_id),
    )
    .await?;
    Ok(token)
}

pub async fn revoke_feed() -> Result<(), AppError> {
    let (state, actor) = authorize(Need::SignedIn).await?;
    store::revoke_token(&state.db, actor.user_id).await?;
    audit::by_actor(
        &state.db,
        &actor,
        "calendar.revoke",
        &format!("user:{}", actor.user_id),
    )
    .await
}
