//! Server functions for a team's clients: the list, a client's file, observations, closing
//! and assigning. Each one authorises first, through the service.
// Server functions take one argument per form field, so forms post to them as they are.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;

use crate::auth::model::TeamId;
use crate::caseload::balance::model::ClientId;
use crate::caseload::views::*;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::error::with_status;

#[server(prefix = "/api", endpoint = "team_clients")]
pub async fn team_clients(team: TeamId) -> Result<ClientList, AppError> {
    with_status(super::service::team_clients(team).await)
}

#[server(prefix = "/api", endpoint = "create_client")]
pub async fn create_client(
    team: TeamId,
    code: String,
    weight: String,
    domains: String,
    start: String,
    primary: String,
    secondary: String,
    avoidance: String,
    note: String,
) -> Result<ClientId, AppError> {
    let form = crate::caseload::views::ClientForm {
        code,
        weight,
        domains,
        start,
        primary,
        secondary,
        avoidance,
        note,
    };
    with_status(super::service::create_client(team, form).await)
}

#[server(prefix = "/api", endpoint = "client_detail")]
pub async fn client_detail(client: ClientId) -> Result<ClientFile, AppError> {
    with_status(super::service::client_detail(client).await)
}

#[server(prefix = "/api", endpoint = "add_observation")]
pub async fn add_observation(
    client: ClientId,
    observed_on: String,
    level: String,
    perspective: String,
    note: String,
) -> Result<(), AppError> {
    with_status(
        super::service::add_observation(client, observed_on, level, perspective, note).await,
    )
}

#[server(prefix = "/api", endpoint = "update_client")]
pub async fn update_client(
    client: ClientId,
    weight: String,
    domains: String,
    note: String,
) -> Result<(), AppError> {
    with_status(super::service::update_client(client, weight, domains, note).await)
}

#[server(prefix = "/api", endpoint = "close_client")]
pub async fn close_client(client: ClientId) -> Result<(), AppError> {
    with_status(super::service::close_client(client).await)
}

#[server(prefix = "/api", endpoint = "assign_client")]
pub async fn assign_client(
    client: ClientId,
    primary: String,
    secondary: String,
) -> Result<(), AppError> {
    with_status(super::service::assign_client(client, primary, secondary).await)
}
