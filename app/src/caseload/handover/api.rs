//! Server functions for handing over a leaving colleague's clients.

use leptos::prelude::*;

use super::views::HandoverPlan;
use crate::auth::model::{TeamId, UserId};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::error::with_status;
use crate::shared::ids::ClientId;

#[server(prefix = "/api", endpoint = "plan_handover")]
pub async fn plan_handover(team: TeamId, user: UserId) -> Result<HandoverPlan, AppError> {
    with_status(super::service::plan(team, user).await)
}

#[server(prefix = "/api", endpoint = "hand_over_client")]
pub async fn hand_over_client(
    team: TeamId,
    user: UserId,
    client: ClientId,
    to: String,
) -> Result<(), AppError> {
    with_status(super::service::hand_over_client(team, user, client, to).await)
}

#[server(prefix = "/api", endpoint = "hand_over_all")]
pub async fn hand_over_all(team: TeamId, user: UserId) -> Result<u32, AppError> {
    with_status(super::service::hand_over_all(team, user).await)
}
