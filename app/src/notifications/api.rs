//! Server functions for notifications. Each authorises through the one helper; a person only
//! ever reads and marks their own.

use super::model::NotificationItem;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::error::with_status;

/// My newest notifications, newest first.
#[server(prefix = "/api", endpoint = "my_notifications")]
pub async fn my_notifications() -> Result<Vec<NotificationItem>, AppError> {
    with_status(super::service::list().await)
}

/// How many of my notifications are unread (the bell's number).
#[server(prefix = "/api", endpoint = "unread_notifications")]
pub async fn unread_notifications() -> Result<i64, AppError> {
    with_status(super::service::unread().await)
}

/// Marks my notifications read: `which` is `all` or ids separated by commas. Yields how many
/// changed; ids that are not mine change nothing.
#[server(prefix = "/api", endpoint = "mark_notifications_read")]
pub async fn mark_notifications_read(which: String) -> Result<u64, AppError> {
    with_status(super::service::mark_read(which).await)
}
