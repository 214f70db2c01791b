//! Server functions for a session's outcomes: insights and follow-up, actions, the presenter
//! resolving linked signals, anonymous evaluations, and marking the session done. Each
//! authorises through the session's reader check first.

use crate::error::AppError;
use crate::sessions::model::SessionId;
use crate::shared::ids::SignalId;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::error::with_status;

#[server(prefix = "/api", endpoint = "save_outcome")]
pub async fn save_outcome(
    session: SessionId,
    insights: String,
    follow_up_on: String,
) -> Result<(), AppError> {
    with_status(super::service::save_outcome(session, insights, follow_up_on).await)
}

#[server(prefix = "/api", endpoint = "add_action")]
pub async fn add_action(
    session: SessionId,
    owner: String,
    description: String,
    due_on: String,
) -> Result<i64, AppError> {
    with_status(super::service::add_action(session, owner, description, due_on).await)
}

/// Ticks an action off (or on again); its owner or the session's planner may.
#[server(prefix = "/api", endpoint = "tick_action")]
pub async fn tick_action(action: i64, done: bool) -> Result<(), AppError> {
    with_status(super::service::tick_action(action, done).await)
}

#[server(prefix = "/api", endpoint = "evaluate_session")]
pub async fn evaluate_session(
    session: SessionId,
    helped: String,
    felt_safe: String,
    word: String,
) -> Result<(), AppError> {
    with_status(super::service::evaluate(session, helped, felt_safe, word).await)
}

#[server(prefix = "/api", endpoint = "finish_session")]
pub async fn finish_session(session: SessionId) -> Result<(), AppError> {
    with_status(super::service::finish(session).await)
}

/// The presenter marks one of their own linked signals resolved, with what helped.
#[server(prefix = "/api", endpoint = "resolve_linked_signal")]
pub async fn resolve_linked_signal(
    session: SessionId,
    signal: SignalId,
    helped: String,
) -> Result<(), AppError> {
    with_status(super::service::resolve_linked(session, signal, helped).await)
}

/// My actions from sessions that are not done yet, for the home page.
#[server(prefix = "/api", endpoint = "my_open_actions")]
pub async fn my_open_actions() -> Result<Vec<crate::sessions::outcomes::model::ActionItem>, AppError>
{
    with_status(super::service::my_open_actions().await)
}

/// For each team I plan for: were its sessions followed by fewer stuck moments?
#[server(prefix = "/api", endpoint = "team_session_effects")]
pub async fn team_session_effects() -> Result<crate::sessions::views::TeamEffects, AppError> {
    with_status(super::service::team_session_effects().await)
}
