//! Server functions of passkeys. The browser's part of each ceremony runs in between, so these
//! are called from islands, never from a plain form.

use leptos::prelude::*;

use super::model::NextPage;
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::error::with_status;
use crate::shared::ids::PasskeyId;

/// The challenge for a new passkey (JSON for `parseCreationOptionsFromJSON`).
#[server(prefix = "/api", endpoint = "passkey_registration_options")]
pub async fn passkey_registration_options() -> Result<String, AppError> {
    with_status(super::service::registration_options().await)
}

/// Keeps the passkey the browser made; `credential` is its `toJSON()`.
#[server(prefix = "/api", endpoint = "register_passkey")]
pub async fn register_passkey(name: String, credential: String) -> Result<NextPage, AppError> {
    with_status(super::service::register(name, credential).await)
}

/// The challenge of the second step of a log-in (JSON for `parseRequestOptionsFromJSON`).
#[server(prefix = "/api", endpoint = "passkey_login_options")]
pub async fn passkey_login_options() -> Result<String, AppError> {
    with_status(super::service::login_options().await)
}

#[server(prefix = "/api", endpoint = "log_in_with_passkey")]
pub async fn log_in_with_passkey(credential: String) -> Result<NextPage, AppError> {
    with_status(super::service::log_in(credential).await)
}

#[server(prefix = "/api", endpoint = "remove_passkey")]
pub async fn remove_passkey(passkey: PasskeyId, current_password: String) -> Result<(), AppError> {
    with_status(super::service::remove(passkey, current_password).await)
}
