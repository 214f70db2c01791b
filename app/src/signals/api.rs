//! Server functions for stuck signals and movement. Each authorises first. A signal's note
//! only ever travels in `my_signals`, which reads the signed-in author's own rows.
// Server functions take one argument per form field, so forms post to them as they are.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;

use super::model::SignalId;
use super::views::{MySignalsOverview, SignalChoices, TeamSignalsOverview};
use crate::auth::model::TeamId;
use crate::caseload::balance::model::ClientId;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::error::with_status;

#[server(prefix = "/api", endpoint = "signal_form_options")]
pub async fn signal_form_options(team: Option<TeamId>) -> Result<SignalChoices, AppError> {
    with_status(super::service::form_options(team).await)
}

#[server(prefix = "/api", endpoint = "log_signal")]
pub async fn log_signal(
    team: TeamId,
    client: String,
    intensity: String,
    kinds: String,
    strain: String,
    reaction: String,
    moral_dilemma: String,
    note: String,
    visibility: String,
) -> Result<SignalId, AppError> {
    let form = super::model::SignalForm {
        client,
        intensity,
        kinds,
        strain,
        reaction,
        moral_dilemma,
        note,
        visibility,
    };
    with_status(super::service::log_signal(team, form).await)
}

#[server(prefix = "/api", endpoint = "my_signals")]
pub async fn my_signals() -> Result<MySignalsOverview, AppError> {
    with_status(super::service::my_signals().await)
}

#[server(prefix = "/api", endpoint = "resolve_signal")]
pub async fn resolve_signal(signal: SignalId, helped: String) -> Result<(), AppError> {
    with_status(super::service::resolve_signal(signal, helped).await)
}

/// Erases one's own signal with its note.
#[server(prefix = "/api", endpoint = "delete_signal")]
pub async fn delete_signal(signal: SignalId) -> Result<(), AppError> {
    with_status(super::service::delete_signal(signal).await)
}

#[server(prefix = "/api", endpoint = "note_movement")]
pub async fn note_movement(client: ClientId, on: String) -> Result<(), AppError> {
    with_status(super::service::note_movement(client, on).await)
}

#[server(prefix = "/api", endpoint = "team_signals")]
pub async fn team_signals(team: TeamId) -> Result<TeamSignalsOverview, AppError> {
    with_status(super::service::team_signals(team).await)
}
