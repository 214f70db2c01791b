//! Server functions for the session runner. Everyone at the session may follow it; the
//! facilitator and the team's planners move it on. The state lives on the server.

use crate::error::AppError;
use crate::sessions::model::SessionId;
use crate::sessions::runner::model::RunState;
use crate::sessions::views::RunnerScreen;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::error::with_status;

#[server(prefix = "/api", endpoint = "run_board")]
pub async fn run_board(session: SessionId) -> Result<RunnerScreen, AppError> {
    with_status(super::service::board(session).await)
}

/// `start`, `next`, `previous` or `extend:<minutes>`.
#[server(prefix = "/api", endpoint = "control_run")]
pub async fn control_run(session: SessionId, command: String) -> Result<RunState, AppError> {
    with_status(super::service::control(session, command).await)
}

#[server(prefix = "/api", endpoint = "save_step_notes")]
pub async fn save_step_notes(
    session: SessionId,
    position: u32,
    notes: String,
) -> Result<(), AppError> {
    with_status(super::service::save_notes(session, position, notes).await)
}

/// The facilitator's controls as one plain form: the step's notes are saved first (so a note
/// typed just before "next" is kept), then `command` is carried out: `next`, `previous`,
/// `extend:<minutes>`, `save` (the notes only) or `finish`, which closes the session and sends
/// the reader to its page.
#[server(prefix = "/api", endpoint = "move_run")]
pub async fn move_run(
    session: SessionId,
    position: u32,
    notes: String,
    command: String,
) -> Result<(), AppError> {
    with_status(super::service::move_on(session, position, notes, command).await)
}
