//! Server functions of erasure; the service decides who may.

use leptos::prelude::*;

use super::views::{AccountErasureView, ClientErasureView};
use crate::auth::model::UserId;
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::error::with_status;
use crate::shared::ids::ClientId;

#[server(prefix = "/api", endpoint = "account_erasure")]
pub async fn account_erasure(user: UserId) -> Result<AccountErasureView, AppError> {
    with_status(super::service::account(user).await)
}

/// `confirm` is a checkbox: present when ticked. The person page shows the result.
#[server(prefix = "/api", endpoint = "erase_account")]
pub async fn erase_account(user: UserId, confirm: Option<String>) -> Result<(), AppError> {
    with_status(super::service::erase_account(user, confirm).await)?;
    leptos_axum::redirect(&format!("/admin/people/{user}"));
    Ok(())
}

#[server(prefix = "/api", endpoint = "client_erasure")]
pub async fn client_erasure(client: ClientId) -> Result<ClientErasureView, AppError> {
    with_status(super::service::client(client).await)
}

/// The team's client list shows the result: the code is gone from it.
#[server(prefix = "/api", endpoint = "erase_client")]
pub async fn erase_client(client: ClientId, confirm: Option<String>) -> Result<(), AppError> {
    let team = with_status(super::service::erase_client(client, confirm).await)?;
    leptos_axum::redirect(&format!("/teams/{team}/clients"));
    Ok(())
}
