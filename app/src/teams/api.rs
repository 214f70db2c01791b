//! Server functions for the organisation admin: teams, accounts, one-time links.

use leptos::prelude::*;

use super::model::{OneTimeLink, OrganisationOverview};
use crate::auth::model::UserId;
use crate::error::AppError;

#[server(prefix = "/api", endpoint = "admin_overview")]
pub async fn admin_overview() -> Result<OrganisationOverview, AppError> {
    crate::error::with_status(super::service::admin_overview().await)
}

#[server(prefix = "/api", endpoint = "create_team")]
pub async fn create_team(name: String, kind_of_work: String) -> Result<(), AppError> {
    crate::error::with_status(super::service::create_team(name, kind_of_work).await)
}

#[server(prefix = "/api", endpoint = "create_account")]
pub async fn create_account(
    email: String,
    display_name: String,
    team: String,
    role: String,
    fte: String,
) -> Result<OneTimeLink, AppError> {
    crate::error::with_status(
        super::service::create_account(email, display_name, team, role, fte).await,
    )
}

#[server(prefix = "/api", endpoint = "set_account_active")]
pub async fn set_account_active(user: UserId, active: bool) -> Result<(), AppError> {
    crate::error::with_status(super::service::set_account_active(user, active).await)
}

#[server(prefix = "/api", endpoint = "new_password_link")]
pub async fn new_password_link(user: UserId) -> Result<OneTimeLink, AppError> {
    crate::error::with_status(super::service::new_password_link(user).await)
}
