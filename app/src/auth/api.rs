//! Server functions for logging in and out, and for setting a password with a one-time link.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::model::Actor;
use crate::error::AppError;

/// The person currently logged in, or `None`. Reveals only the caller's own account.
#[server(prefix = "/api", endpoint = "me")]
pub async fn me() -> Result<Option<Actor>, AppError> {
    crate::error::with_status(super::service::me().await)
}

#[server(prefix = "/api", endpoint = "login")]
pub async fn login(email: String, password: String) -> Result<(), AppError> {
    crate::error::with_status(super::service::login(email, password).await)
}

#[server(prefix = "/api", endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    crate::error::with_status(super::service::logout().await)
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PasswordLinkInfo {
    pub display_name: String,
    pub email: String,
}

/// Whom a one-time link is for, so the page can greet them; `LinkInvalid` if it cannot be used.
#[server(prefix = "/api", endpoint = "password_link")]
pub async fn password_link(token: String) -> Result<PasswordLinkInfo, AppError> {
    crate::error::with_status(super::service::password_link(token).await)
}

#[server(prefix = "/api", endpoint = "set_password")]
pub async fn set_password(
    token: String,
    password: String,
    password_repeat: String,
) -> Result<(), AppError> {
    crate::error::with_status(super::service::set_password(token, password, password_repeat).await)
}
