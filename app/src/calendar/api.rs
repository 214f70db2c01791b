//! Server functions for a person's calendar feed.

use leptos::prelude::*;

use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::error::with_status;

/// A new feed link; the old one stops working at once.
#[server(prefix = "/api", endpoint = "renew_calendar_feed")]
pub async fn renew_calendar_feed() -> Result<String, AppError> {
    with_status(super::service::renew_feed().await)
}

#[server(prefix = "/api", endpoint = "revoke_calendar_feed")]
pub async fn revoke_calendar_feed() -> Result<(), AppError> {
    with_status(super::service::revoke_feed().await)
}
