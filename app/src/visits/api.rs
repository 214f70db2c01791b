//! Server functions for Turen bij de Buren. Each authorises first: any member of a team acts
//! for that team; a team the reader's organisation may not see does not exist (404).

use super::model::{BookingId, OfferId};
use super::views::{Neighbour, OfferCard};
use crate::auth::model::TeamId;
use crate::error::AppError;
use crate::shared::ids::{RequestId, SlotId};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::error::with_status;

#[server(prefix = "/api", endpoint = "neighbours_directory")]
pub async fn neighbours_directory() -> Result<Vec<Neighbour>, AppError> {
    with_status(super::service::neighbours().await)
}

#[server(prefix = "/api", endpoint = "visit_offers")]
pub async fn visit_offers() -> Result<Vec<OfferCard>, AppError> {
    with_status(super::service::offers().await)
}

/// A host team publishes an offer with its first slot; `request` is the request it answers,
/// or empty.
#[allow(clippy::too_many_arguments)]
#[server(prefix = "/api", endpoint = "publish_offer")]
pub async fn publish_offer(
    team: TeamId,
    request: String,
    theme: String,
    what_to_see: String,
    location: String,
    language: String,
    date: String,
    time: String,
    minutes: String,
    capacity: String,
) -> Result<OfferId, AppError> {
    with_status(
        super::service::publish(
            team,
            request,
            [theme, what_to_see, location, language],
            [date, time, minutes, capacity],
        )
        .await,
    )
}

/// A visiting team books places on a slot; `visitors` are member ids, comma-separated.
#[server(prefix = "/api", endpoint = "book_visit")]
pub async fn book_visit(
    slot: SlotId,
    team: TeamId,
    visitors: String,
    question: String,
) -> Result<BookingId, AppError> {
    with_status(super::service::book(slot, team, visitors, question).await)
}

/// The host confirms (`confirm`) or declines (`decline`, with a reason).
#[server(prefix = "/api", endpoint = "decide_booking")]
pub async fn decide_booking(
    booking: BookingId,
    decision: String,
    reason: String,
) -> Result<(), AppError> {
    with_status(super::service::decide(booking, decision, reason).await)
}

/// Either side cancels, with a reason.
#[server(prefix = "/api", endpoint = "cancel_booking")]
pub async fn cancel_booking(booking: BookingId, reason: String) -> Result<(), AppError> {
    with_status(super::service::cancel(booking, reason).await)
}

/// A team asks to see how others handle something.
#[server(prefix = "/api", endpoint = "post_visit_request")]
pub async fn post_visit_request(team: TeamId, wish: String) -> Result<RequestId, AppError> {
    with_status(super::service::post_request(team, wish).await)
}

#[server(prefix = "/api", endpoint = "my_visits")]
pub async fn my_visits() -> Result<super::views::VisitsBoard, AppError> {
    with_status(super::service::board().await)
}

/// After the visit, one side writes what struck them and what they take away.
#[server(prefix = "/api", endpoint = "write_reflection")]
pub async fn write_reflection(
    booking: BookingId,
    struck: String,
    take_away: String,
    share_wider: Option<String>,
) -> Result<(), AppError> {
    with_status(super::service::reflect(booking, struck, take_away, share_wider.is_some()).await)
}

#[server(prefix = "/api", endpoint = "learning_library")]
pub async fn learning_library(
    query: String,
) -> Result<Vec<super::views::ReflectionCard>, AppError> {
    with_status(super::service::library(query).await)
}

/// The leader keeps the team's directory entry and its yearly target.
#[allow(clippy::too_many_arguments)]
#[server(prefix = "/api", endpoint = "save_visit_profile")]
pub async fn save_visit_profile(
    team: TeamId,
    accepts: Option<String>,
    region: String,
    shown_to_visitors: String,
    host_target: String,
    visit_target: String,
) -> Result<(), AppError> {
    with_status(
        super::service::save_profile(
            team,
            accepts.is_some(),
            region,
            shown_to_visitors,
            [host_target, visit_target],
        )
        .await,
    )
}
