//! Server functions for asking and offering help. Each authorises in the service first.

use leptos::prelude::*;

use super::model::HelpRequestId;
use super::views::{HelpOverview, HelpWaiting, SignalHelp};
use crate::error::AppError;
use crate::signals::model::SignalId;

#[cfg(feature = "ssr")]
use crate::error::with_status;

#[server(prefix = "/api", endpoint = "my_help")]
pub async fn my_help() -> Result<HelpOverview, AppError> {
    with_status(super::service::overview().await)
}

/// For the start page: answers waiting on me and the next agreed talk, without free times.
#[server(prefix = "/api", endpoint = "help_at_a_glance")]
pub async fn help_at_a_glance() -> Result<HelpWaiting, AppError> {
    with_status(super::service::waiting().await)
}

#[server(prefix = "/api", endpoint = "help_for_signal")]
pub async fn help_for_signal(signal: SignalId) -> Result<SignalHelp, AppError> {
    with_status(super::service::signal_help(signal).await)
}

/// "Vraag iemand om mee te kijken": one's own signal, a colleague, what to look at.
#[server(prefix = "/api", endpoint = "ask_colleague")]
pub async fn ask_colleague(
    signal: SignalId,
    helper: String,
    question: String,
) -> Result<HelpRequestId, AppError> {
    with_status(super::service::ask(signal, helper, question).await)
}

/// "Breng in bij intervisie": one's own signal onto the team's list of sessions to plan.
#[server(prefix = "/api", endpoint = "bring_to_intervision")]
pub async fn bring_to_intervision(
    signal: SignalId,
) -> Result<crate::limits::model::ProposalId, AppError> {
    with_status(super::service::bring_in(signal).await)
}

/// "Ik kijk graag mee": on a colleague's signal shared with the team.
#[server(prefix = "/api", endpoint = "offer_to_look_along")]
pub async fn offer_to_look_along(signal: SignalId) -> Result<HelpRequestId, AppError> {
    with_status(super::service::offer(signal).await)
}

/// `yes` or `no`; there is no reason to give.
#[server(prefix = "/api", endpoint = "answer_help")]
pub async fn answer_help(request: HelpRequestId, answer: String) -> Result<(), AppError> {
    with_status(super::service::answer(request, answer).await)
}

#[server(prefix = "/api", endpoint = "withdraw_help")]
pub async fn withdraw_help(request: HelpRequestId) -> Result<(), AppError> {
    with_status(super::service::withdraw(request).await)
}

/// The one-to-one's local date and time.
#[server(prefix = "/api", endpoint = "pick_help_time")]
pub async fn pick_help_time(
    request: HelpRequestId,
    date: String,
    time: String,
) -> Result<(), AppError> {
    with_status(super::service::pick_time(request, date, time).await)
}
