//! Server functions of the organisation's settings.

use leptos::prelude::*;

use super::views::OrganisationSettingsView;
use crate::auth::model::UserId;
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::error::with_status;

#[server(prefix = "/api", endpoint = "organisation_settings")]
pub async fn organisation_settings() -> Result<OrganisationSettingsView, AppError> {
    with_status(super::service::settings().await)
}

/// `visible_to_neighbours` is a checkbox: present when ticked.
#[server(prefix = "/api", endpoint = "save_organisation_settings")]
pub async fn save_organisation_settings(
    visible_to_neighbours: Option<String>,
    second_factor_rule: String,
) -> Result<(), AppError> {
    with_status(super::service::save(visible_to_neighbours, second_factor_rule).await)
}

#[server(prefix = "/api", endpoint = "set_in_pool")]
pub async fn set_in_pool(user: UserId, in_pool: bool) -> Result<(), AppError> {
    with_status(super::service::set_in_pool(user, in_pool).await)
}
