//! Server functions for the organisation admin's page about one person.

use leptos::prelude::*;

use super::model::PersonFile;
use crate::auth::model::{TeamId, UserId};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::error::with_status;

#[server(prefix = "/api", endpoint = "admin_person")]
pub async fn admin_person(user: UserId) -> Result<PersonFile, AppError> {
    with_status(super::service::person_file(user).await)
}

#[server(prefix = "/api", endpoint = "reset_second_factors")]
pub async fn reset_second_factors(user: UserId) -> Result<(), AppError> {
    with_status(super::service::reset_second_factors(user).await)
}

#[server(prefix = "/api", endpoint = "add_membership")]
pub async fn add_membership(
    user: UserId,
    team: String,
    role: String,
    fte: String,
) -> Result<(), AppError> {
    with_status(super::service::add_membership(user, team, role, fte).await)
}

#[server(prefix = "/api", endpoint = "change_membership")]
pub async fn change_membership(
    user: UserId,
    team: String,
    role: String,
    fte: String,
) -> Result<(), AppError> {
    with_status(super::service::change_membership(user, team, role, fte).await)
}

#[server(prefix = "/api", endpoint = "remove_membership")]
pub async fn remove_membership(user: UserId, team: TeamId) -> Result<(), AppError> {
    with_status(super::service::remove_membership(user, team).await)
}

#[server(prefix = "/api", endpoint = "move_membership")]
pub async fn move_membership(
    user: UserId,
    from: String,
    to: String,
    role: String,
) -> Result<(), AppError> {
    with_status(super::service::move_membership(user, from, to, role).await)
}
