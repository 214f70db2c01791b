//! Server functions of the access log.

use leptos::prelude::*;

use super::views::{AccessLogView, LogEntry};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::error::with_status;

/// The admin's selection of the organisation's log; every filter field may be empty.
#[server(prefix = "/api", endpoint = "access_log")]
pub async fn access_log(
    person: String,
    client: String,
    action: String,
    from: String,
    to: String,
) -> Result<AccessLogView, AppError> {
    with_status(super::service::access_log(person, client, action, from, to).await)
}

/// Who else opened or changed the files of the clients the person asking carries.
#[server(prefix = "/api", endpoint = "who_opened_my_clients")]
pub async fn who_opened_my_clients() -> Result<Vec<LogEntry>, AppError> {
    with_status(super::service::who_opened_my_clients().await)
}
