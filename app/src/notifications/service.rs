//! The server-side logic behind `api.rs`: each function authorises first, then parses,
//! calls the store and returns what the reader may see.

use chrono::Utc;

use crate::auth::guard::authorize;
use crate::auth::model::Need;
use crate::error::AppError;
use crate::notifications::model::{NotificationItem, ReadSelection};
use crate::notifications::store;

pub async fn list() -> Result<Vec<NotificationItem>, AppError> {
    let (state, actor) = authorize(Need::SignedIn).await?;
    store::list_for(&state.db, actor.user_id).await
}

pub async fn unread() -> Result<i64, AppError> {
    let (state, actor) = authorize(Need::SignedIn).await?;
    store::unread_count(&state.db, actor.user_id).await
}

pub async fn mark_read(which: String) -> Result<u64, AppError> {
    let (state, actor) = authorize(Need::SignedIn).await?;
    let which = ReadSelection::parse(&which);
    store::mark_read(&state.db, actor.user_id, &which, Utc::now()).await
}
