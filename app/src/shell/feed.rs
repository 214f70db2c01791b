//! Each person's private calendar feed: the shell asks sessions and visits for the token
//! owner's entries from a month back on, so neither needs to know the other.

use chrono::{Duration, Utc};

use crate::calendar::feed::feed_owner;
use crate::calendar::model::calendar;
use crate::db::Db;
use crate::error::AppError;

/// A token that was never issued, or was revoked, finds nothing.
pub async fn feed_ics(db: &Db, token: &str, host: &str, base: &str) -> Result<String, AppError> {
    let user = feed_owner(db, token).await?.ok_or(AppError::NotFound)?;
    let since = Utc::now() - Duration::days(31);
    let mut entries = crate::sessions::calendar::entries_for(db, user, since, base).await?;
    entries.extend(crate::visits::calendar::entries_for(db, user, since, base).await?);
    entries.sort_by_key(|e| e.starts_at);
    Ok(calendar("Draagkracht", host, &entries, Utc::now()))
}
