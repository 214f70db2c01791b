//! Server functions for proposals and the limits editor. Each authorises first. A private
//! proposal is decided by its one person; a team proposal by the team's leader.

use super::views::{LimitInput, LimitsOverview, LimitsPreview, ProposalInbox};
use crate::auth::model::TeamId;
use crate::error::AppError;
use crate::shared::ids::ProposalId;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[cfg(feature = "ssr")]
use crate::error::with_status;

#[server(prefix = "/api", endpoint = "inbox")]
pub async fn inbox() -> Result<ProposalInbox, AppError> {
    with_status(super::service::inbox().await)
}

#[server(prefix = "/api", endpoint = "decide_proposal")]
pub async fn decide_proposal(
    proposal: ProposalId,
    decision: String,
    reason: String,
    until: String,
) -> Result<(), AppError> {
    with_status(super::service::decide(proposal, decision, reason, until).await)
}

#[server(prefix = "/api", endpoint = "limits_editor")]
pub async fn limits_editor(team: TeamId) -> Result<LimitsOverview, AppError> {
    with_status(super::service::limits_editor(team).await)
}

#[server(prefix = "/api", endpoint = "save_limits", input = Json)]
pub async fn save_limits(team: TeamId, rows: Vec<LimitInput>) -> Result<(), AppError> {
    with_status(super::service::save_limits(team, rows).await)
}

/// What the limits as typed would propose today, for the editor's preview; saves nothing.
/// Run here rather than in the browser, so the rules engine stays out of the wasm.
#[server(prefix = "/api", endpoint = "preview_limits", input = Json)]
pub async fn preview_limits(
    team: TeamId,
    rows: Vec<LimitInput>,
) -> Result<LimitsPreview, AppError> {
    with_status(super::service::preview_limits(team, rows).await)
}

/// Runs the rules for a team now, on demand; returns how many new proposals were made.
#[server(prefix = "/api", endpoint = "evaluate_team")]
pub async fn evaluate_team(team: TeamId) -> Result<usize, AppError> {
    with_status(super::service::evaluate_team(team).await)
}
