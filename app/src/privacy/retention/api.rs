//! Server functions of retention.

use leptos::prelude::*;

use super::views::RetentionView;
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::error::with_status;

#[server(prefix = "/api", endpoint = "retention_settings")]
pub async fn retention_settings() -> Result<RetentionView, AppError> {
    with_status(super::service::settings().await)
}

/// Each period as typed; the model checks each against its bounds.
#[server(prefix = "/api", endpoint = "save_retention")]
pub async fn save_retention(
    closed_clients_months: String,
    signal_notes_months: String,
    login_attempts_days: String,
    notifications_months: String,
    session_notes_months: String,
    access_log_months: String,
) -> Result<(), AppError> {
    use super::model::Kept;
    let typed = move |kept: Kept| {
        match kept {
            Kept::ClosedClients => &closed_clients_months,
            Kept::SignalNotes => &signal_notes_months,
            Kept::LoginAttempts => &login_attempts_days,
            Kept::Notifications => &notifications_months,
            Kept::SessionNotes => &session_notes_months,
            Kept::AccessLog => &access_log_months,
        }
        .clone()
    };
    with_status(super::service::save(typed).await)
}
