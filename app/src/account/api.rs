//! Server functions for one's own account.

use leptos::prelude::*;

use super::views::AccountOverview;
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::error::with_status;

#[server(prefix = "/api", endpoint = "my_account")]
pub async fn my_account() -> Result<AccountOverview, AppError> {
    with_status(super::service::overview().await)
}

/// Switches the reader's language; signed in, it is kept on the account too.
#[server(prefix = "/api", endpoint = "set_language")]
pub async fn set_language(lang: String) -> Result<(), AppError> {
    with_status(super::service::set_language(lang).await)
}

#[server(prefix = "/api", endpoint = "change_password")]
pub async fn change_password(
    current_password: String,
    password: String,
    password_repeat: String,
) -> Result<(), AppError> {
    with_status(super::service::change_password(current_password, password, password_repeat).await)
}

#[server(prefix = "/api", endpoint = "end_sign_in")]
pub async fn end_sign_in(sign_in: String) -> Result<(), AppError> {
    with_status(super::service::end_sign_in(sign_in).await)
}

#[server(prefix = "/api", endpoint = "end_other_sign_ins")]
pub async fn end_other_sign_ins() -> Result<u64, AppError> {
    with_status(super::service::end_other_sign_ins().await)
}
